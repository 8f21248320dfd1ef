"""R-INF-9: 统一社会信用代码 validation, with an error naming what is wrong."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from xinyong.registry.uscc import ALPHABET, make_uscc, validate_uscc

VALID = make_uscc(registration_type="social_group", division="110101", org_body="50001234")


def error_code(code, **kw):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code, **kw)
    return exc.value.code, exc.value.messages[0]


def test_valid_code_and_normalisation():
    assert validate_uscc(VALID, registration_type="social_group") == VALID
    full_width = VALID.translate({ord(c): ord(c) + 0xFEE0 for c in VALID}).lower()
    assert validate_uscc(f" {full_width[:6]} {full_width[6:]} ") == VALID


def test_length_is_named():
    assert error_code(VALID[:17]) == ("uscc_length", "统一社会信用代码应为18位，实际为17位。")


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z", "#"])
def test_bad_character_names_position(bad):
    code, message = error_code(VALID[:10] + bad + VALID[11:])
    assert code == "uscc_character"
    assert "第11位" in message and bad in message


def test_letters_refused_in_division_code():
    code, message = error_code(VALID[:3] + "A" + VALID[4:])
    assert code == "uscc_character" and "第4位" in message


def test_organisation_code_check_character():
    wrong = "0" if VALID[16] != "0" else "1"
    code, message = error_code(VALID[:16] + wrong + VALID[17])
    assert code == "uscc_org_check" and "第17位" in message


def test_whole_code_check_character():
    wrong = "0" if VALID[17] != "0" else "1"
    code, message = error_code(VALID[:17] + wrong)
    assert code == "uscc_check" and f"应为“{VALID[17]}”" in message


def test_enterprise_code_is_refused_by_category():
    # A real enterprise code (python-stdnum's example): checksums fine, but not 民政.
    code, message = error_code("91110000600037341L")
    assert code == "uscc_department" and "第1位应为“5”" in message


@pytest.mark.parametrize(
    ("registration_type", "position2"),
    [("social_group", "1"), ("social_service", "2"), ("foundation", "3"), ("other", "9")],
)
def test_position_two_matches_registration_type(registration_type, position2):
    code = make_uscc(registration_type=registration_type, division="110105", org_body="MA01H3K5")
    assert code[1] == position2
    assert validate_uscc(code, registration_type=registration_type) == code
    other = "foundation" if registration_type != "foundation" else "social_group"
    err, message = error_code(code, registration_type=other)
    assert err == "uscc_category" and "第2位" in message


@given(
    body=st.text(alphabet=ALPHABET, min_size=8, max_size=8),
    position=st.integers(min_value=8, max_value=17),
    replacement=st.sampled_from(ALPHABET),
)
def test_every_single_character_change_in_the_organisation_part_is_caught(body, position, replacement):
    code = make_uscc(registration_type="social_group", division="110000", org_body=body)
    assert validate_uscc(code) == code
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(ValidationError):
        validate_uscc(changed)
