"""The publication rules: which records are public on a day (公示, R-PUB) and for how long
(记录期限, R-RET-1..4), as pure functions of a record's dates and one database condition.

They are core rules: the public pages, the API, the open data, the measures and the back office
all ask here, so every surface answers "public or not" the same way.

Periods are counted as the Civil Code counts them (民法典 第二百零一、二百零二条): the period starts
the day after the event, and its last day is the same-numbered day of the final year; when that
month has no such day (29 February), the last day is the month's last day. So an event on
2020-03-01 is published through 2025-03-01, and one on 2020-02-29 through 2025-02-28.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from xinyong.records.choices import Category, RecordStatus
from xinyong.records.models import CreditRecord, Evidence


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: the month's last day
        return day.replace(year=day.year + years, day=28)


def years_for(category: str) -> int:
    return settings.XINYONG_RETENTION_YEARS[category]


def last_public_day(
    *, category: str, event_date: date, valid_until: date | None, long_term: bool
) -> date | None:
    """The last day a record of this category is published; None means no end (R-RET-1, R-RET-3 长期)."""
    if category == Category.HONOUR:
        return None if long_term else valid_until
    if category in (Category.PERFORMANCE, Category.DISHONESTY):
        return add_years(event_date, years_for(category))
    return None


def in_window(
    *, category: str, event_date: date, valid_until: date | None, long_term: bool, on: date
) -> bool:
    """Whether the record's dates put it inside its public window on ``on`` (inclusive both ends)."""
    if on < event_date:
        return False
    if category == Category.HONOUR and not long_term and valid_until is None:
        return False
    last = last_public_day(
        category=category, event_date=event_date, valid_until=valid_until, long_term=long_term
    )
    return last is None or on <= last


def earliest_event_date(*, category: str, on: date) -> date:
    """The earliest event date still inside a year-counted window on ``on``.

    ``add_years`` is monotonic, so ``in_window`` for performance and dishonesty records is exactly
    ``event_date >= earliest_event_date(on)``: the database filters with one comparison.
    """
    years = years_for(category)
    candidate = add_years(on, -years)
    while add_years(candidate, years) >= on:
        candidate -= timedelta(days=1)
    return candidate + timedelta(days=1)


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
