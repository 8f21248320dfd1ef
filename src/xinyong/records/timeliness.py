"""Timeliness of recording (R-REC-1): the gap between an event and the day it was recorded.

The regulation asks authorities to record 及时 (timely) without naming a period; the period is
``XINYONG_TIMELY_DAYS`` (default 30 days). The gap is computed in the database from
``recorded_at`` (in Asia/Shanghai) and the record's event date, on SQLite and PostgreSQL alike.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from xinyong.registry.models import Authority

from .choices import Category
from .models import CreditRecord


def timely_days() -> int:
    return settings.XINYONG_TIMELY_DAYS


def with_gap(records: QuerySet[CreditRecord]) -> QuerySet[CreditRecord]:
    """Annotate ``gap`` (a timedelta of whole days) between event and recording."""
    return records.annotate(
        gap=ExpressionWrapper(TruncDate("recorded_at") - F("event_date"), output_field=DurationField())
    )


def late_records(records: QuerySet[CreditRecord], *, since: date) -> QuerySet[CreditRecord]:
    """Records recorded on or after ``since`` more than the timely period after their event."""
    return (
        with_gap(records)
        .filter(recorded_at__date__gte=since, gap__gt=timedelta(days=timely_days()))
        .order_by("-gap", "-recorded_at")
    )


@dataclass(frozen=True)
class AuthorityTimeliness:
    authority: Authority
    recorded: int
    late: int

    @property
    def timely_share(self) -> float | None:
        return None if not self.recorded else (self.recorded - self.late) / self.recorded


def timeliness_by_authority(*, since: date) -> list[AuthorityTimeliness]:
    """For every authority: records recorded since ``since`` and how many of them late."""
    limit = timedelta(days=timely_days())
    rows = (
        with_gap(CreditRecord.objects.filter(recorded_at__date__gte=since))
        .values("recorded_by")
        .annotate(recorded=Count("id"), late=Count("id", filter=Q(gap__gt=limit)))
    )
    counts = {row["recorded_by"]: row for row in rows}
    return [
        AuthorityTimeliness(
            authority,
            counts.get(authority.pk, {}).get("recorded", 0),
            counts.get(authority.pk, {}).get("late", 0),
        )
        for authority in Authority.objects.order_by("code")
    ]


@dataclass(frozen=True)
class MonthCounts:
    month: date
    counts: dict[str, int]


def records_per_month(*, months: int = 12) -> list[MonthCounts]:
    """Records recorded per month and category for the last ``months`` months, oldest first,
    including months with none."""
    today = timezone.localdate()
    first = _add_months(today.replace(day=1), -(months - 1))
    rows = (
        CreditRecord.objects.filter(recorded_at__date__gte=first)
        .annotate(month=TruncMonth("recorded_at"))
        .values("month", "category")
        .annotate(n=Count("id"))
    )
    table = {_add_months(first, i): dict.fromkeys(Category.values[1:], 0) for i in range(months)}
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        table[month.replace(day=1)][row["category"]] = row["n"]
    return [MonthCounts(month, counts) for month, counts in table.items()]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)
