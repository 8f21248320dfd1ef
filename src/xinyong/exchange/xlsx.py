"""The first sheet of a delivered XLSX file, read in bounded memory and time.

An XLSX file is a zip of XML parts, and both layers can be made to explode: a 1 MB file can
inflate to gigabytes (a zip bomb), a small sheet can hold millions of rows. So, in this order:

1. **The zip directory**, before anything is inflated: the number of parts, each part's and the
   total uncompressed size, and each large part's compression ratio. The sizes are the central
   directory's; Python's zipfile never inflates a part past its stated size (it stops there and
   the CRC check fails), so a part cannot lie its way past these limits. The parts openpyxl parses
   whole (workbook, styles, relationships …) have a lower limit than the two read as streams here
   (the worksheets and the shared strings).
2. **The workbook**: openpyxl reads the content types, the workbook, its relationships and the
   styles (for date formats) through defusedxml, a direct dependency, so an entity declaration
   ("billion laughs") is refused, not expanded. Nothing else of openpyxl's loading runs: it would
   parse every sheet whole just to find one without a ``<dimension>``.
3. **The sizes**, over the inflated bytes of the first sheet and of the shared strings, before
   either is parsed: the sheet's declared ``<dimension>``, then its row and cell start tags and the
   number of shared strings are counted by regular expression and held against the cell limit
   (rows × columns; an empty row counts as one cell). The same pass refuses a ``<!DOCTYPE``
   (without one no entity can be declared) and anything but UTF-8, so these two parts can then be
   parsed with the standard library's C parser, several times faster than defusedxml's.
4. **The shared strings** go into a compact table (UTF-8 bytes and offsets, not one Python string
   each) and **the rows** are streamed with ``iterparse``, every element dropped once read —
   openpyxl's own reader keeps an empty element per row, which is how 20 million empty rows took
   2 GB — with every cell's length checked.

Every limit is a setting (``Limits.current``); breaking one raises ``Refused`` with a ``code``
and a sentence saying what to do.
"""

import re
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml import DEFUSEDXML
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS, WORKSHEET_TYPE

from xinyong.untrusted import printable

if not DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False in the environment, or defusedxml missing
    raise ImproperlyConfigured(
        "openpyxl must parse XML through defusedxml (issue 13): unset OPENPYXL_DEFUSEDXML"
    )

MB = 1024 * 1024
# A part smaller than this may compress as well as it likes: small parts prove nothing.
RATIO_FLOOR = MB
# Elements inside one cell or one shared string (rich-text runs and their formatting).
MAX_ELEMENTS_PER_CELL = 1000

_MAIN = f"{{{SHEET_MAIN_NS}}}"
ROW, CELL, SHEET_DATA = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}sheetData"
SI, T, RUN = f"{_MAIN}si", f"{_MAIN}t", f"{_MAIN}r"
# Start tags, with or without a namespace prefix (<row …>, <x:c …>). A start tag cannot be
# written any other way, so counting these over-counts at worst (in a comment), never under.
_PREFIX = rb"<(?:[A-Za-z_][\w.\-]*:)?"
_ROW_TAG = re.compile(_PREFIX + rb"row[\s/>]")
_CELL_TAG = re.compile(_PREFIX + rb"c[\s/>]")
_STRING_TAG = re.compile(_PREFIX + rb"si[\s/>]")
_DIMENSION = re.compile(_PREFIX + rb'dimension\s+ref\s*=\s*["\']([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?')
_SHEET_DATA = re.compile(_PREFIX + rb"sheetData[\s/>]")
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([^"']*)""")


class Broken(ValueError):
    """The file is not a readable workbook."""


class Refused(ValueError):
    """The file breaks one of the limits; ``code`` names which."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Limits:
    parts: int  # parts in the zip
    unzipped: int  # bytes, all parts inflated
    part: int  # bytes, one worksheet or the shared strings inflated
    xml_part: int  # bytes, any other XML part (parsed whole)
    ratio: float  # inflated / compressed, for parts above RATIO_FLOOR
    cells: int  # rows × columns of the sheet
    cell_chars: int  # characters in one cell

    @classmethod
    def current(cls) -> "Limits":
        return cls(
            parts=int(settings.XINYONG_IMPORT_XLSX_MAX_PARTS),
            unzipped=int(settings.XINYONG_IMPORT_XLSX_MAX_UNZIPPED_BYTES),
            part=int(settings.XINYONG_IMPORT_XLSX_MAX_PART_BYTES),
            xml_part=int(settings.XINYONG_IMPORT_XLSX_MAX_XML_BYTES),
            ratio=float(settings.XINYONG_IMPORT_XLSX_MAX_RATIO),
            cells=int(settings.XINYONG_IMPORT_MAX_CELLS),
            cell_chars=int(settings.XINYONG_IMPORT_MAX_CELL_CHARS),
        )


def _mb(size: int) -> str:
    return f"{size / MB:,.1f}"


def _split_hint() -> str:
    return _("如确属正常数据，请拆分为几个批次，或另存为 CSV 后提交。")


def _zip_bomb(detail: str) -> Refused:
    return Refused(
        _("XLSX 文件解压后过大，可能是“压缩炸弹”，未予处理：%(detail)s。") % {"detail": detail}
        + _split_hint(),
        "xlsx_too_large",
    )


def _part_too_large(name: str, size: int, limit: int) -> Refused:
    return _zip_bomb(
        _("部件 %(name)s 解压后 %(size)s MB，上限为 %(limit)s MB")
        % {"name": printable(name[:100]), "size": _mb(size), "limit": _mb(limit)}
    )


def _too_many_cells(detail: str, limit: int) -> Refused:
    return Refused(
        _("工作表过大：%(detail)s，超过上限 %(limit)s 个单元格（行数 × 列数，空行按一个计），未予处理。")
        % {"detail": detail, "limit": f"{limit:,}"}
        + _split_hint(),
        "too_many_cells",
    )


def _cell_too_long(where: str, limit: int) -> Refused:
    return Refused(
        _("%(where)s的内容超过 %(limit)s 个字符，未予处理。") % {"where": where, "limit": f"{limit:,}"},
        "cell_too_long",
    )


def _too_complex() -> Refused:
    return Refused(_("XLSX 文件中有单元格结构异常复杂（元素过多），未予处理。"), "xlsx_too_complex")


def _entities() -> Refused:
    return Refused(
        _("XLSX 文件的 XML 中含有实体或文档类型声明（可被用来耗尽服务器资源），未予处理。"),
        "xml_entities",
    )


# --- 1. the zip directory ----------------------------------------------------------------------


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an archive whose directory promises too much, before any part is inflated."""
    infos = archive.infolist()
    if len(infos) > limits.parts:
        raise _zip_bomb(
            _("含有 %(n)s 个部件，上限为 %(limit)s 个")
            % {"n": f"{len(infos):,}", "limit": f"{limits.parts:,}"}
        )
    total = sum(info.file_size for info in infos)
    if total > limits.unzipped:
        raise _zip_bomb(
            _("解压后共 %(size)s MB，上限为 %(limit)s MB")
            % {"size": _mb(total), "limit": _mb(limits.unzipped)}
        )
    streamed = _streamed_parts(archive, limits)
    for info in infos:
        whole = info.filename not in streamed and info.filename.lower().endswith((".xml", ".rels", ".vml"))
        limit = limits.xml_part if whole else limits.part
        if info.file_size > limit:
            raise _part_too_large(info.filename, info.file_size, limit)
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise _zip_bomb(
                _("部件 %(name)s 的压缩比为 %(ratio)s:1，上限为 %(limit)s:1")
                % {
                    "name": printable(info.filename[:100]),
                    "ratio": f"{info.file_size / max(info.compress_size, 1):,.0f}",
                    "limit": f"{limits.ratio:,.0f}",
                }
            )


def _streamed_parts(archive: zipfile.ZipFile, limits: Limits) -> set[str]:
    """The worksheets and the shared strings, as [Content_Types].xml names them."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.functions import fromstring

    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError as exc:
        raise Broken("no [Content_Types].xml") from exc
    if info.file_size > limits.xml_part:
        raise _part_too_large(info.filename, info.file_size, limits.xml_part)
    manifest = Manifest.from_tree(fromstring(archive.read(info)))
    return {
        part.PartName.lstrip("/")
        for part in manifest.Override
        if part.ContentType in (WORKSHEET_TYPE, SHARED_STRINGS)
    }


# --- 2. the workbook --------------------------------------------------------------------------


class _Reader(ExcelReader):
    """The parts of openpyxl's loading this import needs: content types, workbook (sheets, date
    system), relationships and styles (date formats). Finds the first worksheet and the shared
    strings; reads neither."""

    def __init__(self, source):
        super().__init__(source, read_only=True, data_only=True, keep_links=False)
        self.sheet_path = ""
        self.strings_path = ""

    def read(self):
        self.read_manifest()
        self.read_workbook()
        apply_stylesheet(self.archive, self.wb)
        strings = self.package.find(SHARED_STRINGS)
        self.strings_path = strings.PartName[1:] if strings is not None else ""
        # The first worksheet, as openpyxl's ``workbook.worksheets[0]`` (chart sheets skipped).
        for _sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                self.sheet_path = rel.target
                return
        raise Broken("no worksheet")


def _unwrap(exc: BaseException) -> BaseException | None:
    """The refusal or XML attack behind a wrapping error, if any."""
    seen = exc
    while seen is not None:
        if isinstance(seen, Refused | DefusedXmlException):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


# --- 3. sizes, over the bytes -----------------------------------------------------------------


def _scan(archive: zipfile.ZipFile, path: str, patterns: list[re.Pattern], limit: int, head=None):
    """Count each pattern's matches over the inflated part, refusing a DOCTYPE, an encoding other
    than UTF-8 and, once any count passes ``limit``, stopping with the counts so far.
    ``head(first_bytes)`` sees the start of the part (up to the first 64 KiB)."""
    counts = [0] * len(patterns)
    carry = b""
    first = True
    with archive.open(path) as src:
        while chunk := src.read(MB):
            buffer = carry + chunk
            if first:
                _check_encoding(buffer[:200])
                if head is not None:
                    head(buffer[: 64 * 1024])
                first = False
            # Every tag starts with "<": scanning up to the last one never splits a tag.
            cut = buffer.rfind(b"<")
            cut = len(buffer) if cut < 0 or len(buffer) - cut > 4096 else cut
            if b"<!DOCTYPE" in buffer[: cut + 9]:
                raise _entities()
            for n, pattern in enumerate(patterns):
                counts[n] += len(pattern.findall(buffer, 0, cut))
            if max(counts) > limit:
                break
            carry = buffer[cut:]
    return counts


def _check_encoding(start: bytes) -> None:
    if start.startswith((b"\xfe\xff", b"\xff\xfe")) or b"\x00" in start[:4]:
        raise Broken("not UTF-8")
    declared = _ENCODING.match(start.removeprefix(b"\xef\xbb\xbf"))
    if declared and declared.group(1).strip().lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise Broken("not UTF-8")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper()[:4]:
        number = number * 26 + letter - 64
    return number


def check_sizes(reader: _Reader, limits: Limits) -> None:
    """Refuse a sheet with more cells than the limit (declared or counted), or more shared strings
    than that; see step 3 of the module docstring."""
    limit = limits.cells

    def dimension(start: bytes) -> None:
        end = _SHEET_DATA.search(start)
        found = _DIMENSION.search(start, 0, end.start() if end else len(start))
        if not found:
            return
        last_column, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
        rows, columns = int(last_row or 1), _column_number(last_column or b"A")
        if rows * columns > limit:
            raise _too_many_cells(
                _("工作表声明的范围为 %(rows)s 行 × %(columns)s 列")
                % {"rows": f"{rows:,}", "columns": f"{columns:,}"},
                limit,
            )

    rows, cells = _scan(reader.archive, reader.sheet_path, [_ROW_TAG, _CELL_TAG], limit, head=dimension)
    if max(rows, cells) > limit:
        raise _too_many_cells(_("工作表有超过 %(n)s 行或单元格") % {"n": f"{limit:,}"}, limit)
    if reader.strings_path:
        (strings,) = _scan(reader.archive, reader.strings_path, [_STRING_TAG], limit)
        if strings > limit:
            # More strings than the sheet may have cells: no honest workbook needs them.
            raise _too_many_cells(_("共享字符串超过 %(n)s 项") % {"n": f"{limit:,}"}, limit)


# --- 4. shared strings and rows ---------------------------------------------------------------


class SharedStrings:
    """The shared-string table as UTF-8 in one buffer with end offsets: a list of Python strings
    would cost about 60 bytes more per string, which is what makes a string table a weapon."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> None:
        self._data += text.encode()
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < len(self._ends):
            raise IndexError(index)
        start = self._ends[index - 1] if index else 0
        return self._data[start : self._ends[index]].decode()


def _string_text(si) -> str:
    """The text of one <si>: its <t>, or the <t> of each rich-text run (as openpyxl reads it)."""
    parts = []
    for child in si:
        if child.tag == T:
            parts.append(child.text or "")
        elif child.tag == RUN:
            parts.extend(t.text or "" for t in child if t.tag == T)
    return "".join(parts).replace("x005F_", "")


def read_shared_strings(source, limits: Limits) -> SharedStrings:
    strings = SharedStrings()
    depth, root, inside = 0, None, 0
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 1:
                root = element
            elif depth > 2:
                inside += 1
                if inside > MAX_ELEMENTS_PER_CELL:
                    raise _too_complex()
            continue
        depth -= 1
        if depth != 1:
            continue
        if element.tag == SI:
            text = _string_text(element)
            if len(text) > limits.cell_chars:
                raise _cell_too_long(_("共享字符串第 %(n)d 项") % {"n": len(strings) + 1}, limits.cell_chars)
            strings.append(text)
        inside = 0
        root.clear()
    return strings


@dataclass
class Sheet:
    """The first worksheet of an open workbook; ``rows()`` streams it, ``close()`` ends it."""

    reader: _Reader
    limits: Limits
    file: Any
    strings: SharedStrings

    def close(self) -> None:
        self.reader.archive.close()
        self.file.close()

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number, values) of each row element, values placed by column; rows that are not
        in the file are not invented (openpyxl pads the gaps, one empty row at a time)."""
        wb = self.reader.wb
        parser = WorkSheetParser(
            None,
            self.strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        limits = self.limits
        cells = 0
        stack: list = []
        row_number, values, inside = 0, [], 0
        with self.reader.archive.open(self.reader.sheet_path) as src:
            for event, element in iterparse(src, events=("start", "end")):
                if event == "start":
                    stack.append(element)
                    if element.tag == ROW:
                        number = element.get("r")
                        row_number = int(number) if number else row_number + 1
                        parser.row_counter, parser.col_counter = row_number, 0
                        values = []
                    elif len(stack) > 4:  # inside a cell (or as deep in anything else)
                        inside += 1
                        if inside > MAX_ELEMENTS_PER_CELL:
                            raise _too_complex()
                    continue
                stack.pop()
                tag = element.tag
                if tag == CELL:
                    cell = parser.parse_cell(element)
                    value = cell["value"]
                    if isinstance(value, str) and len(value) > limits.cell_chars:
                        where = _("单元格 %(cell)s") % {"cell": element.get("r", "")[:20]}
                        raise _cell_too_long(where, limits.cell_chars)
                    column = cell["column"]
                    if column > len(values):
                        values.extend([None] * (column - len(values)))
                    values[column - 1] = value
                elif tag == ROW:
                    cells += max(len(values), 1)
                    if cells > limits.cells:
                        raise _too_many_cells(
                            _("工作表有超过 %(n)s 个单元格") % {"n": f"{limits.cells:,}"}, limits.cells
                        )
                    yield row_number, values
                elif tag == SHEET_DATA:
                    return
                if stack and len(stack) < 4:
                    # Done with this element: drop it from its parent (a cell from its row, a row
                    # from sheetData …); what is inside a cell stays until the cell is read.
                    del stack[-1][:]
                    inside = 0


def open_sheet(path: Path, limits: Limits | None = None) -> Sheet:
    """Open the first sheet of the workbook at ``path`` after steps 1–3 and with its shared
    strings read (see the module docstring).

    Raises ``Refused`` for a file beyond the limits, ``Broken`` for one that is not a workbook."""
    limits = limits or Limits.current()
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, limits)
    except Refused:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many kinds of error for a broken file
        cause = _unwrap(exc)
        if isinstance(cause, DefusedXmlException):
            raise _entities() from exc
        raise Broken(str(exc)) from exc
    fh = path.open("rb")
    try:
        reader = _Reader(fh)
        reader.read()
        check_sizes(reader, limits)
        strings = SharedStrings()
        if reader.strings_path:
            with reader.archive.open(reader.strings_path) as src:
                strings = read_shared_strings(src, limits)
        return Sheet(reader, limits, fh, strings)
    except Exception as exc:
        fh.close()
        refusal = refusal_from(exc)
        if refusal is not None:
            raise refusal from None
        if isinstance(exc, Broken):
            raise
        raise Broken(str(exc)) from exc


def refusal_from(exc: BaseException) -> Refused | None:
    """The refusal an error is, if it is one (possibly wrapped by openpyxl)."""
    cause = _unwrap(exc)
    if isinstance(cause, Refused):
        return cause
    if isinstance(cause, DefusedXmlException):
        return _entities()
    return None
