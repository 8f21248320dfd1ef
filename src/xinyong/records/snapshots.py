"""What the change log keeps of a credit record and of an evidence item.

``verify_history`` compares every live row with the last snapshot recorded for it, and each
snapshot is hashed into the chain: a change here breaks every database written before it.
"""

from datetime import UTC, date, datetime
from typing import Any

from .kinds import DATA_COLUMNS
from .models import CreditRecord, Evidence


def record_snapshot(record: CreditRecord) -> dict[str, Any]:
    """The JSON form of a record kept in history: bookkeeping plus every data column."""
    snap: dict[str, Any] = {
        "association": record.association_id,
        "kind": record.kind,
        "category": record.category,
        "recorded_by": record.recorded_by_id,
        "recorded_at": _utc_iso(record.recorded_at),
        "status": record.status,
        "confidentiality": record.confidentiality,
        "confidential_fields": dict(record.confidential_fields),
        "version": record.version,
    }
    for column in DATA_COLUMNS:
        value = getattr(record, column)
        snap[column] = value.isoformat() if isinstance(value, date) else value
    if record.import_batch_id is not None:
        # Only imported records carry the key, so the snapshots of all other records keep their
        # layout and the history written before imports existed still verifies.
        snap["import_batch"] = record.import_batch_id
    return snap


def _utc_iso(moment: datetime) -> str:
    # The database hands datetimes back in UTC; the snapshot must read the same before and after.
    return moment.astimezone(UTC).isoformat()


def evidence_snapshot(evidence: Evidence) -> dict[str, Any]:
    return {
        "record": evidence.record_id,
        "kind": evidence.kind,
        "document_number": evidence.document_number,
        "issuer": evidence.issuer,
        "issued_on": evidence.issued_on.isoformat(),
        "file": evidence.file,
        "original_name": evidence.original_name,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "uploaded_at": _utc_iso(evidence.uploaded_at),
        "revoked": evidence.revoked,
    }
