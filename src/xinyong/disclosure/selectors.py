"""What the public may see (R-RET-*, R-SEC-*). Every public surface reads through this module.

Publication is a pure function of the stored record and the date (R-RET-6): nothing is scheduled,
and a record drops out of every public answer on the day after its last public day.
"""

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Personal numbers in free text are never public (R-SEC-2), however they are written. The rule is
# ``xinyong.personal``, so that the entry forms and the import can warn with the same one.
from xinyong.personal import redact_personal_data
from xinyong.records.choices import Category
from xinyong.records.kinds import DATA_COLUMNS, KINDS, FieldSpec
from xinyong.records.models import CreditRecord
from xinyong.records.publication import PUBLIC_CATEGORIES, last_public_day, published_records
from xinyong.registry.models import MASKABLE_FIELDS, Association

# --- what of a published object may be shown -------------------------------------------------


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
    words = _words(get_language())
    fields = [
        PublicField(spec.column, spec.label, value)
        for spec, value in _shown_fields(
            words, record.kind, record.confidential_fields, record.long_term, record.__getattribute__
        )
    ]
    if record.category == Category.DISHONESTY:
        fields.append(PublicField("recorded_by", words.recorded_by, record.recorded_by.name))
    last, withheld = _publication_end(
        record.category, record.event_date, record.valid_until, record.long_term, record.confidential_fields
    )
    return PublicRecord(record, tuple(fields), last, withheld)


def public_record_data(item: PublicRecord) -> dict[str, Any]:
    """A published record as plain JSON-ready data, for the API, open data and the change feed:
    exactly the fields the public page shows, keyed by column, values as displayed (choice labels
    in the active language, dates in ISO form)."""
    record = item.record
    fields = {f.column: _plain(f.value) for f in item.fields}
    return _record_data(
        record.pk,
        record.association.uscc,
        record.category,
        record.kind,
        fields,
        item.last_public_day,
        item.last_public_day_withheld,
    )


# What ``public_record`` and ``public_record_data`` read, as ``public_record_rows`` reads it
# (confidential_fields too, as text).
PUBLIC_RECORD_COLUMNS = (
    "id",
    "association__uscc",
    "category",
    "kind",
    *DATA_COLUMNS,
    "recorded_by__name",
)


def public_record_rows(
    records: QuerySet[CreditRecord], *, chunk_size: int = 2000
) -> Iterator[dict[str, Any]]:
    """``public_record_data(public_record(record))`` for each of ``records``, in their order, read as
    plain rows instead of model instances (the open-data export reads every published record).
    ``records`` must already be published ones (``published_records``): this leaves out
    confidential fields, not confidential records."""
    words = _words(get_language())
    # Read as text: most records have no confidential field, and "{}" needs no JSON decoder.
    as_text = Cast("confidential_fields", TextField())
    ends: dict[tuple, tuple[date | None, bool]] = {}
    for row in records.values(*PUBLIC_RECORD_COLUMNS, confidential_text=as_text).iterator(
        chunk_size=chunk_size
    ):
        text, long_term, category = row["confidential_text"], row["long_term"], row["category"]
        confidential = {} if text == "{}" else json.loads(text)
        fields = {
            spec.column: _plain(value)
            for spec, value in _shown_fields(words, row["kind"], confidential, long_term, row.__getitem__)
        }
        if category == Category.DISHONESTY:
            fields["recorded_by"] = row["recorded_by__name"]
        dates = (category, row["event_date"], row["valid_until"], long_term)
        if confidential:
            last, withheld = _publication_end(*dates, confidential)
        else:  # records share dates: computed once per distinct dates
            if (end := ends.get(dates)) is None:
                end = ends[dates] = _publication_end(*dates, confidential)
            last, withheld = end
        yield _record_data(row["id"], row["association__uscc"], category, row["kind"], fields, last, withheld)


@dataclass(frozen=True)
class _Words:
    """What the public form says in one language: choice labels by column, 长期, 记录机关."""

    kinds: dict[str, tuple[tuple[FieldSpec, dict[Any, str] | None], ...]]  # without long_term
    long_term: str
    recorded_by: str
    registration_type: dict[Any, str]
    status: dict[Any, str]


@lru_cache(maxsize=16)
def _words(language: str | None) -> _Words:
    """Computed once per language: a bulk reader applies them to hundreds of thousands of rows."""

    def labels(model, column: str) -> dict[Any, str] | None:
        field = model._meta.get_field(column)
        # What get_<column>_display() gives: the label in the active language.
        return {value: str(label) for value, label in field.flatchoices} if field.choices else None

    return _Words(
        kinds={
            kind: tuple((f, labels(CreditRecord, f.column)) for f in spec.fields if f.column != "long_term")
            for kind, spec in KINDS.items()
        },
        long_term=_("长期"),
        # 记录机关 is one of the seed's fields of 失信信息 (R-INF-8); it is the recording authority.
        recorded_by=_("记录机关"),
        registration_type=labels(Association, "registration_type"),
        status=labels(Association, "status"),
    )


def _shown_fields(
    words: _Words,
    kind: str,
    confidential_fields: Mapping[str, str],
    long_term: bool,
    value_of: Callable[[str], Any],
) -> list[tuple[FieldSpec, Any]]:
    """The rule of what of a published record's data is public (R-SEC-1, R-SEC-2): every field of
    its kind except those marked confidential, choice values as their labels, personal data in
    text redacted; ``valid_until`` reads 长期 for a long-term honour."""
    shown = []
    for spec, choices in words.kinds[kind]:
        column = spec.column
        if column in confidential_fields:
            continue
        value = value_of(column)
        if choices is not None and value:
            value = choices.get(value, value)
        if isinstance(value, str):
            value = redact_personal_data(value)
        if column == "valid_until" and long_term:
            value = words.long_term
        shown.append((spec, value))
    return shown


def _publication_end(
    category: str,
    event_date: date,
    valid_until: date | None,
    long_term: bool,
    confidential_fields: Mapping[str, str],
) -> tuple[date | None, bool]:
    """(last public day or None, withheld): the end of publication is computed from the dates, so
    it would reveal a confidential date."""
    if "event_date" in confidential_fields or "valid_until" in confidential_fields:
        return None, True
    return last_public_day(
        category=category, event_date=event_date, valid_until=valid_until, long_term=long_term
    ), False


def _record_data(pk, uscc, category, kind, fields, last: date | None, withheld: bool) -> dict[str, Any]:
    return {
        "id": pk,
        "association": uscc,
        "category": category,
        "kind": kind,
        "fields": fields,
        "published_until": last.isoformat() if last else None,
        "published_until_withheld": withheld,
    }


def public_basic_data(association: Association) -> dict[str, Any]:
    """``public_basic_info`` as plain JSON-ready data."""
    return {key: _plain(value) for key, value in public_basic_info(association).items()}


_JSON_AS_IS = frozenset((str, int, bool, float, type(None)))


def _plain(value: Any) -> Any:
    if type(value) in _JSON_AS_IS:  # most values: checked first
        return value
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
    return _basic_info(_words(get_language()), association.__getattribute__, association.authority.name)


# The columns ``public_basic_rows`` reads: those ``public_basic_info`` reads.
PUBLIC_BASIC_COLUMNS = (
    "name",
    "uscc",
    "registration_type",
    "founded_on",
    "status",
    "confidential_fields",
    *MASKABLE_FIELDS,
    "authority__name",
)


def public_basic_rows(
    associations: QuerySet[Association], *, chunk_size: int = 2000
) -> Iterator[dict[str, Any]]:
    """``public_basic_data(association)`` for each of ``associations``, in their order, read as
    plain rows instead of model instances (the open-data export reads every association)."""
    words = _words(get_language())
    for row in associations.values(*PUBLIC_BASIC_COLUMNS).iterator(chunk_size=chunk_size):
        yield {
            key: _plain(value)
            for key, value in _basic_info(words, row.__getitem__, row["authority__name"]).items()
        }


def _basic_info(words: _Words, value_of: Callable[[str], Any], authority: str) -> dict[str, Any]:
    """The rule of what of an association's basic information is public (R-SEC-1, R-SEC-2)."""
    registration_type, status = value_of("registration_type"), value_of("status")
    info: dict[str, Any] = {
        "name": value_of("name"),
        "uscc": value_of("uscc"),
        "registration_type": words.registration_type.get(registration_type, registration_type),
        "authority": authority,
        "founded_on": value_of("founded_on"),
        "status": words.status.get(status, status),
    }
    confidential = value_of("confidential_fields")
    for field in MASKABLE_FIELDS:
        if field in confidential:
            continue
        value = value_of(field)
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
