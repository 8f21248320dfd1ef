"""`xinyong clean_text`: text stored before issue 13 loses its invisible characters through the
services, so the history, the search index and verify_history stay right."""

import io
import unicodedata

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from xinyong.history.choices import Action, ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.history.services import history_append
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.snapshots import evidence_snapshot, record_snapshot
from xinyong.registry.models import Association
from xinyong.registry.search import search_associations
from xinyong.registry.search_index import index_name
from xinyong.registry.snapshots import association_snapshot

pytestmark = pytest.mark.django_db


def run(command, *args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@transaction.atomic
def stored_before_issue_13(actor, obj, object_type, snapshot, **values):
    """Give ``obj`` these values the way the services stored them before issue 13 (they kept
    invisible characters): the row, and a history entry whose snapshot matches it."""
    before = snapshot(obj)
    type(obj).objects.filter(pk=obj.pk).update(**values)
    obj.refresh_from_db()
    association_id = {
        ObjectType.ASSOCIATION: lambda: obj.pk,
        ObjectType.RECORD: lambda: obj.association_id,
        ObjectType.EVIDENCE: lambda: obj.record.association_id,
    }[object_type]()
    action = {ObjectType.ASSOCIATION: Action.ASSOCIATION_MODIFY, ObjectType.EVIDENCE: Action.EVIDENCE_ADD}
    history_append(
        actor=actor,
        action=action.get(object_type, Action.RECORD_MODIFY),
        object_type=object_type,
        object_id=obj.pk,
        association_id=association_id,
        before=before,
        after=snapshot(obj),
        reason="升级前录入",
    )
    return obj


def old_normalisation(name: str) -> str:
    """The search normalisation before issue 13: it kept format characters."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if not ch.isspace())


@pytest.fixture
def dirty(dc_staff, assoc, dishonesty):
    name = "北京市东城\u200b区餐\u202e饮行业协会"
    with transaction.atomic():
        index_name(
            association_id=assoc.pk,
            old=(assoc.name, assoc.name_normalized),
            new=(name, old_normalisation(name)),
        )
        stored_before_issue_13(
            dc_staff,
            assoc,
            ObjectType.ASSOCIATION,
            association_snapshot,
            name=name,
            name_normalized=old_normalisation(name),
            branches=[{"name": "培训\u200b部", "address": "东城区1号", "head": "李四"}],
        )
    stored_before_issue_13(
        dc_staff,
        dishonesty,
        ObjectType.RECORD,
        record_snapshot,
        misconduct="未按期\u202e报送年度报告\r\n已整改",
    )
    evidence = dishonesty.evidence.get()
    stored_before_issue_13(
        dc_staff, evidence, ObjectType.EVIDENCE, evidence_snapshot, issuer="北京市\ufeff东城区民政局"
    )
    return {"assoc": assoc, "record": dishonesty, "evidence": evidence}


def test_stored_invisible_characters_are_cleaned_through_the_services(client, dc_staff, dirty):
    assoc = dirty["assoc"]
    assert run("verify_history", "--skip-files")[0] == 0  # the state before the upgrade is sound
    assert list(search_associations("城区餐饮")) == []  # issue 13: unfindable by part of its name
    entries = HistoryEntry.objects.count()

    code, out, _err = run("clean_text", "--dry-run")
    assert code == 0
    assert f"association {assoc.pk}: would clean name, branches, name_normalized" in out
    assert f"record {dirty['record'].pk}: would clean misconduct" in out
    assert f"evidence {dirty['evidence'].pk}: would clean issuer" in out
    assert HistoryEntry.objects.count() == entries  # a dry run writes nothing

    code, out, _err = run("clean_text")
    assert code == 0 and "clean_text: OK" in out
    assoc.refresh_from_db()
    assert assoc.name == "北京市东城区餐饮行业协会" and assoc.branches[0]["name"] == "培训部"
    record = CreditRecord.objects.get(pk=dirty["record"].pk)
    assert record.misconduct == "未按期报送年度报告\r\n已整改"  # the line break stays
    assert Evidence.objects.get(pk=dirty["evidence"].pk).issuer == "北京市东城区民政局"
    entry = HistoryEntry.objects.filter(object_type="association", object_id=assoc.pk).latest("id")
    assert entry.action == Action.TEXT_CLEAN and entry.actor is None and entry.actor_name == "system"
    assert "\u200b" in entry.before["name"] and entry.after["name"] == assoc.name
    assert entry.after["version"] == assoc.version == entry.before["version"] + 1
    assert HistoryEntry.objects.count() == entries + 3

    assert list(search_associations("城区餐饮")) == [assoc]
    assert run("rebuild_search_index", "--check")[0] == 0
    assert run("verify_history", "--skip-files")[0] == 0
    page = client.get(reverse("disclosure:profile", args=[assoc.uscc])).content.decode()
    assert "\u202e" not in page and "\u200b" not in page and "未按期报送年度报告" in page

    client.force_login(dc_staff)
    history = client.get(reverse("history:association", args=[assoc.pk])).content.decode()
    assert "清理不可见字符" in history and "东城⟨U+200B⟩区餐⟨U+202E⟩饮" in history  # what was removed
    assert "\u202e" not in history and "\u200b" not in history

    code, out, _err = run("clean_text")  # once is enough
    assert code == 0 and "association: 0 cleaned" in out and HistoryEntry.objects.count() == entries + 3


def test_text_that_would_be_left_empty_is_named_and_left_alone(dc_staff, assoc):
    stored_before_issue_13(
        dc_staff, assoc, ObjectType.ASSOCIATION, association_snapshot, legal_representative="\u200b\u200b"
    )
    code, _out, err = run("clean_text")
    assert code == 1
    assert f"association {assoc.pk}: not cleaned: 清理不可见字符后为空，请在表单中改正。" in err
    assert Association.objects.get(pk=assoc.pk).legal_representative == "\u200b\u200b"
    assert run("verify_history", "--skip-files")[0] == 0
