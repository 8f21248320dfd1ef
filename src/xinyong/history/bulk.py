"""Appending many history entries in one go (bulk import; R-REC-3, R-REC-4), exactly as
``history.services.history_append`` would append them one after another.

Each entry's content has the keys and values ``history_append`` writes (``entry_content``), and
its hash is ``history.chain``'s; only the insert is batched, and each snapshot is serialised once,
for the hash and for the row. The chain lock is taken at every call and held until the caller's
transaction ends (PostgreSQL: the advisory lock every writer takes; SQLite: the database write
lock, taken at BEGIN because transactions are IMMEDIATE), so no other entry can be appended
between two of the batch's and the chain cannot fork.

``history_append_many`` inserts the entries and sends ``signals.entries_appended`` once, the way
``history_append`` sends ``entry_appended`` for each entry: the caller inserts the rows the entries
describe first. ``ChainBuilder`` only builds the rows, for writers that insert them themselves
(bench/generate.py).
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from xinyong.rawinsert import IdAllocator, Inserter, RawJSON

from .chain import SNAPSHOT_FIELDS, canonical_json, chained_hash, entry_blob
from .models import GENESIS_HASH, HistoryEntry
from .services import chain_lock
from .signals import entries_appended


@dataclass(frozen=True)
class AppendedEntry:
    """What ``entries_appended`` tells its receivers about each entry."""

    id: int
    object_type: str
    object_id: int
    association_id: int | None


class ChainBuilder:
    """Builds hash-chained entry rows after the chain's head, in order, with their ids."""

    def __init__(self, ids: IdAllocator | None = None):
        chain_lock()
        self.ids = ids or IdAllocator()
        self.head = (
            HistoryEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH
        )

    def entries(self, contents: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows of the entries (``HistoryEntry`` ids must rise in chain order: the chain is
        read by id). Each content is completed in place, its snapshots replaced by their JSON
        text (``RawJSON``)."""
        ids = self.ids.take(HistoryEntry, len(contents))
        prev = self.head
        for entry_id, content in zip(ids, contents, strict=True):
            texts = {}
            for name in SNAPSHOT_FIELDS:
                if content[name] is not None:
                    texts[name] = canonical_json(content[name])
                    content[name] = RawJSON(texts[name])
                else:
                    texts[name] = None
            digest = chained_hash(prev, entry_blob(content, texts))
            content["id"], content["prev_hash"], content["hash"] = entry_id, prev, digest
            prev = digest
        self.head = prev
        return contents


def history_append_many(contents: list[dict[str, Any]]) -> list[AppendedEntry]:
    """Append the entries (``entry_content``) to the chain in order, in the caller's transaction:
    one query for the head, one for the ids, one insert; then ``entries_appended``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("history_append_many must be called inside the service's transaction")
    if not contents:
        return []
    rows = ChainBuilder().entries(contents)
    Inserter(HistoryEntry).insert(rows)
    appended = [
        AppendedEntry(row["id"], row["object_type"], row["object_id"], row["association_id"]) for row in rows
    ]
    entries_appended.send(sender=HistoryEntry, entries=appended)
    return appended
