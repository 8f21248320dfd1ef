"""What the change log keeps of an account, and the one way account services write to it.

Account and privilege changes go into the same hash chain as every other change (issue 14), so
``verify_history`` also finds an account changed behind the services' back. The snapshot never
holds a secret: not the password hash, nor a second factor's key; only whether they are set.
"""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from xinyong.history.choices import Action, ObjectType
from xinyong.history.services import history_append

from .models import User


def users_for_snapshots() -> QuerySet[User]:
    """Accounts with whether each has a second factor, in the same query (``verify_history``
    walks every account; one device query per account would dominate it)."""
    return User.objects.annotate(
        second_factor_set=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        | Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )


def user_snapshot(user: User) -> dict[str, Any]:
    second_factor = getattr(user, "second_factor_set", None)
    if second_factor is None:
        second_factor = user_has_device(user, confirmed=True)
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
        "second_factor": bool(second_factor),
    }


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
