"""history.bulk: many entries at once, hashed byte for byte as one ``history_append`` at a time."""

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from xinyong.history.bulk import history_append_many
from xinyong.history.chain import HASHED_FIELDS, entry_content, entry_hash
from xinyong.history.choices import Action, ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import verify_chain
from xinyong.history.signals import entries_appended


def reference_hash(prev_hash: str, content: dict) -> str:
    """The hash as first written (and stored in every existing database): json.dumps of the payload."""
    payload = {
        name: content[name].astimezone(UTC).isoformat(timespec="microseconds")
        if isinstance(content[name], datetime)
        else content[name]
        for name in HASHED_FIELDS
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + blob).encode("utf-8")).hexdigest()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)
snapshots = st.none() | st.dictionaries(st.text(), json_values, max_size=5)
moments = st.datetimes(
    min_value=datetime(1950, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.just(timezone(timedelta(hours=8))),
)
ids = st.none() | st.integers(min_value=0, max_value=2**63 - 1)


@given(
    created_at=moments,
    actor_id=ids,
    names=st.tuples(st.text(), st.text(), st.text(), st.text(), st.text()),
    object_id=st.integers(min_value=0, max_value=2**63 - 1),
    association_id=ids,
    before=snapshots,
    after=snapshots,
)
def test_the_hash_is_the_reference_serialisation(
    created_at, actor_id, names, object_id, association_id, before, after
):
    actor_name, authority_name, action, object_type, reason = names
    content = entry_content(
        created_at=created_at,
        actor_id=actor_id,
        actor_name=actor_name,
        authority_id=actor_id,
        authority_name=authority_name,
        action=action,
        object_type=object_type,
        object_id=object_id,
        association_id=association_id,
        before=before,
        after=after,
        reason=reason,
    )
    assert entry_hash("0" * 64, content) == reference_hash("0" * 64, content)


@pytest.mark.django_db(transaction=False)
def test_many_entries_chain_after_the_head_and_are_announced_once(dc_staff, dishonesty):
    received = []

    def receiver(sender, entries, **kwargs):
        received.append(entries)

    entries_appended.connect(receiver)
    try:
        head = HistoryEntry.objects.order_by("-id").first()
        now = datetime.now(UTC)
        contents = [
            entry_content(
                created_at=now,
                actor_id=None,
                actor_name="system",
                authority_id=None,
                authority_name="",
                action=Action.RECORD_MODIFY,
                object_type=ObjectType.RECORD,
                object_id=dishonesty.pk,
                association_id=dishonesty.association_id,
                before={"n": n},
                after={"n": n + 1, "名称": "协会"},
                reason=f"第 {n} 行",
            )
            for n in range(3)
        ]
        with transaction.atomic():
            appended = history_append_many(contents)
    finally:
        entries_appended.disconnect(receiver)
    assert received == [appended] and len(appended) == 3
    rows = list(HistoryEntry.objects.filter(pk__gt=head.pk).order_by("id"))
    assert [r.pk for r in rows] == [a.id for a in appended]
    assert rows[0].prev_hash == head.hash and rows[2].after == {"n": 3, "名称": "协会"}
    assert list(verify_chain()) == []


def test_outside_a_transaction_nothing_is_appended():
    with pytest.raises(RuntimeError):
        history_append_many([])
