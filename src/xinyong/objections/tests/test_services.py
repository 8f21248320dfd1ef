"""Objections through the services: filing, handling, corrections linked in the history (R-OBJ-1..3)."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from xinyong.errors import InvalidState, NotAllowed, StaleVersion
from xinyong.history.models import HistoryEntry
from xinyong.notices.models import Notice
from xinyong.objections.choices import ObjectionStatus
from xinyong.objections.corrections import objection_correct_basic_info, objection_correct_record
from xinyong.objections.models import Objection, ObjectionItem
from xinyong.objections.services import (
    Attachment,
    objection_conclude,
    objection_file,
    objection_verify,
    objection_withdraw,
)
from xinyong.records.choices import RecordStatus
from xinyong.testing import factories as f
from xinyong.workdays.selectors import due_date

pytestmark = pytest.mark.django_db


def material(name: str = "说明材料.pdf") -> Attachment:
    return Attachment(file=io.BytesIO(f.MINIMAL_PDF), name=name)


def file_one(assoc_user, assoc, record, **kw) -> Objection:
    return objection_file(
        actor=assoc_user,
        association=assoc,
        records=kw.pop("records", [record]),
        statement=kw.pop("statement", "该处罚已于2025年撤销，所附文件可以证明。"),
        attachments=kw.pop("attachments", [material()]),
        **kw,
    )


@pytest.fixture
def staff_with_mail(dc_staff):
    dc_staff.email = "clerk@dongcheng.example.cn"
    dc_staff.save()
    return dc_staff


@pytest.fixture
def assoc_with_mail(assoc_user):
    assoc_user.email = "office@assoc.example.cn"
    assoc_user.save()
    return assoc_user


def test_filing_sets_the_deadline_and_tells_the_authority(
    staff_with_mail, assoc_with_mail, assoc, dishonesty, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        objection = file_one(assoc_with_mail, assoc, dishonesty)
    assert objection.status == ObjectionStatus.SUBMITTED
    assert objection.authority == assoc.authority
    due = due_date(objection.received_on)
    assert (objection.due_on, objection.due_provisional) == (due.on, due.provisional)
    assert objection.due_on > objection.received_on
    assert list(objection.items.values_list("record_id", flat=True)) == [dishonesty.pk]
    entry = HistoryEntry.objects.filter(object_type="objection", object_id=objection.pk).get()
    assert entry.action == "objection.file" and entry.association_id == assoc.pk
    assert entry.after["attachments"][0]["name"] == "说明材料.pdf"
    # In the app and by e-mail, to the staff of the receiving authority only.
    assert Notice.objects.filter(user=staff_with_mail).count() == 1
    assert [m.to for m in mail.outbox] == [["clerk@dongcheng.example.cn"]]
    assert objection.number in mail.outbox[0].subject


def test_an_incomplete_objection_names_every_problem_and_writes_nothing(assoc_user, assoc):
    with pytest.raises(ValidationError) as caught:
        objection_file(actor=assoc_user, association=assoc, statement="不对", attachments=[])
    assert set(caught.value.message_dict) == {"items", "statement", "attachments"}
    assert (
        Objection.objects.count() == 0 and HistoryEntry.objects.filter(object_type="objection").count() == 0
    )


def test_a_broken_attachment_is_refused_and_nothing_is_kept(assoc_user, assoc, dishonesty):
    broken = Attachment(file=io.BytesIO(b"not a pdf at all"), name="材料.pdf")
    with pytest.raises(ValidationError) as caught:
        file_one(assoc_user, assoc, dishonesty, attachments=[material(), broken])
    assert "attachments" in caught.value.message_dict
    assert Objection.objects.count() == 0 and ObjectionItem.objects.count() == 0


def test_only_the_association_itself_files_and_only_about_its_own_records(
    assoc, assoc_user, dc_staff, xc_staff, dishonesty
):
    with pytest.raises(NotAllowed):
        file_one(dc_staff, assoc, dishonesty)
    other = f.association(actor=xc_staff, name="北京市西城区书法协会")
    others_record = f.record(actor=xc_staff, association_obj=other)
    with pytest.raises(ValidationError):
        file_one(assoc_user, assoc, others_record)
    draft = f.record(actor=dc_staff, association_obj=assoc, draft=True, evidence=False)
    with pytest.raises(ValidationError):
        file_one(assoc_user, assoc, draft)


def test_one_open_objection_per_item(assoc_user, assoc, dishonesty):
    first = file_one(assoc_user, assoc, dishonesty)
    with pytest.raises(ValidationError, match=first.number):
        file_one(assoc_user, assoc, dishonesty)
    objection_withdraw(actor=assoc_user, objection=first, reason="已与登记管理机关沟通", expected_version=1)
    assert file_one(assoc_user, assoc, dishonesty).pk != first.pk  # a withdrawn one no longer blocks


def test_verify_then_correct_the_record_links_the_change_in_the_history(
    assoc_user, assoc, dc_staff, dishonesty
):
    objection = file_one(assoc_user, assoc, dishonesty)
    with pytest.raises(InvalidState):  # corrections come after verification starts
        objection_correct_record(
            actor=dc_staff, objection=objection, record=dishonesty, reason="x", expected_version=1
        )
    objection = objection_verify(actor=dc_staff, objection=objection, expected_version=1)
    entry = objection_correct_record(
        actor=dc_staff,
        objection=objection,
        record=dishonesty,
        changes={"penalty": "警告（已更正）"},
        reason="处罚决定已撤销",
        expected_version=dishonesty.version,
    )
    dishonesty.refresh_from_db()
    assert dishonesty.penalty == "警告（已更正）"
    assert entry.action == "record.modify" and objection.number in entry.reason
    with pytest.raises(InvalidState):  # it was corrected: "confirmed" would not be true
        objection_conclude(
            actor=dc_staff,
            objection=objection,
            outcome=ObjectionStatus.CONFIRMED,
            explanation="经核实信息无误，维持原记录。",
            expected_version=objection.version,
        )
    objection.refresh_from_db()
    done = objection_conclude(
        actor=dc_staff,
        objection=objection,
        outcome=ObjectionStatus.CORRECTED,
        explanation="经核实，处罚决定已撤销，已更正处罚内容。",
        expected_version=objection.version,
    )
    assert done.status == ObjectionStatus.CORRECTED and done.decided_on is not None
    actions = list(
        HistoryEntry.objects.filter(association_id=assoc.pk, id__gt=entry.pk - 2)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == ["record.modify", "objection.correction", "objection.correct"]
    closing = HistoryEntry.objects.filter(object_type="objection", object_id=objection.pk).last()
    assert closing.after["corrections"] == [entry.pk]  # the link is in the chain itself
    assert Notice.objects.filter(user=assoc_user).count() == 2  # verification started; concluded


def test_revoking_as_the_correction(assoc_user, assoc, dc_staff, dishonesty):
    objection = objection_verify(
        actor=dc_staff, objection=file_one(assoc_user, assoc, dishonesty), expected_version=1
    )
    entry = objection_correct_record(
        actor=dc_staff,
        objection=objection,
        record=dishonesty,
        revoke=True,
        reason="记录有误",
        expected_version=dishonesty.version,
    )
    dishonesty.refresh_from_db()
    assert dishonesty.status == RecordStatus.REVOKED and entry.action == "record.revoke"


def test_confirm_with_an_explanation(assoc_user, assoc, dc_staff, dishonesty):
    objection = objection_verify(
        actor=dc_staff, objection=file_one(assoc_user, assoc, dishonesty), expected_version=1
    )
    with pytest.raises(ValidationError) as caught:
        objection_conclude(
            actor=dc_staff, objection=objection, outcome="confirmed", explanation="无误", expected_version=2
        )
    assert "explanation" in caught.value.message_dict
    done = objection_conclude(
        actor=dc_staff,
        objection=objection,
        outcome="confirmed",
        explanation="经核实，行政处罚决定书合法有效，信息与事实相符。",
        expected_version=2,
    )
    assert done.status == ObjectionStatus.CONFIRMED
    with pytest.raises(InvalidState):
        objection_withdraw(actor=assoc_user, objection=done, reason="撤回", expected_version=done.version)


def test_basic_information_objection_corrected_through_the_change_service(assoc_user, assoc, dc_staff):
    objection = objection_file(
        actor=assoc_user,
        association=assoc,
        basic_fields=["address"],
        statement="住所已于去年迁至新址，登记证书已变更。",
        attachments=[material("登记证书.pdf")],
    )
    objection = objection_verify(actor=dc_staff, objection=objection, expected_version=1)
    entry = objection_correct_basic_info(
        actor=dc_staff,
        objection=objection,
        changes={"address": "北京市东城区新址路8号"},
        reason="住所变更",
        expected_version=assoc.version,
    )
    assoc.refresh_from_db()
    assert assoc.address == "北京市东城区新址路8号" and entry.action == "association.modify"


def test_only_the_receiving_authority_handles_it(
    assoc_user, assoc, xc_staff, city_staff, supervisor, dishonesty
):
    objection = file_one(assoc_user, assoc, dishonesty)
    for outsider in (xc_staff, city_staff, supervisor, assoc_user):
        with pytest.raises(NotAllowed):
            objection_verify(actor=outsider, objection=objection, expected_version=1)


def test_stale_version_is_refused(assoc_user, assoc, dc_staff, dishonesty):
    objection = file_one(assoc_user, assoc, dishonesty)
    objection_verify(actor=dc_staff, objection=objection, expected_version=1)
    with pytest.raises(StaleVersion):
        objection_withdraw(actor=assoc_user, objection=objection, reason="撤回", expected_version=1)


def test_verify_history_covers_objections_and_their_attachments(assoc_user, assoc, dc_staff, dishonesty):
    objection = file_one(assoc_user, assoc, dishonesty)
    objection_verify(actor=dc_staff, objection=objection, expected_version=1)
    out = io.StringIO()
    call_command("verify_history", stdout=out)
    assert "objection: 1 checked" in out.getvalue()
    Objection.objects.filter(pk=objection.pk).update(explanation="改过")  # behind the services' back
    with pytest.raises(SystemExit):
        call_command("verify_history", stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert f"objection {objection.pk}: differs from its last history entry in explanation" in err.getvalue()


def test_a_provisional_deadline_becomes_final_when_the_calendar_is_entered(
    assoc_user, assoc, dishonesty, admin_user, monkeypatch
):
    """Received in late December of the last year the package covers, the count runs into a year
    without an official calendar: provisional. Entering that year's calendar recounts it."""
    from xinyong.workdays.services import calendar_enter
    from xinyong.workdays.workcalendar import package_years

    last = package_years()[1]
    received = date(last, 12, 24)
    objection = file_one(assoc_user, assoc, dishonesty)
    provisional = due_date(received)
    assert provisional.provisional
    Objection.objects.filter(pk=objection.pk).update(
        received_on=received, due_on=provisional.on, due_provisional=True
    )
    next_year = last + 1
    calendar_enter(
        actor=admin_user,
        year=next_year,
        days=_days([(date(next_year, 1, 1), "holiday", "元旦"), (date(next_year, 1, 2), "holiday", "元旦")]),
        source_note="测试用日历",
        reason="录入",
    )
    objection.refresh_from_db()
    final = due_date(received)
    assert not objection.due_provisional and not final.provisional
    assert objection.due_on == final.on
    entry = HistoryEntry.objects.filter(object_type="objection", object_id=objection.pk).last()
    assert entry.action == "objection.deadline" and entry.after["due_provisional"] is False


def _days(rows):
    from xinyong.workdays.parsing import DayInput

    return [DayInput(date=d, kind=k, name=n) for d, k, n in rows]


def test_invisible_characters_are_removed_from_objection_text(assoc_user, assoc, dishonesty, dc_staff):
    """Issue 13: the statement, the attachment names and the reasons are stored without them."""
    objection = file_one(
        assoc_user,
        assoc,
        dishonesty,
        statement="该处罚已于2025年撤销\u202e，见所附文件\u200b",
        attachments=[material("说明\u200b.pdf")],
    )
    assert objection.statement == "该处罚已于2025年撤销，见所附文件"
    assert objection.attachments.get().original_name == "说明.pdf"
    entry = HistoryEntry.objects.filter(object_type="objection", object_id=objection.pk).latest("id")
    assert "\u202e" not in str(entry.after) and "\u200b" not in str(entry.after)
