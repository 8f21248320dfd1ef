"""The change feed (R-QRY-3): each change to what the public sees is one event, expiries included."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from xinyong.disclosure.selectors import public_record, public_record_data
from xinyong.opendata.feed import current_forms, feed_page
from xinyong.opendata.models import PublicationChange, PublishedState, SyncMark
from xinyong.opendata.services import FORM_VERSION, ensure_synced, reconcile
from xinyong.records.services import evidence_add, record_finalize, record_modify, record_revoke
from xinyong.registry.choices import Confidentiality
from xinyong.registry.services import association_modify
from xinyong.testing import factories as f

pytestmark = pytest.mark.django_db


def feed_from(after: int) -> list[dict]:
    """Every event after ``after``, as the feed serves it now."""
    changes, _ = feed_page(after=after, limit=10_000, on=timezone.localdate())
    return changes


def events(**filters) -> list[tuple[str, str, str]]:
    rows = PublicationChange.objects.filter(**filters).order_by("id")
    return [(c.subject, c.change, c.reason) for c in rows]


def test_recording_with_evidence_publishes_the_public_form(assoc, dishonesty):
    assert events(subject="association") == [("association", "published", "")]
    (change,) = PublicationChange.objects.filter(subject="record")
    assert (change.object_id, change.change, change.association_uscc) == (
        dishonesty.pk,
        "published",
        assoc.uscc,
    )
    (served,) = [c for c in feed_from(0) if c["subject"] == "record"]
    assert served["data"] == public_record_data(public_record(dishonesty))
    assert change.effective_on == timezone.localdate()


def test_a_draft_is_published_only_when_finalised(dc_staff, assoc):
    draft = f.record(actor=dc_staff, association_obj=assoc, kind="honour", draft=True, evidence=False)
    assert events(subject="record") == []
    evidence_add(actor=dc_staff, record=draft, item=f.evidence_input(), reason="补充证明材料")
    draft.refresh_from_db()
    assert events(subject="record") == []  # still a draft: not public
    record_finalize(actor=dc_staff, record=draft, reason="转为正式记录", expected_version=draft.version)
    assert events(subject="record") == [("record", "published", "recorded")]


def test_corrections_confidentiality_and_revocation(dc_staff, dishonesty):
    record = record_modify(
        actor=dc_staff, record=dishonesty, changes={"penalty": "罚款"}, reason="更正", expected_version=1
    )
    record = record_modify(
        actor=dc_staff,
        record=record,
        changes={},
        reason="处罚结果涉及个人隐私",
        expected_version=record.version,
        confidential_fields={"penalty": Confidentiality.PERSONAL_PRIVACY},
    )
    (latest,) = [c for c in feed_from(0) if c["data"] and c["subject"] == "record"]
    assert "penalty" not in latest["data"]["fields"]  # the field marked confidential left the public form
    record = record_modify(
        actor=dc_staff,
        record=record,
        changes={},
        reason="整条涉及商业秘密",
        expected_version=record.version,
        confidentiality=Confidentiality.COMMERCIAL_SECRET,
    )
    assert events(subject="record") == [
        ("record", "published", "recorded"),
        ("record", "changed", "corrected"),
        ("record", "changed", "corrected"),
        ("record", "withdrawn", "confidential"),
    ]
    assert [c["data"] for c in feed_from(0) if c["subject"] == "record"] == [None] * 4
    other = f.record(actor=dc_staff, association_obj=record.association, kind="dishonesty")
    record_revoke(actor=dc_staff, record=other, reason="记录错误", expected_version=other.version)
    assert events(subject="record", object_id=other.pk) == [
        ("record", "published", "recorded"),
        ("record", "withdrawn", "revoked"),
    ]


def test_a_change_nobody_outside_sees_makes_no_event(dc_staff, dishonesty):
    before = PublicationChange.objects.count()
    # Evidence is never public: adding a second document changes nothing in the public form.
    evidence_add(actor=dc_staff, record=dishonesty, item=f.evidence_input(), reason="补充材料")
    assert PublicationChange.objects.count() == before


def test_basic_information_changes_are_events(dc_staff, assoc):
    association_modify(
        actor=dc_staff,
        association=assoc,
        changes={"address": "新地址"},
        reason="住所变更",
        expected_version=1,
    )
    assert events(subject="association") == [
        ("association", "published", ""),
        ("association", "changed", "corrected"),
    ]
    served = [c["data"] for c in feed_from(0) if c["subject"] == "association"]
    assert served[0] is None and served[1]["address"] == "新地址"  # only the latest has content


def test_an_expiry_is_reported_on_the_day_it_happens(dc_staff, assoc):
    today = timezone.localdate()
    honour = f.record(
        actor=dc_staff,
        association_obj=assoc,
        kind="honour",
        data={"valid_until": today, "event_date": today - timedelta(days=30)},
    )
    assert PublishedState.objects.get(subject="record", object_id=honour.pk).public_until == today
    ensure_synced(today=today)
    assert events(subject="record") == [("record", "published", "recorded")]  # still public today
    tomorrow = today + timedelta(days=1)
    ensure_synced(today=tomorrow)
    change = PublicationChange.objects.filter(subject="record").last()
    assert (change.change, change.reason, change.effective_on) == ("withdrawn", "expired", tomorrow)
    assert not PublishedState.objects.filter(subject="record", object_id=honour.pk).exists()
    ensure_synced(today=tomorrow)  # once a day
    assert PublicationChange.objects.filter(subject="record").count() == 2


def test_a_late_sync_still_dates_the_expiry_correctly(dc_staff, assoc):
    today = timezone.localdate()
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        kind="honour",
        data={"valid_until": today, "event_date": today - timedelta(days=30)},
    )
    ensure_synced(today=today + timedelta(days=10))
    change = PublicationChange.objects.filter(subject="record").last()
    assert change.effective_on == today + timedelta(days=1)


def test_reconcile_builds_the_state_for_data_written_outside_the_services(assoc, dishonesty):
    PublishedState.objects.all().delete()
    PublicationChange.objects.all().delete()
    counts = reconcile()
    assert counts == {"association.published": 1, "record.published": 1}
    assert reconcile() == {}  # nothing left to do


def test_feed_api_pages_through_changes(client, dc_staff, assoc, dishonesty):
    for n in range(3):
        f.record(actor=dc_staff, association_obj=assoc, kind="honour", data={"title": f"荣誉{n}"})
    first = client.get("/api/v1/feed", {"limit": 2}).json()
    assert [c["change"] for c in first["changes"]] == ["published", "published"]
    assert first["has_more"] is True
    rest = client.get("/api/v1/feed", {"after": first["next"], "limit": 100}).json()
    ids = [c["id"] for c in first["changes"] + rest["changes"]]
    assert ids == sorted(ids) and len(ids) == PublicationChange.objects.count() == 5
    assert rest["has_more"] is False
    assert client.get("/api/v1/feed", {"after": rest["next"]}).json()["changes"] == []
    assert client.get("/api/v1/feed", {"limit": 0}).status_code == 400
    assert client.get("/api/v1/feed", {"after": "x"}).status_code == 400


def test_feed_api_reports_an_expiry_on_the_day(client, dc_staff, assoc, monkeypatch):
    today = timezone.localdate()
    f.record(
        actor=dc_staff,
        association_obj=assoc,
        kind="honour",
        data={"valid_until": today, "event_date": today - timedelta(days=30)},
    )
    cursor = PublicationChange.objects.last().pk
    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: tomorrow)
    changes = client.get("/api/v1/feed", {"after": cursor}).json()["changes"]
    assert [(c["change"], c["reason"], c["effective_on"]) for c in changes] == [
        ("withdrawn", "expired", tomorrow.isoformat())
    ]


def test_the_first_sync_ever_publishes_what_existed_before_the_feed(assoc, dishonesty):
    """An upgrade: data recorded before this feature has no events; the first sync adds them."""
    PublishedState.objects.all().delete()
    PublicationChange.objects.all().delete()
    ensure_synced()
    assert sorted(events()) == [("association", "published", ""), ("record", "published", "recorded")]


def test_the_feed_never_serves_content_withdrawn_since(client, dc_staff, assoc, dishonesty):
    """Finding 1: old events of content since corrected, marked confidential or revoked keep
    their id, subject, change and dates, but no content; a mirror replaying from 0 ends with
    exactly what is published now."""
    association_modify(
        actor=dc_staff,
        association=assoc,
        changes={"address": "东城区秘密胡同1号", "legal_representative": "张隐私"},
        reason="登记事项变更",
        expected_version=assoc.version,
    )
    assoc.refresh_from_db()
    association_modify(
        actor=dc_staff,
        association=assoc,
        changes={
            "confidential_fields": {
                "address": Confidentiality.PERSONAL_PRIVACY,
                "legal_representative": Confidentiality.PERSONAL_PRIVACY,
            }
        },
        reason="涉及个人隐私",
        expected_version=assoc.version,
    )
    record = record_modify(
        actor=dc_staff,
        record=dishonesty,
        changes={"misconduct": "旧的失信行为描述甲"},
        reason="更正",
        expected_version=dishonesty.version,
    )
    record = record_modify(
        actor=dc_staff,
        record=record,
        changes={"misconduct": "新的失信行为描述乙"},
        reason="再次更正",
        expected_version=record.version,
    )
    revoked = f.record(
        actor=dc_staff, association_obj=assoc, kind="dishonesty", data={"misconduct": "已撤销的失信行为丙"}
    )
    record_revoke(actor=dc_staff, record=revoked, reason="记录错误", expected_version=revoked.version)

    served, mirror, after = [], {}, 0
    while True:
        page = client.get("/api/v1/feed", {"after": after, "limit": 2}).json()
        served.append(json.dumps(page, ensure_ascii=False))
        for change in page["changes"]:
            key = (change["subject"], change["object_id"])
            if change["data"] is None:
                mirror.pop(key, None)
            else:
                mirror[key] = change["data"]
        after = page["next"]
        if not page["has_more"]:
            break
    text = "".join(served)
    for withdrawn in ("东城区秘密胡同1号", "张隐私", "旧的失信行为描述甲", "已撤销的失信行为丙"):
        assert withdrawn not in text
    assert "新的失信行为描述乙" in text
    # Every event is still there, with what it was, but only the latest carries content.
    assert [
        c["change"] for c in feed_from(0) if c["object_id"] == revoked.pk and c["subject"] == "record"
    ] == [
        "published",
        "withdrawn",
    ]
    today = timezone.localdate()
    assert mirror == current_forms(
        [("association", assoc.pk), ("record", record.pk), ("record", revoked.pk)], on=today
    )
    assert set(mirror) == {("association", assoc.pk), ("record", record.pk)}


def test_an_expired_record_loses_its_content_in_old_events(client, dc_staff, assoc, monkeypatch):
    today = timezone.localdate()
    honour = f.record(
        actor=dc_staff,
        association_obj=assoc,
        kind="honour",
        data={"title": "即将到期的荣誉", "valid_until": today, "event_date": today - timedelta(days=30)},
    )
    assert "即将到期的荣誉" in client.get("/api/v1/feed").content.decode()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today + timedelta(days=1))
    body = client.get("/api/v1/feed").json()
    assert "即将到期的荣誉" not in json.dumps(body, ensure_ascii=False)
    assert [
        c["change"] for c in body["changes"] if c["object_id"] == honour.pk and c["subject"] == "record"
    ] == [
        "published",
        "withdrawn",
    ]


def test_a_new_form_version_announces_what_the_new_rules_change(dc_staff, dishonesty):
    """After an upgrade that changes what a public form shows, the first sync reconciles: mirrors
    are told, instead of keeping the form the old rules made."""
    PublishedState.objects.filter(subject="record").update(digest="0" * 64)  # as old rules made it
    SyncMark.objects.update_or_create(pk=1, defaults={"day": timezone.localdate(), "form_version": 1})
    before = PublicationChange.objects.count()
    ensure_synced()
    assert events()[before:] == [("record", "changed", "corrected")]
    assert SyncMark.objects.get().form_version == FORM_VERSION
