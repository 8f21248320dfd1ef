"""Entering a year's official working-day calendar (R-OBJ-3). authorise → validate → change → history.

The calendar decides every objection's due date, so only administrators enter it, the whole input
is checked before anything is written, and each entry is in the history chain with the complete
calendar before and after.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.models import User
from xinyong.dates import EARLIEST
from xinyong.errors import NotAllowed
from xinyong.history.services import history_append, require_reason
from xinyong.text import clean_text
from xinyong.workdays.history_types import Action, ObjectType

from . import selectors
from .models import CalendarDay, CalendarYear, day_problem
from .parsing import DayInput, parse_date, parse_kind
from .permissions import can_enter_calendar
from .signals import calendar_entered
from .snapshots import calendar_snapshot

LATEST_YEAR = 2100
MAX_LISTED_ERRORS = 20
_NAME_MAX = CalendarDay._meta.get_field("name").max_length
_SOURCE_MAX = CalendarYear._meta.get_field("source_note").max_length


def calendar_enter(
    *, actor: User, year: int, days: Iterable[DayInput], source_note: str, reason: str
) -> CalendarYear:
    """Enter (or replace) the official calendar of ``year``: its 放假 days and 调休上班 days (R-OBJ-3).

    Only administrators may. Every line is checked before anything is written: dates in ``year``,
    调休上班 only on a Saturday or Sunday, no date twice, at least one day; errors name the line (or
    the date). Entering a year again replaces all its days; the history keeps both versions. Then
    ``signals.calendar_entered`` is sent with ``year`` inside the same transaction, so provisional
    deadlines can be recomputed atomically with the calendar they depend on.
    """
    try:
        return _enter(actor=actor, year=year, days=list(days), source_note=source_note, reason=reason)
    finally:
        # Also after a rollback: the cache may hold what the failed transaction had written.
        selectors.invalidate()


@transaction.atomic(durable=True)
def _enter(*, actor: User, year: int, days: list[DayInput], source_note: str, reason: str) -> CalendarYear:
    if not can_enter_calendar(actor):
        raise NotAllowed(_("只有系统管理员可以录入工作日历。"))
    cleaned = _validate(year=year, days=days, source_note=source_note, reason=reason)
    source_note = clean_text(source_note, multiline=True)
    calendar = CalendarYear.objects.select_for_update(no_key=True).filter(year=year).first()
    before = calendar_snapshot(calendar) if calendar else None
    if calendar is None:
        calendar = CalendarYear(year=year)
    calendar.source_note = source_note
    calendar.entered_by = actor
    calendar.entered_at = timezone.now()
    calendar.full_clean(exclude=["entered_by"])
    calendar.save()
    # Replacing is the point of entering a year again; the old days stay in the history entry.
    CalendarDay.objects.filter(year=calendar).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(year=calendar, date=d, kind=kind, name=name) for d, kind, name in cleaned]
    )
    history_append(
        actor=actor,
        action=Action.CALENDAR_ENTER,
        object_type=ObjectType.CALENDAR,
        object_id=calendar.pk,
        association_id=None,
        before=before,
        after=calendar_snapshot(calendar),
        reason=reason,
    )
    selectors.invalidate()
    calendar_entered.send(sender=CalendarYear, year=year)
    return calendar


def _validate(
    *, year: int, days: list[DayInput], source_note: str, reason: str
) -> list[tuple[date, str, str]]:
    """Check everything; raise one ValidationError with every problem found, keyed by form field."""
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or not EARLIEST.year <= year <= LATEST_YEAR:
        errors["year"] = [_("年份应在 %(a)d 到 %(b)d 之间。") % {"a": EARLIEST.year, "b": LATEST_YEAR}]
    source_note = clean_text(source_note, multiline=True)
    if not source_note:
        errors["source_note"] = [_("请填写依据，例如：国务院办公厅关于该年部分节假日安排的通知及其文号。")]
    elif len(source_note) > _SOURCE_MAX:
        errors["source_note"] = [_("依据不能超过 %(n)d 个字。") % {"n": _SOURCE_MAX}]
    try:
        require_reason(reason)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    cleaned, problems = _check_days(year, days) if "year" not in errors else ([], [])
    if "year" not in errors and not days:
        problems.append(_("请至少填写一天（放假日或调休上班日），每行一天。"))
    if len(problems) > MAX_LISTED_ERRORS:
        hidden = len(problems) - MAX_LISTED_ERRORS
        problems = problems[:MAX_LISTED_ERRORS]
        problems.append(_("另有 %(n)d 处问题未列出。") % {"n": hidden})
    if problems:
        errors["days"] = problems
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_days(year: int, days: list[DayInput]) -> tuple[list[tuple[date, str, str]], list[str]]:
    cleaned: list[tuple[date, str, str]] = []
    problems: list[str] = []
    seen: dict[date, DayInput] = {}
    for item in days:
        where = _where(item)
        day = _as_date(item.date)
        kind = parse_kind(str(item.kind or ""))
        name = (item.name or "").strip()
        line_problems = []
        if day is None:
            line_problems.append(
                _("日期“%(text)s”无法识别，请写成 %(year)d-01-01 这样的形式。")
                % {"text": item.date, "year": year}
            )
        if kind is None:
            line_problems.append(
                _("类型“%(text)s”无效，应为“休”（放假）或“班”（调休上班）。") % {"text": item.kind}
                if str(item.kind or "").strip()
                else _("缺少类型：应为“休”（放假）或“班”（调休上班）。")
            )
        if any(sep in name for sep in ",，\t"):
            line_problems.append(_("内容多于三项：每行应为“日期,类型,名称”。"))
        elif len(name) > _NAME_MAX:
            line_problems.append(_("名称不能超过 %(n)d 个字。") % {"n": _NAME_MAX})
        if day is not None and kind is not None:
            problem = day_problem(year=year, day=day, kind=kind)
            if problem:
                line_problems.append(problem)
        if day is not None and day in seen:
            line_problems.append(_duplicate(day, seen[day]))
        if line_problems:
            problems.extend(f"{where}{p}" for p in line_problems)
            if day is not None:
                seen.setdefault(day, item)
            continue
        seen[day] = item
        cleaned.append((day, kind, clean_text(name)))
    return sorted(cleaned), problems


def _as_date(value: date | str | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(str(value or ""))


def _where(item: DayInput) -> str:
    if item.line is not None:
        return _("第%(n)d行：") % {"n": item.line}
    return ""


def _duplicate(day: date, first: DayInput) -> str:
    if first.line is not None:
        return _("%(date)s 与第%(n)d行重复，每个日期只能填写一次。") % {
            "date": day.isoformat(),
            "n": first.line,
        }
    return _("%(date)s 填写了两次，每个日期只能填写一次。") % {"date": day.isoformat()}
