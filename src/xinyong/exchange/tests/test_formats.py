"""Each format and encoding a batch may come in (R-EXC-1), and files that cannot be read."""

import io
import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from xinyong.exchange.choices import BatchStatus
from xinyong.records.models import CreditRecord

from .helpers import HEADER, csv_bytes, deliver, json_bytes, row, xlsx_bytes


def records_of(outcome):
    return list(CreditRecord.objects.filter(import_batch=outcome.batch).order_by("pk"))


@pytest.mark.parametrize(
    ("encoding", "bom", "detected"),
    [("utf-8", False, "utf-8"), ("utf-8", True, "utf-8 BOM"), ("gb18030", False, "gb18030")],
)
def test_csv_in_each_encoding(department, assoc, encoding, bom, detected):
    content = csv_bytes(
        [row(assoc.uscc, 1), row(assoc.uscc, 2, title="“朝阳”社区居家养老服务𠀀项目")],
        encoding=encoding,
        bom=bom,
    )
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            content.decode("utf-8")  # really not UTF-8: the detector has to fall back
    outcome = deliver(department, content)
    assert outcome.status == BatchStatus.APPLIED, outcome.preview
    assert outcome.batch.encoding == detected
    assert outcome.batch.file_format == "csv"
    titles = [r.title for r in records_of(outcome)]
    assert titles == ["社区养老服务项目1", "“朝阳”社区居家养老服务𠀀项目"]


def test_tab_separated_csv(department, assoc):
    content = "\t".join(HEADER) + "\n" + "\t".join(row(assoc.uscc, 1)) + "\n"
    outcome = deliver(department, content.encode())
    assert outcome.status == BatchStatus.APPLIED, outcome.preview
    assert outcome.created == 1


def test_xlsx_with_excel_dates_and_numbers(department, assoc):
    day = timezone.localdate() - timedelta(days=40)
    cells = row(assoc.uscc, 7)
    cells[4] = datetime(day.year, day.month, day.day)  # a real Excel date cell
    cells[7] = datetime(day.year, day.month, day.day)
    outcome = deliver(department, xlsx_bytes([cells, [None] * 8, row(assoc.uscc, 8)]), name="评价.xlsx")
    assert outcome.status == BatchStatus.APPLIED, outcome.preview
    assert outcome.batch.file_format == "xlsx"
    records = records_of(outcome)
    assert [r.event_date for r in records] == [day, timezone.localdate() - timedelta(days=30)]
    assert outcome.rows_total == 2  # the empty row is not a row


@pytest.mark.parametrize("lines", [False, True])
def test_json_array_and_json_lines(department, assoc, lines):
    outcome = deliver(
        department, json_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2)], lines=lines), name="d.json"
    )
    assert outcome.status == BatchStatus.APPLIED, outcome.preview
    assert outcome.batch.file_format == ("jsonl" if lines else "json")
    assert len(records_of(outcome)) == 2


def test_json_with_english_keys_and_typed_values(department, assoc):
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    item = {
        "association_uscc": assoc.uscc,
        "kind": "承接政府转移职能信息",
        "title": "行业统计调查",
        "counterpart": "北京市统计局",
        "performance_evaluation": "良好",
        "event_date": day,
        "evidence_number": 12,
        "evidence_issued_on": day,
    }
    content = json.dumps([item], ensure_ascii=False)
    outcome = deliver(department, content.encode(), kind="")
    assert outcome.status == BatchStatus.APPLIED, outcome.preview
    record = records_of(outcome)[0]
    assert record.kind == "transferred_function"
    assert record.evidence.get().document_number == "12"
    assert record.evidence.get().issuer == "北京市财政局"  # the department, by default


def test_json_array_longer_than_one_read(department, assoc, monkeypatch):
    from xinyong.exchange import formats

    monkeypatch.setattr(formats, "_CHUNK", 64)  # objects now straddle many reads
    outcome = deliver(department, json_bytes([row(assoc.uscc, n) for n in range(1, 30)]), name="d.json")
    assert outcome.status == BatchStatus.APPLIED, outcome.preview
    assert outcome.created == 29


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件是空的"),
        (b"   \r\n", "文件是空的"),
        ("统一社会信用代码,文号\n".encode() + b"\xff\xfe\xfd\x80\x81\n", "无法识别文件的编码"),
        (b"PK\x03\x04 this is not really a workbook", "XLSX 文件已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Excel"),
        ("统一社会信用代码".encode("utf-16"), "UTF-16"),
        (b'[{"a": 1', "JSON 文件第 1 个对象"),
        ("VALID_ARRAY", "数组结束后还有内容"),
        ("VALID_LINES", "JSON Lines 第 2 行"),
        (b"a,b\x00,c\n1,2,3\n", "不是文本文件"),
        (",".join(HEADER).encode(), "没有任何数据行"),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(department, assoc, content, message):
    if content == "VALID_ARRAY":
        content = json_bytes([row(assoc.uscc, 1)]) + b" ["
    elif content == "VALID_LINES":
        content = json_bytes([row(assoc.uscc, 1)], lines=True) + b"\n{broken\n"
    outcome = deliver(department, content)
    assert outcome.status == BatchStatus.REJECTED
    assert message in outcome.preview[0]["message"], outcome.preview
    assert outcome.preview[0]["row"] is None or outcome.preview[0]["row"] == 1
    assert not CreditRecord.objects.exists()


def test_row_numbers_count_from_the_top_of_the_sheet(department, assoc):
    """A header below a title row or blank lines: rows are numbered as the spreadsheet shows them."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "2025年第三季度绩效评价结果"
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(row(assoc.uscc, 1))
    sheet.append(row("5111", 2))
    content = io.BytesIO()
    workbook.save(content)
    outcome = deliver(department, content.getvalue(), name="x.xlsx")
    title = outcome.preview[0]
    assert title["message"] == "无法识别的列“2025年第三季度绩效评价结果”：请使用模板中的列名。"
    del sheet["A1"]
    sheet["A1"] = None
    content = io.BytesIO()
    workbook.save(content)
    outcome = deliver(department, content.getvalue(), name="x.xlsx")
    assert [(p["row"], p["column"]) for p in outcome.preview] == [(5, "统一社会信用代码")]
    text = "\r\n\r\n" + csv_bytes([row(assoc.uscc, 1), row("5111", 2)]).decode()
    outcome = deliver(department, text.encode())
    assert [(p["row"], p["column"]) for p in outcome.preview] == [(5, "统一社会信用代码")]


def test_xlsx_is_read_whatever_the_file_is_called_and_in_a_dry_run(department, assoc):
    """A dry run keeps the upload in a temporary file without an extension, and a raw API body is
    stored as ``.bin``: openpyxl refused both by name, so an XLSX there read as "damaged"."""
    content = xlsx_bytes([row(assoc.uscc, 1)])
    dry = deliver(department, content, name="评价.xlsx", dry_run=True)
    assert dry.status == BatchStatus.RECEIVED and not dry.error_count, dry.preview
    outcome = deliver(department, content, name="delivery")
    assert outcome.status == BatchStatus.APPLIED and outcome.batch.file_format == "xlsx", outcome.preview
