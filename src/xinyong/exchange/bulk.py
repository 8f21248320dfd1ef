"""Appending many history entries at once, exactly as ``history.services.history_append`` would
append them one after another (R-REC-3, R-REC-4).

The entry content has the same keys and values as ``history_append`` writes, and the hash is
``history.chain.entry_hash``; only the insert is batched. The chain lock is taken once and held
until the batch's transaction ends (PostgreSQL: the same advisory lock every writer takes; SQLite:
the database write lock, taken at BEGIN because transactions are IMMEDIATE), so no other entry
can be appended between two of the batch's and the chain cannot fork.

Ids are allocated up front so that entries (and the rows they describe) can be built before they
are inserted: ``HistoryEntry`` ids must rise in chain order, because the chain is read by id.
"""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.models import Model

from xinyong.history.chain import HASHED_FIELDS, entry_hash
from xinyong.history.models import GENESIS_HASH, HistoryEntry

# The lock every writer of the chain takes; it must be the very same number.
from xinyong.history.services import chain_lock
from xinyong.rawinsert import RawJSON


class IdAllocator:
    """Primary keys for rows inserted with explicit ids, inside the batch's transaction."""

    def __init__(self):
        self._next: dict[str, int] = {}

    def take(self, model: type[Model], count: int) -> list[int]:
        if count == 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Sequence values are never handed out twice, so rows other transactions insert
                # meanwhile cannot collide; sorted, because the chain is read in id order.
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return sorted(row[0] for row in cursor.fetchall())
            if connection.vendor != "sqlite":
                raise NotImplementedError(f"bulk import is not implemented for {connection.vendor}")
            if table not in self._next:
                # The transaction holds SQLite's write lock: nobody else inserts until it ends.
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"SELECT MAX(id) FROM {quoted}")
                highest = cursor.fetchone()[0] or 0
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                self._next[table] = max(highest, row[0] if row else 0) + 1
        start = self._next[table]
        self._next[table] = start + count
        return list(range(start, start + count))


@contextmanager
def sqlite_cache(megabytes: int) -> Iterator[None]:
    """A larger SQLite page cache while a batch is written: one long transaction changes many
    index pages again and again, and with the default 2 MB cache each change is spilled to the
    write-ahead log anew (more than a fifth of the time of a 300,000-row batch, and a log many
    times the data's size). The connection's own setting is restored afterwards."""
    if connection.vendor != "sqlite" or megabytes <= 0:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


class ChainWriter:
    """Builds hash-chained entries in order; the caller inserts them with ``bulk_create``."""

    def __init__(self, ids: IdAllocator):
        chain_lock()
        self.ids = ids
        self.head = (
            HistoryEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH
        )

    def entries(self, contents: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows of the entries, chained after the head, with their ids. Each ``content`` is
        completed in place, its snapshots replaced by their JSON text (``RawJSON``)."""
        ids = self.ids.take(HistoryEntry, len(contents))
        prev = self.head
        for index, (entry_id, content) in enumerate(zip(ids, contents, strict=True)):
            blob = canonical_blob(content)
            digest = hashlib.sha256((prev + blob).encode()).hexdigest()
            if index == 0 and digest != entry_hash(prev, content):
                # The fast serialisation must be exactly the chain's own; checked once a chunk.
                raise RuntimeError("bulk history serialisation differs from history.chain.entry_hash")
            for name in ("before", "after"):
                if content[name] is not None:
                    content[name] = RawJSON(_json_text(content[name]))
            content["id"], content["prev_hash"], content["hash"] = entry_id, prev, digest
            prev = digest
        self.head = prev
        return contents


# ``history.chain.entry_hash`` hashes ``json.dumps(payload, sort_keys=True, ensure_ascii=False,
# separators=(",", ":"))``. Built here field by field in the same order with the same encoders
# (snapshots through json.dumps itself), so that a snapshot is serialised once, for the hash and
# for the database alike.
_SORTED_FIELDS = tuple(sorted(HASHED_FIELDS))
_KEYS = {name: json.encoder.encode_basestring(name) + ":" for name in _SORTED_FIELDS}


def _json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _encode(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.encoder.encode_basestring(value)
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat(timespec="microseconds")
        return _json_text(value)
    return int.__repr__(value)


# Fields whose values repeat across a batch's entries (one timestamp, one actor, a few actions):
# each distinct value is encoded once.
_REPEATING = frozenset({"created_at", "actor_id", "actor_name", "authority_id", "authority_name", "action"})
_REPEATING |= {"object_type"}
_memo: dict[tuple[str, Any], str] = {}


def canonical_blob(content: dict[str, Any]) -> str:
    parts = []
    for name in _SORTED_FIELDS:
        value = content[name]
        if name in _REPEATING:
            key = (name, value)
            encoded = _memo.get(key)
            if encoded is None:
                if len(_memo) > 10_000:
                    _memo.clear()
                encoded = _memo[key] = _KEYS[name] + _encode(value)
            parts.append(encoded)
        else:
            parts.append(_KEYS[name] + _encode(value))
    return "{" + ",".join(parts) + "}"


def content(
    *,
    created_at: datetime,
    actor_id: int | None,
    actor_name: str,
    authority_id: int | None,
    authority_name: str,
    action: str,
    object_type: str,
    object_id: int,
    association_id: int | None,
    before: dict | None,
    after: dict | None,
    reason: str,
) -> dict[str, Any]:
    """The content of one entry, in ``history_append``'s layout."""
    return {
        "created_at": created_at,
        "actor_id": actor_id,
        "actor_name": actor_name,
        "authority_id": authority_id,
        "authority_name": authority_name,
        "action": str(action),
        "object_type": str(object_type),
        "object_id": object_id,
        "association_id": association_id,
        "before": before,
        "after": after,
        "reason": reason,
    }
