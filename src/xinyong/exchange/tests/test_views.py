"""The back-office upload page, the batch pages and the templates (R-EXC-1)."""

import io

import pytest
from openpyxl import load_workbook

from xinyong.exchange.models import ImportBatch
from xinyong.records.models import CreditRecord
from xinyong.testing import factories as f

from .helpers import csv_bytes, deliver, row

LIST = "/office/imports/"


def upload(content: bytes, name: str = "records.csv"):
    file = io.BytesIO(content)
    file.name = name
    return file


def test_staff_upload_and_see_the_batch(client, dc_staff, assoc):
    client.force_login(dc_staff)
    page = client.get(LIST)
    assert page.status_code == 200 and "批量导入" in page.content.decode()
    pdf = upload(f.MINIMAL_PDF, "评价报告.pdf")
    response = client.post(
        LIST,
        {
            "file": upload(csv_bytes([row(assoc.uscc, 1)])),
            "kind": "purchased_service",
            "evidence": [pdf],
            "reason": "迁移",
        },
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{batch.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "已导入" in detail and batch.sha256 in detail and "评价报告.pdf" in detail
    assert CreditRecord.objects.filter(import_batch=batch).count() == 1
    assert f"#{batch.pk}" in client.get(LIST).content.decode()


def test_a_rejected_upload_offers_the_report(client, dc_staff, assoc):
    client.force_login(dc_staff)
    response = client.post(
        LIST, {"file": upload(csv_bytes([row("51", 1)])), "kind": "purchased_service"}, follow=True
    )
    page = response.content.decode()
    assert "已退回" in page and "统一社会信用代码应为18位，实际为2位。" in page
    batch = ImportBatch.objects.get()
    report = client.get(f"{LIST}{batch.pk}/report.csv")
    assert report.status_code == 200
    assert b"".join(report.streaming_content).startswith(b"\xef\xbb\xbf")


def test_a_dry_run_from_the_page(client, dc_staff, assoc):
    client.force_login(dc_staff)
    response = client.post(
        LIST, {"file": upload(csv_bytes([row(assoc.uscc, 1)])), "kind": "purchased_service", "dry_run": "on"}
    )
    assert response.status_code == 200 and "校验通过" in response.content.decode()
    assert not ImportBatch.objects.exists() and not CreditRecord.objects.exists()


def test_an_oversized_upload_is_explained(client, dc_staff, assoc, settings):
    settings.XINYONG_IMPORT_MAX_BYTES = 50
    client.force_login(dc_staff)
    response = client.post(LIST, {"file": upload(csv_bytes([row(assoc.uscc, 1)]))})
    assert response.status_code == 200
    assert (
        "文件超过大小上限 0 MB" in response.content.decode()
        or "文件超过大小上限" in response.content.decode()
    )
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("purchased_service", "统一社会信用代码", "记录时间"),
        ("basic", "名称", "登记管理机关"),
        ("mixed", "统一社会信用代码", "记录时间"),
    ],
)
def test_templates(client, dc_staff, name, first, last):
    client.force_login(dc_staff)
    response = client.get(f"{LIST}templates/{name}.csv")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").strip().split(",")
    assert header[0] == first and header[-1] == last
    workbook = load_workbook(io.BytesIO(client.get(f"{LIST}templates/{name}.xlsx").content))
    assert [c.value for c in workbook.worksheets[0][1]] == header
    assert client.get(f"{LIST}templates/nothing.csv").status_code == 404


def test_a_template_goes_back_in(dc_staff, assoc):
    """The CSV template, filled in, is a valid batch."""
    from xinyong.exchange import template_files

    header = template_files.template_csv("purchased_service").decode("utf-8-sig").strip().split(",")
    values = dict(
        zip(
            [
                "统一社会信用代码",
                "承接项目名称",
                "委托政府部门",
                "绩效评价情况",
                "评价日期",
                "文号",
                "出具机关",
                "出具日期",
            ],
            row(assoc.uscc, 1),
            strict=True,
        )
    )
    from .helpers import staff_import

    outcome = staff_import(
        dc_staff, csv_bytes([[values.get(h, "") for h in header]], header=header), kind="purchased_service"
    )
    assert outcome.status == "applied", outcome.preview


def test_who_sees_which_batches(
    client, dc_staff, xc_staff, supervisor, admin_user, assoc_user, assoc, xc_assoc, department
):
    own = deliver(department, csv_bytes([row(assoc.uscc, 1)])).batch
    theirs = deliver(department, csv_bytes([row(xc_assoc.uscc, 1)])).batch
    for user, visible, hidden in ((dc_staff, own, theirs), (xc_staff, theirs, own)):
        client.force_login(user)
        assert client.get(f"{LIST}{visible.pk}/").status_code == 200
        assert client.get(f"{LIST}{hidden.pk}/").status_code == 404
    for user in (supervisor, admin_user):
        client.force_login(user)
        page = client.get(LIST)
        assert page.status_code == 200 and '<form method="post" enctype' not in page.content.decode()
        assert client.get(f"{LIST}{own.pk}/").status_code == 200
        assert client.post(LIST, {"file": upload(b"x")}).status_code == 403
    client.force_login(assoc_user)
    assert client.get(LIST).status_code == 403
    client.logout()
    assert client.get(LIST).status_code == 302


def test_template_cells_cannot_become_formulas(monkeypatch):
    """The templates hold our own labels, but they are written like every other spreadsheet cell:
    a label that began with "=" would be a formula in the XLSX (openpyxl stores it as one) and in
    Excel's reading of the CSV."""
    from xinyong.exchange import template_files

    hostile = [("title", "=1+1", True, "@SUM(1)"), ("counterpart", "-2+3", False, "说明")]
    monkeypatch.setattr(template_files, "columns", lambda name: hostile)
    header = template_files.template_csv("purchased_service").decode("utf-8-sig").strip().split(",")
    assert header == ["'=1+1", "'-2+3"]
    workbook = load_workbook(io.BytesIO(template_files.template_xlsx("purchased_service")))
    data, notes = workbook.worksheets
    assert [c.value for c in data[1]] == ["'=1+1", "'-2+3"] and data["A1"].data_type == "s"
    assert [c.value for c in notes[2]] == ["'=1+1", "title", "是", "'@SUM(1)"]
