"""Reading a delivered file row by row, whatever its format, without holding it in memory.

- CSV: a byte-order mark means UTF-8; otherwise the whole file is checked as strict UTF-8 and,
  failing that, as GB18030 (what Excel on a Chinese Windows saves); a file that is neither is
  refused. Comma-separated, or tab-separated when the header has tabs and no commas.
- XLSX: the first sheet, read by ``xlsx`` (zip directory, size and cell limits checked first).
- JSON: an array of objects, parsed object by object, or JSON Lines (one object a line); an object
  or line larger than ``XINYONG_IMPORT_JSON_MAX_OBJECT_BYTES`` or nested deeper than
  ``XINYONG_JSON_MAX_DEPTH`` is refused.

A file beyond a limit set to protect the server (a zip bomb, 20 million rows, JSON nested a
thousand deep) raises ``FileRefused``, whose ``code`` the API returns; any other unreadable file
raises ``FileProblem``.

The format is decided by the content (an XLSX file is a zip; JSON starts with ``[`` or ``{``),
not by the name. ``open_table`` returns the header and an iterator of (row number, cells): the row
number is the spreadsheet row (header = 1), the array position for JSON (first object = 1), the
line for JSON Lines.
"""

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from xinyong import untrusted

from . import xlsx
from .choices import FileFormat

_CHUNK = 1024 * 1024
csv.field_size_limit(1024 * 1024)


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


class FileRefused(FileProblem):
    """The file breaks a limit that protects the server; ``code`` names it for programs."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def _max_object() -> int:
    """One JSON object (or JSON Lines line) larger than this is refused, not buffered."""
    return int(settings.XINYONG_IMPORT_JSON_MAX_OBJECT_BYTES)


def _object_too_large(where: str) -> FileRefused:
    return FileRefused(
        _("%(where)s超过 %(mb)s MB，未予处理：每一项应是一行数据。")
        % {"where": where, "mb": f"{_max_object() / _CHUNK:,.1f}"},
        "json_too_large",
    )


def _refused(problem: untrusted.JsonProblem, where: str) -> FileRefused:
    return FileRefused(f"{where}：{problem}", problem.code)


@dataclass
class Table:
    format: str
    encoding: str
    header: list[str]
    rows: Iterator[tuple[int, list[Any] | dict[str, Any]]]
    close: Any = None


def sniff(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise FileProblem(_("文件是空的。"))
    if head.startswith(b"PK\x03\x04"):
        return FileFormat.XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(_("这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再提交。"))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(
            _("文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8”或 CSV 后再提交。")
        )
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"["):
        return FileFormat.JSON
    if stripped.startswith(b"{"):
        return FileFormat.JSONL
    return FileFormat.CSV


def open_table(path: Path) -> Table:
    fmt = sniff(path)
    if fmt == FileFormat.XLSX:
        return _xlsx(path)
    if fmt == FileFormat.JSON:
        return _json_array(path)
    if fmt == FileFormat.JSONL:
        return _json_lines(path)
    return _csv(path)


def detect_encoding(path: Path) -> str:
    """utf-8-sig with a BOM; else utf-8 if the whole file is valid UTF-8; else gb18030 if valid."""
    with path.open("rb") as fh:
        if fh.read(3) == b"\xef\xbb\xbf":
            _check_decodes(path, "utf-8-sig")
            return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            _check_decodes(path, encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileProblem(
        _(
            "无法识别文件的编码：CSV 文件应为 UTF-8（可带 BOM）或 GB18030（GBK）编码。"
            "请在 Excel 中另存为“CSV UTF-8”后再提交。"
        )
    )


def _check_decodes(path: Path, encoding: str) -> None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            if b"\x00" in chunk:
                raise FileProblem(_("这不是文本文件（含有空字节）：请提交 CSV、XLSX 或 JSON 文件。"))
            decoder.decode(chunk)
        decoder.decode(b"", final=True)


def _csv(path: Path) -> Table:
    encoding = detect_encoding(path)
    fh = path.open("r", encoding=encoding, newline="")
    first = ""
    while not first.strip():
        first = fh.readline()
        if not first:
            break
    delimiter = "\t" if "\t" in first and "," not in first else ","
    fh.seek(0)
    reader = csv.reader(fh, delimiter=delimiter)
    header, number = None, 0
    try:
        # The header is the first row with anything in it; row numbers count from the file's top.
        for cells in reader:
            number += 1
            if any(c.strip() for c in cells):
                header = cells
                break
    except csv.Error as exc:
        fh.close()
        raise FileProblem(_("CSV 格式有误：%(error)s") % {"error": exc}) from exc
    if header is None:
        fh.close()
        raise FileProblem(_("文件是空的。"))

    def rows():
        try:
            yield from enumerate(reader, start=number + 1)
        except csv.Error as exc:
            raise FileProblem(
                _("CSV 格式有误（第 %(row)d 行附近）：%(error)s") % {"row": reader.line_num, "error": exc}
            ) from exc
        finally:
            fh.close()

    return Table(FileFormat.CSV, encoding.replace("-sig", " BOM"), header, rows(), fh.close)


def _xlsx(path: Path) -> Table:
    broken = _("XLSX 文件已损坏或不是有效的 Excel 工作簿，无法读取。")
    try:
        sheet = xlsx.open_sheet(path)
    except xlsx.Refused as exc:
        raise FileRefused(str(exc), exc.code) from None
    except xlsx.Broken as exc:
        raise FileProblem(broken) from exc

    said = {"broken": broken}

    def guarded():
        try:
            yield from sheet.rows()
        except Exception as exc:  # openpyxl and the XML parser raise many kinds of error
            refusal = xlsx.refusal_from(exc)
            if refusal is not None:
                raise FileRefused(str(refusal), refusal.code) from None
            raise FileProblem(said["broken"]) from exc

    iterator = guarded()
    try:
        # The header is the first row with anything in it.
        header_cells = next(
            (cells for _n, cells in iterator if any(c not in (None, "") for c in cells)), None
        )
    except BaseException:
        sheet.close()
        raise
    if header_cells is None:
        sheet.close()
        raise FileProblem(_("文件是空的。"))
    header = ["" if c is None else str(c) for c in header_cells]
    said["broken"] = _("XLSX 文件已损坏，读到中途无法继续。")

    def rows():
        try:
            yield from iterator
        finally:
            sheet.close()

    return Table(FileFormat.XLSX, "", header, rows(), sheet.close)


def _text_stream(path: Path) -> io.TextIOWrapper:
    try:
        _check_decodes(path, "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(_("JSON 文件必须是 UTF-8 编码。")) from exc
    return path.open("r", encoding="utf-8-sig")


def _json_lines(path: Path) -> Table:
    fh = _text_stream(path)
    limit = _max_object()

    def objects():
        number = 0
        while line := fh.readline(limit + 1):
            number += 1
            if len(line) > limit:
                raise _object_too_large(_("JSON Lines 第 %(line)d 行") % {"line": number})
            if not line.strip():
                continue
            try:
                value = untrusted.loads(line, characters=False)
            except untrusted.JsonProblem as exc:
                raise _refused(exc, _("JSON Lines 第 %(line)d 行") % {"line": number}) from None
            except json.JSONDecodeError as exc:
                raise FileProblem(
                    _("JSON Lines 第 %(line)d 行不是有效的 JSON：%(error)s")
                    % {"line": number, "error": exc.msg}
                ) from exc
            yield number, value

    return _json_table(FileFormat.JSONL, objects(), fh.close)


def _json_array(path: Path) -> Table:
    fh = _text_stream(path)
    return _json_table(FileFormat.JSON, _array_items(fh), fh.close)


def _array_items(fh) -> Iterator[tuple[int, Any]]:
    """The items of a top-level JSON array, one at a time, with a buffer of a few objects."""
    decoder = json.JSONDecoder()
    limit = _max_object()
    buffer = fh.read(_CHUNK).lstrip()
    if not buffer.startswith("["):
        raise FileProblem(_("JSON 文件应为对象数组（[{…}, {…}]）或每行一个对象（JSON Lines）。"))
    pos, number, eof, expect_item = 1, 0, False, True
    while True:
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n":
                pos += 1
            if pos < len(buffer) or eof:
                break
            buffer, pos = fh.read(_CHUNK), 0
            eof = not buffer
        if pos >= len(buffer):
            raise FileProblem(_("JSON 文件不完整：数组没有结束。"))
        char = buffer[pos]
        if char == "]":
            if number and expect_item:
                raise FileProblem(_("JSON 文件格式有误：第 %(n)d 个对象后多了逗号。") % {"n": number})
            if buffer[pos + 1 :].strip() or fh.read(1).strip():
                raise FileProblem(_("JSON 文件格式有误：数组结束后还有内容。"))
            return
        if char == ",":
            if expect_item:
                raise FileProblem(_("JSON 文件格式有误：第 %(n)d 个对象附近多了逗号。") % {"n": number + 1})
            pos, expect_item = pos + 1, True
            continue
        if not expect_item:
            raise FileProblem(_("JSON 文件格式有误：第 %(n)d 个对象后缺少逗号。") % {"n": number})
        while True:
            try:
                value, end = untrusted.raw_decode(decoder, buffer, pos)
                # A number or literal cut at the buffer's end parses but is incomplete.
                if end == len(buffer) and not eof:
                    raise json.JSONDecodeError("incomplete", buffer, end)
                break
            except untrusted.JsonProblem as exc:
                raise _refused(exc, _("JSON 文件第 %(n)d 个对象") % {"n": number + 1}) from None
            except json.JSONDecodeError as exc:
                if eof:
                    raise FileProblem(
                        _("JSON 文件第 %(n)d 个对象不是有效的 JSON：%(error)s")
                        % {"n": number + 1, "error": exc.msg}
                    ) from exc
                if len(buffer) - pos > limit:
                    raise _object_too_large(_("JSON 文件第 %(n)d 个对象") % {"n": number + 1}) from None
                more = fh.read(_CHUNK)
                eof = not more
                buffer, pos = buffer[pos:] + more, 0
        if end - pos > limit:
            raise _object_too_large(_("JSON 文件第 %(n)d 个对象") % {"n": number + 1})
        number += 1
        yield number, value
        pos, expect_item = end, False
        if pos > _CHUNK:
            buffer, pos = buffer[pos:], 0


def _json_table(fmt: str, objects: Iterator[tuple[int, Any]], close) -> Table:
    try:
        first = next(objects, None)
    except BaseException:
        close()
        raise
    if first is None:
        close()
        raise FileProblem(_("文件中没有任何数据。"))
    if not isinstance(first[1], dict):
        close()
        raise FileProblem(_('JSON 中的每一项都应是对象（{"列名": 值, …}）。'))
    header = [str(k) for k in first[1]]

    def rows():
        try:
            yield first
            yield from objects
        finally:
            close()

    return Table(fmt, "utf-8", header, rows(), close)
