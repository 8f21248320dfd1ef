"""The calendar file format: one day a line, ``date,kind,name``; kind is 休 or 班 (holiday / workday).

    # 国务院办公厅关于2026年部分节假日安排的通知
    date,kind,name
    2026-02-14,班,春节
    2026-02-15,休,春节

Blank lines and lines starting with ``#`` are ignored, and so is a header line. Fields are
separated by a comma, a full-width comma (，) or a tab, or by spaces when a line has none of these.
Files are UTF-8 (with or without BOM) or GB18030 (what Excel on a Chinese Windows saves).
Splitting lines never fails: what a line means is checked by ``services.calendar_enter``, which
names the line of every problem.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import DayKind

MAX_FILE_BYTES = 256 * 1024

KIND_ALIASES = {
    "休": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "holiday": DayKind.HOLIDAY,
    "班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "调休上班": DayKind.WORKDAY,
    "workday": DayKind.WORKDAY,
}
_SEPARATOR = re.compile(r"\s*[,，\t]\s*")
_HEADER_WORDS = {"date", "日期"}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True)
class DayInput:
    """One line as given: ``date`` a date or its text, ``kind`` a DayKind value or an alias."""

    date: date | str
    kind: str
    name: str = ""
    line: int | None = None


def decode(data: bytes) -> str:
    """The text of an uploaded calendar file: UTF-8 (BOM or not), else GB18030."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            _("文件太大：工作日历文件不应超过 %(kb)d KB。") % {"kb": MAX_FILE_BYTES // 1024}
        )
    if b"\x00" in data:
        raise ValidationError(_("这不是文本文件：请上传 CSV 文本文件（UTF-8 或 GB18030 编码）。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("无法识别文件的编码：请保存为 UTF-8 或 GB18030 编码的 CSV 文件。"))


def split_lines(text: str) -> list[DayInput]:
    """Every non-blank, non-comment, non-header line of ``text``, with its line number."""
    rows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff").strip()
        if not line or line.startswith("#"):
            continue
        parts = _SEPARATOR.split(line)
        if len(parts) == 1:
            # Pasted as "2027-01-01 休 元旦": spaces separate when nothing else does.
            parts = line.split()
        if not rows and parts[0].strip().lower() in _HEADER_WORDS:
            continue
        kind = parts[1] if len(parts) > 1 else ""
        # Extra fields end up in the name, where the service refuses the separator.
        name = ",".join(p for p in parts[2:] if p)
        rows.append(DayInput(date=parts[0], kind=kind, name=name, line=number))
    return rows


def parse_date(text: str) -> date | None:
    """2027-01-01, 2027/1/1, 2027.1.1, 2027年1月1日 or 20270101; None when it is none of them."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    year, month, day = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_kind(text: str) -> DayKind | None:
    return KIND_ALIASES.get(text.strip().lower())
