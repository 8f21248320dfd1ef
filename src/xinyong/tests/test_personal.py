"""Personal numbers (R-SEC-2) are found however they are written: separators between any digits,
full-width digits, Chinese numerals; exactly the number is replaced."""

import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from xinyong.personal import SEPARATORS, personal_number_in, redact_personal_data

STYLES = (
    "0123456789",
    "０１２３４５６７８９",
    "〇一二三四五六七八九",
    "零壹贰叁肆伍陆柒捌玖",
    "○幺两三四五六七八九",
)
DIGIT_LIKE = set("".join(STYLES)) | set("〇零壹贰叁肆伍陆柒捌玖幺两")


@st.composite
def identity_numbers(draw) -> str:
    area = draw(st.integers(110000, 659999))
    born = draw(st.dates(date(1900, 1, 1), date(2020, 12, 31)))
    serial = draw(st.integers(0, 999))
    check = draw(st.sampled_from("0123456789X"))
    return f"{area}{born:%Y%m%d}{serial:03d}{check}"


@st.composite
def old_identity_numbers(draw) -> str:
    area = draw(st.integers(110000, 659999))
    born = draw(st.dates(date(1900, 1, 1), date(1999, 12, 31)))
    return f"{area}{born:%y%m%d}{draw(st.integers(0, 999)):03d}"


@st.composite
def mobile_numbers(draw) -> str:
    number = f"1{draw(st.integers(3, 9))}{draw(st.integers(0, 999_999_999)):09d}"
    return draw(st.sampled_from(("", "86", "+86"))) + number


@st.composite
def written(draw, number: str) -> str:
    """``number`` as someone might type it: each digit in any style, separators anywhere."""
    out = []
    for n, ch in enumerate(number):
        if n and out[-1] != "+":
            out.append(draw(st.text(st.sampled_from(SEPARATORS), max_size=3)))
        if ch.isdigit():
            out.append(draw(st.sampled_from(STYLES))[int(ch)])
        else:
            out.append(ch)
    return "".join(out)


# Text around the number: letters, CJK, punctuation and spaces, but no digits of any kind (a
# digit touching the number would make it part of a longer one, which is not a personal number).
around = st.text(
    st.characters(categories=("Lo", "Lu", "Ll", "Po", "Ps", "Pe", "Zs")).filter(
        lambda ch: ch not in DIGIT_LIKE and unicodedata.category(ch) != "Nd"
    ),
    max_size=12,
)


@settings(max_examples=500, deadline=None)
@given(
    number=st.one_of(identity_numbers(), old_identity_numbers(), mobile_numbers()).flatmap(written),
    before=around,
    after=around,
)
def test_no_digit_of_a_personal_number_survives(number, before, after):
    text = before + number + after
    shown = redact_personal_data(text)
    assert personal_number_in(text)
    assert not [ch for ch in shown if ch in DIGIT_LIKE or unicodedata.category(ch) == "Nd"], shown
    assert shown.startswith(before.removesuffix("+")) and "＊＊＊" in shown


@settings(max_examples=300, deadline=None)
@given(
    numbers=st.lists(mobile_numbers().flatmap(written), min_size=2, max_size=4),
    glue=st.sampled_from("，、；号和"),
)
def test_every_number_in_a_list_is_redacted_and_the_text_between_stays(numbers, glue):
    shown = redact_personal_data(glue.join(numbers))
    assert shown == glue.join(["＊＊＊"] * len(numbers))
