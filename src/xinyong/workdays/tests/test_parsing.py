"""The calendar file format: lines, separators, headers, comments, date spellings, encodings."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from xinyong.workdays.choices import DayKind
from xinyong.workdays.parsing import DayInput, decode, parse_date, parse_kind, split_lines


def test_lines_keep_their_numbers_and_skip_blank_comment_and_header_lines():
    text = (
        "# 2027年\n\n日期,类型,名称\n2027-01-01,休,元旦\n  \n"
        "2027-02-06，班，春节\n2027-02-07\t休\n2027-02-08 休 春节\n"
    )
    assert split_lines(text) == [
        DayInput("2027-01-01", "休", "元旦", line=4),
        DayInput("2027-02-06", "班", "春节", line=6),
        DayInput("2027-02-07", "休", "", line=7),
        DayInput("2027-02-08", "休", "春节", line=8),
    ]


def test_extra_fields_stay_visible_for_the_service_to_refuse():
    (row,) = split_lines("2027-01-01,休,元旦,多余,,")
    assert row.name == "元旦,多余"


@pytest.mark.parametrize(
    "text", ["2027-01-01", "2027/1/1", "2027.1.1", "2027年1月1日", "20270101", " 2027-1-01 "]
)
def test_date_spellings(text):
    assert parse_date(text) == date(2027, 1, 1)


@pytest.mark.parametrize("text", ["2027-02-30", "27-01-01", "2027-01", "元旦", ""])
def test_bad_dates(text):
    assert parse_date(text) is None


def test_kinds():
    assert {parse_kind(k) for k in ("休", "放假", "holiday", "Holiday ")} == {DayKind.HOLIDAY}
    assert {parse_kind(k) for k in ("班", "上班", "调休上班", "WORKDAY")} == {DayKind.WORKDAY}
    assert parse_kind("假") is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_decode(encoding):
    assert decode("日期,类型\n2027-01-01,休,元旦\n".encode(encoding)) == "日期,类型\n2027-01-01,休,元旦\n"


def test_decode_refuses_binary_and_huge_files():
    with pytest.raises(ValidationError, match="不是文本文件"):
        decode(b"%PDF\x00\x01")
    with pytest.raises(ValidationError, match="文件太大"):
        decode(b"2027-01-01,holiday\n" * 20_000)
