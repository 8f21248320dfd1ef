"""``xinyong.text.clean_text``: nothing invisible is stored (issue 13)."""

import sys
import unicodedata

import pytest

from xinyong.registry.models import normalize_text
from xinyong.text import HIDDEN, clean_text


def test_every_format_character_and_surrogate_of_this_python_is_removed():
    """The character class is written out; this keeps it complete for the Unicode version of the
    Python that runs it (a newer one may add format characters)."""
    missed = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) in ("Cf", "Cs") and not HIDDEN.fullmatch(chr(cp))
    ]
    assert missed == []


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("北京市东城\u200b区餐饮协会", "北京市东城区餐饮协会"),  # zero-width space
        ("\u202e会协饮餐区城东", "会协饮餐区城东"),  # right-to-left override
        ("\ufeff北京\u2066市\u2069", "北京市"),  # BOM, isolates
        ("北京\u00ad市\u2060\u200d", "北京市"),  # soft hyphen, word joiner, ZWJ
        ("\u3164", ""),  # a Hangul filler: looks blank
        ("项目\x07名称\x00", "项目名称"),
        ("第一行\n第二行\t附注", "第一行 第二行 附注"),  # single-line text: one line
        ("  前后空白 ", "前后空白"),
        ("普通文字 ABC 123", "普通文字 ABC 123"),
    ],
)
def test_single_line(typed, stored):
    assert clean_text(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("第一行\r\n第二行\n\t第三行", "第一行\r\n第二行\n\t第三行"),  # as a browser submits a textarea
        ("甲\r乙\u2028丙\x0c丁", "甲\n乙\n丙\n丁"),
        ("违规\u202e收费\u200b", "违规收费"),
    ],
)
def test_multi_line(typed, stored):
    assert clean_text(typed, multiline=True) == stored


def test_the_search_normalisation_drops_the_same_characters():
    assert normalize_text("东城\u200b区\u202e") == normalize_text("东城区") == "东城区"
