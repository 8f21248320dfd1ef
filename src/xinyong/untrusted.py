"""What comes from outside is checked here before a parser or the database sees it.

Two kinds of text no column can hold: NUL (U+0000), which PostgreSQL refuses in text and jsonb,
and lone surrogates (U+D800–U+DFFF), which are not characters at all and cannot be encoded as
UTF-8 for either engine. A URL, form or header cannot carry a surrogate (Django decodes them with
replacement), but JSON can (``"\\ud800"``), and any of them can carry NUL.

JSON from outside (API bodies, import files) is limited in depth: the standard decoder recurses
once per level and ends in ``RecursionError`` near 1,000 levels, and no value this system reads
nests deeper than a few.
"""

import json
import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

_BAD = re.compile("[\x00\ud800-\udfff]")


def bad_character(text: str) -> str | None:
    """``"nul"`` or ``"surrogate"`` for the first character no text column can hold, else None."""
    found = _BAD.search(text)
    if found is None:
        return None
    return "nul" if found.group() == "\x00" else "surrogate"


def bad_character_message(kind: str, where: str) -> str:
    """The sentence shown for a refused value; ``where`` names it (a field, a parameter …)."""
    if kind == "nul":
        return _("%(where)s含有空字符（U+0000），无法处理：请删除后重新提交。") % {"where": where}
    return _("%(where)s含有无效的 Unicode 字符（不成对的代理项），无法处理：请删除后重新提交。") % {
        "where": where
    }


def printable(text: Any) -> str:
    """``text`` with NUL and lone surrogates shown as escapes, safe to store or write as UTF-8."""
    return _BAD.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def max_json_depth() -> int:
    return int(settings.XINYONG_JSON_MAX_DEPTH)


class JsonProblem(ValueError):
    """A JSON value this system will not take; ``code`` says which limit it broke."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def too_deep(limit: int) -> JsonProblem:
    return JsonProblem(
        _("JSON 嵌套超过 %(limit)d 层，不予处理。") % {"limit": limit},
        "json_too_deep",
    )


def check_json(value: Any, *, max_depth: int | None = None, characters: bool = True) -> None:
    """Refuse ``value`` (decoded JSON) nested deeper than ``max_depth`` or, with ``characters``,
    holding NUL or a lone surrogate in any key or string. Iterative: no recursion to exhaust."""
    limit = max_json_depth() if max_depth is None else max_depth
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if characters and (kind := bad_character(item)):
                raise JsonProblem(bad_character_message(kind, _("JSON 中的文字")), "invalid_characters")
            continue
        if isinstance(item, dict):
            children = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise too_deep(limit)
        stack.extend((child, depth + 1) for child in children)


def loads(text: str, *, max_depth: int | None = None, characters: bool = True) -> Any:
    """``json.loads`` with the depth limit (``JsonProblem``); other errors as ``json.loads``."""
    limit = max_json_depth() if max_depth is None else max_depth
    try:
        value = json.loads(text)
    except RecursionError:
        raise too_deep(limit) from None
    check_json(value, max_depth=limit, characters=characters)
    return value


def raw_decode(
    decoder: json.JSONDecoder, text: str, pos: int, *, max_depth: int | None = None
) -> tuple[Any, int]:
    """``decoder.raw_decode`` with the depth limit; characters are left to the caller."""
    limit = max_json_depth() if max_depth is None else max_depth
    try:
        value, end = decoder.raw_decode(text, pos)
    except RecursionError:
        raise too_deep(limit) from None
    check_json(value, max_depth=limit, characters=False)
    return value, end
