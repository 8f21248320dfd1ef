"""The working-day arithmetic of R-OBJ-3, without the database.

Fixed cases are counted by hand from the State Council's notice for 2026 (国务院办公厅关于2026年部分
节假日安排的通知, 2025-11-04), not from the code:
  春节 2月15日（周日）至23日（周一）放假调休，2月14日（周六）、2月28日（周六）上班；
  中秋节 9月25日（周五）至27日（周日）放假；
  国庆节 10月1日（周四）至7日（周三）放假调休，9月20日（周日）、10月10日（周六）上班。
2026-02-01 is a Sunday, 2026-09-01 a Tuesday, 2027-01-01 a Friday.
"""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinyong.workdays.choices import CalendarSource
from xinyong.workdays.workcalendar import (
    Due,
    WorkCalendar,
    YearRule,
    package_covers,
    package_days,
    package_years,
)

PACKAGE = WorkCalendar()  # nothing entered: the package, then weekdays


def between(calendar: WorkCalendar, received: date, due: date) -> int:
    """Working days strictly between the two dates, counted one by one."""
    count, day = 0, received + timedelta(days=1)
    while day < due:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


def test_package_years_are_asked_of_the_package():
    first, last = package_years()
    assert first <= 2004 and last >= 2026
    assert package_covers(last) and not package_covers(last + 1)
    assert PACKAGE.source(last) == CalendarSource.PACKAGE
    assert PACKAGE.source(last + 1) == CalendarSource.WEEKDAYS


def test_every_package_day_agrees_with_the_package():
    first, last = package_years()
    day, end = date(first, 1, 1), date(last, 12, 31)
    while day <= end:
        assert PACKAGE.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_2026_notice_days_as_published():
    # Each 放假 and 上班 day of the notice, written out from its text.
    off = (
        ["2026-01-01", "2026-01-02", "2026-01-03"]
        + [f"2026-02-{d}" for d in range(15, 24)]
        + ["2026-04-04", "2026-04-05", "2026-04-06"]
        + [f"2026-05-0{d}" for d in range(1, 6)]
        + ["2026-06-19", "2026-06-20", "2026-06-21", "2026-09-25", "2026-09-26", "2026-09-27"]
        + [f"2026-10-0{d}" for d in range(1, 8)]
    )
    on = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
    assert not any(PACKAGE.is_working_day(date.fromisoformat(d)) for d in off)
    assert all(PACKAGE.is_working_day(date.fromisoformat(d)) for d in on)
    assert {d.isoformat() for d, is_off, _ in package_days(2026) if is_off} == set(off)
    assert {d.isoformat() for d, is_off, _ in package_days(2026) if not is_off} == set(on)


# (received, due) counted by hand; the numbers are the working days in order.
SPRING_FESTIVAL_2026 = [
    # Fri 02-06: 1 Mon 9, 2 Tue 10, 3 Wed 11, 4 Thu 12, 5 Fri 13, 6 Sat 14 (调休上班),
    # [15–23 放假], 7 Tue 24, 8 Wed 25, 9 Thu 26, 10 Fri 27, 11 Sat 28 (调休上班),
    # 12 Mon 3-2, 13 Tue 3-3, 14 Wed 3-4, 15 Thu 3-5.
    ("2026-02-06", "2026-03-05"),
    # Fri 02-13, the day before the 调休 Saturday: 1 Sat 14, 2 Tue 24, 3 Wed 25, 4 Thu 26,
    # 5 Fri 27, 6 Sat 28, 7 Mon 3-2, 8 Tue 3-3, 9 Wed 3-4, 10 Thu 3-5, 11 Fri 3-6,
    # 12 Mon 3-9, 13 Tue 3-10, 14 Wed 3-11, 15 Thu 3-12.
    ("2026-02-13", "2026-03-12"),
    # Received on the 调休 Saturday 02-14 itself (the day of receipt never counts):
    # 1 Tue 24, 2 Wed 25, 3 Thu 26, 4 Fri 27, 5 Sat 28, 6 Mon 3-2, 7 Tue 3-3, 8 Wed 3-4,
    # 9 Thu 3-5, 10 Fri 3-6, 11 Mon 3-9, 12 Tue 3-10, 13 Wed 3-11, 14 Thu 3-12, 15 Fri 3-13.
    ("2026-02-14", "2026-03-13"),
    # During the holiday (15–23): the same count as from 02-14.
    ("2026-02-15", "2026-03-13"),
    ("2026-02-18", "2026-03-13"),
    ("2026-02-23", "2026-03-13"),
    # First day back, Tue 02-24: 1 Wed 25, 2 Thu 26, 3 Fri 27, 4 Sat 28, 5 Mon 3-2, 6 Tue 3-3,
    # 7 Wed 3-4, 8 Thu 3-5, 9 Fri 3-6, 10 Mon 3-9, 11 Tue 3-10, 12 Wed 3-11, 13 Thu 3-12,
    # 14 Fri 3-13, 15 Mon 3-16.
    ("2026-02-24", "2026-03-16"),
    # Mon 02-02: 1 Tue 3, 2 Wed 4, 3 Thu 5, 4 Fri 6, 5 Mon 9, 6 Tue 10, 7 Wed 11, 8 Thu 12,
    # 9 Fri 13, 10 Sat 14, 11 Tue 24, 12 Wed 25, 13 Thu 26, 14 Fri 27, 15 Sat 28: the due
    # date is the 调休 Saturday.
    ("2026-02-02", "2026-02-28"),
]
NATIONAL_DAY_2026 = [
    # Fri 09-18: 1 Sun 20 (调休上班), 2 Mon 21, 3 Tue 22, 4 Wed 23, 5 Thu 24, [25–27 中秋],
    # 6 Mon 28, 7 Tue 29, 8 Wed 30, [10-01–07 国庆], 9 Thu 10-8, 10 Fri 10-9,
    # 11 Sat 10-10 (调休上班), 12 Mon 10-12, 13 Tue 10-13, 14 Wed 10-14, 15 Thu 10-15.
    ("2026-09-18", "2026-10-15"),
    # Sat 09-19, an ordinary weekend day: the same count as from 09-18.
    ("2026-09-19", "2026-10-15"),
    # Received on the 调休 Sunday 09-20 itself: 1 Mon 21, 2 Tue 22, 3 Wed 23, 4 Thu 24,
    # 5 Mon 28, 6 Tue 29, 7 Wed 30, 8 Thu 10-8, 9 Fri 10-9, 10 Sat 10-10, 11 Mon 10-12,
    # 12 Tue 10-13, 13 Wed 10-14, 14 Thu 10-15, 15 Fri 10-16.
    ("2026-09-20", "2026-10-16"),
    # Wed 09-30, the last day before the holiday: 1 Thu 10-8, 2 Fri 10-9, 3 Sat 10-10,
    # 4 Mon 12, 5 Tue 13, 6 Wed 14, 7 Thu 15, 8 Fri 16, 9 Mon 19, 10 Tue 20, 11 Wed 21,
    # 12 Thu 22, 13 Fri 23, 14 Mon 26, 15 Tue 10-27.
    ("2026-09-30", "2026-10-27"),
    # During the holiday: the same count as from 09-30.
    ("2026-10-01", "2026-10-27"),
    ("2026-10-03", "2026-10-27"),
    ("2026-10-07", "2026-10-27"),
    # Mon 09-14: 1 Tue 15, 2 Wed 16, 3 Thu 17, 4 Fri 18, 5 Sun 20, 6 Mon 21, 7 Tue 22,
    # 8 Wed 23, 9 Thu 24, 10 Mon 28, 11 Tue 29, 12 Wed 30, 13 Thu 10-8, 14 Fri 10-9,
    # 15 Sat 10-10: the due date is the 调休 Saturday.
    ("2026-09-14", "2026-10-10"),
]
END_OF_2026 = [
    # Thu 12-10: 1 Fri 11, 2 Mon 14, 3 Tue 15, 4 Wed 16, 5 Thu 17, 6 Fri 18, 7 Mon 21,
    # 8 Tue 22, 9 Wed 23, 10 Thu 24, 11 Fri 25, 12 Mon 28, 13 Tue 29, 14 Wed 30, 15 Thu 31:
    # the counting stays inside 2026, so the date is final.
    ("2026-12-10", "2026-12-31"),
]


@pytest.mark.parametrize(("received", "due"), SPRING_FESTIVAL_2026 + NATIONAL_DAY_2026 + END_OF_2026)
def test_hand_counted_due_dates_2026(received, due):
    result = PACKAGE.due_date(date.fromisoformat(received))
    assert result == Due(on=date.fromisoformat(due), provisional=False)


def test_counting_into_a_year_without_a_calendar_is_provisional():
    assert not package_covers(2027), "the package now covers 2027: move these cases to a later year"
    # Fri 2026-12-25, 2027 on weekdays: 1 Mon 12-28, 2 Tue 29, 3 Wed 30, 4 Thu 31,
    # 5 Fri 2027-01-01, 6 Mon 4, 7 Tue 5, 8 Wed 6, 9 Thu 7, 10 Fri 8, 11 Mon 11, 12 Tue 12,
    # 13 Wed 13, 14 Thu 14, 15 Fri 2027-01-15.
    due = PACKAGE.due_date(date(2026, 12, 25))
    assert (due.on, due.provisional, due.years_without_calendar) == (date(2027, 1, 15), True, (2027,))
    # Fri 2026-12-11: 14 Thu 12-31, 15 Fri 2027-01-01 on weekdays only.
    assert PACKAGE.due_date(date(2026, 12, 11)) == Due(on=date(2027, 1, 1), provisional=True)
    # With 2027-01-01 entered as 放假: 5 Mon 1-4, 6 Tue 5, 7 Wed 6, 8 Thu 7, 9 Fri 8, 10 Mon 11,
    # 11 Tue 12, 12 Wed 13, 13 Thu 14, 14 Fri 15, 15 Mon 2027-01-18, and final.
    entered = WorkCalendar({2027: YearRule(off=frozenset({date(2027, 1, 1)}))})
    assert entered.due_date(date(2026, 12, 25)) == Due(on=date(2027, 1, 18), provisional=False)
    assert entered.due_date(date(2026, 12, 11)) == Due(on=date(2027, 1, 4), provisional=False)


def test_an_entered_year_takes_precedence_over_the_package():
    # 2026-10-08 (Thu) entered as a day off, 2026-10-11 (Sun) as worked, for this test only.
    calendar = WorkCalendar(
        {2026: YearRule(off=frozenset({date(2026, 10, 8)}), on=frozenset({date(2026, 10, 11)}))}
    )
    assert calendar.source(2026) == CalendarSource.ENTERED
    assert not calendar.is_working_day(date(2026, 10, 8))
    assert calendar.is_working_day(date(2026, 10, 11))
    # The package's own 2026 days no longer apply: 10-01 (Thu) is an ordinary Thursday now.
    assert calendar.is_working_day(date(2026, 10, 1))


def test_other_day_counts_and_bad_counts():
    # Fri 2026-09-18, 1 working day: Sun 09-20 (调休上班).
    assert PACKAGE.due_date(date(2026, 9, 18), 1).on == date(2026, 9, 20)
    with pytest.raises(ValueError):
        PACKAGE.due_date(date(2026, 9, 18), 0)


def test_working_days_between():
    # After Fri 09-18 up to and including Thu 10-15: the 15 days counted above.
    assert PACKAGE.working_days_between(date(2026, 9, 18), date(2026, 10, 15)) == 15
    assert PACKAGE.working_days_between(date(2026, 10, 1), date(2026, 10, 7)) == 0
    assert PACKAGE.working_days_between(date(2026, 10, 7), date(2026, 10, 1)) == 0


def test_due_ignores_the_list_of_years_when_compared():
    assert Due(date(2027, 1, 1), True, (2027,)) == Due(date(2027, 1, 1), True)
    assert Due(date(2027, 1, 1), True) != Due(date(2027, 1, 1), False)


# Properties, over the package's years and the weekday-only years after them.

receipts = st.dates(min_value=date(2004, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=1, max_value=40)


def check_properties(calendar: WorkCalendar, received: date, n: int) -> None:
    due = calendar.due_date(received, n)
    assert due.on > received
    assert calendar.is_working_day(due.on)
    assert between(calendar, received, due.on) == n - 1
    # The day of receipt is not counted, so its year only matters if the counting is in it too.
    years = range((received + timedelta(days=1)).year, due.on.year + 1)
    assert due.provisional == any(calendar.source(y) == CalendarSource.WEEKDAYS for y in years)


@settings(max_examples=400, deadline=None)
@given(received=receipts, n=counts)
def test_due_date_properties(received, n):
    check_properties(PACKAGE, received, n)


@settings(max_examples=400, deadline=None)
@given(received=receipts, later_by=st.integers(min_value=0, max_value=60), n=counts)
def test_a_later_receipt_never_gives_an_earlier_due_date(received, later_by, n):
    later = received + timedelta(days=later_by)
    assert PACKAGE.due_date(later, n).on >= PACKAGE.due_date(received, n).on


@settings(max_examples=200, deadline=None)
@given(received=receipts)
def test_the_default_is_fifteen_working_days(received):
    due = PACKAGE.due_date(received)
    assert between(PACKAGE, received, due.on) == 14 and PACKAGE.is_working_day(due.on)


# Random entered calendars for a future year (2031), as an administrator could enter them.

YEAR = 2031
days_2031 = st.dates(min_value=date(YEAR, 1, 1), max_value=date(YEAR, 12, 31))
weekends_2031 = days_2031.filter(lambda d: d.weekday() >= 5)


@st.composite
def entered_calendars(draw) -> WorkCalendar:
    off = draw(st.frozensets(days_2031, max_size=60))
    on = draw(st.frozensets(weekends_2031, max_size=20)) - off
    return WorkCalendar({YEAR: YearRule(off=off, on=on)})


receipts_near_2031 = st.dates(min_value=date(YEAR - 1, 11, 1), max_value=date(YEAR, 12, 31))


@settings(max_examples=300, deadline=None)
@given(calendar=entered_calendars(), received=receipts_near_2031, n=counts)
def test_properties_hold_with_an_entered_calendar(calendar, received, n):
    check_properties(calendar, received, n)


@settings(max_examples=300, deadline=None)
@given(
    calendar=entered_calendars(),
    received=receipts_near_2031,
    later_by=st.integers(min_value=0, max_value=40),
    n=counts,
)
def test_monotonic_with_an_entered_calendar(calendar, received, later_by, n):
    later = received + timedelta(days=later_by)
    assert calendar.due_date(later, n).on >= calendar.due_date(received, n).on


@settings(max_examples=200, deadline=None)
@given(calendar=entered_calendars(), received=st.dates(date(YEAR, 1, 1), date(YEAR, 11, 30)))
def test_counting_inside_an_entered_year_is_final(calendar, received):
    due = calendar.due_date(received)
    assert due.provisional == (due.on.year > YEAR)
