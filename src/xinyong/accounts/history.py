"""What the change log keeps of an account, and the one way account services write to it.

Account and privilege changes go into the same hash chain as every other change (issue 14), so
``verify_history`` also finds an account changed behind the services' back. The snapshot never
holds a secret: not the password hash, nor a second factor's key; only whether they are set.
"""

from typing import Any

from django_otp import user_has_device

from xinyong.history.choices import Action, ObjectType
from xinyong.history.services import history_append

from .models import User


def user_snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "authority_id": user.authority_id,
        "association_id": user.association_id,
        "department_id": user.department_id,
        "manages_accounts": user.manages_accounts,
        "is_active": user.is_active,
        "password_set": user.has_usable_password(),
        "second_factor": user_has_device(user, confirmed=True),
    }


def account_history(*, actor, user: User, action: Action, before: dict[str, Any] | None, reason: str) -> None:
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
