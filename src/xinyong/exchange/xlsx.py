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
and a sentence saying what to do. Steps 1 and 3 and the refusals are in ``xlsx_limits``.
"""

import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

from defusedxml.common import DefusedXmlException
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml import DEFUSEDXML
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from .xlsx_limits import (
    MAX_ELEMENTS_PER_CELL,
    Broken,
    Limits,
    Refused,
    cell_too_long,
    check_archive,
    check_sizes,
    entities_refused,
    refusal_from,
    too_complex,
    too_many_cells,
    unwrap,
)

__all__ = ["Broken", "Limits", "Refused", "Sheet", "open_sheet", "refusal_from"]

if not DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False in the environment, or defusedxml missing
    raise ImproperlyConfigured(
        "openpyxl must parse XML through defusedxml (issue 13): unset OPENPYXL_DEFUSEDXML"
    )

_MAIN = f"{{{SHEET_MAIN_NS}}}"
ROW, CELL, SHEET_DATA = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}sheetData"
SI, T, RUN = f"{_MAIN}si", f"{_MAIN}t", f"{_MAIN}r"


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
                    raise too_complex()
            continue
        depth -= 1
        if depth != 1:
            continue
        if element.tag == SI:
            text = _string_text(element)
            if len(text) > limits.cell_chars:
                raise cell_too_long(_("共享字符串第 %(n)d 项") % {"n": len(strings) + 1}, limits.cell_chars)
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
                            raise too_complex()
                    continue
                stack.pop()
                tag = element.tag
                if tag == CELL:
                    cell = parser.parse_cell(element)
                    value = cell["value"]
                    if isinstance(value, str) and len(value) > limits.cell_chars:
                        where = _("单元格 %(cell)s") % {"cell": element.get("r", "")[:20]}
                        raise cell_too_long(where, limits.cell_chars)
                    column = cell["column"]
                    if column > len(values):
                        values.extend([None] * (column - len(values)))
                    values[column - 1] = value
                elif tag == ROW:
                    cells += max(len(values), 1)
                    if cells > limits.cells:
                        raise too_many_cells(
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
        cause = unwrap(exc)
        if isinstance(cause, DefusedXmlException):
            raise entities_refused() from exc
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
