"""Cells for files people open in a spreadsheet (CSV with a BOM for Excel, XLSX): text that
Excel, WPS or LibreOffice would read as a formula is written as text instead (OWASP, "CSV
Injection"). Every CSV or XLSX writer of the project passes its cells through ``safe_cell``.

The rule: a *string* that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading single quote, which the spreadsheet shows as text and a reader can strip. Numbers written as
numbers are never touched. A string that is a plain number (``-5``, ``+3.5``) is left as it is:
the spreadsheet reads it as that number, which is what it says, and nothing in it can be a
formula — marking it would only make honest values look odd. Everything else that begins with
those characters (``-2+3+cmd|'/C calc'!A0``, ``@SUM(…)``, ``+86 10 …``) is marked.
"""

import re
from typing import Any

from django.utils.functional import Promise

# The characters a spreadsheet takes as the start of a formula (OWASP's list).
FORMULA_START = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def safe_cell(value: Any) -> Any:
    """The cell to write: strings that would start a formula are marked; anything else as given
    (lazy translations become their text)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value[:1] in FORMULA_START and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values) -> list[Any]:
    return [safe_cell(v) for v in values]
