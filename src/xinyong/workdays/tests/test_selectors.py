"""The cached calendar: one small query per request, fresh after an entry, in this process or another."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from xinyong.workdays import selectors
from xinyong.workdays.choices import CalendarSource, DayKind
from xinyong.workdays.models import CalendarDay, CalendarYear
from xinyong.workdays.parsing import DayInput
from xinyong.workdays.services import calendar_enter


@pytest.fixture
def in_request():
    selectors._request_started()
    yield
    selectors._request_finished()


def test_inside_a_request_the_database_is_asked_once(db, in_request, django_assert_num_queries):
    selectors.invalidate()
    with django_assert_num_queries(3):  # the stamp, then the entered years and their days
        selectors.due_date(date(2026, 12, 25))
    with django_assert_num_queries(0):
        for k in range(200):
            selectors.due_date(date(2026, 1, 1) + timedelta(days=k))


def test_outside_a_request_an_unchanged_calendar_costs_one_small_query(db, django_assert_num_queries):
    selectors.current_calendar()
    with django_assert_num_queries(1):
        selectors.is_working_day(date(2027, 1, 1))


def test_a_calendar_entered_elsewhere_is_seen_on_the_next_request(admin_user):
    assert selectors.is_working_day(date(2027, 1, 1))  # weekdays only: a Friday
    # Another process enters 2027: this process's cache is not told, only the database changes.
    year = CalendarYear.objects.create(
        year=2027, source_note="n", entered_by=admin_user, entered_at=timezone.now()
    )
    CalendarDay.objects.create(year=year, date=date(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    selectors._request_started()
    try:
        assert not selectors.is_working_day(date(2027, 1, 1))
    finally:
        selectors._request_finished()


def test_entering_inside_a_request_is_seen_at_once(admin_user, in_request):
    assert selectors.current_calendar().source(2027) == CalendarSource.WEEKDAYS
    calendar_enter(
        actor=admin_user,
        year=2027,
        days=[DayInput(date(2027, 1, 1), DayKind.HOLIDAY)],
        source_note="n",
        reason="r",
    )
    assert selectors.current_calendar().source(2027) == CalendarSource.ENTERED
    assert not selectors.is_working_day(date(2027, 1, 1))


def test_overview_lists_package_entered_and_provisional_years(admin_user):
    calendar_enter(
        actor=admin_user,
        year=2030,
        days=[DayInput(date(2030, 1, 1), DayKind.HOLIDAY), DayInput(date(2030, 1, 5), DayKind.WORKDAY)],
        source_note="通知",
        reason="r",
    )
    overview = selectors.calendar_overview(today=date(2026, 11, 25))
    sources = {y.year: y.source for y in overview.years}
    assert sources == {
        2025: CalendarSource.PACKAGE,
        2026: CalendarSource.PACKAGE,
        2027: CalendarSource.WEEKDAYS,
        2028: CalendarSource.WEEKDAYS,
        2030: CalendarSource.ENTERED,
    }
    entered = next(y for y in overview.years if y.year == 2030).entered
    assert (entered.holiday_count, entered.workday_count) == (1, 1)
    assert overview.first_provisional_year == 2027


def test_special_days_name_the_package_holidays_in_chinese(db):
    days = {d.date: d for d in selectors.special_days(2026)}
    assert (days[date(2026, 2, 14)].kind, days[date(2026, 2, 14)].name) == (DayKind.WORKDAY, "春节")
    assert (days[date(2026, 10, 3)].kind, days[date(2026, 10, 3)].name) == (DayKind.HOLIDAY, "国庆节")
    assert selectors.special_days(2027) == []
