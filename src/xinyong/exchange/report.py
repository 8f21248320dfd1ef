"""The per-row report of a batch (R-EXC-1): row, column, message — CSV in UTF-8 with a BOM, so
that Excel opens it with the Chinese intact. Columns and messages quote the delivered file, so
every cell goes through ``spreadsheet.safe_row``: a hostile header or cell cannot become a formula
in the clerk's spreadsheet."""

import csv
from pathlib import Path

from django.utils.translation import gettext as _

from xinyong.spreadsheet import safe_row
from xinyong.untrusted import printable

from .problems import Problem

# Past this many lines the report says how many more problems there were instead of listing them.
MAX_LINES = 100_000
PREVIEW = 50


class ReportWriter:
    """Problems refuse the batch; warnings (``warn``) are only listed, for the clerk to check."""

    def __init__(self, path: Path):
        self.path = path
        self._fh = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._fh)
        self._csv.writerow([_("行号"), _("列"), _("错误信息")])
        self.count = 0
        self.warnings = 0
        self.rows = 0
        self._last_row: int | None = None
        self.preview: list[dict] = []
        self.warnings_preview: list[dict] = []

    def add(self, problem: Problem) -> None:
        self.count += 1
        if problem.row is not None and problem.row != self._last_row:
            self.rows += 1
            self._last_row = problem.row
        if len(self.preview) < PREVIEW:
            # Stored as JSON in the batch row: PostgreSQL refuses NUL in text and jsonb, and a
            # message may quote a cell of the delivered file.
            self.preview.append(
                {"row": problem.row, "column": _no_nul(problem.column), "message": _no_nul(problem.message)}
            )
        if self.count <= MAX_LINES:
            self._csv.writerow(
                safe_row(
                    [
                        "" if problem.row is None else problem.row,
                        _no_nul(problem.column),
                        _no_nul(problem.message),
                    ]
                )
            )

    def warn(self, problem: Problem) -> None:
        """List something worth checking that does not refuse the row."""
        self.warnings += 1
        if len(self.warnings_preview) < PREVIEW:
            self.warnings_preview.append(
                {"row": problem.row, "column": _no_nul(problem.column), "message": _no_nul(problem.message)}
            )
        if self.warnings <= MAX_LINES:
            message = _("提示（不影响导入）：%(message)s") % {"message": problem.message}
            self._csv.writerow(
                safe_row(
                    ["" if problem.row is None else problem.row, _no_nul(problem.column), _no_nul(message)]
                )
            )

    def close(self) -> None:
        if self._fh.closed:
            return
        if self.count > MAX_LINES:
            self._csv.writerow(
                ["", "", _("另有 %(n)d 处错误未列出：请先改正以上错误。") % {"n": self.count - MAX_LINES}]
            )
        self._fh.close()


def _no_nul(text: str) -> str:
    """NUL and lone surrogates (a JSON key can hold either) shown as escapes: PostgreSQL cannot
    store NUL, and no UTF-8 file can hold a lone surrogate."""
    return printable(text)
