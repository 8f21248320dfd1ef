"""Who may do what with credit records. Services call these; views only use them to hide buttons.

R-REC-2: only staff of the authority that recorded a record may modify or revoke it. Staff of a
higher authority, the supervising bureau, administrators and departments are all refused.
"""

from django.utils.translation import gettext as _

from xinyong.accounts.models import Role
from xinyong.errors import NotAllowed


def can_record_for(user, association) -> bool:
    """Staff record credit information for the associations registered with their authority (R-ACT-3)."""
    return _is_staff(user) and user.authority_id == association.authority_id


def can_change(user, record) -> bool:
    return _is_staff(user) and user.authority_id == record.recorded_by_id


def can_view_internal(user, record) -> bool:
    """Everything about a record, including drafts, confidential content and evidence files."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.reads_everything:
        return True
    if user.role == Role.STAFF:
        return user.authority_id in (record.recorded_by_id, record.association.authority_id)
    if user.role == Role.ASSOCIATION:
        return user.association_id == record.association_id
    return False


def ensure_can_record_for(user, association) -> None:
    if not can_record_for(user, association):
        raise NotAllowed(_("只有该协会的登记管理机关工作人员可以为其记录信用信息。"))


def ensure_can_change(user, record) -> None:
    if not can_change(user, record):
        raise NotAllowed(
            _("只有记录该信用信息的登记管理机关（%(authority)s）可以修改或撤销它。")
            % {"authority": record.recorded_by.name}
        )


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.STAFF and user.is_active
