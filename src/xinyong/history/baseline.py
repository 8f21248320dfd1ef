"""Baseline entries written by data migrations, for rows that existed before their table was
put under the history chain (accounts in issue 14): one creation entry per row, as the system,
so ``verify_history`` can check the table from then on. Uses only the migration's historical
models and the chain's hash rule, never the live models, so it keeps working as they change."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from .chain import entry_hash
from .models import GENESIS_HASH


def append_baseline(
    apps,
    *,
    action: str,
    object_type: str,
    rows: Iterable[tuple[int, int | None, dict[str, Any]]],
    reason: str,
) -> int:
    """Append one entry per (object_id, association_id, snapshot) row not yet in the chain."""
    entry_model = apps.get_model("history", "HistoryEntry")
    have = set(entry_model.objects.filter(object_type=object_type).values_list("object_id", flat=True))
    prev_hash = entry_model.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH
    written = 0
    for object_id, association_id, snapshot in rows:
        if object_id in have:
            continue
        content = {
            "created_at": timezone.now(),
            "actor_id": None,
            "actor_name": "system",
            "authority_id": None,
            "authority_name": "",
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "association_id": association_id,
            "before": None,
            "after": snapshot,
            "reason": reason,
        }
        digest = entry_hash(prev_hash, content)
        entry_model.objects.create(prev_hash=prev_hash, hash=digest, **content)
        prev_hash = digest
        written += 1
    return written
