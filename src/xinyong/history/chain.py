"""Hash computation for history entries, shared by the writers (one entry or many) and the verifier.

``hash`` = SHA-256 over ``prev_hash`` followed by the entry's content as
``json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``, where
``created_at`` is UTC with microseconds. The text is built here field by field, in the same order
and with the encoders ``json.dumps`` itself uses, so that a writer holding a snapshot's JSON text
already (the bulk writer stores that very text) need not serialise it twice; tests/test_chain
checks it against ``json.dumps`` of the payload. Changing a single byte of it would make every
stored entry fail ``verify_history``.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

HASHED_FIELDS = (
    "created_at",
    "actor_id",
    "actor_name",
    "authority_id",
    "authority_name",
    "action",
    "object_type",
    "object_id",
    "association_id",
    "before",
    "after",
    "reason",
)
SNAPSHOT_FIELDS = ("before", "after")

_SORTED_FIELDS = tuple(sorted(HASHED_FIELDS))
_encode_text = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False
_KEYS = {name: _encode_text(name) + ":" for name in _SORTED_FIELDS}

# Fields whose values repeat from entry to entry (one timestamp per batch, a few actors and
# actions): each distinct value is encoded once.
_REPEATING = frozenset({"created_at", "actor_id", "actor_name", "authority_id", "authority_name"})
_REPEATING |= {"action", "object_type"}
_memo: dict[tuple[str, type, Any], str] = {}


def canonical_json(value: Any) -> str:
    """A snapshot's JSON text, exactly as it is hashed."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _encode(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return _encode_text(value)
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, datetime):
            # UTC with microseconds: the same instant prints the same on SQLite and PostgreSQL.
            value = value.astimezone(UTC).isoformat(timespec="microseconds")
        return canonical_json(value)
    return int.__repr__(value)


def entry_blob(content: Mapping[str, Any], snapshots: Mapping[str, str | None] | None = None) -> str:
    """The text hashed for ``content``. ``snapshots`` may give the JSON text of ``before`` and
    ``after`` (``canonical_json`` of them, None for null) when the caller holds it already."""
    parts = []
    for name in _SORTED_FIELDS:
        if snapshots is not None and name in snapshots:
            text = snapshots[name]
            parts.append(_KEYS[name] + ("null" if text is None else text))
            continue
        value = content[name]
        if name in _REPEATING:
            key = (name, type(value), value)
            encoded = _memo.get(key)
            if encoded is None:
                if len(_memo) > 10_000:
                    _memo.clear()
                encoded = _memo[key] = _KEYS[name] + _encode(value)
            parts.append(encoded)
        else:
            parts.append(_KEYS[name] + _encode(value))
    return "{" + ",".join(parts) + "}"


def chained_hash(prev_hash: str, blob: str) -> str:
    return hashlib.sha256((prev_hash + blob).encode("utf-8")).hexdigest()


def entry_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    return chained_hash(prev_hash, entry_blob(content))


def entry_content(
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
