"""The change feed as it is served (R-QRY-3): events, with only the content that is public *now*.

The contract for mirrors (docs/architecture.md, "The change feed"):

- events come in id order, and each says what changed (subject, object, 公示/变更/撤下, reason,
  dates); events are never removed or renumbered;
- ``data`` is the object's public form at the moment of serving, computed through the
  publication selector like the page. It comes only with the object's **latest** event and only
  while the object is public; every other event has ``data: null``;
- a mirror applies events in order: ``data`` present → store it (replacing its copy), ``null`` →
  delete its copy of that object.

So a mirror that replays from ``after=0`` ends with exactly what is published now, and no reader
of the feed ever receives a value that has since been withdrawn, corrected or marked
confidential: events store no content (``models.PublicationChange``), there is nothing stale to
serve.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import translation

from xinyong.disclosure.selectors import public_basic_data, public_record_rows
from xinyong.records.publication import published_records
from xinyong.registry.models import Association

from .models import Change, PublicationChange, Subject

Key = tuple[str, int]  # (subject value, object id)
RECORD, ASSOCIATION = Subject.RECORD.value, Subject.ASSOCIATION.value


def current_forms(keys: Iterable[Key], *, on: date) -> dict[Key, dict[str, Any]]:
    """The public form on ``on`` of each of these objects that is public then, by key (zh-Hans,
    as the published states' digests are computed); objects not public are absent."""
    keys = set(keys)
    records = sorted(i for s, i in keys if s == RECORD)
    associations = [i for s, i in keys if s == ASSOCIATION]
    forms: dict[Key, dict[str, Any]] = {}
    with translation.override(settings.LANGUAGE_CODE):
        if records:
            public = published_records(on=on).filter(pk__in=records).order_by("id")
            for row in public_record_rows(public):
                forms[(RECORD, row["id"])] = row
        if associations:
            for association in Association.objects.select_related("authority").filter(pk__in=associations):
                forms[(ASSOCIATION, association.pk)] = public_basic_data(association)
    return forms


def latest_event_ids(keys: Iterable[Key]) -> dict[Key, int]:
    """The id of each object's latest event."""
    by_subject: dict[str, set[int]] = {}
    for subject, object_id in keys:
        by_subject.setdefault(subject, set()).add(object_id)
    latest: dict[Key, int] = {}
    for subject, ids in by_subject.items():
        rows = (
            PublicationChange.objects.filter(subject=subject, object_id__in=ids)
            .values("object_id")
            .annotate(last=Max("id"))
            .values_list("object_id", "last")
        )
        latest.update(((subject, object_id), last) for object_id, last in rows)
    return latest


def feed_page(*, after: int, limit: int, on: date) -> tuple[list[dict[str, Any]], bool]:
    """Up to ``limit`` events after ``after``, each with the ``data`` the contract above allows,
    and whether more follow."""
    events = list(PublicationChange.objects.filter(id__gt=after).order_by("id")[: limit + 1])
    more = len(events) > limit
    events = events[:limit]
    latest = latest_event_ids((e.subject, e.object_id) for e in events)
    # The events that may carry content: each object's latest, unless it is a withdrawal.
    carriers = {
        e.id for e in events if e.change != Change.WITHDRAWN and latest[(e.subject, e.object_id)] == e.id
    }
    forms = current_forms(((e.subject, e.object_id) for e in events if e.id in carriers), on=on)
    page = [
        {
            "id": e.id,
            "at": e.at,
            "effective_on": e.effective_on,
            "subject": e.subject,
            "object_id": e.object_id,
            "association_uscc": e.association_uscc,
            "change": e.change,
            "reason": e.reason,
            "data": forms.get((e.subject, e.object_id)) if e.id in carriers else None,
        }
        for e in events
    ]
    return page, more
