"""Keeping the change feed (R-QRY-3): every change to what the public sees becomes one event.

Two things change what is public:

- a write through the services: every history entry is announced by ``history.signals.
  entry_appended`` inside the writing transaction, and ``on_entry`` recomputes the public form of
  the record or association it concerns and compares it with the last one published (a bulk
  import appends a chunk's entries at once: ``entries_appended``, ``on_entries``);
- time: a record stops being public the day after its last public day. ``sync_expiries`` finds
  those by an indexed date and withdraws them with reason "expired"; ``ensure_synced`` runs it at
  most once a day, before the feed or an export is served, so the feed reports an expiry on the
  day it happens even without a scheduled job (``xinyong sync_publication`` runs it from cron).

The public form is the same data the public page and API show (``disclosure.selectors``), rendered
in zh-Hans so that its digest does not depend on the language of the request that caused it.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone, translation

from xinyong.disclosure.selectors import public_basic_data, public_record, public_record_data
from xinyong.history.bulk import AppendedEntry
from xinyong.history.models import HistoryEntry
from xinyong.history.services import chain_lock
from xinyong.history.signals import entries_appended, entry_appended
from xinyong.rawinsert import Inserter, RawJSON
from xinyong.records.choices import RecordStatus
from xinyong.records.history_types import ObjectType
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.publication import last_public_day, published_records
from xinyong.registry.history_types import ObjectType as RegistryObjectType
from xinyong.registry.models import Association, Authority

from .models import Change, PublicationChange, PublishedState, Reason, Subject, SyncMark

ONE_DAY = timedelta(days=1)
SYNC_CHUNK = 1000  # records or associations compared per round of queries
# The version of the rules that make a public form (what is shown, what is redacted). Raise it
# whenever they change: the next sync then reconciles every published state, so that what the
# new rules withhold is announced as a change to mirrors, which otherwise keep the old form.
# 2: redaction survives separators and Chinese numerals; invisible characters removed (issue 13).
FORM_VERSION = 2


def canonical(data: Any) -> RawJSON:
    return RawJSON(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def why_not_public(record: CreditRecord, *, on: date) -> str:
    if record.status == RecordStatus.REVOKED:
        return Reason.REVOKED
    if record.confidentiality:
        return Reason.CONFIDENTIAL
    if not record.evidence.filter(revoked=False).exists():
        return Reason.NO_EVIDENCE
    return Reason.EXPIRED if record.status == RecordStatus.RECORDED else Reason.OTHER


class _Changes:
    """What one sync pass writes, gathered so that it is written with a few statements (new rows
    without building model instances: a bulk import publishes a million at a time)."""

    def __init__(self) -> None:
        self.at = timezone.now()
        self.created: list[dict] = []
        self.updated: list[PublishedState] = []
        self.deleted: list[int] = []
        self.events: list[dict] = []
        self.counts: Counter[str] = Counter()

    def create(self, subject, object_id, uscc, digest, public_until=None) -> None:
        self.created.append(
            {
                "subject": subject,
                "object_id": object_id,
                "association_uscc": uscc,
                "digest": digest,
                "public_until": public_until,
            }
        )

    def emit(self, subject, object_id, uscc, change, reason, effective_on) -> None:
        self.events.append(
            {
                "at": self.at,
                "effective_on": effective_on,
                "subject": str(subject),
                "object_id": object_id,
                "association_uscc": uscc,
                "change": str(change),
                "reason": str(reason),
            }
        )
        self.counts[f"{subject}.{change}"] += 1

    def write(self, *fields: str) -> None:
        PublishedState.objects.filter(pk__in=self.deleted).delete()
        Inserter(PublishedState, generated_id=True).insert(self.created)
        PublishedState.objects.bulk_update(self.updated, list(fields), batch_size=1000)
        Inserter(PublicationChange, generated_id=True).insert(self.events)


def sync_records(
    record_ids: Iterable[int], *, on: date | None = None, effective_on: date | None = None
) -> Counter[str]:
    """Compare records' public forms with the last published ones and record the changes: one
    "published", "changed" or "withdrawn" event per record whose public form changed. Set-based
    (a few queries per 1,000 records), so that a bulk import pays per chunk, not per row.
    Returns the number of changes by "record.<change>"."""
    on = on or timezone.localdate()
    counts: Counter[str] = Counter()
    for chunk in batched(record_ids, SYNC_CHUNK):
        records = _records_for_public_form(chunk)
        public = set(published_records(on=on).filter(pk__in=chunk).values_list("pk", flat=True))
        states = {
            s.object_id: s for s in PublishedState.objects.filter(subject=Subject.RECORD, object_id__in=chunk)
        }
        out = _Changes()
        with translation.override(settings.LANGUAGE_CODE):
            for record_id in dict.fromkeys(chunk):
                record = records[record_id]
                _sync_one_record(record, record_id in public, states.get(record_id), on, effective_on, out)
        out.write("digest", "public_until", "association_uscc")
        counts += out.counts
    return counts


def _records_for_public_form(ids: list[int]) -> dict[int, CreditRecord]:
    """Records by id, with the association (its code only) and the recording authority that
    their public form names, each fetched once however many records share it."""
    records = CreditRecord.objects.in_bulk(ids)
    associations = Association.objects.only("uscc").in_bulk({r.association_id for r in records.values()})
    authorities = Authority.objects.in_bulk({r.recorded_by_id for r in records.values()})
    for record in records.values():
        record.association = associations[record.association_id]
        record.recorded_by = authorities[record.recorded_by_id]
    return records


def _sync_one_record(record, public, state, on, effective_on, out: _Changes) -> None:
    record_id = record.pk
    if not public:
        if state is None:
            return
        out.deleted.append(state.pk)
        reason = why_not_public(record, on=on)
        lapsed = state.public_until is not None and state.public_until < on
        if reason == Reason.EXPIRED and lapsed and effective_on is None:
            effective_on = state.public_until + ONE_DAY  # the day it stopped, however late we look
        uscc = state.association_uscc
        out.emit(Subject.RECORD, record_id, uscc, Change.WITHDRAWN, reason, effective_on or on)
        return
    data = canonical(public_record_data(public_record(record)))
    # The real last day, even when the page withholds it (it would reveal a confidential date).
    until = last_public_day(
        category=record.category,
        event_date=record.event_date,
        valid_until=record.valid_until,
        long_term=record.long_term,
    )
    uscc, new_digest = record.association.uscc, digest(data)
    if state is None:
        out.create(Subject.RECORD, record_id, uscc, new_digest, until)
        out.emit(Subject.RECORD, record_id, uscc, Change.PUBLISHED, Reason.RECORDED, effective_on or on)
        return
    if (state.digest, state.public_until, state.association_uscc) == (new_digest, until, uscc):
        return
    changed = state.digest != new_digest or state.association_uscc != uscc
    state.digest, state.public_until, state.association_uscc = new_digest, until, uscc
    out.updated.append(state)
    if changed:  # otherwise only the hidden last day moved (a withheld date was corrected)
        out.emit(Subject.RECORD, record_id, uscc, Change.CHANGED, Reason.CORRECTED, effective_on or on)


def sync_associations(association_ids: Iterable[int], *, on: date | None = None) -> Counter[str]:
    """Basic information is public for good (R-RET-1): it is published once, then only changes.
    Set-based like ``sync_records``; returns the changes by "association.<change>" (and
    "record.<change>" for the records that name an association whose code changed)."""
    on = on or timezone.localdate()
    counts: Counter[str] = Counter()
    recoded: list[int] = []
    for chunk in batched(association_ids, SYNC_CHUNK):
        associations = Association.objects.select_related("authority").in_bulk(chunk)
        states = {
            s.object_id: s
            for s in PublishedState.objects.filter(subject=Subject.ASSOCIATION, object_id__in=chunk)
        }
        out = _Changes()
        with translation.override(settings.LANGUAGE_CODE):
            for association_id in dict.fromkeys(chunk):
                association = associations[association_id]
                data = canonical(public_basic_data(association))
                new_digest = digest(data)
                state = states.get(association_id)
                if state is None:
                    out.create(Subject.ASSOCIATION, association_id, association.uscc, new_digest)
                    out.emit(Subject.ASSOCIATION, association_id, association.uscc, Change.PUBLISHED, "", on)
                    continue
                if state.digest == new_digest:
                    continue
                if state.association_uscc != association.uscc:
                    recoded.append(association_id)
                state.digest, state.association_uscc = new_digest, association.uscc
                out.updated.append(state)
                out.emit(
                    Subject.ASSOCIATION,
                    association_id,
                    association.uscc,
                    Change.CHANGED,
                    Reason.CORRECTED,
                    on,
                )
        out.write("digest", "association_uscc")
        counts += out.counts
    if recoded:  # every published record names the association by its code
        records = CreditRecord.objects.filter(association_id__in=recoded).order_by("pk")
        counts += sync_records(records.values_list("pk", flat=True), on=on)
    return counts


def sync_record(record_id: int, *, on: date | None = None, effective_on: date | None = None) -> str | None:
    """``sync_records`` for one record; returns the change made (a ``Change`` value) or None."""
    counts = sync_records([record_id], on=on, effective_on=effective_on)
    return _only_change(counts)


def sync_association(association_id: int, *, on: date | None = None) -> str | None:
    """``sync_associations`` for one association; returns its own change or None."""
    counts = sync_associations([association_id], on=on)
    return _only_change(+Counter({k: v for k, v in counts.items() if k.startswith("association.")}))


def _only_change(counts: Counter[str]) -> str | None:
    return next(iter(counts)).split(".", 1)[1] if counts else None


@receiver(entry_appended, dispatch_uid="opendata.on_entry")
def on_entry(sender, entry: HistoryEntry, **kwargs) -> None:
    if entry.object_type == ObjectType.RECORD:
        sync_records([entry.object_id])
    elif entry.object_type == ObjectType.EVIDENCE:
        sync_records([Evidence.objects.values_list("record_id", flat=True).get(pk=entry.object_id)])
    elif entry.object_type == RegistryObjectType.ASSOCIATION:
        sync_associations([entry.object_id])


@receiver(entries_appended, dispatch_uid="opendata.on_entries")
def on_entries(sender, entries: list[AppendedEntry], **kwargs) -> None:
    """``on_entry`` for many entries at once (bulk import): a few queries per chunk, not per row."""
    associations = _unique(e.object_id for e in entries if e.object_type == RegistryObjectType.ASSOCIATION)
    records = [e.object_id for e in entries if e.object_type == ObjectType.RECORD]
    evidence = [e.object_id for e in entries if e.object_type == ObjectType.EVIDENCE]
    for chunk in batched(evidence, SYNC_CHUNK):
        records += Evidence.objects.filter(pk__in=chunk).values_list("record_id", flat=True)
    sync_associations(associations)
    sync_records(_unique(records))


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


@transaction.atomic(savepoint=False)  # only inside ensure_synced's transaction
def sync_expiries(*, today: date) -> int:
    """Withdraw every record whose last public day is before ``today``; returns how many."""
    expired = list(
        PublishedState.objects.filter(subject=Subject.RECORD, public_until__lt=today)
        .order_by("public_until", "object_id")
        .values_list("object_id", flat=True)
    )
    return sum(sync_records(expired, on=today).values())


def ensure_synced(*, today: date | None = None) -> None:
    """Run the day's expiry sync once (the first feed or export request of a day pays for it);
    the very first run also reconciles everything (see ``reconcile``)."""
    today = today or timezone.localdate()
    if SyncMark.objects.filter(day__gte=today, form_version=FORM_VERSION).exists():
        return  # done today: no lock, so that reading the feed never waits for a long import
    with transaction.atomic(durable=True):
        # The feed's cursor is the event id: events must commit in id order, so every writer of
        # events holds the chain's lock (the services and imports hold it already).
        chain_lock()
        mark = SyncMark.objects.select_for_update().first()
        if mark is not None and mark.day >= today and mark.form_version == FORM_VERSION:
            return
        if mark is None or mark.form_version != FORM_VERSION:
            # The first sync ever: data written before the feed existed (an upgrade) gets its
            # "published" events now, so the feed and the export start complete. After a change
            # of the public-form rules: every form the new rules change is announced.
            reconcile(on=today)
        sync_expiries(today=today)
        if mark is None:
            SyncMark.objects.create(day=today, form_version=FORM_VERSION)
        else:
            mark.day, mark.form_version = today, FORM_VERSION
            mark.save(update_fields=["day", "form_version"])


def reconcile(*, on: date | None = None) -> dict[str, int]:
    """Compare every association and record with its published state (a repair tool, and the
    start for data that existed before the feed); returns counts of the changes made."""
    on = on or timezone.localdate()
    with transaction.atomic():  # plain: also inside ensure_synced's transaction
        chain_lock()
        counts = sync_associations(_all_ids(Association), on=on)
        counts += sync_records(_all_ids(CreditRecord), on=on)
    return dict(counts)


def batched(items: Iterable[int], size: int) -> Iterator[list[int]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _all_ids(model) -> Iterator[int]:
    return model.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=SYNC_CHUNK)
