"""Report pages: who gets which version (R-ACT-2, R-SEC-1), the public button (POST, limited per
address), and the verification page with and without a file."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xinyong.records.services import record_modify, record_revoke
from xinyong.registry.choices import Confidentiality
from xinyong.registry.services import association_modify
from xinyong.reports.models import IssuedReport
from xinyong.reports.services import report_issue
from xinyong.security import throttle
from xinyong.testing import factories as f
from xinyong.testing.matrix import ANONYMOUS, Case, Matrix, expect, run

pytestmark = pytest.mark.django_db

GENUINE = "与验证码相符"
NOT_GENUINE = "核验未通过"


@pytest.fixture
def now(monkeypatch):
    moment = [1_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: moment[0])
    return moment


def issue_page(pk):
    return reverse("reports:issue", args=[pk])


def is_pdf(response) -> bool:
    return response.status_code == 200 and response["Content-Type"] == "application/pdf"


# --- issuing -------------------------------------------------------------------------------------


def test_anyone_downloads_the_public_report_from_the_profile(client, assoc, now):
    page = client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()
    action = reverse("reports:public", args=[assoc.uscc])
    assert f'action="{action}"' in page and "下载信用报告（PDF）" in page
    response = client.post(action)
    assert is_pdf(response) and response.content.startswith(b"%PDF")
    report = IssuedReport.objects.get()
    assert report.version == "public" and report.requested_by is None
    assert (
        "attachment" in response["Content-Disposition"] and report.number in response["Content-Disposition"]
    )


def test_a_get_never_issues(client, assoc):
    assert client.get(reverse("reports:public", args=[assoc.uscc])).status_code == 405
    assert client.post(reverse("reports:public", args=["511100000000000000"])).status_code == 404
    assert IssuedReport.objects.count() == 0


def test_anonymous_issuing_is_limited_per_address_signed_in_users_are_not(
    client, assoc, dc_staff, settings, now
):
    settings.XINYONG_REPORT_RATE_LIMITS = {"issue": (2, 3600)}
    url = reverse("reports:public", args=[assoc.uscc])
    assert is_pdf(client.post(url, REMOTE_ADDR="203.0.113.9"))
    assert is_pdf(client.post(url, REMOTE_ADDR="203.0.113.9"))
    refused = client.post(url, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert is_pdf(client.post(url, REMOTE_ADDR="198.51.100.1"))  # another address
    client.force_login(dc_staff)
    assert is_pdf(client.post(url, REMOTE_ADDR="203.0.113.9"))
    assert IssuedReport.objects.count() == 4


def test_a_missing_font_is_a_clear_503_and_nothing_is_issued(client, assoc, settings, now):
    settings.XINYONG_REPORT_FONT = "/nonexistent/NotoSansCJK-Regular.ttc"
    response = client.post(reverse("reports:public", args=[assoc.uscc]))
    assert response.status_code == 503 and "XINYONG_REPORT_FONT" in response.content.decode()
    assert IssuedReport.objects.count() == 0


def test_the_missing_default_font_names_the_debian_package(monkeypatch):
    from xinyong.reports import conf

    monkeypatch.setattr(conf, "DEBIAN_FONT", "/nonexistent.ttc")
    monkeypatch.setattr(conf.shutil, "which", lambda name: None)
    with pytest.raises(conf.ReportUnavailable, match="fonts-noto-cjk"):
        conf.font_files()


# Who may have which version on the association's report page (dc_staff's authority registered
# ``assoc``). Supervisor and administrators read everything in the back office but get only the
# public version: a printed full report leaves the system, so it goes to the two parties named.
ROLES = (
    ANONYMOUS,
    "assoc_user",
    "other_assoc_user",
    "dc_staff",
    "xc_staff",
    "city_staff",
    "supervisor",
    "admin_user",
    "dept_user",
)
READERS = ("assoc_user", "dc_staff", "supervisor", "admin_user")


def _association(assoc):
    return [assoc.pk]


MATRIX = Matrix(
    ROLES,
    [
        Case("reports:issue", expect(*READERS), args=_association, label="page"),
        Case(
            "reports:issue",
            expect(*READERS),
            method="post",
            args=_association,
            data=lambda _: {"version": "public", "as_of": "2025-06-30"},
            label="public",
        ),
        Case(
            "reports:issue",
            expect("assoc_user", "dc_staff"),
            method="post",
            args=_association,
            data=lambda _: {"version": "full", "as_of": "2025-06-30"},
            label="full",
        ),
    ],
)


@MATRIX.parametrize
def test_permission_matrix(client, request, assoc, cell, now):
    response = run(client, cell, assoc, request=request)
    if cell.case.method == "get":
        if cell.expected == 200:
            full = MATRIX.expected("full-post", cell.role)
            offered = [value for value, _label in response.context["form"].fields["version"].choices]
            assert offered == (["public", "full"] if full == 200 else ["public"])
        assert IssuedReport.objects.count() == 0
    else:
        assert is_pdf(response) == (cell.expected == 200)
        assert IssuedReport.objects.filter(association=assoc).count() == (cell.expected == 200)


def test_a_bad_date_comes_back_on_the_form(client, assoc, assoc_user):
    client.force_login(assoc_user)
    response = client.post(issue_page(assoc.pk), {"version": "full", "as_of": "2099-01-01"})
    assert response.status_code == 200 and "不能晚于今天" in response.content.decode()
    assert IssuedReport.objects.count() == 0


def test_the_back_office_links_to_the_report_page(client, assoc, assoc_user):
    client.force_login(assoc_user)
    report_issue(actor=assoc_user, association=assoc, version="full")
    url = issue_page(assoc.pk)
    assert url in client.get(reverse("records:dashboard")).content.decode()
    assert url in client.get(reverse("registry:detail", args=[assoc.pk])).content.decode()
    page = client.get(url).content.decode()
    assert IssuedReport.objects.get().number in page and "完整版" in page


# --- verifying -----------------------------------------------------------------------------------


@pytest.fixture
def issued(assoc, dishonesty):
    return report_issue(actor=None, association=assoc, version="public")


def verify(client, report, code=None, **kwargs):
    code = report.verification_code if code is None else code
    return client.get(reverse("reports:verify", args=[report.number]), {"code": code}, **kwargs)


def upload(client, report, data: bytes, name="report.pdf"):
    url = reverse("reports:verify", args=[report.number])
    file = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(url, {"code": report.verification_code, "file": file})


def test_genuine_number_and_code_show_the_register_and_the_content(client, issued, assoc):
    response = verify(client, issued.report)
    html = response.content.decode()
    assert response.status_code == 200 and GENUINE in html
    assert assoc.name in html and assoc.uscc in html and "公开版" in html and issued.report.pdf_sha256 in html
    assert "失信信息" in html and "未按规定报送年度工作报告" in html  # the content, from the stored JSON
    typed = issued.report.verification_code.lower().replace("-", "")
    assert GENUINE in verify(client, issued.report, code=typed).content.decode()


def test_wrong_code_and_unknown_number_are_not_genuine_and_reveal_nothing(client, issued, assoc):
    wrong = verify(client, issued.report, code="AAAA-BBBB-CCCC")
    unknown = client.get(reverse("reports:verify", args=["XY20200101-000001"]), {"code": "AAAA-BBBB-CCCC"})
    garbage = client.get(reverse("reports:verify", args=["<script>"]), {"code": "x"})
    for response in (wrong, unknown, garbage):
        html = response.content.decode()
        assert response.status_code == 404 and NOT_GENUINE in html and assoc.name not in html
    assert "<script>" not in garbage.content.decode()


def test_the_start_page_takes_number_and_code(client, issued):
    report = issued.report
    start = client.get(reverse("reports:verify_start"))
    assert start.status_code == 200
    response = client.get(
        reverse("reports:verify_start"), {"number": report.number, "code": report.verification_code}
    )
    assert response.status_code == 302 and response.url.startswith(
        reverse("reports:verify", args=[report.number])
    )
    bad = client.get(reverse("reports:verify_start"), {"number": "123", "code": "x"})
    assert bad.status_code == 200 and "报告编号的格式" in bad.content.decode()
    no_code = client.get(reverse("reports:verify", args=[report.number]))
    assert no_code.status_code == 200 and report.number in no_code.content.decode()


def test_the_issued_file_verifies_as_unaltered(client, issued):
    html = upload(client, issued.report, issued.pdf).content.decode()
    assert "真实且未被修改" in html


def flip_in_stream(data: bytes) -> bytes:
    """Change one byte inside the first page's content stream (the text a reader sees)."""
    at = data.index(b"stream", data.index(b"/Contents")) + 40
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.mark.parametrize(
    "tamper",
    [flip_in_stream, lambda d: d + b"\n% appended\n", lambda d: d[:-200]],
    ids=["flip", "append", "cut"],
)
def test_a_tampered_file_says_it_claims_to_be_the_report_but_was_altered(client, issued, tamper):
    html = upload(client, issued.report, tamper(issued.pdf)).content.decode()
    assert "文件已被修改" in html and f"该文件自称是报告 {issued.report.number}" in html
    assert "真实且未被修改" not in html


def test_another_reports_file_or_no_report_at_all(client, issued, assoc):
    other = report_issue(actor=None, association=assoc, version="public")
    html = upload(client, issued.report, other.pdf).content.decode()
    assert f"它自称是报告 {other.report.number}" in html
    html = upload(client, issued.report, f.MINIMAL_PDF).content.decode()
    assert "读不到报告编号" in html
    html = upload(client, issued.report, b"not a pdf at all").content.decode()
    assert "读不到报告编号" in html


def test_uploads_over_the_limit_are_refused_with_a_message(client, issued, settings):
    settings.XINYONG_REPORT_UPLOAD_MAX_BYTES = 1000
    response = upload(client, issued.report, issued.pdf)
    html = response.content.decode()
    assert response.status_code == 200 and "文件过大" in html and "真实且未被修改" not in html


def test_upload_needs_the_right_code_too(client, issued):
    url = reverse("reports:verify", args=[issued.report.number])
    file = SimpleUploadedFile("r.pdf", issued.pdf, content_type="application/pdf")
    response = client.post(url, {"code": "AAAA-BBBB-CCCC", "file": file})
    assert response.status_code == 404 and NOT_GENUINE in response.content.decode()


def test_verification_attempts_are_limited_per_address(client, issued, settings, now):
    settings.XINYONG_REPORT_RATE_LIMITS = {"verify": (3, 60)}
    for _ in range(3):
        verify(client, issued.report, code="AAAA-BBBB-CCCC", REMOTE_ADDR="203.0.113.5")
    assert verify(client, issued.report, REMOTE_ADDR="203.0.113.5").status_code == 429


# --- the content only while it is still published (issue 13, finding 3) ----------------------------

CONTENT_SHOWN = "报告中的每一项内容目前仍在公示"


def _withdraw_by_revoking(staff, record, assoc):
    record_revoke(actor=staff, record=record, reason="记录错误", expected_version=record.version)


def _withdraw_by_correcting(staff, record, assoc):
    record_modify(
        actor=staff,
        record=record,
        changes={"misconduct": "更正后的失信行为"},
        reason="异议核实后更正",
        expected_version=record.version,
    )


def _withdraw_by_marking_confidential(staff, record, assoc):
    association_modify(
        actor=staff,
        association=assoc,
        changes={"confidential_fields": {"legal_representative": Confidentiality.PERSONAL_PRIVACY}},
        reason="涉及个人隐私",
        expected_version=assoc.version,
    )


@pytest.mark.parametrize(
    "withdraw", [_withdraw_by_revoking, _withdraw_by_correcting, _withdraw_by_marking_confidential]
)
def test_verification_stops_showing_content_no_longer_published(client, dc_staff, assoc, withdraw):
    record = f.record(
        actor=dc_staff, association_obj=assoc, kind="dishonesty", data={"misconduct": "报告出具时的失信行为"}
    )
    issued = report_issue(actor=None, association=assoc, version="public")
    html = verify(client, issued.report).content.decode()
    assert CONTENT_SHOWN in html and "报告出具时的失信行为" in html and "张三" in html
    assoc.refresh_from_db()
    withdraw(dc_staff, record, assoc)
    html = verify(client, issued.report).content.decode()
    assert GENUINE in html and issued.report.pdf_sha256 in html  # authenticity is still confirmed
    assert "其中 1 项内容已被更正、撤销或不再公示" in html
    assert "报告出具时的失信行为" not in html and "张三" not in html and CONTENT_SHOWN not in html


def test_verification_stops_showing_an_item_past_its_publication(client, dc_staff, assoc, monkeypatch):
    today = timezone.localdate()
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        kind="honour",
        data={"title": "今天到期的荣誉", "valid_until": today, "event_date": today - timedelta(days=30)},
    )
    issued = report_issue(actor=None, association=assoc, version="public")
    assert "今天到期的荣誉" in verify(client, issued.report).content.decode()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today + timedelta(days=1))
    html = verify(client, issued.report).content.decode()
    assert "今天到期的荣誉" not in html and "其中 1 项内容已被更正、撤销或不再公示" in html


def test_the_full_version_is_verified_but_never_shown(client, dc_staff, assoc, dishonesty):
    record_modify(
        actor=dc_staff,
        record=dishonesty,
        changes={},
        reason="商业秘密",
        expected_version=dishonesty.version,
        confidentiality=Confidentiality.COMMERCIAL_SECRET,
    )
    issued = report_issue(actor=dc_staff, association=assoc, version="full")
    html = verify(client, issued.report).content.decode()
    assert GENUINE in html and "这是完整版报告" in html
    assert "未公示" not in html and "不公示的原因" not in html and "dc-staff" not in html
