"""`xinyong import FILE` (R-EXC-1)."""

import io

import pytest
from django.core.management import CommandError, call_command

from xinyong.exchange.models import ImportBatch
from xinyong.records.models import CreditRecord
from xinyong.testing import factories as f

from .conftest import verify
from .helpers import csv_bytes, row


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *map(str, args), "--no-progress", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_import_as_a_clerk_with_evidence(tmp_path, dc_staff, assoc):
    data = tmp_path / "records.csv"
    data.write_bytes(csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2)]))
    pdf = tmp_path / "证明.pdf"
    pdf.write_bytes(f.MINIMAL_PDF)
    code, out, _err = run(
        data, "--kind", "purchased_service", "--authority-user", "dc-staff", "--evidence", pdf
    )
    assert code == 0 and "applied: 2 rows, 2 created" in out
    code, out, _err = run(
        data, "--kind", "purchased_service", "--authority-user", "dc-staff", "--evidence", pdf
    )
    assert code == 0 and "imported before" in out
    assert CreditRecord.objects.count() == 2
    assert verify()[0] == 0


def test_a_rejected_file_exits_1_with_the_report(tmp_path, department, assoc):
    data = tmp_path / "d.csv"
    data.write_bytes(csv_bytes([row(assoc.uscc, 1), row(assoc.uscc, 2, date="2024-13-01")]))
    report = tmp_path / "problems.csv"
    code, _out, err = run(
        data, "--kind", "purchased_service", "--department", "北京市财政局", "--report", report
    )
    assert code == 1
    assert f"report: {report}" in err and "row 3 评价日期" in err
    assert "2024-13-01" in report.read_text(encoding="utf-8-sig")
    assert ImportBatch.objects.get().status == "rejected" and not CreditRecord.objects.exists()


def test_a_dry_run(tmp_path, dc_staff, assoc):
    data = tmp_path / "d.csv"
    data.write_bytes(csv_bytes([row(assoc.uscc, 1)]))
    code, out, _err = run(data, "--kind", "purchased_service", "--authority-user", "dc-staff", "--dry-run")
    assert code == 0 and "dry run" in out
    assert not ImportBatch.objects.exists()


def test_who_may_run_it(tmp_path, admin_user):
    data = tmp_path / "d.csv"
    data.write_bytes(b"x")
    with pytest.raises(CommandError, match="只有登记管理机关工作人员可以导入数据"):
        run(data, "--authority-user", "admin")
    with pytest.raises(CommandError, match="no such department"):
        run(data, "--department", "没有这个部门")
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing.csv", "--authority-user", "admin")


def test_warnings_are_printed_and_the_report_kept(tmp_path, department, assoc):
    data = tmp_path / "d.csv"
    data.write_bytes(csv_bytes([row(assoc.uscc, 1, evaluation="联系人 一三八〇〇一三八〇〇〇")]))
    report = tmp_path / "report.csv"
    code, out, _err = run(
        data, "--kind", "purchased_service", "--department", "北京市财政局", "--report", report
    )
    assert code == 0 and "applied: 1 rows, 1 created" in out
    assert "1 处文字似乎含有身份证号或手机号" in out and f"report: {report}" in out
    assert "提示（不影响导入）" in report.read_text(encoding="utf-8-sig")
