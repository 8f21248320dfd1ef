"""Reads for the account pages, always through accounts.rules' scope."""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from xinyong.accounts.history_types import ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import entries_for

from . import rules
from .models import User


def accounts_for(actor, *, q: str = "", role: str = "", state: str = "") -> QuerySet[User]:
    users = rules.accounts_visible_to(actor).order_by("role", "authority__code", "username")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q))
    if role:
        users = users.filter(role=role)
    if state == "active":
        users = users.filter(is_active=True).exclude(password__startswith="!")
    elif state == "pending":
        users = users.filter(is_active=True, password__startswith="!")
    elif state == "inactive":
        users = users.filter(is_active=False)
    return users


def account_entries(user: User) -> QuerySet[HistoryEntry]:
    """The account's own entries, newest first: created, changed, deactivated, passwords."""
    return entries_for(object_type=ObjectType.USER, object_id=user.pk).order_by("-id")


# Apps built on accounts say what deactivating an account would also stop (the api app: keys the
# account issued). They register in their AppConfig.ready(), so accounts imports none of them.
_DEACTIVATION_EFFECTS: list[Callable[[User], list[str]]] = []


def register_deactivation_effect(describe: Callable[[User], list[str]]) -> None:
    _DEACTIVATION_EFFECTS.append(describe)


def deactivation_effects(user: User) -> list[str]:
    """Sentences naming what else stops working when ``user`` is deactivated."""
    return [line for describe in _DEACTIVATION_EFFECTS for line in describe(user)]
