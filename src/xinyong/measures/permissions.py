"""Who may do what with measures (R-MEA-1, R-ACT-3..6). Services call these; views only use them
to show or hide buttons.

- Authorities (staff) apply any active kind to the associations registered with them.
- A department user applies only the kinds its department is granted, to any association.
- Only the authority or department that applied a measure lifts it (as R-REC-2 for records).
- Administrators keep the catalogue and the rules; the supervising bureau reads, never changes.
"""

from django.utils.translation import gettext as _

from xinyong.accounts.models import Role
from xinyong.errors import NotAllowed


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def is_staff(user) -> bool:
    return _active(user) and user.role == Role.STAFF and user.authority_id is not None


def is_department(user) -> bool:
    return _active(user) and user.role == Role.DEPARTMENT and user.department_id is not None


def can_manage_catalogue(user) -> bool:
    return _active(user) and user.role == Role.ADMIN


def granted(user, kind) -> bool:
    """The user's department is granted this kind."""
    return is_department(user) and kind.departments.filter(pk=user.department_id).exists()


def may_apply_somewhere(user) -> bool:
    """Staff, or a department user (whose department may hold grants): the apply pages open."""
    return is_staff(user) or is_department(user)


def can_apply(user, kind, association) -> bool:
    if not kind.active:
        return False
    if is_staff(user):
        return user.authority_id == association.authority_id
    return granted(user, kind)


def can_lift(user, measure) -> bool:
    if is_staff(user):
        return measure.applied_by_authority_id == user.authority_id
    if is_department(user):
        return measure.applied_by_department_id == user.department_id
    return False


def ensure_can_apply(user, kind, association) -> None:
    if can_apply(user, kind, association):
        return
    if not kind.active:
        raise NotAllowed(_("措施种类“%(kind)s”已停用，不能再实施。") % {"kind": kind.name})
    if is_department(user):
        raise NotAllowed(
            _("本部门未获授权实施“%(kind)s”；请联系系统管理员在措施种类中授权。") % {"kind": kind.name}
        )
    raise NotAllowed(
        _("只有该协会的登记管理机关（%(authority)s）或获授权的相关部门可以对其实施激励惩戒措施。")
        % {"authority": association.authority.name}
    )


def ensure_can_lift(user, measure) -> None:
    if not can_lift(user, measure):
        raise NotAllowed(
            _("只有实施该措施的机关或部门（%(name)s）可以解除它。") % {"name": measure.applied_by_name}
        )


def ensure_can_manage_catalogue(user) -> None:
    if not can_manage_catalogue(user):
        raise NotAllowed(_("只有系统管理员可以维护措施种类和措施规则。"))
