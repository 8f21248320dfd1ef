"""calendar_enter: administrators only, every line checked first, history, replacement, the signal,
and the due dates that follow from it."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinyong.errors import NotAllowed
from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import latest_snapshots
from xinyong.workdays import selectors
from xinyong.workdays.choices import CalendarSource, DayKind
from xinyong.workdays.models import CalendarDay, CalendarYear
from xinyong.workdays.parsing import DayInput, split_lines
from xinyong.workdays.services import calendar_enter
from xinyong.workdays.signals import calendar_entered
from xinyong.workdays.snapshots import calendar_snapshot
from xinyong.workdays.workcalendar import Due, WorkCalendar, YearRule

NEW_YEAR_2027 = [DayInput(date(2027, 1, 1), "休", "元旦", line=1)]


def enter(actor, year=2027, days=NEW_YEAR_2027, source="国务院办公厅通知（测试）", reason="录入官方日历"):
    return calendar_enter(actor=actor, year=year, days=days, source_note=source, reason=reason)


def written():
    return (
        CalendarYear.objects.count(),
        CalendarDay.objects.count(),
        HistoryEntry.objects.filter(object_type="calendar").count(),
    )


@pytest.mark.parametrize("role", ["dc_staff", "supervisor", "assoc_user", "dept_user"])
def test_only_administrators_enter_a_calendar(role, request):
    actor = request.getfixturevalue(role)
    before = written()
    with pytest.raises(NotAllowed):
        enter(actor)
    assert written() == before


def test_entering_writes_the_days_and_one_history_entry(admin_user):
    calendar = enter(
        admin_user,
        days=split_lines("2027-01-01,休,元旦\n2027-02-06,班,春节\n2027-02-07,休,春节\n"),
    )
    assert calendar.year == 2027 and calendar.entered_by == admin_user
    assert list(calendar.days.values_list("date", "kind", "name")) == [
        (date(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
        (date(2027, 2, 6), DayKind.WORKDAY, "春节"),
        (date(2027, 2, 7), DayKind.HOLIDAY, "春节"),
    ]
    entry = HistoryEntry.objects.get(object_type="calendar", object_id=calendar.pk)
    assert (entry.action, entry.actor_id, entry.association_id, entry.reason) == (
        "calendar.enter",
        admin_user.pk,
        None,
        "录入官方日历",
    )
    assert entry.before is None
    assert entry.after["year"] == 2027 and entry.after["source_note"] == "国务院办公厅通知（测试）"
    assert entry.after["days"][1] == {"date": "2027-02-06", "kind": "workday", "name": "春节"}


def test_every_bad_line_is_named_and_nothing_is_written(admin_user):
    text = "\n".join(
        [
            "2027-01-01,休,元旦",  # 1 fine
            "2026-12-31,休,元旦",  # 2 another year
            "2027-01-04,班,元旦",  # 3 a Monday cannot be a 调休 working day
            "2027-02-30,休,春节",  # 4 no such date
            "2027-02-08,放,春节",  # 5 unknown kind
            "2027-01-01,休,元旦",  # 6 duplicate of line 1
            "2027-03-01",  # 7 no kind
            "2027-03-02,休,春节,多余",  # 8 too many fields
        ]
    )
    before = written()
    with pytest.raises(ValidationError) as exc:
        enter(admin_user, days=split_lines(text))
    assert written() == before
    problems = exc.value.message_dict["days"]
    assert problems == [
        "第2行：2026-12-31 不在 2027 年内。",
        "第3行：2027-01-04 是星期一，本来就是工作日；调休上班日必须是星期六或星期日。",
        "第4行：日期“2027-02-30”无法识别，请写成 2027-01-01 这样的形式。",
        "第5行：类型“放”无效，应为“休”（放假）或“班”（调休上班）。",
        "第6行：2027-01-01 与第1行重复，每个日期只能填写一次。",
        "第7行：缺少类型：应为“休”（放假）或“班”（调休上班）。",
        "第8行：内容多于三项：每行应为“日期,类型,名称”。",
    ]


def test_days_given_without_line_numbers_are_named_by_date(admin_user):
    days = [DayInput(date(2027, 1, 1), DayKind.HOLIDAY), DayInput(date(2027, 1, 1), DayKind.HOLIDAY)]
    with pytest.raises(ValidationError) as exc:
        enter(admin_user, days=days)
    assert exc.value.message_dict["days"] == ["2027-01-01 填写了两次，每个日期只能填写一次。"]


def test_year_source_reason_and_at_least_one_day_are_required(admin_user):
    with pytest.raises(ValidationError) as exc:
        enter(admin_user, days=[], source=" ", reason="")
    assert set(exc.value.message_dict) == {"days", "source_note", "reason"}
    with pytest.raises(ValidationError) as exc:
        enter(admin_user, year=207)
    assert "year" in exc.value.message_dict
    assert written()[0] == 0


def test_a_weekend_holiday_is_accepted(admin_user):
    # 2027-01-02 is a Saturday; notices list whole ranges, weekends included.
    calendar = enter(
        admin_user, days=split_lines("2027-01-01,休,元旦\n2027-01-02,休,元旦\n2027-01-03,休,元旦")
    )
    assert calendar.days.count() == 3


def test_many_bad_lines_are_listed_up_to_a_limit(admin_user):
    text = "\n".join(f"2026-01-{d:02d},休" for d in range(1, 31))
    with pytest.raises(ValidationError) as exc:
        enter(admin_user, days=split_lines(text))
    problems = exc.value.message_dict["days"]
    assert len(problems) == 21 and problems[-1] == "另有 10 处问题未列出。"


def test_entering_a_year_again_replaces_it_and_keeps_both_in_history(admin_user):
    first = enter(admin_user, days=split_lines("2027-01-01,休,元旦\n2027-02-06,班,春节"))
    second = enter(
        admin_user, days=split_lines("2027-01-01,休,元旦\n2027-05-03,休,劳动节"), source="更正后的通知"
    )
    assert second.pk == first.pk
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2027, 1, 1), date(2027, 5, 3)]
    entries = list(HistoryEntry.objects.filter(object_type="calendar").order_by("id"))
    assert len(entries) == 2
    assert entries[1].before == entries[0].after
    assert [d["date"] for d in entries[1].before["days"]] == ["2027-01-01", "2027-02-06"]
    assert entries[1].after["source_note"] == "更正后的通知"
    assert not selectors.is_working_day(date(2027, 5, 3))
    assert not selectors.is_working_day(date(2027, 2, 6))  # a Saturday again


def test_a_provisional_due_date_becomes_final_when_the_calendar_is_entered(admin_user):
    # Hand-counted in test_workcalendar: received Fri 2026-12-25, 2027 on weekdays → Fri 2027-01-15,
    # provisional; with 2027-01-01 a day off → Mon 2027-01-18, final.
    received = date(2026, 12, 25)
    assert selectors.due_date(received) == Due(on=date(2027, 1, 15), provisional=True)
    assert selectors.current_calendar().source(2027) == CalendarSource.WEEKDAYS
    enter(admin_user)
    assert selectors.due_date(received) == Due(on=date(2027, 1, 18), provisional=False)
    assert selectors.current_calendar().source(2027) == CalendarSource.ENTERED


def test_the_signal_is_sent_with_the_year_and_sees_the_new_calendar(admin_user):
    seen = []

    def receiver(sender, year, **kwargs):
        seen.append((year, selectors.due_date(date(2026, 12, 25))))

    calendar_entered.connect(receiver)
    try:
        enter(admin_user)
    finally:
        calendar_entered.disconnect(receiver)
    assert seen == [(2027, Due(on=date(2027, 1, 18), provisional=False))]


def test_a_failing_receiver_rolls_the_entry_back(admin_user):
    def receiver(**kwargs):
        raise RuntimeError("recomputing failed")

    calendar_entered.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            enter(admin_user)
    finally:
        calendar_entered.disconnect(receiver)
    assert written() == (0, 0, 0)
    assert selectors.due_date(date(2026, 12, 25)).provisional


def test_the_snapshot_is_what_verify_history_would_compare(admin_user):
    calendar = enter(admin_user, days=split_lines("2027-01-01,休,元旦\n2027-02-06,班,春节"))
    calendar.refresh_from_db()
    assert latest_snapshots(object_type="calendar")[calendar.pk] == calendar_snapshot(calendar)


def test_verify_history_passes_with_calendar_entries(admin_user, dishonesty):
    enter(admin_user)
    enter(admin_user, reason="再次录入")
    out = io.StringIO()
    call_command("verify_history", "--skip-files", stdout=out, stderr=io.StringIO())
    assert "verify_history: OK" in out.getvalue()


# The same properties as in test_workcalendar, through the service and the database.

YEAR = 2031
days_2031 = st.dates(min_value=date(YEAR, 1, 1), max_value=date(YEAR, 12, 31))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    off=st.frozensets(days_2031, max_size=40),
    on=st.frozensets(days_2031.filter(lambda d: d.weekday() >= 5), max_size=10),
    received=st.dates(min_value=date(YEAR - 1, 12, 1), max_value=date(YEAR, 12, 31)),
)
def test_entered_calendars_give_the_same_answers_as_the_pure_calendar(admin_user, off, on, received):
    off = off or frozenset({date(YEAR, 1, 1)})  # the service wants at least one day
    on = on - off
    days = [DayInput(d, DayKind.HOLIDAY) for d in off] + [DayInput(d, DayKind.WORKDAY) for d in on]
    enter(admin_user, year=YEAR, days=days)
    expected = WorkCalendar({YEAR: YearRule(off=off, on=on)})
    due = selectors.due_date(received)
    assert due == expected.due_date(received)
    assert selectors.is_working_day(due.on)
    inside = [received + timedelta(days=k) for k in range(1, (due.on - received).days)]
    assert sum(selectors.is_working_day(d) for d in inside) == 14
