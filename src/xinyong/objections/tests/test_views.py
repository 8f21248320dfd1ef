"""Objection pages with the Django test client: the whole path, who may do what, the public label."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.formats import date_format

from xinyong.notices.models import Notice
from xinyong.objections.choices import ObjectionStatus
from xinyong.objections.models import Objection
from xinyong.testing import factories as f

pytestmark = pytest.mark.django_db


def pdf(name: str = "撤销决定.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, f.MINIMAL_PDF, content_type="application/pdf")


def file_through_the_form(client, assoc_user, record, **overrides):
    client.force_login(assoc_user)
    data = {
        "records": [record.pk],
        "statement": "该行政处罚决定已于今年撤销，附撤销决定书。",
        "attachments": [pdf()],
        **overrides,
    }
    return client.post(reverse("objections:create"), data)


def test_association_files_and_follows_its_objection(client, assoc_user, assoc, dishonesty):
    response = file_through_the_form(client, assoc_user, dishonesty)
    objection = Objection.objects.get()
    assert response.status_code == 302 and response.url == reverse("objections:detail", args=[objection.pk])
    page = client.get(response.url).content.decode()
    assert objection.number in page and "已提交，待核实" in page and "撤回异议" in page
    # The record's page in the back office and the public profile say it is under objection.
    assert "异议核实中" in client.get(reverse("registry:detail", args=[assoc.pk])).content.decode()
    client.logout()
    public = client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()
    assert "异议核实中" in public and date_format(objection.due_on) in public
    assert "撤销决定书" not in public  # the statement is not published


def test_incomplete_objection_keeps_what_was_typed(client, assoc_user, assoc, dishonesty):
    response = file_through_the_form(client, assoc_user, dishonesty, statement="短", attachments=[])
    assert response.status_code == 200
    html = response.content.decode()
    assert "至少10个字" in html and "请附上支持异议的材料" in html
    form = response.context["form"]
    assert form["statement"].value() == "短" and form["records"].value() == [str(dishonesty.pk)]
    assert Objection.objects.count() == 0


def test_wrong_file_type_is_refused_with_its_name(client, assoc_user, assoc, dishonesty):
    bad = SimpleUploadedFile("材料.docx", b"PK\x03\x04 not allowed", content_type="application/msword")
    response = file_through_the_form(client, assoc_user, dishonesty, attachments=[bad])
    assert response.status_code == 200
    assert "材料.docx" in response.content.decode() and Objection.objects.count() == 0
    assert response.context["file_lost"]


def test_authority_verifies_corrects_on_the_record_page_and_concludes(
    client, assoc_user, assoc, dc_staff, dishonesty
):
    file_through_the_form(client, assoc_user, dishonesty)
    objection = Objection.objects.get()
    client.force_login(dc_staff)
    detail = reverse("objections:detail", args=[objection.pk])
    assert "受理并开始核实" in client.get(detail).content.decode()
    assert client.post(reverse("objections:verify", args=[objection.pk]), {"version": 1}).status_code == 302
    page = client.get(detail).content.decode()
    modify_url = reverse("records:modify", args=[dishonesty.pk]) + f"?objection={objection.pk}"
    assert modify_url.replace("&", "&amp;") in page or modify_url in page

    form_page = client.get(modify_url).content.decode()
    assert f"依异议 {objection.number} 更正" in form_page
    response = client.post(
        modify_url,
        {
            "misconduct": dishonesty.misconduct,
            "penalty": "警告（已更正）",
            "legal_basis": dishonesty.legal_basis,
            "event_date": dishonesty.event_date.isoformat(),
            "confidentiality": "",
            "version": dishonesty.version,
            "reason": "处罚决定已撤销",
        },
    )
    assert response.status_code == 302 and response.url == detail
    assert objection.corrections.count() == 1

    conclude = reverse("objections:conclude", args=[objection.pk])
    objection.refresh_from_db()
    response = client.post(
        conclude,
        {
            "outcome": "corrected",
            "explanation": "经核实处罚决定已撤销，已更正。",
            "version": objection.version,
        },
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.CORRECTED
    client.force_login(assoc_user)
    page = client.get(detail).content.decode()
    assert "经核实处罚决定已撤销，已更正。" in page and "按期办结" in page
    assert Notice.objects.filter(user=assoc_user).count() == 2


def test_conclusion_without_explanation_is_refused_and_shown_at_the_field(
    client, assoc_user, assoc, dc_staff, dishonesty
):
    file_through_the_form(client, assoc_user, dishonesty)
    objection = Objection.objects.get()
    client.force_login(dc_staff)
    client.post(reverse("objections:verify", args=[objection.pk]), {"version": 1})
    response = client.post(
        reverse("objections:conclude", args=[objection.pk]),
        {"outcome": "confirmed", "explanation": "", "version": 2},
    )
    assert response.status_code == 200
    assert "请写明核实的结果和依据" in response.content.decode()
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.VERIFYING


@pytest.mark.parametrize("who", ["xc_staff", "city_staff", "supervisor", "dept_user"])
def test_only_the_receiving_authority_handles(client, request, who, assoc_user, assoc, dishonesty):
    file_through_the_form(client, assoc_user, dishonesty)
    objection = Objection.objects.get()
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("objections:verify", args=[objection.pk]), {"version": 1})
    assert response.status_code == 403
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.SUBMITTED


def test_who_sees_an_objection_and_its_attachments(
    client, assoc_user, assoc, xc_staff, supervisor, dishonesty
):
    file_through_the_form(client, assoc_user, dishonesty)
    objection = Objection.objects.get()
    attachment = reverse("objections:attachment", args=[objection.attachments.get().pk])
    assert client.get(attachment).status_code == 200
    client.force_login(supervisor)
    assert client.get(reverse("objections:detail", args=[objection.pk])).status_code == 200
    client.force_login(xc_staff)
    assert client.get(reverse("objections:detail", args=[objection.pk])).status_code == 403
    assert client.get(attachment).status_code == 403
    assert objection.number not in client.get(reverse("objections:list")).content.decode()
    client.logout()
    assert client.get(attachment).status_code == 302  # to the sign-in page


def test_correction_link_from_another_authority_is_refused(client, assoc_user, assoc, xc_staff, dishonesty):
    file_through_the_form(client, assoc_user, dishonesty)
    objection = Objection.objects.get()
    other = f.association(actor=xc_staff, name="北京市西城区书法协会")
    other_record = f.record(actor=xc_staff, association_obj=other)
    client.force_login(xc_staff)
    url = reverse("records:modify", args=[other_record.pk]) + f"?objection={objection.pk}"
    assert client.get(url).status_code == 403


def test_association_withdraws(client, assoc_user, assoc, dc_staff, dishonesty):
    file_through_the_form(client, assoc_user, dishonesty)
    objection = Objection.objects.get()
    url = reverse("objections:withdraw", args=[objection.pk])
    assert client.post(url, {"version": 1, "reason": ""}).status_code == 200  # a reason is needed
    assert client.post(url, {"version": 1, "reason": "已与登记管理机关沟通"}).status_code == 302
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.WITHDRAWN
    assert Notice.objects.filter(user__role="staff").count() == 2  # filed; withdrawn
    client.logout()
    assert "异议核实中" not in client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()


def test_dashboard_and_oversight_show_deadlines(client, assoc_user, assoc, dc_staff, supervisor, dishonesty):
    file_through_the_form(client, assoc_user, dishonesty)
    objection = Objection.objects.get()
    client.force_login(dc_staff)
    page = client.get(reverse("records:dashboard")).content.decode()
    assert objection.number in page and "未办结的异议" in page
    Objection.objects.filter(pk=objection.pk).update(due_on="2020-01-02")  # long past
    client.force_login(supervisor)
    oversight = client.get(reverse("records:oversight"))
    (row,) = oversight.context["objections"]
    assert (row.authority, row.open, row.overdue) == (dc_staff.authority, 1, 1)
    overdue = client.get(reverse("objections:list"), {"show": "overdue"}).content.decode()
    assert objection.number in overdue and "已超期" in overdue


def test_notices_page_lists_and_marks_read(client, assoc_user, assoc, dc_staff, dishonesty):
    file_through_the_form(client, assoc_user, dishonesty)
    client.force_login(dc_staff)
    page = client.get(reverse("notices:list")).content.decode()
    assert "收到异议" in page and "1 条未读" in page
    client.post(reverse("notices:read"))
    assert Notice.objects.filter(user=dc_staff, read_at__isnull=True).count() == 0
