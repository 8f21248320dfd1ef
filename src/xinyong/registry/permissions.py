"""Who may read and change associations and the organisation lists (R-ACT-2, R-ACT-3, R-ACT-5,
R-ACT-6, R-INF-1). Services call the action checks; views use the scope to list and open
associations, and the checks to show or hide buttons.

- Staff read the associations registered with their authority; the supervising bureau and
  administrators read everything; an association account reads only itself; departments nothing
  (``restrict_associations``; ``can_view_association`` asks it).
- Only staff of an authority register associations with it and change their basic information.
- Administrators keep the authorities and departments (``accounts.rules.is_administrator``); the
  auditor and the supervising bureau read those lists.
"""

from django.db.models import Q, QuerySet

from xinyong.accounts.models import Role
from xinyong.accounts.scopes import is_active_in, scoped

from .models import Association, Authority


def restrict_associations(queryset: QuerySet[Association], user) -> QuerySet[Association]:
    return scoped(
        queryset,
        user,
        staff=Q(authority_id=user.authority_id),
        association=Q(pk=user.association_id),
    )


def can_view_association(user, association: Association) -> bool:
    return restrict_associations(Association.objects.all(), user).contains(association)


def can_register_with(user, authority: Authority) -> bool:
    return is_active_in(user, Role.STAFF) and user.authority_id == authority.pk


def can_read_organisations(user) -> bool:
    """Administrators keep the lists; the auditor and the supervising bureau read them."""
    return is_active_in(user, Role.ADMIN, Role.AUDITOR, Role.SUPERVISOR)
