"""Keeping the change feed (R-QRY-3): every change to what the public sees becomes one event.

Two things change what is public:

- a write through the services: every history entry is announced by ``history.signals.
  entry_appended`` inside the writing transaction, and ``on_entry`` recomputes the public form of
  the record or association it concerns and compares it with the last one published;
- time: a record stops being public the day after its last public day. ``sync_expiries`` finds
  those by an indexed date and withdraws them with reason "expired"; ``ensure_synced`` runs it at
  most once a day, before the feed or an export is served, so the feed reports an expiry on the
  day it happens even without a scheduled job (``xinyong sync_publication`` runs it from cron).

The public form is the same data the public page and API show (``disclosure.selectors``), rendered
in zh-Hans so that its digest does not depend on the language of the request that caused it.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone, translation

from xinyong.disclosure.retention import last_public_day
from xinyong.disclosure.selectors import (
    public_basic_data,
    public_record,
    public_record_data,
    published_records,
)
from xinyong.history.choices import ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.history.signals import entry_appended
from xinyong.records.choices import RecordStatus
from xinyong.records.models import CreditRecord, Evidence
from xinyong.registry.models import Association

from .models import Change, PublicationChange, PublishedState, Reason, Subject, SyncMark

ONE_DAY = timedelta(days=1)


def digest(data: Any) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_public_form(record: CreditRecord, *, on: date) -> tuple[dict | None, date | None]:
    """(public data, last public day) of a record on ``on``; (None, None) when it is not public."""
    if not published_records(on=on).filter(pk=record.pk).exists():
        return None, None
    with translation.override(settings.LANGUAGE_CODE):
        data = public_record_data(public_record(record))
    # The real last day, even when the page withholds it (it would reveal a confidential date).
    until = last_public_day(
        category=record.category,
        event_date=record.event_date,
        valid_until=record.valid_until,
        long_term=record.long_term,
    )
    return data, until


def association_public_form(association: Association) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        return public_basic_data(association)


def why_not_public(record: CreditRecord, *, on: date) -> str:
    if record.status == RecordStatus.REVOKED:
        return Reason.REVOKED
    if record.confidentiality:
        return Reason.CONFIDENTIAL
    if not record.evidence.filter(revoked=False).exists():
        return Reason.NO_EVIDENCE
    return Reason.EXPIRED if record.status == RecordStatus.RECORDED else Reason.OTHER


def sync_record(record_id: int, *, on: date | None = None, effective_on: date | None = None) -> str | None:
    """Compare a record's public form with the last published one; record the change, if any.
    Returns the change made (a ``Change`` value) or None."""
    on = on or timezone.localdate()
    record = CreditRecord.objects.select_related("association", "recorded_by").get(pk=record_id)
    data, until = record_public_form(record, on=on)
    state = PublishedState.objects.filter(subject=Subject.RECORD, object_id=record_id).first()
    if data is None:
        if state is None:
            return None
        state.delete()
        reason = why_not_public(record, on=on)
        lapsed = state.public_until is not None and state.public_until < on
        if reason == Reason.EXPIRED and lapsed and effective_on is None:
            effective_on = state.public_until + ONE_DAY  # the day it stopped, however late we look
        _emit(
            Subject.RECORD,
            record_id,
            state.association_uscc,
            Change.WITHDRAWN,
            reason,
            None,
            effective_on or on,
        )
        return Change.WITHDRAWN
    uscc, new_digest = record.association.uscc, digest(data)
    if state is None:
        PublishedState.objects.create(
            subject=Subject.RECORD,
            object_id=record_id,
            association_uscc=uscc,
            digest=new_digest,
            public_until=until,
        )
        _emit(Subject.RECORD, record_id, uscc, Change.PUBLISHED, Reason.RECORDED, data, effective_on or on)
        return Change.PUBLISHED
    if (state.digest, state.public_until, state.association_uscc) == (new_digest, until, uscc):
        return None
    changed = state.digest != new_digest or state.association_uscc != uscc
    state.digest, state.public_until, state.association_uscc = new_digest, until, uscc
    state.save(update_fields=["digest", "public_until", "association_uscc"])
    if not changed:
        return None  # only the hidden last day moved (a withheld date was corrected)
    _emit(Subject.RECORD, record_id, uscc, Change.CHANGED, Reason.CORRECTED, data, effective_on or on)
    return Change.CHANGED


def sync_association(association_id: int, *, on: date | None = None) -> str | None:
    """Basic information is public for good (R-RET-1): it is published once, then only changes."""
    on = on or timezone.localdate()
    association = Association.objects.select_related("authority").get(pk=association_id)
    data = association_public_form(association)
    new_digest = digest(data)
    state = PublishedState.objects.filter(subject=Subject.ASSOCIATION, object_id=association_id).first()
    if state is None:
        PublishedState.objects.create(
            subject=Subject.ASSOCIATION,
            object_id=association_id,
            association_uscc=association.uscc,
            digest=new_digest,
        )
        _emit(Subject.ASSOCIATION, association_id, association.uscc, Change.PUBLISHED, "", data, on)
        return Change.PUBLISHED
    if state.digest == new_digest:
        return None
    code_changed = state.association_uscc != association.uscc
    state.digest, state.association_uscc = new_digest, association.uscc
    state.save(update_fields=["digest", "association_uscc"])
    _emit(Subject.ASSOCIATION, association_id, association.uscc, Change.CHANGED, Reason.CORRECTED, data, on)
    if code_changed:  # every published record names the association by its code
        for record_id in CreditRecord.objects.filter(association_id=association_id).values_list(
            "pk", flat=True
        ):
            sync_record(record_id, on=on)
    return Change.CHANGED


@receiver(entry_appended, dispatch_uid="opendata.on_entry")
def on_entry(sender, entry: HistoryEntry, **kwargs) -> None:
    if entry.object_type == ObjectType.RECORD:
        sync_record(entry.object_id)
    elif entry.object_type == ObjectType.EVIDENCE:
        sync_record(Evidence.objects.values_list("record_id", flat=True).get(pk=entry.object_id))
    elif entry.object_type == ObjectType.ASSOCIATION:
        sync_association(entry.object_id)


def note_changed(*, records: Iterable[int] = (), associations: Iterable[int] = ()) -> None:
    """For writers that append history without ``history_append`` (bulk import): sync these."""
    for association_id in associations:
        sync_association(association_id)
    for record_id in records:
        sync_record(record_id)


@transaction.atomic
def sync_expiries(*, today: date) -> int:
    """Withdraw every record whose last public day is before ``today``; returns how many."""
    expired = PublishedState.objects.filter(subject=Subject.RECORD, public_until__lt=today).order_by(
        "public_until"
    )
    done = 0
    for state in expired.iterator(chunk_size=2000):
        if sync_record(state.object_id, on=today, effective_on=state.public_until + ONE_DAY):
            done += 1
    return done


def ensure_synced(*, today: date | None = None) -> None:
    """Run the day's expiry sync once (the first feed or export request of a day pays for it);
    the very first run also reconciles everything (see ``reconcile``)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        mark = SyncMark.objects.select_for_update().first()
        if mark is not None and mark.day >= today:
            return
        if mark is None:
            # The first sync ever: data written before the feed existed (an upgrade) gets its
            # "published" events now, so the feed and the export start complete.
            reconcile(on=today)
        sync_expiries(today=today)
        if mark is None:
            SyncMark.objects.create(day=today)
        else:
            mark.day = today
            mark.save(update_fields=["day"])


def reconcile(*, on: date | None = None, chunk_size: int = 2000) -> dict[str, int]:
    """Compare every association and record with its published state (a repair tool, and the
    start for data that existed before the feed); returns counts of the changes made."""
    on = on or timezone.localdate()
    counts: dict[str, int] = {}
    with transaction.atomic():
        for pk in (
            Association.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=chunk_size)
        ):
            change = sync_association(pk, on=on)
            if change:
                counts[f"association.{change}"] = counts.get(f"association.{change}", 0) + 1
        for pk in (
            CreditRecord.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=chunk_size)
        ):
            change = sync_record(pk, on=on)
            if change:
                counts[f"record.{change}"] = counts.get(f"record.{change}", 0) + 1
    return counts


def _emit(subject, object_id, uscc, change, reason, data, effective_on) -> PublicationChange:
    return PublicationChange.objects.create(
        at=timezone.now(),
        effective_on=effective_on,
        subject=subject,
        object_id=object_id,
        association_uscc=uscc,
        change=change,
        reason=reason,
        data=data,
    )
