"""What the change log keeps of an objection.

``verify_history`` compares every live objection with the last snapshot recorded for it, and each
snapshot is hashed into the chain: a change here breaks every database written before it.
"""

from datetime import UTC
from typing import Any

from .models import Objection


def objection_snapshot(objection: Objection) -> dict[str, Any]:
    def iso(moment):
        return moment.astimezone(UTC).isoformat() if moment else None

    return {
        "association": objection.association_id,
        "authority": objection.authority_id,
        "filed_by": objection.filed_by_id,
        "filed_at": iso(objection.filed_at),
        "received_on": objection.received_on.isoformat(),
        "statement": objection.statement,
        "status": objection.status,
        "due_on": objection.due_on.isoformat(),
        "due_provisional": objection.due_provisional,
        "verification_started_at": iso(objection.verification_started_at),
        "decided_at": iso(objection.decided_at),
        "explanation": objection.explanation,
        "withdrawn_at": iso(objection.withdrawn_at),
        "items": [
            {"record": i.record_id} if i.record_id else {"basic_field": i.basic_field}
            for i in objection.items.all()
        ],
        "attachments": [
            {"name": a.original_name, "sha256": a.sha256, "size": a.size} for a in objection.attachments.all()
        ],
        "corrections": list(objection.corrections.values_list("entry_id", flat=True)),
        "version": objection.version,
    }
