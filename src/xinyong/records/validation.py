"""Validation of a record's data against its kind (R-INF-2..8), and the date rules of a record and
its evidence, shared by the forms, the services and the bulk import (``exchange``).

Each date rule is one function raising its own error type, a ``ValidationError`` without a field:
each caller names the field (a form field, a service field, an import column) itself.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import TextField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xinyong.dates import EARLIEST
from xinyong.registry.choices import Confidentiality
from xinyong.text import clean_text

from .kinds import DATA_COLUMNS, spec_for
from .models import CreditRecord

_EMPTY = (None, "")


def clean_record_data(
    *, kind: str, data: dict[str, Any], today: date, founded_on: date | None = None
) -> dict[str, Any]:
    """Return every data column, typed, with the columns the kind does not use reset to empty.

    Event dates lie between the association's 成立登记日期 (or 1949-10-01) and today.
    Raises ValidationError with a message per field; all problems are reported at once.
    """
    spec = spec_for(kind)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    unknown = set(data) - set(DATA_COLUMNS)
    if unknown:
        raise ValidationError(_("未知字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    for column in DATA_COLUMNS:
        field = CreditRecord._meta.get_field(column)
        if column not in spec.columns:
            cleaned[column] = field.get_default()
            continue
        raw = data.get(column)
        if isinstance(raw, str):
            raw = clean_text(raw, multiline=isinstance(field, TextField))
        try:
            value = field.to_python(raw) if raw not in _EMPTY else field.get_default()
            if value not in _EMPTY and field.choices:
                field.validate(value, None)
        except ValidationError as exc:
            errors.setdefault(column, []).extend(exc.messages)
            continue
        cleaned[column] = value
        is_empty = value in _EMPTY or value is False
        if is_empty and _required(spec, column, data):
            errors.setdefault(column, []).append(_("“%(label)s”为必填项。") % {"label": spec.label(column)})
    if not errors:
        _check_dates(kind, cleaned, today, founded_on or EARLIEST, errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


class EvidenceDateError(ValidationError):
    """An evidence's 出具日期 is after today or before 1949-10-01."""


class RecordedAtError(ValidationError):
    """A record's 记录时间 is before its event date or in the future."""


def check_evidence_issued_on(issued_on: date, *, today: date) -> None:
    """Evidence is issued on a day between 1949-10-01 and today (R-EVD-1)."""
    if issued_on > today:
        raise EvidenceDateError(_("出具日期不能晚于今天。"))
    if issued_on < EARLIEST:
        raise EvidenceDateError(_("出具日期不能早于1949年10月1日。"))


def check_recorded_at(recorded_at: datetime, *, event_date: date, now: datetime) -> None:
    """A record is recorded (R-REC-1) after its event, in Beijing days, and not in the future."""
    if recorded_at > now or timezone.localdate(recorded_at) < event_date:
        raise RecordedAtError(_("记录时间应在事件日期之后、当前时间之前。"))


def clean_confidential_fields(*, kind: str, marks: dict[str, str] | None) -> dict[str, str]:
    marks = {k: v for k, v in (marks or {}).items() if v}
    spec = spec_for(kind)
    for column, mark in marks.items():
        if column not in spec.columns or column == "long_term":
            raise ValidationError(_("字段“%(field)s”不属于该类信息，不能标记保密。") % {"field": column})
        if mark not in Confidentiality.values:
            raise ValidationError(_("保密标记“%(mark)s”无效。") % {"mark": mark})
    return marks


def _required(spec, column: str, data: dict[str, Any]) -> bool:
    field_spec = next(f for f in spec.fields if f.column == column)
    if column == "valid_until" and "long_term" in spec.columns:
        return not data.get("long_term")
    return field_spec.required


def _check_dates(
    kind: str, cleaned: dict[str, Any], today: date, not_before: date, errors: dict[str, list[str]]
) -> None:
    spec = spec_for(kind)
    event_date = cleaned["event_date"]
    if event_date > today:
        errors.setdefault("event_date", []).append(
            _("“%(label)s”不能晚于今天。") % {"label": spec.label("event_date")}
        )
    not_before = max(not_before, EARLIEST)
    if event_date < not_before:
        errors.setdefault("event_date", []).append(
            _("“%(label)s”不能早于%(day)s（协会成立登记日期或1949年10月1日）。")
            % {
                "label": spec.label("event_date"),
                "day": date_format(not_before),
            }
        )
    valid_until = cleaned["valid_until"]
    if valid_until is not None and valid_until < event_date:
        errors.setdefault("valid_until", []).append(
            _("有效期不能早于“%(label)s”。") % {"label": spec.label("event_date")}
        )
    if cleaned["long_term"] and valid_until is not None:
        errors.setdefault("valid_until", []).append(_("选择“长期有效”时不填写有效期截止日期。"))
    year = cleaned["inspection_year"]
    if year is not None and not (1949 <= year <= event_date.year):
        errors.setdefault("inspection_year", []).append(_("年检年度应在1949年至年检时间所在年度之间。"))
