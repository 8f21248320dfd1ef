"""What the API answers, built only from the publication selector (R-QRY-1, R-QRY-2, R-SEC-1/2).

The public API and the department API return the same representation of an association: what
the public profile page shows on the day (``disclosure.selectors``), with the same "异议核实中"
label (``objections.selectors.under_objection``). Nothing here reads records around the selector,
so confidential content, drafts, revoked and expired records can never appear.
"""

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xinyong.disclosure.selectors import PublicRecord, public_basic_data, public_profile, public_record_data
from xinyong.objections.selectors import under_objection
from xinyong.records.choices import Category, Kind
from xinyong.records.publication import PUBLIC_CATEGORIES, published_counts
from xinyong.registry.models import Association


def objection_label(due: date | None) -> dict[str, Any] | None:
    """The public label of an item under an open objection, as on the profile page."""
    if due is None:
        return None
    return {
        "label": _("异议核实中"),
        "due_on": due.isoformat(),
        "explanation": _(
            "该协会认为这项信息与实际不符，已提出异议；登记管理机关正在核实，应于 %(due)s 前答复。"
            "核实期间，信息按原记录公示。"
        )
        % {"due": date_text(due)},
    }


def date_text(day: date) -> str:
    return date_format(day)  # as the page's ``|date`` filter writes it


def association_summaries(associations: list[Association], *, on: date) -> list[dict[str, Any]]:
    """Search results: the always-public identity of each association and how many records of each
    category are published (the counts of the search page)."""
    counts = published_counts(association_ids=[a.pk for a in associations], on=on)
    return [
        {
            "uscc": a.uscc,
            "name": a.name,
            "registration_type": a.registration_type,
            "registration_type_display": a.get_registration_type_display(),
            "authority": a.authority.name,
            "status": a.status,
            "status_display": a.get_status_display(),
            "published_counts": {c: counts[a.pk][c] for c in PUBLIC_CATEGORIES},
        }
        for a in associations
    ]


def record_data(item: PublicRecord, under: dict[int, date]) -> dict[str, Any]:
    data = public_record_data(item)
    data["category_display"] = str(Category(item.record.category).label)
    data["kind_display"] = str(Kind(item.record.kind).label)
    data["field_labels"] = {f.column: str(f.label) for f in item.fields}
    data["objection"] = objection_label(under.get(item.record.pk))
    return data


def association_profile(association: Association, *, on: date | None = None) -> dict[str, Any]:
    """The public profile of one association on ``on`` (default: today), as data."""
    on = on or timezone.localdate()
    records = public_profile(association, on=on)
    under = under_objection(association.pk)
    basic = public_basic_data(association)
    for items in records.values():
        for item in items:
            item.record.association = association  # one query, not one per record
    return {
        "uscc": association.uscc,
        "basic": basic,
        # Only fields that are shown: a confidential field's objection is not public either.
        "basic_objections": {
            field: objection_label(due) for field, due in under.basic_fields.items() if field in basic
        },
        "records": {
            category: [record_data(item, under.records) for item in records[category]]
            for category in PUBLIC_CATEGORIES
        },
        "data_as_of": timezone.localtime().isoformat(),
    }


def returned_record_ids(profile: dict[str, Any]) -> list[int]:
    return [r["id"] for items in profile["records"].values() for r in items]
