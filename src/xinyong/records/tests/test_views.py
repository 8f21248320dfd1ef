"""Back-office pages for credit records and evidence (R-INF-2..8, R-REC-2, R-REC-3, R-EVD-*)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xinyong.history.models import HistoryEntry
from xinyong.records.choices import RecordStatus
from xinyong.records.models import CreditRecord
from xinyong.testing import factories as f


def pdf(name: str = "处罚决定书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, f.MINIMAL_PDF, content_type="application/pdf")


def dishonesty_payload(**overrides) -> dict:
    # Dated relative to today, so the record stays inside its five-year public window.
    handled = (timezone.localdate() - timedelta(days=30)).isoformat()
    data = {
        "misconduct": "网页录入的失信行为",
        "penalty": "网页录入的处罚结果",
        "legal_basis": "《社会团体登记管理条例》第三十一条",
        "event_date": handled,
        "confidentiality": "",
        "evidence_kind": "legal_document",
        "document_number": "京东民罚〔2025〕3号",
        "issuer": "北京市东城区民政局",
        "issued_on": handled,
        "reason": "依据行政处罚决定书记录",
        "action": "record",
    }
    data.update(overrides)
    return data


def modify_payload(record: CreditRecord, **overrides) -> dict:
    data = {
        "misconduct": record.misconduct,
        "penalty": record.penalty,
        "legal_basis": record.legal_basis,
        "event_date": record.event_date.isoformat(),
        "confidentiality": record.confidentiality,
        "version": str(record.version),
        "reason": "",
    }
    data.update({f"mark_{c}": m for c, m in record.confidential_fields.items()})
    data.update(overrides)
    return data


# --- the clerk's journey ------------------------------------------------------------------------


def test_create_form_shows_only_the_kinds_fields(client, dc_staff, assoc):
    client.force_login(dc_staff)
    html = client.get(reverse("records:create", args=[assoc.pk, "honour"])).content.decode()
    for label in (
        "获得荣誉名称",
        "荣誉授予机构",
        "荣誉授予日期",
        "有效期至",
        "长期有效",
        "荣誉级别",
        "国家级",
    ):
        assert label in html
    assert 'name="misconduct"' not in html and 'name="inspection_year"' not in html
    assert 'name="title"' in html and 'name="long_term"' in html
    assert 'type="date"' in html
    assert 'accept=".pdf,.png,.jpg,.jpeg,.ofd"' in html
    assert "保存为草稿" in html and "正式记录" in html
    assert client.get(reverse("records:create", args=[assoc.pk, "no-such-kind"])).status_code == 404


def test_staff_records_with_uploaded_pdf_and_it_is_published(client, dc_staff, assoc):
    client.force_login(dc_staff)
    response = client.post(
        reverse("records:create", args=[assoc.pk, "dishonesty"]), {**dishonesty_payload(), "file": pdf()}
    )
    record = CreditRecord.objects.get(misconduct="网页录入的失信行为")
    assert response.status_code == 302
    assert response.url == reverse("records:detail", args=[record.pk])
    assert record.status == RecordStatus.RECORDED
    assert record.recorded_by == dc_staff.authority
    evidence = record.evidence.get()
    assert evidence.original_name == "处罚决定书.pdf"
    assert evidence.document_number == "京东民罚〔2025〕3号"

    public = client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()
    assert "网页录入的失信行为" in public
    assert "网页录入的处罚结果" in public
    assert "京东民罚〔2025〕3号" not in public  # evidence is never public

    detail = client.get(response.url).content.decode()
    assert "公示中" in detail
    assert reverse("records:evidence_download", args=[evidence.pk]) in detail


def test_whole_record_and_field_marks_from_the_form(client, dc_staff, assoc):
    client.force_login(dc_staff)
    client.post(
        reverse("records:create", args=[assoc.pk, "dishonesty"]),
        {**dishonesty_payload(mark_penalty="commercial_secret"), "file": pdf()},
    )
    client.post(
        reverse("records:create", args=[assoc.pk, "dishonesty"]),
        {
            **dishonesty_payload(misconduct="整条保密的网页记录", confidentiality="state_secret"),
            "file": pdf(),
        },
    )
    record = CreditRecord.objects.get(misconduct="网页录入的失信行为")
    assert record.confidential_fields == {"penalty": "commercial_secret"}
    assert CreditRecord.objects.get(misconduct="整条保密的网页记录").confidentiality == "state_secret"
    public = client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()
    assert "网页录入的失信行为" in public
    assert "网页录入的处罚结果" not in public
    assert "整条保密的网页记录" not in public


def test_formal_record_without_evidence_is_refused_and_input_kept(client, dc_staff, assoc):
    client.force_login(dc_staff)
    payload = dishonesty_payload(document_number="", issuer="", issued_on="")
    response = client.post(reverse("records:create", args=[assoc.pk, "dishonesty"]), payload)
    assert response.status_code == 200
    html = response.content.decode()
    assert "正式记录必须附有书面证明材料" in html
    assert "网页录入的失信行为" in html
    assert not CreditRecord.objects.filter(misconduct="网页录入的失信行为").exists()


def test_missing_required_fields_are_reported_at_their_fields(client, dc_staff, assoc):
    client.force_login(dc_staff)
    payload = dishonesty_payload(penalty="", legal_basis="")
    response = client.post(
        reverse("records:create", args=[assoc.pk, "dishonesty"]), {**payload, "file": pdf()}
    )
    html = response.content.decode()
    assert "“处罚结果”为必填项" in html
    assert "“处理依据”为必填项" in html
    assert "请重新选择文件" in html
    assert not CreditRecord.objects.filter(misconduct="网页录入的失信行为").exists()


def test_draft_then_evidence_then_finalize(client, dc_staff, assoc):
    client.force_login(dc_staff)
    payload = dishonesty_payload(action="draft", document_number="", issuer="", issued_on="")
    response = client.post(reverse("records:create", args=[assoc.pk, "dishonesty"]), payload)
    record = CreditRecord.objects.get(misconduct="网页录入的失信行为")
    assert response.status_code == 302
    assert record.status == RecordStatus.DRAFT
    detail = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert "草稿、缺少证明材料" in detail
    assert reverse("records:finalize", args=[record.pk]) in detail

    finalize = reverse("records:finalize", args=[record.pk])
    refused = client.post(finalize, {"reason": "转正", "version": record.version})
    assert "请先添加证明材料" in refused.content.decode()

    added = client.post(
        reverse("records:evidence_add", args=[record.pk]),
        {
            "evidence_kind": "legal_document",
            "document_number": "京东民罚〔2025〕9号",
            "issuer": "北京市东城区民政局",
            "issued_on": "2025-02-11",
            "file": pdf(),
            "reason": "补充处罚决定书",
        },
    )
    assert added.status_code == 302
    assert client.post(finalize, {"reason": "材料已齐", "version": record.version}).status_code == 302
    record.refresh_from_db()
    assert record.status == RecordStatus.RECORDED
    public = client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()
    assert "网页录入的失信行为" in public


def test_modify_with_reason_shows_in_history_with_before_and_after(client, dc_staff, dishonesty):
    client.force_login(dc_staff)
    response = client.post(
        reverse("records:modify", args=[dishonesty.pk]),
        modify_payload(dishonesty, penalty="罚款五千元", reason="处罚决定更正"),
    )
    assert response.status_code == 302
    dishonesty.refresh_from_db()
    assert dishonesty.penalty == "罚款五千元"
    assert dishonesty.version == 2
    html = client.get(reverse("history:record", args=[dishonesty.pk])).content.decode()
    assert "处罚决定更正" in html
    assert "处罚结果" in html
    assert "<del>警告</del>" in html
    assert "<ins>罚款五千元</ins>" in html
    assert "dc-staff" in html and "北京市东城区民政局" in html


def test_missing_reason_gives_form_error_and_nothing_changes(client, dc_staff, dishonesty):
    client.force_login(dc_staff)
    entries = HistoryEntry.objects.count()
    response = client.post(
        reverse("records:modify", args=[dishonesty.pk]), modify_payload(dishonesty, penalty="不应保存")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写原因" in html
    assert "不应保存" in html
    dishonesty.refresh_from_db()
    assert dishonesty.penalty == "警告"
    assert dishonesty.version == 1
    assert HistoryEntry.objects.count() == entries


def test_stale_version_says_changed_by_someone_else(client, dc_staff, dishonesty):
    client.force_login(dc_staff)
    url = reverse("records:modify", args=[dishonesty.pk])
    payload = modify_payload(dishonesty, penalty="第一次修改", reason="第一次")
    assert client.post(url, payload).status_code == 302
    payload.update(penalty="第二次修改", reason="第二次")
    response = client.post(url, payload)
    assert response.status_code == 409
    html = response.content.decode()
    assert "已被他人修改" in html
    assert "第二次修改" in html  # the clerk's input is not lost
    dishonesty.refresh_from_db()
    assert dishonesty.penalty == "第一次修改"


def test_stale_record_save_takes_the_other_change_and_keeps_mine(client, dc_staff, dishonesty):
    client.force_login(dc_staff)
    url = reverse("records:modify", args=[dishonesty.pk])
    clerk_b = modify_payload(dishonesty, legal_basis="《社会团体登记管理条例》第三十一条", reason="更正依据")
    assert client.post(url, modify_payload(dishonesty, penalty="罚款", reason="更正处罚")).status_code == 302
    response = client.post(url, clerk_b)
    assert response.status_code == 409
    (change,) = response.context["merge"].changes
    assert (change.theirs, change.conflict) == ("罚款", False)
    form = response.context["form"]
    resubmit = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    again = client.post(url, resubmit)
    assert again.status_code == 302, again.context["form"].errors
    dishonesty.refresh_from_db()
    assert (dishonesty.penalty, dishonesty.legal_basis) == ("罚款", "《社会团体登记管理条例》第三十一条")
    reasons = list(
        HistoryEntry.objects.filter(object_type="record", object_id=dishonesty.pk).values_list(
            "reason", flat=True
        )
    )
    assert reasons[-2:] == ["更正处罚", "更正依据"]


def test_revoke_needs_reason_and_confirmation(client, dc_staff, dishonesty, assoc):
    client.force_login(dc_staff)
    url = reverse("records:revoke", args=[dishonesty.pk])
    unconfirmed = client.post(url, {"reason": "记录错误", "version": 1})
    assert unconfirmed.status_code == 200
    dishonesty.refresh_from_db()
    assert dishonesty.status == RecordStatus.RECORDED
    assert client.post(url, {"reason": "记录错误", "version": 1, "confirm": "on"}).status_code == 302
    dishonesty.refresh_from_db()
    assert dishonesty.status == RecordStatus.REVOKED
    public = client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()
    assert "未按规定报送年度工作报告" not in public
    again = client.post(
        reverse("records:modify", args=[dishonesty.pk]), modify_payload(dishonesty, reason="再改")
    )
    assert again.status_code == 409
    assert "已撤销的记录不能再修改" in again.content.decode()


@pytest.mark.parametrize("who", ["xc_staff", "city_staff", "supervisor", "assoc_user"])
@pytest.mark.parametrize("action", ["modify", "revoke"])
def test_only_the_recording_authority_changes_a_record(client, request, dishonesty, who, action):
    client.force_login(request.getfixturevalue(who))
    payload = {**modify_payload(dishonesty, penalty="越权修改", reason="越权"), "confirm": "on"}
    response = client.post(reverse(f"records:{action}", args=[dishonesty.pk]), payload)
    assert response.status_code == 403
    assert (
        "只有记录该信用信息的登记管理机关（北京市东城区民政局）可以修改或撤销它" in response.content.decode()
    )
    dishonesty.refresh_from_db()
    assert (dishonesty.status, dishonesty.penalty, dishonesty.version) == (RecordStatus.RECORDED, "警告", 1)


def test_read_only_users_see_no_change_buttons(client, supervisor, dishonesty):
    client.force_login(supervisor)
    html = client.get(reverse("records:detail", args=[dishonesty.pk])).content.decode()
    assert "未按规定报送年度工作报告" in html
    assert reverse("records:modify", args=[dishonesty.pk]) not in html
    assert reverse("records:revoke", args=[dishonesty.pk]) not in html


def test_association_sees_its_own_draft(client, dc_staff, assoc, assoc_user):
    draft = f.record(actor=dc_staff, association_obj=assoc, draft=True, evidence=False)
    client.force_login(assoc_user)
    response = client.get(reverse("records:detail", args=[draft.pk]))
    assert response.status_code == 200
    assert "草稿" in response.content.decode()


# --- evidence download (R-EVD-2) -----------------------------------------------------------------


def test_evidence_download_for_the_recording_staff(client, dc_staff, dishonesty):
    evidence = dishonesty.evidence.get()
    client.force_login(dc_staff)
    response = client.get(reverse("records:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == f.MINIMAL_PDF


def test_evidence_download_refused_to_anonymous(client, dishonesty):
    url = reverse("records:evidence_download", args=[dishonesty.evidence.get().pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["xc_staff", "dept_user"])
def test_evidence_download_refused_to_other_authorities(client, request, dishonesty, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("records:evidence_download", args=[dishonesty.evidence.get().pk]))
    assert response.status_code == 403
    assert f.MINIMAL_PDF not in response.content


def test_evidence_revoke_keeps_at_least_one(client, dc_staff, dishonesty):
    evidence = dishonesty.evidence.get()
    client.force_login(dc_staff)
    response = client.post(
        reverse("records:evidence_revoke", args=[evidence.pk]), {"reason": "文件错误", "confirm": "on"}
    )
    assert response.status_code == 409
    assert "正式记录至少要保留一份证明材料" in response.content.decode()
    evidence.refresh_from_db()
    assert not evidence.revoked


# --- personal numbers in public text (R-SEC-2) -------------------------------------------------


def test_a_mobile_number_in_public_text_is_flagged_before_it_is_stored(client, dc_staff, assoc):
    """Not refused: the clerk is warned, and may confirm and save (a number the check mistook)."""
    client.force_login(dc_staff)
    url = reverse("records:create", args=[assoc.pk, "dishonesty"])
    payload = dishonesty_payload(misconduct="负责人拒不整改，联系人手机 138.0013.8000")
    response = client.post(url, {**payload, "file": pdf()})
    html = response.content.decode()
    assert response.status_code == 200 and not CreditRecord.objects.exists()
    assert "似乎含有身份证号或手机号" in html and "这里似乎有身份证号或手机号" in html
    assert 'name="confirm_no_personal_data"' in html and "我已确认不含个人信息" in html
    assert "138.0013.8000" in html  # what was typed is kept
    confirmed = client.post(url, {**payload, "file": pdf(), "confirm_no_personal_data": "on"})
    assert confirmed.status_code == 302
    assert CreditRecord.objects.get().misconduct.endswith("138.0013.8000")


def test_no_warning_for_ordinary_numbers_or_text_marked_confidential(client, dc_staff, assoc, dishonesty):
    client.force_login(dc_staff)
    url = reverse("records:create", args=[assoc.pk, "dishonesty"])
    ordinary = dishonesty_payload(misconduct="2024.03.15 起未按京民社〔2024〕123号整改，罚款 100,000 元")
    assert client.post(url, {**ordinary, "file": pdf()}).status_code == 302
    private = dishonesty_payload(penalty="当事人身份证 110101 19900307 1234", mark_penalty="personal_privacy")
    assert client.post(url, {**private, "file": pdf()}).status_code == 302
    secret = dishonesty_payload(misconduct="联系人 13800138000", confidentiality="personal_privacy")
    assert client.post(url, {**secret, "file": pdf()}).status_code == 302
    edit = modify_payload(dishonesty, legal_basis="依据 一三八〇〇一三八〇〇〇 举报", reason="补充")
    response = client.post(reverse("records:modify", args=[dishonesty.pk]), edit)
    assert response.status_code == 200 and "我已确认不含个人信息" in response.content.decode()


def test_a_bidi_override_typed_into_a_record_never_reaches_the_public_page(client, dc_staff, assoc):
    """Issue 13: U+202E would display the rest of the line reversed; it is removed on entry."""
    client.force_login(dc_staff)
    url = reverse("records:create", args=[assoc.pk, "dishonesty"])
    payload = dishonesty_payload(
        misconduct="未按期\u202e报送年度报告\u200b", document_number="京东民罚\u2066〔2025〕3号"
    )
    assert client.post(url, {**payload, "file": pdf()}).status_code == 302
    record = CreditRecord.objects.get()
    assert record.misconduct == "未按期报送年度报告"
    assert record.evidence.get().document_number == "京东民罚〔2025〕3号"
    client.logout()
    page = client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()
    assert "未按期报送年度报告" in page and "\u202e" not in page and "\u200b" not in page
