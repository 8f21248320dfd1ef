"""Reading a delivered file row by row, whatever its format, without holding it in memory.

- CSV: a byte-order mark means UTF-8; otherwise the whole file is checked as strict UTF-8 and,
  failing that, as GB18030 (what Excel on a Chinese Windows saves); a file that is neither is
  refused. Comma-separated, or tab-separated when the header has tabs and no commas.
- XLSX: the first sheet, read with openpyxl in read-only mode.
- JSON: an array of objects, parsed object by object, or JSON Lines (one object a line).

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

from django.utils.translation import gettext as _

from .choices import FileFormat

_CHUNK = 1024 * 1024
_MAX_OBJECT = 16 * _CHUNK  # one JSON object larger than this is refused, not buffered
csv.field_size_limit(1024 * 1024)


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


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
    from openpyxl import load_workbook

    broken = _("XLSX 文件已损坏或不是有效的 Excel 工作簿，无法读取。")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for a broken file
        raise FileProblem(broken) from exc
    try:
        sheet = workbook.worksheets[0]
        # Read every row there is, whatever size the file claims its sheet has.
        sheet.reset_dimensions()
        iterator = enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        # The header is the first row with anything in it.
        header_cells = next(
            (cells for _n, cells in iterator if any(c not in (None, "") for c in cells)), None
        )
    except Exception as exc:
        workbook.close()
        raise FileProblem(broken) from exc
    if header_cells is None:
        workbook.close()
        raise FileProblem(_("文件是空的。"))
    header = ["" if c is None else str(c) for c in header_cells]

    def rows():
        try:
            for number, cells in iterator:
                yield number, list(cells)
        except Exception as exc:
            raise FileProblem(_("XLSX 文件已损坏，读到中途无法继续。")) from exc
        finally:
            workbook.close()

    return Table(FileFormat.XLSX, "", header, rows(), workbook.close)


def _text_stream(path: Path) -> io.TextIOWrapper:
    try:
        _check_decodes(path, "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(_("JSON 文件必须是 UTF-8 编码。")) from exc
    return path.open("r", encoding="utf-8-sig")


def _json_lines(path: Path) -> Table:
    fh = _text_stream(path)

    def objects():
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
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
                value, end = decoder.raw_decode(buffer, pos)
                # A number or literal cut at the buffer's end parses but is incomplete.
                if end == len(buffer) and not eof:
                    raise json.JSONDecodeError("incomplete", buffer, end)
                break
            except json.JSONDecodeError as exc:
                if eof or len(buffer) - pos > _MAX_OBJECT:
                    raise FileProblem(
                        _("JSON 文件第 %(n)d 个对象不是有效的 JSON：%(error)s")
                        % {"n": number + 1, "error": exc.msg}
                    ) from exc
                more = fh.read(_CHUNK)
                eof = not more
                buffer, pos = buffer[pos:] + more, 0
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
