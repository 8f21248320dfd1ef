"""Who may manage whose account (issue 14, R-ACT-6). The one rule; services, selectors and views
all ask it, and tests/test_account_permissions.py expands it into a matrix.

- A system administrator (系统管理员) manages every account, authority and department.
- An authority's account administrator (工作人员 with ``manages_accounts``) manages the staff
  accounts of its own authority and the accounts of the associations registered with it: never
  a supervisor, administrator, auditor or department account, never another authority's.
- Everyone else manages no account. The auditor (安全审计员) reads accounts and logs, changes nothing.
- Nobody changes their own role, scope or active state (a second administrator must), so no one
  can lift their own rights or lock the system out by accident.
"""

from django.db.models import Q, QuerySet

from .models import Role, User
from .scopes import is_active_in


def is_administrator(actor) -> bool:
    return is_active_in(actor, Role.ADMIN)


def is_account_administrator(actor) -> bool:
    return is_active_in(actor, Role.STAFF) and actor.manages_accounts


def can_manage_accounts(actor) -> bool:
    """Whether the actor manages any account at all (the user-management pages)."""
    return is_administrator(actor) or is_account_administrator(actor)


def can_read_accounts(actor) -> bool:
    return can_manage_accounts(actor) or is_active_in(actor, Role.AUDITOR)


def can_read_security_log(actor) -> bool:
    """Administrators and auditors (等级保护: audit records reviewed by the audit administrator)."""
    return is_active_in(actor, Role.ADMIN, Role.AUDITOR)


def assignable_roles(actor) -> tuple[str, ...]:
    """The roles the actor may give an account (create, or change to)."""
    if is_administrator(actor):
        return tuple(Role.values)
    if is_account_administrator(actor):
        return (Role.STAFF, Role.ASSOCIATION)
    return ()


def scope_of(actor) -> Q | None:
    """The accounts the actor manages, as a filter on User; None for all of them."""
    if is_administrator(actor):
        return None
    if is_account_administrator(actor):
        return Q(role=Role.STAFF, authority_id=actor.authority_id) | Q(
            role=Role.ASSOCIATION, association__authority_id=actor.authority_id
        )
    return Q(pk__in=[])


def _within_scope(actor, *, role: str, authority_id: int | None, association) -> bool:
    """``scope_of`` judged in Python, for an account as it would stand after a change (not yet
    saved, so the database cannot be asked). tests/test_account_scope.py proves the two agree."""
    if is_administrator(actor):
        return True
    if not is_account_administrator(actor):
        return False
    if role == Role.STAFF:
        return authority_id == actor.authority_id
    if role == Role.ASSOCIATION:
        return association is not None and association.authority_id == actor.authority_id
    return False


def manages(actor, target: User) -> bool:
    """Whether the actor may change ``target`` as it stands (its role, scope, state, password)."""
    return _within_scope(
        actor, role=target.role, authority_id=target.authority_id, association=target.association
    )


def may_place(actor, *, role: str, authority_id: int | None, association=None) -> bool:
    """Whether the actor may give an account this role and link (after a create or change)."""
    return role in assignable_roles(actor) and _within_scope(
        actor, role=role, authority_id=authority_id, association=association
    )


def accounts_visible_to(actor) -> QuerySet[User]:
    """Accounts the actor may list: all for administrators and auditors, its scope otherwise."""
    users = User.objects.select_related("authority", "association", "department")
    if is_active_in(actor, Role.ADMIN, Role.AUDITOR):
        return users
    scope = scope_of(actor)
    return users.filter(scope) if scope is not None else users
