"""Reading and checking query parameters, with the same rules the schema states.

Each rule here has a JSON Schema twin (``*_SCHEMA``) in the OpenAPI document, so a client (and
schemathesis) can tell in advance what will be accepted.
"""

import contextlib
import re
import unicodedata
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xinyong.registry.search import parse
from xinyong.registry.uscc import validate_uscc

from .errors import BadRequest

_CONTROL = r"\x00-\x1f\x7f-\x9f"  # Unicode category Cc
_VISIBLE = rf"[^\s{_CONTROL}]"
_SPACE = rf"[^\S{_CONTROL}]"

# Public search: what is left after normalisation (no spaces, no control characters) must be at
# least two characters long, as on the search page (registry.search.MIN_QUERY_LENGTH).
Q_PATTERN = rf"^(?:[\s\S]*?{_VISIBLE}){{2}}[\s\S]*$"

PURPOSE_MIN = 4
PURPOSE_MAX = 200
# At least four visible characters, no control characters, at most 200 characters in all.
PURPOSE_PATTERN = rf"^(?:{_SPACE}*{_VISIBLE}){{{PURPOSE_MIN}}}[^{_CONTROL}]*$"

BATCH_MAX = 100


def search_query(request) -> str:
    """The ``q`` of a search; 400 with the search page's message when it is too short."""
    raw = request.query_params.get("q", "")
    if not parse(raw).usable:
        raise BadRequest(
            _("请输入至少两个字：协会名称的任意部分，或18位统一社会信用代码。"), code="query_too_short"
        )
    return raw


def uscc(value: str) -> str:
    """A normalised 统一社会信用代码; 400 with the validator's message (R-INF-9) when it is wrong."""
    try:
        return validate_uscc(value)
    except ValidationError as exc:
        raise BadRequest(" ".join(exc.messages), code="invalid_uscc") from None


def uscc_list(request) -> list[str]:
    """``uscc=A,B,C`` (or ``uscc=A&uscc=B``): 1 to BATCH_MAX codes, each valid; duplicates once."""
    items = [part for value in request.query_params.getlist("uscc") for part in value.split(",")]
    if not items:
        raise BadRequest(
            _("请在 uscc 参数中给出要查询的统一社会信用代码，多个代码用逗号分隔。"), code="uscc_required"
        )
    if len(items) > BATCH_MAX:
        raise BadRequest(
            _("一次最多查询%(max)d个统一社会信用代码，本次给出了%(n)d个。")
            % {"max": BATCH_MAX, "n": len(items)},
            code="too_many",
        )
    codes: list[str] = []
    for position, item in enumerate(items, start=1):
        try:
            code = validate_uscc(item)
        except ValidationError as exc:
            raise BadRequest(
                _("第%(n)d个代码“%(code)s”有误：%(message)s")
                % {"n": position, "code": _printable(item)[:40], "message": " ".join(exc.messages)},
                code="invalid_uscc",
            ) from None
        if code not in codes:
            codes.append(code)
    return codes


def stated_purpose(request) -> str:
    """The purpose as sent: the ``purpose`` parameter, else the ``X-Purpose`` header. HTTP header
    values are Latin-1 on the wire, so the header carries UTF-8, raw or percent-encoded."""
    value = request.query_params.get("purpose")
    if value is not None:
        return value
    header = request.META.get("HTTP_X_PURPOSE")
    if header is None:
        return ""
    with contextlib.suppress(UnicodeError):
        header = header.encode("latin-1").decode("utf-8")
    if re.search(r"%[0-9A-Fa-f]{2}", header):
        header = unquote(header)
    return header


def purpose(request) -> str:
    """The stated purpose of a department query (R-QRY-2, 依法查询); 400 saying what is missing."""
    value = stated_purpose(request)
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise BadRequest(_("查询目的不能包含控制字符（如换行、制表符）。"), code="purpose_invalid")
    if sum(1 for ch in value if not ch.isspace()) < PURPOSE_MIN:
        raise BadRequest(
            _(
                "请说明查询目的：在 purpose 参数（或 X-Purpose 请求头）中写明依法查询的事由，"
                "至少%(min)d个字、至多%(max)d个字，例如“政府购买服务承接主体资格审查”。"
            )
            % {"min": PURPOSE_MIN, "max": PURPOSE_MAX},
            code="purpose_required",
        )
    if len(value) > PURPOSE_MAX:
        raise BadRequest(
            _("查询目的不能超过%(max)d个字，现为%(n)d个字。") % {"max": PURPOSE_MAX, "n": len(value)},
            code="purpose_too_long",
        )
    return value.strip()


def _printable(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
