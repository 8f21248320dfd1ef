"""The shared pieces of every app's permission rules (R-ACT-2..6).

Each app's ``permissions`` module holds its rules: a *scope* (a function narrowing a queryset to
what a user may read) and its *action checks*. A check about one object is derived from the scope
(``restrict(...).contains(obj)``), so the rule is written once and a page can never show a row
that the detail view would refuse, nor the other way round. Where a check must judge a state that
is not saved yet (an account about to be placed), the Python version sits next to its scope and a
test proves the two agree.

The supervising bureau and administrators read everything; staff read what concerns their
authority; an association account reads what concerns itself; anyone else nothing. Each app
says what "concerns" means for its rows.
"""

from django.db.models import Q, QuerySet

from .models import Role


def is_signed_in(user) -> bool:
    """A person's account, signed in and not deactivated (AnonymousUser and None are not)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_active_in(user, *roles: str) -> bool:
    """Signed in, active, and holding one of ``roles``: the condition every action check starts
    from. A deactivated account keeps its role but may do nothing."""
    return is_signed_in(user) and user.role in roles


def scoped(queryset: QuerySet, user, *, staff: Q, association: Q) -> QuerySet:
    """``queryset`` narrowed to what ``user`` reads: ``staff`` and ``association`` say what
    concerns a clerk's authority and an association account."""
    if user.reads_everything:
        return queryset
    if user.role == Role.STAFF:
        return queryset.filter(staff)
    if user.role == Role.ASSOCIATION:
        return queryset.filter(association)
    return queryset.none()
