"""Reading the change log: verification and the state of an object at a past moment (R-REC-4, R-REC-5)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from .chain import HASHED_FIELDS, entry_hash
from .choices import ObjectType
from .models import GENESIS_HASH, HistoryEntry


def entries_for(*, object_type: ObjectType, object_id: int) -> QuerySet[HistoryEntry]:
    return HistoryEntry.objects.filter(object_type=object_type, object_id=object_id).order_by("id")


def latest_entry_id(object_type: ObjectType, object_id: int) -> int | None:
    """The id of the object's newest history entry: the version a form was shown at, for tables
    with no version column (the history already orders every change)."""
    return (
        entries_for(object_type=object_type, object_id=object_id)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )


def entries_for_association(*, association_id: int) -> QuerySet[HistoryEntry]:
    return HistoryEntry.objects.filter(association_id=association_id).order_by("id")


def state_as_of(*, object_type: ObjectType, object_id: int, at: datetime) -> dict[str, Any] | None:
    """The object's snapshot as it stood at ``at``, or None if it did not exist yet."""
    entry = (
        entries_for(object_type=object_type, object_id=object_id)
        .filter(created_at__lte=at)
        .order_by("-id")
        .only("after")
        .first()
    )
    return entry.after if entry else None


def latest_snapshots(*, object_type: ObjectType) -> dict[int, dict[str, Any] | None]:
    """The last recorded snapshot of every object of a type, in memory (small tables only; the
    large ones are walked with ``latest_snapshots_in_order``)."""
    return dict(latest_snapshots_in_order(object_type=object_type))


def latest_snapshots_in_order(
    *, object_type: ObjectType, chunk_size: int = 5000
) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(object id, last recorded snapshot) for every object of a type, by ascending id, read in
    index order ((object_type, object_id, id)) so that memory stays flat at any size."""
    rows = (
        HistoryEntry.objects.filter(object_type=object_type)
        .order_by("object_id", "id")
        .values_list("object_id", "after")
    )
    current, latest = None, None
    for object_id, after in rows.iterator(chunk_size=chunk_size):
        if object_id != current:
            if current is not None:
                yield current, latest
            current = object_id
        latest = after
    if current is not None:
        yield current, latest


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    message: str


def verify_chain(*, chunk_size: int = 5000) -> Iterator[ChainProblem]:
    """Yield every break in the chain, in order; nothing is yielded for an intact chain."""
    expected_prev = GENESIS_HASH
    fields = ("id", "prev_hash", "hash", *HASHED_FIELDS)
    for row in HistoryEntry.objects.order_by("id").values(*fields).iterator(chunk_size=chunk_size):
        if row["prev_hash"] != expected_prev:
            yield ChainProblem(
                row["id"], "prev_hash does not match the previous entry (an entry was removed or reordered)"
            )
        recomputed = entry_hash(row["prev_hash"], row)
        if recomputed != row["hash"]:
            yield ChainProblem(row["id"], "content does not match its hash (the entry was altered)")
        expected_prev = row["hash"]


def chain_head() -> tuple[int, str] | None:
    return HistoryEntry.objects.order_by("-id").values_list("id", "hash").first()
