"""The credit report as an A4 PDF (R-QRY-4), drawn with fpdf2 from the report's content only.

The output is a pure function of the content, the verification code and the site URL (the
creation date is the time of issue), so the same report always gives the same bytes. The report
number is in the PDF's subject and keywords, so a file can say which report it claims to be.
"""

import logging
from datetime import datetime
from typing import Any

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout, WrapMode, XPos, YPos

from . import conf
from .content import REPORT_LANGUAGE

FONT = "NotoSansSC"
INK = (33, 37, 41)
MUTED = (100, 100, 100)
LINE = (180, 180, 180)
LABEL_FILL = (243, 245, 248)
MARGIN = 18
QR_SIZE = 32
# fontTools reports every table it subsets at INFO; that is noise in the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)
NUMERALS = "一二三四五六七八九十"
KEYWORD_PREFIX = "xinyong-report:"


def verify_url(number: str, code: str) -> str:
    return f"{conf.site_url()}/reports/verify/{number}/?code={code}"


def render_pdf(content: dict[str, Any], *, code: str) -> bytes:
    """The PDF of an issued report; ``content`` must carry its ``issue`` block."""
    fonts = conf.font_files()
    with translation.override(REPORT_LANGUAGE):
        pdf = ReportPDF(content, code=code)
        pdf.add_font(FONT, fname=str(fonts.regular), collection_font_number=fonts.index)
        pdf.add_font(FONT, style="B", fname=str(fonts.bold), collection_font_number=fonts.index)
        pdf.draw()
        return bytes(pdf.output())


class ReportPDF(FPDF):
    def __init__(self, content: dict[str, Any], *, code: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.content = content
        self.issue = content["issue"]
        self.code = code
        self.url = verify_url(self.issue["number"], code)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=20)
        self.alias_nb_pages("{nb}")
        name = content["association"]["name"]
        self.set_title(_("社会组织信用报告") + f" {name}")
        self.set_subject(_("信用报告 %(number)s") % {"number": self.issue["number"]})
        self.set_keywords(f"{KEYWORD_PREFIX}{self.issue['number']} {content['association']['uscc']}")
        self.set_author(_("协会信用信息管理系统"))
        self.set_creator(_("协会信用信息管理系统"))
        self.set_lang("zh-CN")
        self.set_creation_date(datetime.fromisoformat(self.issue["issued_at"]))

    # --- every page ------------------------------------------------------------------------------

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        title = _("社会组织信用报告") + f" · {self.content['association']['name']}"
        self.cell(0, 5, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_draw_color(*LINE)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        left = _("报告编号：%(number)s    验证码：%(code)s") % {
            "number": self.issue["number"],
            "code": self.code,
        }
        self.cell(0, 7, left, align="L")
        self.set_x(MARGIN)
        self.cell(
            0, 7, _("第 %(page)s 页 共 %(total)s 页") % {"page": self.page_no(), "total": "{nb}"}, align="R"
        )
        self.set_text_color(*INK)

    # --- the document ----------------------------------------------------------------------------

    def draw(self) -> None:
        self.add_page()
        self._title()
        self._issue_block()
        sections = [(_("基本信息"), self._basic)]
        for section in self.content["sections"]:
            sections.append((section["title"], lambda s=section: self._records(s)))
        if self.content.get("measures") is not None:
            sections.append((self.content["measures"]["title"], self._measures))
        sections.append((_("说明"), self._statement))
        for n, (title, body) in enumerate(sections):
            self._heading(f"{NUMERALS[n]}、{title}")
            body()

    def _title(self) -> None:
        self.set_font(FONT, "B", 20)
        self.cell(0, 12, _("社会组织信用报告"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "B", 14)
        self.multi_cell(
            0, 8, self.content["association"]["name"], align="C", wrapmode=WrapMode.CHAR,
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip
        self.set_font(FONT, size=11)
        self.cell(
            0, 7, f"（{self.content['version_label']}）", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(4)

    def _issue_block(self) -> None:
        top = self.get_y()
        rows = [
            (_("报告编号"), self.issue["number"]),
            (_("报告版本"), self.content["version_label"]),
            (_("统一社会信用代码"), self.content["association"]["uscc"]),
            (_("信息截至日期"), self.content["as_of_display"]),
            (_("出具时间"), self.issue["issued_at_display"]),
        ]
        if self.content.get("requested_by"):
            rows.append((_("申请人"), self.content["requested_by"]))
        rows.append((_("验证码"), self.code))
        width = self.epw - QR_SIZE - 6
        self._pairs(rows, width=width)
        bottom = self.get_y()
        x = self.w - MARGIN - QR_SIZE
        self._qr(x, top + 1, QR_SIZE)
        self.set_xy(x - 4, top + QR_SIZE + 2)
        self.set_font(FONT, size=7)
        self.set_text_color(*MUTED)
        self.cell(QR_SIZE + 8, 4, _("扫码核验本报告"), align="C")
        self.set_text_color(*INK)
        self.set_xy(MARGIN, max(bottom, top + QR_SIZE + 7))
        self.ln(2)

    def _qr(self, x: float, y: float, size: float) -> None:
        """The verify URL as a QR code of filled rectangles (vector), also a clickable link."""
        qr = segno.make(self.url, error="m")
        rows = [list(row) for row in qr.matrix]
        module = size / len(rows)
        self.set_fill_color(0, 0, 0)
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    self.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")
                else:
                    c += 1
        self.link(x, y, size, size, self.url)

    def _heading(self, text: str) -> None:
        if self.get_y() > self.h - 55:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 13)
        self.cell(0, 9, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*LINE)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(2)

    def _pairs(self, rows: list[tuple[str, str]], *, width: float | None = None) -> None:
        """Label/value rows; long Chinese values wrap at any character."""
        self.set_font(FONT, size=9.5)
        self.set_draw_color(*LINE)
        with self.table(
            width=width or self.epw,
            col_widths=(33, 67),
            align="LEFT",
            first_row_as_headings=False,
            text_align="LEFT",
            wrapmode=WrapMode.CHAR,
            line_height=5.2,
            padding=(1.2, 2),
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(label, style=FontFace(fill_color=LABEL_FILL, color=MUTED))
                row.cell(value)

    def _note(self, text: str, *, size: float = 8.5) -> None:
        self.set_font(FONT, size=size)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 4.8, text, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def _basic(self) -> None:
        basic = self.content["basic"]
        self._pairs([(r["label"], self._with_note(r)) for r in basic["rows"]])
        branches = basic.get("branches")
        if branches:
            self.ln(2)
            self.set_font(FONT, "B", 10)
            self.cell(0, 7, branches["label"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            if branches.get("withheld"):
                self._note(branches["withheld"], size=9.5)
            elif branches["rows"]:
                self.set_font(FONT, size=9)
                with self.table(
                    col_widths=(35, 45, 20),
                    text_align="LEFT",
                    wrapmode=WrapMode.CHAR,
                    line_height=5,
                    padding=(1, 2),
                    headings_style=FontFace(emphasis="BOLD", fill_color=LABEL_FILL),
                    borders_layout=TableBordersLayout.HORIZONTAL_LINES,
                ) as table:
                    table.row([_("名称"), _("地址"), _("负责人")])
                    for b in branches["rows"]:
                        table.row([b["name"], b["address"], b["head"]])
            else:
                self._note(_("无"), size=9.5)
        self.ln(1)
        self._note(basic["basis"])

    @staticmethod
    def _with_note(row: dict[str, Any]) -> str:
        return f"{row['value']}\n{row['note']}" if row.get("note") else row["value"]

    def _records(self, section: dict[str, Any]) -> None:
        if not section["items"]:
            self._note(section["empty"], size=9.5)
            return
        full = self.content["version"] == "full"
        for n, item in enumerate(section["items"], start=1):
            if self.get_y() > self.h - 40:
                self.add_page()
            self.set_font(FONT, "B", 10.5)
            title = f"（{n}）{item['kind']}"
            if full:
                state = _("公示中") if item["public"] else _("未公示")
                title += f"　{item['status']} · {state}"
            self.multi_cell(0, 6.5, title, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            for note in item["notes"]:
                self._note(note)
            rows = [(f["label"], f["value"]) for f in item["fields"]]
            if item["published_until"]:
                rows.append((_("公示截止日期"), item["published_until"]))
            rows.append((_("依据（证明材料）"), self._evidence(item)))
            self._pairs(rows)
            self.ln(3)

    @staticmethod
    def _evidence(item: dict[str, Any]) -> str:
        if not item["evidence"]:
            return _("（不予载明）") if item.get("withheld") else "—"
        return "\n".join(
            _("%(number)s（%(issuer)s，%(date)s出具）")
            % {"number": e["document_number"], "issuer": e["issuer"], "date": e["issued_on"]}
            for e in item["evidence"]
        )

    def _measures(self) -> None:
        measures = self.content["measures"]
        if not measures["items"]:
            self._note(measures["empty"], size=9.5)
            return
        for n, m in enumerate(measures["items"], start=1):
            self.set_font(FONT, "B", 10.5)
            self.multi_cell(
                0, 6.5, f"（{n}）{m['name']}（{m['direction']}）", wrapmode=WrapMode.CHAR,
                new_x=XPos.LMARGIN, new_y=YPos.NEXT,
            )  # fmt: skip
            self._pairs(
                [
                    (_("实施期限"), m["period"]),
                    (_("决定文号"), m["decision_number"]),
                    (_("实施单位"), m["applied_by"]),
                    (_("所依据的信用记录"), m["basis"]),
                ]
            )
            self.ln(3)

    def _statement(self) -> None:
        values = {
            "as_of": self.content["as_of_display"],
            "url": f"{conf.site_url()}/reports/verify/{self.issue['number']}/",
            "code": self.code,
        }
        if self.content["version"] == "full":
            paragraphs = [
                _(
                    "本报告为完整版，仅向该协会本身及其登记管理机关出具，载明截至%(as_of)s系统中记录的该协会"
                    "全部信用信息（草稿除外），包括已不再公示、已撤销的信息及其不公示的原因。"
                ),
                _(
                    "涉及国家秘密、商业秘密、个人隐私的内容，在完整版中同样不予载明；身份证号码、手机号码等"
                    "个人信息已隐去。完整版不是公示信息，请妥善保管。"
                ),
            ]
        else:
            paragraphs = [
                _(
                    "本报告为公开版，依据《中关村国检电子商务数据产业协会信用信息管理办法》，载明%(as_of)s在本系统"
                    "公示的该协会信用信息：基本信息，以及在记录期限内的绩效信息、荣誉信息和失信信息。"
                ),
                _(
                    "超过记录期限、未附书面证明材料、已撤销的信息，以及涉及国家秘密、商业秘密、个人隐私的内容"
                    "不予载明；身份证号码、手机号码等个人信息已隐去。"
                ),
            ]
        paragraphs += [
            _(
                "本报告如实载明系统中记录的信息，信息内容以出具时系统中的记载为准；本报告不是对该协会信用状况的"
                "评价或担保。"
            ),
            _(
                "核验方法：访问 %(url)s 并输入验证码 %(code)s，或扫描首页二维码。核验页面显示本报告的出具记录"
                "（报告中的信息仍在公示时，也显示其内容），并可上传本报告的PDF文件，核对文件是否与出具时完全一致。"
            ),
        ]
        for text in paragraphs:
            self.set_font(FONT, size=9.5)
            self.multi_cell(
                0, 5.5, text % values, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.ln(1.5)
