"""The one way account services write to the change log.

Account and privilege changes go into the same hash chain as every other change (issue 14), so
``verify_history`` also finds an account changed behind the services' back (the snapshot is in
``snapshots``).
"""

from typing import Any

from xinyong.accounts.history_types import Action, ObjectType
from xinyong.history.services import history_append

from .models import User
from .snapshots import user_snapshot


def account_history(
    *, actor: User | None, user: User, action: Action, before: dict[str, Any] | None, reason: str
) -> None:
    """Append the entry for a change to ``user`` (already saved), inside the caller's transaction.
    ``actor`` is None when the system acts (``xinyong create_administrator``)."""
    history_append(
        actor=actor,
        action=action,
        object_type=ObjectType.USER,
        object_id=user.pk,
        association_id=user.association_id,
        before=before,
        after=user_snapshot(user),
        reason=reason,
    )
