"""What the public may see (R-RET-*, R-SEC-*). Every public surface reads through this module.

Publication is a pure function of the stored record and the date (R-RET-6): nothing is scheduled,
and a record drops out of every public answer on the day after its last public day.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from xinyong.records.choices import Category, RecordStatus
from xinyong.records.kinds import spec_for
from xinyong.records.models import CreditRecord, Evidence
from xinyong.registry.models import MASKABLE_FIELDS, Association

from .retention import earliest_event_date, last_public_day

PUBLIC_CATEGORIES = (Category.PERFORMANCE, Category.HONOUR, Category.DISHONESTY)


def window_q(*, on: date) -> Q:
    """The retention windows of R-RET-2..4 as one database condition."""
    return Q(event_date__lte=on) & (
        Q(
            category=Category.PERFORMANCE,
            event_date__gte=earliest_event_date(category=Category.PERFORMANCE, on=on),
        )
        | Q(
            category=Category.DISHONESTY,
            event_date__gte=earliest_event_date(category=Category.DISHONESTY, on=on),
        )
        | Q(category=Category.HONOUR, long_term=True)
        | Q(category=Category.HONOUR, valid_until__gte=on)
    )


def published_records(*, on: date) -> QuerySet[CreditRecord]:
    """Records public on ``on``: recorded (not draft or revoked), with evidence, not confidential,
    inside their retention window."""
    has_evidence = Exists(Evidence.objects.filter(record=OuterRef("pk"), revoked=False))
    return CreditRecord.objects.filter(
        window_q(on=on), has_evidence, status=RecordStatus.RECORDED, confidentiality=""
    )


def published_counts(*, association_ids: list[int], on: date) -> dict[int, dict[str, int]]:
    """{association id: {category: number of published records}} for result lists."""
    counts: dict[int, dict[str, int]] = {pk: dict.fromkeys(PUBLIC_CATEGORIES, 0) for pk in association_ids}
    rows = (
        published_records(on=on)
        .filter(association_id__in=association_ids)
        .values("association_id", "category")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["association_id"]][row["category"]] = row["n"]
    return counts


# --- what of a published object may be shown -------------------------------------------------

# Resident identity numbers (18 and old 15 digits) and mainland mobile numbers: personal data
# that is never public (R-SEC-2), even when typed into a free-text field of a public record.
# Written as people write them: with +86, spaces or dashes, in full-width digits.
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_PERSONAL = re.compile(
    "|".join(
        (
            rf"(?<!\d)[1-9]\d{{5}}[ -]?(?:18|19|20)\d{{2}}{_DATE}[ -]?\d{{3}}[0-9Xx](?![0-9A-Za-z])",
            rf"(?<!\d)[1-9]\d{{5}}\d{{2}}{_DATE}\d{{3}}(?!\d)",
            r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)",
        )
    )
)
# One character for one character, so positions found in the folded copy hold in the original.
_FOLD = str.maketrans({**{chr(0xFF10 + n): str(n) for n in range(10)}, "＋": "+", "－": "-", "\u3000": " "})
REDACTED = "＊＊＊"


def redact_personal_data(text: str) -> str:
    folded = text.translate(_FOLD)
    out, last = [], 0
    for match in _PERSONAL.finditer(folded):
        out += [text[last : match.start()], REDACTED]
        last = match.end()
    return "".join([*out, text[last:]])


@dataclass(frozen=True)
class PublicField:
    column: str
    label: Any
    value: Any


@dataclass(frozen=True)
class PublicRecord:
    record: CreditRecord
    fields: tuple[PublicField, ...]
    # None: no end (长期), or withheld because it would reveal a confidential date.
    last_public_day: date | None
    last_public_day_withheld: bool


def public_record(record: CreditRecord) -> PublicRecord:
    """A published record with its confidential fields left out and personal data redacted."""
    spec = spec_for(record.kind)
    fields = []
    for field_spec in spec.fields:
        if field_spec.column in record.confidential_fields or field_spec.column == "long_term":
            continue
        value = getattr(record, field_spec.column)
        display = getattr(record, f"get_{field_spec.column}_display", None)
        if display and value:
            value = display()
        if isinstance(value, str):
            value = redact_personal_data(value)
        if field_spec.column == "valid_until" and record.long_term:
            value = _("长期")
        fields.append(PublicField(field_spec.column, field_spec.label, value))
    if record.category == Category.DISHONESTY:
        # 记录机关 is one of the seed's fields of 失信信息 (R-INF-8); it is the recording authority.
        fields.append(PublicField("recorded_by", _("记录机关"), record.recorded_by.name))
    # The end of publication is computed from the dates, so it would reveal a confidential date.
    withheld = bool({"event_date", "valid_until"} & set(record.confidential_fields))
    last = None
    if not withheld:
        last = last_public_day(
            category=record.category,
            event_date=record.event_date,
            valid_until=record.valid_until,
            long_term=record.long_term,
        )
    return PublicRecord(record, tuple(fields), last, withheld)


def public_record_data(item: PublicRecord) -> dict[str, Any]:
    """A published record as plain JSON-ready data, for the API, open data and the change feed:
    exactly the fields the public page shows, keyed by column, values as displayed (choice labels
    in the active language, dates in ISO form)."""
    record = item.record
    return {
        "id": record.pk,
        "association": record.association.uscc,
        "category": record.category,
        "kind": record.kind,
        "fields": {f.column: _plain(f.value) for f in item.fields},
        "published_until": item.last_public_day.isoformat() if item.last_public_day else None,
        "published_until_withheld": item.last_public_day_withheld,
    }


def public_basic_data(association: Association) -> dict[str, Any]:
    """``public_basic_info`` as plain JSON-ready data."""
    return {key: _plain(value) for key, value in public_basic_info(association).items()}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # lazy translations


def public_basic_info(association: Association) -> dict[str, Any]:
    """Basic information (permanent, R-RET-1) without the fields marked confidential (R-SEC-1)."""
    info: dict[str, Any] = {
        "name": association.name,
        "uscc": association.uscc,
        "registration_type": association.get_registration_type_display(),
        "authority": association.authority.name,
        "founded_on": association.founded_on,
        "status": association.get_status_display(),
    }
    for field in MASKABLE_FIELDS:
        if field in association.confidential_fields:
            continue
        value = getattr(association, field)
        if field == "branches":
            value = [{k: redact_personal_data(v) for k, v in b.items()} for b in value]
        elif isinstance(value, str):
            value = redact_personal_data(value)
        info[field] = value
    return info


def public_profile(association: Association, *, on: date) -> dict[str, list[PublicRecord]]:
    """{category: [published records]} of one association on ``on``."""
    profile: dict[str, list[PublicRecord]] = {c: [] for c in PUBLIC_CATEGORIES}
    for record in (
        published_records(on=on)
        .filter(association=association)
        .select_related("recorded_by")
        .order_by("kind", "-event_date", "-id")
    ):
        profile[record.category].append(public_record(record))
    return profile
