"""R-RET-1..6: retention windows, including 29 February, 长期 and the boundary day itself."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinyong.records.publication import earliest_event_date, in_window, last_public_day

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
YEAR_COUNTED = ["performance", "dishonesty"]


def window(category, event_date, on, valid_until=None, long_term=False):
    return in_window(
        category=category, event_date=event_date, valid_until=valid_until, long_term=long_term, on=on
    )


@pytest.mark.parametrize("category", YEAR_COUNTED)
@pytest.mark.parametrize(
    ("event", "last"),
    [
        (date(2020, 3, 1), date(2025, 3, 1)),
        (date(2020, 2, 29), date(2025, 2, 28)),  # no 29 February in 2025: the month's last day
        (date(2019, 2, 28), date(2024, 2, 28)),
        (date(2019, 3, 1), date(2024, 3, 1)),
        (date(2023, 2, 28), date(2028, 2, 28)),  # not moved to the leap day
        (date(2021, 12, 31), date(2026, 12, 31)),
    ],
)
def test_last_public_day_and_the_day_after(category, event, last):
    assert last_public_day(category=category, event_date=event, valid_until=None, long_term=False) == last
    assert window(category, event, on=last)
    assert not window(category, event, on=last + timedelta(days=1))
    assert window(category, event, on=event)
    assert not window(category, event, on=event - timedelta(days=1))


def test_honour_lasts_until_its_validity_ends():
    granted, until = date(2022, 1, 1), date(2024, 2, 29)
    assert window("honour", granted, on=until, valid_until=until)
    assert not window("honour", granted, on=date(2024, 3, 1), valid_until=until)


def test_long_term_honour_never_expires():
    assert window("honour", date(1995, 5, 5), on=date(2099, 1, 1), long_term=True)
    assert (
        last_public_day(category="honour", event_date=date(1995, 5, 5), valid_until=None, long_term=True)
        is None
    )


def test_honour_without_validity_is_not_published():
    assert not window("honour", date(2020, 1, 1), on=date(2020, 1, 2))


def test_retention_is_configuration(settings):
    settings.XINYONG_RETENTION_YEARS = {"performance": 3, "dishonesty": 10}
    assert last_public_day(
        category="performance", event_date=date(2020, 1, 1), valid_until=None, long_term=False
    ) == date(2023, 1, 1)
    assert window("dishonesty", date(2010, 6, 1), on=date(2020, 6, 1))


@given(event=dates, on=dates, category=st.sampled_from(YEAR_COUNTED))
def test_database_threshold_is_exactly_the_window(event, on, category):
    """The one-comparison form the database uses agrees with the rule for every pair of dates."""
    expected = window(category, event, on)
    assert expected == (earliest_event_date(category=category, on=on) <= event <= on)


@given(
    event=dates,
    on=dates,
    later=st.integers(min_value=1, max_value=4000),
    category=st.sampled_from(YEAR_COUNTED),
)
def test_once_expired_never_published_again(event, on, later, category):
    if on >= event and not window(category, event, on):
        assert not window(category, event, on + timedelta(days=later))


@given(event=dates, category=st.sampled_from(YEAR_COUNTED))
def test_last_day_is_the_same_calendar_day_five_years_on(event, category):
    """民法典 第二百零二条, stated independently of the implementation."""
    last = last_public_day(category=category, event_date=event, valid_until=None, long_term=False)
    assert last.year == event.year + 5
    if (event.month, event.day) == (2, 29):  # five years on is never a leap year
        assert (last.month, last.day) == (2, 28)
    else:
        assert (last.month, last.day) == (event.month, event.day)
    assert 365 * 5 <= (last - event).days <= 365 * 5 + 2  # 0 to 2 leap days (2100 is not one)


@given(granted=dates, valid_days=st.integers(min_value=0, max_value=5000), on=dates)
def test_honour_window_property(granted, valid_days, on):
    until = granted + timedelta(days=valid_days)
    assert window("honour", granted, on, valid_until=until) == (granted <= on <= until)
