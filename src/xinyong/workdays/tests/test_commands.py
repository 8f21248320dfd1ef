"""`xinyong load_calendar` and `xinyong due_date`."""

import io
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from xinyong.history.models import HistoryEntry
from xinyong.workdays import selectors
from xinyong.workdays.models import CalendarDay, CalendarYear
from xinyong.workdays.workcalendar import WorkCalendar

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "example-calendar.csv"
LINES_2027 = "date,kind,name\n2027-01-01,休,元旦\n2027-02-06,班,春节\n2027-02-08,holiday,春节\n"


def load(path, *, year=2027, user="admin", **extra):
    out = io.StringIO()
    call_command(
        "load_calendar",
        str(path),
        year=year,
        source=extra.get("source", "国务院办公厅通知（测试）"),
        reason=extra.get("reason", "录入官方日历"),
        user=user,
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.parametrize(
    "encoded",
    [
        LINES_2027.encode("utf-8"),
        LINES_2027.encode("utf-8-sig"),
        LINES_2027.encode("gb18030"),
        LINES_2027.replace("\n", "\r\n").encode("gb18030"),
    ],
    ids=["utf-8", "utf-8 with BOM", "gb18030", "gb18030 crlf"],
)
def test_load_calendar_reads_every_encoding(admin_user, tmp_path, encoded):
    path = tmp_path / "2027.csv"
    path.write_bytes(encoded)
    assert load(path) == "已录入2027年工作日历：放假 2 天，调休上班 1 天。\n"
    assert list(CalendarDay.objects.values_list("date", "kind", "name")) == [
        (date(2027, 1, 1), "holiday", "元旦"),
        (date(2027, 2, 6), "workday", "春节"),
        (date(2027, 2, 8), "holiday", "春节"),
    ]
    entry = HistoryEntry.objects.get(object_type="calendar")
    assert entry.actor_id == admin_user.pk and entry.reason == "录入官方日历"


def test_load_calendar_names_the_bad_lines_and_writes_nothing(admin_user, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("2027-01-01,休,元旦\n\n2027-01-04,班,春节\n2027-13-01,休\n", encoding="gb18030")
    with pytest.raises(CommandError) as exc:
        load(path)
    message = str(exc.value)
    assert "第3行：2027-01-04 是星期一" in message
    assert "第4行：日期“2027-13-01”无法识别" in message
    assert (CalendarYear.objects.count(), HistoryEntry.objects.filter(object_type="calendar").count()) == (
        0,
        0,
    )


def test_load_calendar_refuses_non_administrators_and_unknown_users(dc_staff, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(LINES_2027, encoding="utf-8")
    with pytest.raises(CommandError, match="只有系统管理员可以录入工作日历"):
        load(path, user="dc-staff")
    with pytest.raises(CommandError, match="没有用户名为 nobody 的用户"):
        load(path, user="nobody")
    with pytest.raises(CommandError, match="无法读取文件"):
        load(tmp_path / "missing.csv", user="dc-staff")
    assert CalendarYear.objects.count() == 0


def test_the_example_file_is_marked_as_an_example_and_matches_the_2026_notice(admin_user):
    text = SAMPLE.read_text(encoding="utf-8")
    assert "格式示例" in text and "FORMAT EXAMPLE ONLY" in text
    # Loaded as 2026 (which only replaces the package's 2026 by the same days), every day of 2026
    # is a working day exactly when the package says so.
    assert load(SAMPLE, year=2026) == "已录入2026年工作日历：放假 33 天，调休上班 6 天。\n"
    package = WorkCalendar()
    entered = selectors.current_calendar()
    assert entered.source(2026) == "entered"
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert entered.is_working_day(day) == package.is_working_day(day), day
        day += timedelta(days=1)
    with pytest.raises(CommandError, match="不在 2027 年内"):
        load(SAMPLE, year=2027)


def due(*args):
    out = io.StringIO()
    call_command("due_date", *args, stdout=out)
    return out.getvalue().splitlines()


def test_due_date_prints_the_iso_date_first_then_words(db):
    # Hand-counted in test_workcalendar: Fri 2026-09-18 → Thu 2026-10-15.
    assert due("2026-09-18") == [
        "2026-10-15",
        "2026-09-18（星期五）收到，第15个工作日为到期日：2026-10-15（星期四）",
    ]


def test_due_date_says_when_it_is_provisional(db):
    lines = due("2026-12-25")
    assert lines[0] == "2027-01-15"
    assert lines[2].startswith("暂定：2027年还没有官方工作日历")


def test_due_date_with_other_day_counts_and_json(db):
    assert due("2026-09-18", "--days", "1")[0] == "2026-09-20"
    (line,) = due("2026-12-25", "--json")
    assert json.loads(line) == {
        "received": "2026-12-25",
        "working_days": 15,
        "due": "2027-01-15",
        "provisional": True,
        "years_without_calendar": [2027],
    }


def test_due_date_follows_an_entered_calendar(admin_user, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("2027-01-01,休,元旦\n", encoding="utf-8")
    load(path)
    assert due("2026-12-25") == [
        "2027-01-18",
        "2026-12-25（星期五）收到，第15个工作日为到期日：2027-01-18（星期一）",
    ]


@pytest.mark.parametrize("args", [["2026-13-01"], ["yesterday"], ["2026-09-18", "--days", "0"]])
def test_due_date_refuses_bad_input_with_status_2(db, args):
    with pytest.raises(CommandError) as exc:
        due(*args)
    assert exc.value.returncode == 2


def test_due_date_exit_status_from_the_command_line():
    # A bad date is refused before the database is touched, so this needs none.
    result = subprocess.run(
        [sys.executable, "-m", "xinyong.manage", "due_date", "2026-02-30"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "日期“2026-02-30”无效" in result.stderr
    assert result.stdout == ""
