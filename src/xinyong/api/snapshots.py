"""What the change log keeps of an API key: never the secret, nor its hash.

``verify_history`` compares every key with the last snapshot recorded for it, and each snapshot is
hashed into the chain: a change here breaks every database written before it.
"""

from .models import ApiKey


def api_key_snapshot(api_key: ApiKey) -> dict:
    """What the history keeps of a key: never the secret, nor its hash."""
    return {
        "department_id": api_key.department_id,
        "label": api_key.label,
        "prefix": api_key.prefix,
        "can_query": api_key.can_query,
        "can_deliver": api_key.can_deliver,
        "created_by_id": api_key.created_by_id,
        "revoked": api_key.revoked_at is not None,
        "revoked_by_id": api_key.revoked_by_id,
        "revoke_reason": api_key.revoke_reason,
    }
