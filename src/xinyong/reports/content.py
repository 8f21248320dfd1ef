"""What a credit report says (R-QRY-4), as plain JSON-ready data built from the selectors.

The PDF is drawn from this structure and nothing else, and the register stores it as canonical
JSON: the verification page shows the same data the paper must show.

- **公开版 (public)**: exactly what the public profile shows on the as-of date — the publication
  selector's records (``public_profile``) with their fields as ``public_record`` gives them, and
  ``public_basic_info``. It can never show more than the public page.
- **完整版 (full)**: everything recorded about the association that is not a draft, published or
  not, with the reason an item is not public. It is built from the same ``public_record`` /
  ``public_basic_info`` and only adds, for a confidential field, the words that it is withheld:
  a printed report leaves the system's access control, so confidential values (R-SEC-1) and
  personal data (R-SEC-2) are never printed in either version.

Values are rendered in zh-Hans, whatever the requester's language: the report is a document.
Records are taken as they are recorded at issue; the as-of date decides which were public (or, in
the full version, recorded) on that day.
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xinyong.disclosure.selectors import (
    PublicRecord,
    public_basic_info,
    public_profile,
    public_record,
    redact_personal_data,
)
from xinyong.measures.selectors import measures_on
from xinyong.objections.selectors import under_objection
from xinyong.records.choices import Category, RecordStatus
from xinyong.records.kinds import spec_for
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.publication import PUBLIC_CATEGORIES
from xinyong.records.views.status import publication_notes
from xinyong.registry.choices import Confidentiality
from xinyong.registry.models import MASKABLE_FIELDS, Association

from .choices import ReportVersion

FORMAT = 1
REPORT_LANGUAGE = "zh-hans"
# Basic information in the order of the public page (public_basic_info), withheld fields included.
BASIC_ORDER = ("name", "uscc", "registration_type", "authority", "founded_on", "status", *MASKABLE_FIELDS)


def build_content(
    association: Association, *, version: str, as_of: date, requested_by: str | None = None
) -> dict[str, Any]:
    """The report's content for ``association`` on ``as_of`` (the issue data is added at issue)."""
    with translation.override(REPORT_LANGUAGE):
        full = version == ReportVersion.FULL
        under = under_objection(association.pk) if as_of == timezone.localdate() else None
        items = _full_items(association, as_of, under) if full else _public_items(association, as_of, under)
        sections = []
        for category in PUBLIC_CATEGORIES:
            sections.append(
                {
                    "key": str(category),
                    "title": str(Category(category).label),
                    "items": items[category],
                    "empty": _("暂无公示的%(category)s。") % {"category": Category(category).label}
                    if not full
                    else _("没有%(category)s记录。") % {"category": Category(category).label},
                }
            )
        return {
            "format": FORMAT,
            "version": str(version),
            "version_label": str(ReportVersion(version).label),
            "as_of": as_of.isoformat(),
            "as_of_display": show(as_of),
            "association": {"name": association.name, "uscc": association.uscc},
            "basic": _basic(association, full=full, under=under),
            "sections": sections,
            "measures": _measures_section(association, as_of) if full else None,
            "requested_by": requested_by if full else None,
        }


def show(value: Any) -> str:
    """A value as the report prints it (zh-Hans dates, plain numbers, "—" for nothing)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def withheld(mark: str) -> str:
    """What is printed instead of a confidential value (R-SEC-1)."""
    label = dict(Confidentiality.choices).get(mark) or _("保密信息")
    return _("（涉密/保密信息：%(mark)s，不予载明）") % {"mark": label}


# --- basic information --------------------------------------------------------------------------


def _label(name: str) -> str:
    return str(Association._meta.get_field(name).verbose_name)


def _basic(association: Association, *, full: bool, under) -> dict[str, Any]:
    info = public_basic_info(association)
    rows = []
    for name in BASIC_ORDER:
        if name == "branches":
            continue
        if name in info:
            value = show(info[name])
        elif full:
            value = withheld(association.confidential_fields.get(name, ""))
        else:
            continue  # the public page leaves a confidential field out
        row = {"label": _label(name), "value": value}
        if under and name in under.basic_fields:
            row["note"] = _objection_note(under.basic_fields[name])
        rows.append(row)
    branches: dict[str, Any] | None = None
    if "branches" in info:
        branches = {
            "label": _label("branches"),
            "rows": [{k: show(b.get(k, "")) for k in ("name", "address", "head")} for b in info["branches"]],
        }
    elif full:
        branches = {
            "label": _label("branches"),
            "rows": [],
            "withheld": withheld(association.confidential_fields.get("branches", "")),
        }
    return {
        "rows": rows,
        "branches": branches,
        "basis": _("依据：%(authority)s（登记管理机关）的登记信息")
        % {"authority": redact_personal_data(association.authority.name)},
    }


def _objection_note(due: date) -> str:
    return _("异议核实中：协会认为该信息与事实不符，登记管理机关正在核实，应于%(due)s前答复。") % {
        "due": show(due)
    }


# --- credit records -----------------------------------------------------------------------------


def _end_of(on: date) -> datetime:
    """The last moment of ``on`` in Beijing time: records entered later were not there that day."""
    return timezone.make_aware(datetime.combine(on, datetime.max.time()))


def _public_items(association: Association, on: date, under) -> dict[str, list]:
    profile = public_profile(association, on=on)
    end = _end_of(on)
    chosen = {c: [i for i in items if i.record.recorded_at <= end] for c, items in profile.items()}
    evidence = _evidence([i.record.pk for items in chosen.values() for i in items])
    return {
        category: [_item(i, evidence, full=False, notes=_notes(i.record, under)) for i in items]
        for category, items in chosen.items()
    }


def _full_items(association: Association, on: date, under) -> dict[str, list]:
    records = list(
        CreditRecord.objects.filter(association=association, recorded_at__lte=_end_of(on))
        .exclude(status=RecordStatus.DRAFT)
        .select_related("recorded_by", "association")
        .order_by("kind", "-event_date", "-id")
    )
    publication = publication_notes(records, on=on)
    evidence = _evidence([r.pk for r in records if not r.confidentiality])
    items: dict[str, list] = {c: [] for c in PUBLIC_CATEGORIES}
    for record in records:
        note = publication[record.pk]
        notes = _notes(record, under)
        if not note.public:
            notes.insert(0, _("不公示的原因：%(reasons)s") % {"reasons": "、".join(note.reasons)})
        item = _item(public_record(record), evidence, full=True, notes=notes)
        item["status"] = str(record.get_status_display())
        item["public"] = note.public
        items[record.category].append(item)
    return items


def _notes(record: CreditRecord, under) -> list[str]:
    if under and record.pk in under.records:
        return [_objection_note(under.records[record.pk])]
    return []


def _item(item: PublicRecord, evidence: dict[int, list], *, full: bool, notes: list[str]) -> dict[str, Any]:
    record = item.record
    data: dict[str, Any] = {
        "kind": str(record.get_kind_display()),
        "status": str(RecordStatus.RECORDED.label),
        "public": True,
        "notes": notes,
    }
    if full and record.confidentiality:
        # A whole record marked confidential: nothing of its content, not even its evidence.
        data.update(
            fields=[{"label": _("内容"), "value": withheld(record.confidentiality)}],
            published_until=None,
            evidence=[],
            withheld=True,
        )
        return data
    shown = {f.column: f for f in item.fields}
    fields = []
    for spec in spec_for(record.kind).fields:
        if spec.column == "long_term":
            continue
        if spec.column in shown:
            fields.append({"label": str(spec.label), "value": show(shown[spec.column].value)})
        elif full and spec.column in record.confidential_fields:
            fields.append(
                {"label": str(spec.label), "value": withheld(record.confidential_fields[spec.column])}
            )
    fields += [
        {"label": str(f.label), "value": show(f.value)} for f in item.fields if f.column == "recorded_by"
    ]
    if full and record.category != Category.DISHONESTY:
        fields.append({"label": _("记录机关"), "value": record.recorded_by.name})
    until = None
    if not item.last_public_day_withheld:
        until = show(item.last_public_day) if item.last_public_day else _("长期")
    data.update(fields=fields, published_until=until, evidence=evidence.get(record.pk, []))
    return data


def _evidence(record_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """The basis of each record: its non-revoked evidence's number, issuer and date — never the
    file or its name (R-EVD-2)."""
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    rows = Evidence.objects.filter(record_id__in=record_ids, revoked=False).order_by("issued_on", "id")
    for e in rows:
        found[e.record_id].append(
            {
                "document_number": redact_personal_data(e.document_number),
                "issuer": redact_personal_data(e.issuer),
                "issued_on": show(e.issued_on),
            }
        )
    return dict(found)


# --- incentive and penalty measures (full version only) -----------------------------------------


def _measures_section(association: Association, on: date) -> dict[str, Any]:
    items = []
    for m in measures_on(association, on=on):
        basis = []
        for record in m.basis_records.all().order_by("event_date", "id"):
            if record.confidentiality or "event_date" in record.confidential_fields:
                basis.append(str(record.get_kind_display()))
            else:
                basis.append(f"{record.get_kind_display()}（{show(record.event_date)}）")
        items.append(
            {
                "name": redact_personal_data(str(m.kind.name)),
                "direction": str(m.kind.get_direction_display()),
                "period": _("%(start)s 至 %(end)s")
                % {"start": show(m.start_on), "end": show(m.end_on) if m.end_on else _("长期")},
                "decision_number": redact_personal_data(m.decision_number or "") or "—",
                "applied_by": redact_personal_data(m.applied_by_name or "") or "—",
                "basis": "；".join(basis) or "—",
            }
        )
    return {"title": _("激励惩戒措施"), "items": items, "empty": _("截至该日没有正在实施的激励惩戒措施。")}
