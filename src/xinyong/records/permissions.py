"""Who may do what with credit records. Services call these; views only use them to hide buttons.

The scope (``restrict_records``) is the one rule of who sees everything about a record; the
single-record check ``can_view_internal`` asks it, and the back-office lists filter by it.

R-REC-2: only staff of the authority that recorded a record may modify or revoke it. Staff of a
higher authority, the supervising bureau, administrators and departments are all refused.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xinyong.accounts.models import Role
from xinyong.accounts.scopes import is_active_in, scoped
from xinyong.errors import NotAllowed

from .models import CreditRecord


def restrict_records(queryset: QuerySet[CreditRecord], user) -> QuerySet[CreditRecord]:
    """Records the user sees everything about, drafts, confidential content and evidence files
    included: staff, what their authority recorded or what concerns its associations; the
    supervising bureau and administrators, everything; an association, its own (R-ACT-2, R-ACT-3,
    R-ACT-5)."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return scoped(
        queryset,
        user,
        staff=Q(recorded_by_id=user.authority_id) | Q(association__authority_id=user.authority_id),
        association=Q(association_id=user.association_id),
    )


def can_view_internal(user, record) -> bool:
    """Everything about a record, including drafts, confidential content and evidence files."""
    return restrict_records(CreditRecord.objects.all(), user).contains(record)


def can_record_for(user, association) -> bool:
    """Staff record credit information for the associations registered with their authority (R-ACT-3)."""
    return is_active_in(user, Role.STAFF) and user.authority_id == association.authority_id


def can_change(user, record) -> bool:
    return is_active_in(user, Role.STAFF) and user.authority_id == record.recorded_by_id


def ensure_can_record_for(user, association) -> None:
    if not can_record_for(user, association):
        raise NotAllowed(_("只有该协会的登记管理机关工作人员可以为其记录信用信息。"))


def ensure_can_change(user, record) -> None:
    if not can_change(user, record):
        raise NotAllowed(
            _("只有记录该信用信息的登记管理机关（%(authority)s）可以修改或撤销它。")
            % {"authority": record.recorded_by.name}
        )
