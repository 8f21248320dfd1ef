"""Hash computation for history entries, shared by the writer and the verifier."""

import hashlib
import json
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


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        # UTC with microseconds: the same instant prints the same on SQLite and PostgreSQL.
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(prev_hash: str, content: dict[str, Any]) -> str:
    payload = {name: _canonical(content[name]) for name in HASHED_FIELDS}
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + blob).encode("utf-8")).hexdigest()
