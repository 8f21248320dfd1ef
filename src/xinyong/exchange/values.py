"""Reading one cell: text as people type it in Excel, values as JSON and XLSX hand them over.

Every parser returns the typed value or raises ``CellError`` with a message for the report.
"""

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.db.models import Choices
from django.utils.translation import gettext as _
from django.utils.translation import override

from xinyong.text import without_hidden

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})")
_DATETIME = re.compile(r"(.+?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
_TRUE = {"是", "true", "1", "yes", "y", "长期", "√", "✓"}
_FALSE = {"否", "false", "0", "no", "n", "", "×"}
# Control characters other than tab and line breaks have no place in any field (PostgreSQL text
# cannot even hold NUL); nor have lone surrogates, which JSON can write ("\ud800") but no
# database can store.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class CellError(ValueError):
    pass


def text(value: Any) -> str:
    """A cell as text: numbers as typed (12.0 from Excel is 12), dates in ISO form, stripped, without
    invisible characters (``xinyong.text``). Control characters other than tab and line breaks are
    refused rather than dropped: in a delivered file they mean a wrong encoding or a broken export."""
    if type(value) is str:
        result = value.strip()
        _check_characters(result)
        return without_hidden(result).strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | dict):
        raise CellError(_("此处应为文字，不能是列表或对象。"))
    result = str(value).strip()
    _check_characters(result)
    return result


def _check_characters(result: str) -> None:
    if _CONTROL.search(result):
        raise CellError(_("含有不允许的控制字符。"))
    if _SURROGATE.search(result):
        raise CellError(_("含有无效的 Unicode 字符（不成对的代理项）。"))


def parse_date(value: Any) -> date | None:
    """2024-05-06, 2024/5/6, 2024.5.6, 2024年5月6日, 20240506, or an Excel date; None when empty."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    if not raw:
        return None
    if len(raw) == 10 and raw[4] == "-":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    match = _DATE.fullmatch(unicodedata.normalize("NFKC", raw))
    if match:
        groups = match.groups()[:3] if match.group(1) else match.groups()[3:]
        try:
            return date(*(int(g) for g in groups))
        except ValueError:
            pass
    raise CellError(_("“%(value)s”不是有效的日期（应为 2024-05-06 这样的格式）。") % {"value": raw[:40]})


def parse_datetime(value: Any) -> datetime | None:
    """A date, optionally with a time (hh:mm[:ss]); naive, to be read in the project's time zone."""
    if isinstance(value, datetime):
        return value
    raw = text(value)
    if not raw:
        return None
    match = _DATETIME.fullmatch(unicodedata.normalize("NFKC", raw))
    day_part, time_part = (match.group(1), match.groups()[1:]) if match else (raw, None)
    day = parse_date(day_part)
    if time_part is None:
        return datetime(day.year, day.month, day.day)
    hour, minute, second = (int(g or 0) for g in time_part)
    try:
        return datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError as exc:
        raise CellError(_("“%(value)s”不是有效的时间。") % {"value": raw[:40]}) from exc


def parse_int(value: Any) -> int | None:
    if isinstance(value, bool):
        raise CellError(_("应为整数。"))
    if isinstance(value, int):
        return value
    raw = text(value).replace(",", "")
    if not raw:
        return None
    try:
        number = Decimal(unicodedata.normalize("NFKC", raw))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise CellError(_("“%(value)s”不是整数。") % {"value": raw[:40]})
    return int(number)


def parse_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        raise CellError(_("应为数字。"))
    raw = text(value).replace(",", "")
    if not raw:
        return None
    try:
        number = Decimal(unicodedata.normalize("NFKC", raw))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise CellError(_("“%(value)s”不是数字。") % {"value": raw[:40]})
    return number


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).casefold()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise CellError(_("“%(value)s”应为“是”或“否”。") % {"value": raw[:40]})


@cache
def _choice_lookup(choices: type[Choices]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[_fold(value)] = value
        for language in ("zh-hans", "en"):
            with override(language):
                lookup.setdefault(_fold(str(label)), value)
    return lookup


def _fold(text_value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text_value).casefold().split())


def parse_choice(value: Any, choices: type[Choices], *, extra: dict[str, str] | None = None) -> str:
    """A choice by its stored value or its label (Chinese or English); "" when empty."""
    raw = text(value)
    if not raw:
        return ""
    folded = _fold(raw)
    found = _choice_lookup(choices).get(folded) or (extra or {}).get(folded)
    if found is None:
        with override("zh-hans"):
            allowed = "、".join(str(label) for _value, label in choices.choices)
        raise CellError(
            _("“%(value)s”不是可选的值（可选：%(allowed)s）。") % {"value": raw[:40], "allowed": allowed}
        )
    return found


def parse_branches(value: Any) -> list[dict[str, str]]:
    """分支（代表）机构情况: a JSON list of {name, address, head}, or text
    ``名称|地址|负责人；名称|地址|负责人``. Completeness is checked by registry.services.clean_branches."""
    if isinstance(value, list):
        return [
            {k: text((item or {}).get(k)) for k in ("name", "address", "head")}
            if isinstance(item, dict)
            else {"name": text(item), "address": "", "head": ""}
            for item in value
        ]
    raw = text(value)
    if not raw:
        return []
    branches = []
    for part in re.split(r"[;；\n]", raw):
        if not part.strip():
            continue
        pieces = [p.strip() for p in re.split(r"[|｜]", part)]
        pieces += [""] * (3 - len(pieces))
        if len(pieces) > 3:
            raise CellError(_("每个分支机构应写作“名称|地址|负责人”。"))
        branches.append(dict(zip(("name", "address", "head"), pieces, strict=True)))
    return branches
