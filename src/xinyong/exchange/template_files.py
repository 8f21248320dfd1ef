"""Downloadable templates of import files: CSV (UTF-8 with BOM, so Excel shows the Chinese) and
XLSX (a header row on the first sheet, column notes on a second). One per record kind, one for
any mix of kinds, and one for associations' basic information (R-INF-1)."""

import csv
import io

from django.utils.translation import gettext as _

from xinyong.records.choices import Category, Kind
from xinyong.spreadsheet import safe_row

from .columns import association_template_columns, record_template_columns

MIXED = "mixed"


def names() -> list[tuple[str, str]]:
    """(template name, what it is for)."""
    return [
        *((value, str(label)) for value, label in Kind.choices),
        (MIXED, _("多种信息类型（每行填写信息类型）")),
        (Category.BASIC, _("协会基本信息")),
    ]


def columns(name: str) -> list[tuple[str, str, bool, str]]:
    if name == Category.BASIC:
        return association_template_columns()
    if name == MIXED:
        return record_template_columns(None)
    if name in Kind.values:
        return record_template_columns(name)
    raise KeyError(name)


def template_csv(name: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(
        safe_row(label for _key, label, _req, _help in columns(name))
    )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def template_xlsx(name: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cols = columns(name)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("数据")
    # Our own labels, but written like any cell (and openpyxl stores "=…" as a formula).
    sheet.append(safe_row(label for _key, label, _req, _help in cols))
    for index, (_key, label, required, _help) in enumerate(cols, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True, color="C00000" if required else "000000")
        sheet.column_dimensions[letter].width = max(12, len(label) * 2 + 2)
        # Text format, so that Excel keeps codes and numbers exactly as typed.
        for row in range(2, 1002):
            sheet[f"{letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("填写说明"))
    notes.append([_("列名"), _("英文列名"), _("必填"), _("说明")])
    for key, label, required, help_text in cols:
        notes.append(safe_row([label, key, _("是") if required else _("否"), help_text]))
    notes.append([])
    notes.append([_("日期写作 2024-05-06；只读取第一个工作表；红色列名为必填列。")])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
