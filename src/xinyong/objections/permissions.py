"""Who may do what with objections (R-OBJ-1, R-OBJ-2). Services call the action checks; views use
them to show or hide buttons, and the scope to list and open objections.

- An objection is seen by the association that filed it, the registration authority that received
  it, the supervising bureau and administrators (``restrict_objections``; ``can_view`` asks it).
- Only the association's own account files or withdraws one; only staff of the receiving
  authority handle it.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xinyong.accounts.models import Role
from xinyong.accounts.scopes import is_active_in, scoped
from xinyong.errors import NotAllowed
from xinyong.registry.models import Association

from .models import Objection


def restrict_objections(queryset: QuerySet[Objection], user) -> QuerySet[Objection]:
    """Staff: their authority's; an association: its own; supervising bureau and admins: all."""
    return scoped(
        queryset,
        user,
        staff=Q(authority_id=user.authority_id),
        association=Q(association_id=user.association_id),
    )


def can_view(user, objection: Objection) -> bool:
    return restrict_objections(Objection.objects.all(), user).contains(objection)


def can_file_for(user, association: Association) -> bool:
    return is_active_in(user, Role.ASSOCIATION) and user.association_id == association.pk


def can_handle(user, objection: Objection) -> bool:
    """Staff of the registration authority that received it (R-OBJ-2)."""
    return is_active_in(user, Role.STAFF) and user.authority_id == objection.authority_id


def ensure_handler(user, objection: Objection) -> None:
    if not can_handle(user, objection):
        raise NotAllowed(
            _("只有收到该异议的登记管理机关（%(authority)s）可以办理。")
            % {"authority": objection.authority.name}
        )
