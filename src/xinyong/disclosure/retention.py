"""Public retention periods (记录期限, R-RET-1..4), as pure functions of a record's dates.

Periods are counted as the Civil Code counts them (民法典 第二百零一、二百零二条): the period starts
the day after the event, and its last day is the same-numbered day of the final year; when that
month has no such day (29 February), the last day is the month's last day. So an event on
2020-03-01 is published through 2025-03-01, and one on 2020-02-29 through 2025-02-28.
"""

from datetime import date, timedelta

from django.conf import settings

from xinyong.records.choices import Category


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
