"""统一社会信用代码 (GB 32100-2015) for social organisations (R-INF-9).

The whole-code check character comes from python-stdnum (`stdnum.cn.uscc`). stdnum does not
check the organisation code embedded at positions 9-17 (GB 11714), nor the rules that apply to
organisations registered by civil-affairs authorities (民政: position 1 is ``5``, position 2 is
the organisation category), so those are checked here. Every error names what is wrong.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc as stdnum_uscc

from xinyong.registry.choices import RegistrationType

ALPHABET = stdnum_uscc._alphabet  # 0-9 and A-Y without I, O, S, V, Z
CIVIL_AFFAIRS = "5"
# Position 2 for 民政 registrations (GB 32100-2015 附录A).
CATEGORY_BY_TYPE = {
    RegistrationType.SOCIAL_GROUP: "1",
    RegistrationType.SOCIAL_SERVICE: "2",
    RegistrationType.FOUNDATION: "3",
    RegistrationType.OTHER: "9",
}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check_char(body: str) -> str:
    """GB 11714 check character for the 8-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def normalize(code: str) -> str:
    """Upper case, no spaces or dashes, full-width characters made half-width, no control characters."""
    text = unicodedata.normalize("NFKC", code or "")
    return stdnum_uscc.compact("".join(ch for ch in text if unicodedata.category(ch) != "Cc"))


def validate_uscc(code: str, *, registration_type: str | None = None) -> str:
    """Return the normalised code or raise ValidationError naming the first problem found."""
    code = normalize(code)
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，实际为%(n)d位。") % {"n": len(code)}, code="uscc_length"
        )
    for pos, char in enumerate(code, start=1):
        allowed = char.isdigit() if 3 <= pos <= 8 else char in ALPHABET
        if not allowed:
            raise ValidationError(
                _("统一社会信用代码第%(pos)d位的字符“%(char)s”不允许（不得使用I、O、S、V、Z）。")
                % {"pos": pos, "char": char},
                code="uscc_character",
            )
    expected_org = org_code_check_char(code[8:16])
    if code[16] != expected_org:
        raise ValidationError(
            _("统一社会信用代码第17位（组织机构代码校验码）应为“%(expected)s”，实际为“%(actual)s”。")
            % {"expected": expected_org, "actual": code[16]},
            code="uscc_org_check",
        )
    expected = stdnum_uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码第18位（校验码）应为“%(expected)s”，实际为“%(actual)s”。")
            % {"expected": expected, "actual": code[17]},
            code="uscc_check",
        )
    if code[0] != CIVIL_AFFAIRS:
        raise ValidationError(
            _("统一社会信用代码第1位应为“5”（民政部门登记），实际为“%(actual)s”。") % {"actual": code[0]},
            code="uscc_department",
        )
    if registration_type is not None:
        expected_cat = CATEGORY_BY_TYPE[registration_type]
        if code[1] != expected_cat:
            raise ValidationError(
                _("统一社会信用代码第2位应为“%(expected)s”（与登记类型一致），实际为“%(actual)s”。")
                % {"expected": expected_cat, "actual": code[1]},
                code="uscc_category",
            )
    return code


def make_uscc(*, registration_type: str, division: str, org_body: str) -> str:
    """Build a valid code (used by the demo data and tests)."""
    head = CIVIL_AFFAIRS + CATEGORY_BY_TYPE[registration_type] + division + org_body
    head += org_code_check_char(org_body)
    return head + stdnum_uscc.calc_check_digit(head)
