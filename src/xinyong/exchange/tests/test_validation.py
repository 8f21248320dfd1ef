"""Every problem in a batch is reported with its row and column, and nothing is written (R-EXC-1)."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from xinyong.errors import NotAllowed
from xinyong.exchange.choices import BatchStatus
from xinyong.exchange.models import ImportBatch
from xinyong.exchange.storage import TooLarge
from xinyong.history.models import HistoryEntry
from xinyong.records.models import CreditRecord, Evidence
from xinyong.testing import factories as f

from .conftest import verify
from .helpers import HEADER, csv_bytes, deliver, row, staff_import


def nothing_written(history_before: int) -> bool:
    return (
        not CreditRecord.objects.exists()
        and not Evidence.objects.exists()
        and HistoryEntry.objects.count() == history_before
    )


def report_rows(outcome) -> list[list[str]]:
    with outcome.report.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_a_bad_row_near_the_end_of_a_large_batch_leaves_nothing_written(department, assoc):
    history = HistoryEntry.objects.count()
    rows = [row(assoc.uscc, n) for n in range(20_000)]
    rows[19_990][4] = "2024-02-30"  # no such day
    outcome = deliver(department, csv_bytes(rows))
    assert outcome.status == BatchStatus.REJECTED
    assert outcome.rows_total == 20_000
    assert nothing_written(history)
    assert report_rows(outcome) == [
        ["行号", "列", "错误信息"],
        ["19992", "评价日期", "“2024-02-30”不是有效的日期（应为 2024-05-06 这样的格式）。"],
    ]


def test_the_report_is_utf8_with_bom_and_lists_row_column_message(department, assoc):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    outcome = deliver(
        department,
        csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2, date=future), row(assoc.uscc, 3, number="")]),
    )
    assert outcome.report.read_bytes().startswith(b"\xef\xbb\xbf")
    assert report_rows(outcome)[1:] == [
        ["3", "评价日期", "“评价日期”不能晚于今天。"],
        ["4", "文号", "“文号”为必填项。"],
    ]
    assert outcome.rows_rejected == 2
    assert outcome.batch.status == BatchStatus.REJECTED
    assert outcome.batch.errors_preview[0] == {
        "row": 3,
        "column": "评价日期",
        "message": "“评价日期”不能晚于今天。",
    }


def test_missing_columns_are_named(department, assoc):
    header = [h for h in HEADER if h not in ("委托政府部门", "文号")]
    rows = [[c for h, c in zip(HEADER, row(assoc.uscc, 1), strict=True) if h in header]]
    outcome = deliver(department, csv_bytes(rows, header=header))
    assert outcome.status == BatchStatus.REJECTED
    assert {(p["row"], p["message"]) for p in outcome.preview} == {
        (1, "缺少必需的列“文号”。"),
        (1, "缺少必需的列“委托政府部门”。"),
    }


def test_unknown_and_repeated_columns(department, assoc):
    header = [*HEADER, "备注", "title"]
    outcome = deliver(department, csv_bytes([[*row(assoc.uscc, 1), "x", "y"]], header=header))
    messages = [p["message"] for p in outcome.preview]
    assert "无法识别的列“备注”：请使用模板中的列名。" in messages
    assert outcome.status == BatchStatus.REJECTED


def test_an_invalid_uscc_gets_the_validators_message(department, assoc):
    wrong = assoc.uscc[:-1] + ("0" if assoc.uscc[-1] != "0" else "1")
    outcome = deliver(department, csv_bytes([row(wrong, 1)]))
    problem = outcome.preview[0]
    assert problem["column"] == "统一社会信用代码"
    assert problem["message"].startswith("统一社会信用代码第18位（校验码）应为")


def test_an_unknown_association(department, assoc):
    unknown = f.uscc()
    outcome = deliver(department, csv_bytes([row(unknown, 1)]))
    assert outcome.preview == [
        {"row": 2, "column": "统一社会信用代码", "message": f"没有以统一社会信用代码 {unknown} 登记的协会。"}
    ]


def test_dates_before_founding_and_in_the_future(department, assoc):
    before = (assoc.founded_on - timedelta(days=1)).isoformat()
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    outcome = deliver(
        department,
        csv_bytes(
            [
                row(assoc.uscc, 1, date=before),
                row(assoc.uscc, 2, date=future),
                row(assoc.uscc, 3, issued=future),
            ]
        ),
    )
    assert [(p["row"], p["column"]) for p in outcome.preview] == [
        (2, "评价日期"),
        (3, "评价日期"),
        (4, "出具日期"),
    ]
    assert "不能早于2010年5月4日" in outcome.preview[0]["message"]


def test_a_department_delivers_only_its_two_kinds(department, assoc):
    header = [
        "统一社会信用代码",
        "信息类型",
        "失信行为",
        "处罚结果",
        "处理依据",
        "处理日期",
        "文号",
        "出具日期",
    ]
    day = (timezone.localdate() - timedelta(days=5)).isoformat()
    content = csv_bytes([[assoc.uscc, "失信信息", "虚假宣传", "警告", "条例", day, "x1", day]], header=header)
    outcome = deliver(department, content, kind="")
    assert outcome.status == BatchStatus.REJECTED
    assert outcome.preview[0]["message"] == "相关部门只能报送承接政府购买服务信息和承接政府转移职能信息。"
    with pytest.raises(NotAllowed):
        deliver(department, content, kind="dishonesty")
    assert not CreditRecord.objects.exists()


def test_a_column_of_another_kind(department, assoc):
    header = [*HEADER, "评估等级"]
    outcome = deliver(department, csv_bytes([[*row(assoc.uscc, 1), "5A"]], header=header))
    assert outcome.preview[0]["message"] == "列“评估等级”不适用于“承接政府购买服务信息”。"


def test_duplicate_rows_in_one_batch(department, assoc):
    outcome = deliver(
        department, csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2), row(assoc.uscc, 1, number="x")])
    )
    assert outcome.preview == [{"row": 4, "column": "", "message": "与本批次第 2 行是同一条记录（重复）。"}]


def test_the_name_must_match_the_code_when_given(department, assoc):
    header = [*HEADER, "协会名称"]
    ok = [*row(assoc.uscc, 1), " 北京市东城区餐饮行业协会 "]
    wrong = [*row(assoc.uscc, 2), "北京市东城区饮食协会"]
    outcome = deliver(department, csv_bytes([ok, wrong], header=header))
    assert outcome.preview == [
        {
            "row": 3,
            "column": "协会名称",
            "message": "协会名称与统一社会信用代码不符：该代码登记的名称是“北京市东城区餐饮行业协会”。",
        }
    ]


def test_staff_import_only_for_their_own_associations(dc_staff, assoc, xc_assoc):
    rows = [row(assoc.uscc, 1), row(xc_assoc.uscc, 2)]
    outcome = staff_import(dc_staff, csv_bytes(rows), kind="purchased_service")
    assert outcome.preview == [
        {
            "row": 3,
            "column": "统一社会信用代码",
            "message": "该协会不在你所在的登记管理机关登记，不能为其记录信用信息。",
        }
    ]


def test_only_staff_may_import(supervisor, admin_user, assoc_user):
    for user in (supervisor, admin_user, assoc_user):
        with pytest.raises(NotAllowed):
            staff_import(user, b"x")


def test_an_oversized_upload_is_refused_before_anything_is_kept(settings, department, assoc):
    settings.XINYONG_IMPORT_MAX_BYTES = 1000
    with pytest.raises(TooLarge, match="文件超过大小上限"):
        deliver(department, csv_bytes([row(assoc.uscc, n) for n in range(50)]))
    assert not ImportBatch.objects.exists()
    assert not list((settings.XINYONG_IMPORT_ROOT / "tmp").iterdir())
    # xinyong import reads a local file: it has a limit of its own.
    settings.XINYONG_IMPORT_COMMAND_MAX_BYTES = 100_000
    outcome = deliver(department, csv_bytes([row(assoc.uscc, n) for n in range(50)]), channel="command")
    assert outcome.created == 50


def test_control_characters_and_overlong_text(department, assoc):
    outcome = deliver(
        department,
        csv_bytes([row(assoc.uscc, 1, title="项目\x07名称"), row(assoc.uscc, 2, title="长" * 301)]),
    )
    assert [(p["row"], p["message"]) for p in outcome.preview] == [
        (2, "含有不允许的控制字符。"),
        (3, "不能超过 300 个字符。"),
    ]


def test_evidence_documents_named_per_row(dc_staff, assoc):
    from xinyong.exchange.services import Attachment, batch_import
    from xinyong.exchange.submitter import Submitter

    header = [*HEADER, "材料文件"]
    rows = [[*row(assoc.uscc, 1), "a.pdf"], [*row(assoc.uscc, 2), "b.pdf"], [*row(assoc.uscc, 3), "c.pdf"]]
    pdf_a, pdf_b = f.MINIMAL_PDF + b"%a\n", f.MINIMAL_PDF + b"%b\n"

    def run(content):
        return batch_import(
            submitter=Submitter.staff(dc_staff),
            source=io.BytesIO(content),
            file_name="x.csv",
            kind="purchased_service",
            evidence=[Attachment("a.pdf", io.BytesIO(pdf_a)), Attachment("b.pdf", io.BytesIO(pdf_b))],
        )

    rejected = run(csv_bytes(rows, header=header))
    assert rejected.preview == [
        {"row": 4, "column": "材料文件", "message": "本批次没有上传名为“c.pdf”的证明材料文件。"}
    ]
    applied = run(csv_bytes(rows[:2], header=header))
    assert applied.status == BatchStatus.APPLIED
    sizes = [r.evidence.get().size for r in CreditRecord.objects.order_by("pk")]
    assert sizes == [len(pdf_a), len(pdf_b)]


def test_dates_and_choices_as_people_write_them(dc_staff, assoc):
    header = ["统一社会信用代码", "年检年度", "年检时间", "年检结论", "文号", "出具机关", "出具日期"]
    rows = [
        [
            assoc.uscc,
            "2023.0",
            "2024年3月5日",
            "基本合格",
            "京民〔2024〕1号",
            "北京市东城区民政局",
            "2024/3/6",
        ]
    ]
    outcome = staff_import(dc_staff, csv_bytes(rows, header=header), kind="年检信息")
    assert outcome.status == BatchStatus.APPLIED, outcome.preview
    record = CreditRecord.objects.get()
    assert (record.inspection_year, record.event_date, record.conclusion) == (
        2023,
        date(2024, 3, 5),
        "basically_qualified",
    )
    assert record.evidence.get().issued_on == date(2024, 3, 6)


def test_the_report_never_hands_excel_a_formula(department, assoc):
    """The report quotes the delivered file (headers and cells): what would start a formula is
    written as text (OWASP CSV injection)."""
    header = [*HEADER, '=HYPERLINK("http://evil.example","点此")']
    outcome = deliver(
        department,
        csv_bytes([[*row(assoc.uscc, 1, date="=1+1"), "x"], [*row(assoc.uscc, 2), ""]], header=header),
    )
    cells = [cell for line in report_rows(outcome) for cell in line]
    assert outcome.status == BatchStatus.REJECTED
    assert '\'=HYPERLINK("http://evil.example","点此")' in cells  # the unknown column
    assert not [c for c in cells if c[:1] in "=+-@\t\r"]


def test_personal_numbers_in_public_text_are_warned_about_not_refused(client, department, assoc):
    """R-SEC-2 at entry: a row whose public text seems to hold an identity or mobile number is
    imported (the public pages mask the number), and the report lists it for the clerk."""
    rows = [
        row(assoc.uscc, 1, evaluation="优秀，联系人 138.0013.8000"),
        row(assoc.uscc, 2, title="项目2（负责人身份证 1101 0119 9003 0712 34）"),
        row(assoc.uscc, 3, evaluation="2024.03.15 评价为优秀，京财〔2024〕123号"),
    ]
    outcome = deliver(department, csv_bytes(rows))
    assert outcome.status == BatchStatus.APPLIED and outcome.created == 3
    assert outcome.warning_count == 2 and "2 处文字似乎含有身份证号或手机号" in outcome.batch.message
    lines = report_rows(outcome)
    assert [line[:2] for line in lines[1:]] == [["2", "绩效评价情况"], ["3", "承接项目名称"]]
    assert all(line[2].startswith("提示（不影响导入）：似乎含有身份证号或手机号") for line in lines[1:])
    client.force_login(f.staff(assoc.authority, username="reader"))
    page = client.get(f"/office/imports/{outcome.batch.pk}/").content.decode()
    assert "下载报告（CSV）" in page and "似乎含有身份证号或手机号" in page


def test_invisible_characters_are_removed_on_import(department, assoc):
    """Issue 13: zero-width and bidi characters in a delivered file are dropped, as the services
    drop them; other control characters still refuse the row (a wrong encoding)."""
    outcome = deliver(
        department,
        csv_bytes(
            [
                row(
                    assoc.uscc,
                    1,
                    title="社区\u200b养老\u202e项目",
                    evaluation="优秀\u2066",
                    number="京财\ufeff评〔2025〕1号",
                )
            ]
        ),
    )
    assert outcome.status == BatchStatus.APPLIED
    record = CreditRecord.objects.get()
    assert (record.title, record.performance_evaluation) == ("社区养老项目", "优秀")
    assert record.evidence.get().document_number == "京财评〔2025〕1号"
    assert verify()[0] == 0
