"""Who may do what with measures (R-MEA-1, R-ACT-3..6). Services call these; views only use them
to show or hide buttons, and the scopes to list measures, proposals and the kinds to apply.

- Authorities (staff) apply any active kind to the associations registered with them.
- A department user applies only the kinds its department is granted, to any association.
- Only the authority or department that applied a measure lifts it (as R-REC-2 for records).
- Administrators keep the catalogue and the rules; the supervising bureau reads, never changes.

``can_apply`` and ``can_decide`` judge one kind or proposal in Python, as services and list pages
ask them per row; tests/test_permission_scopes.py proves them equal to ``restrict_kinds_to_apply``
and ``restrict_proposals``, so each rule has one meaning.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from xinyong.accounts.models import Role
from xinyong.accounts.scopes import is_active_in
from xinyong.errors import NotAllowed

from .models import Measure, MeasureKind, MeasureProposal


def is_staff(user) -> bool:
    return is_active_in(user, Role.STAFF) and user.authority_id is not None


def is_department(user) -> bool:
    return is_active_in(user, Role.DEPARTMENT) and user.department_id is not None


def can_manage_catalogue(user) -> bool:
    return is_active_in(user, Role.ADMIN)


def restrict_measures(queryset: QuerySet[Measure], user) -> QuerySet[Measure]:
    """The supervising bureau and administrators: all; staff: those of their associations and
    those their authority applied; a department: those it applied and those of kinds it may
    apply; an association: its own."""
    if user.reads_everything:
        return queryset
    if user.role == Role.STAFF:
        return queryset.filter(
            Q(association__authority_id=user.authority_id) | Q(applied_by_authority_id=user.authority_id)
        )
    if user.role == Role.DEPARTMENT and user.department_id:
        granted_kind = MeasureKind.departments.through.objects.filter(
            measurekind_id=OuterRef("kind_id"), department_id=user.department_id
        )
        return queryset.filter(Q(applied_by_department_id=user.department_id) | Exists(granted_kind))
    if user.role == Role.ASSOCIATION:
        return queryset.filter(association_id=user.association_id)
    return queryset.none()


def restrict_proposals(queryset: QuerySet[MeasureProposal], user) -> QuerySet[MeasureProposal]:
    """Staff: proposals for their associations; a department: for the kinds it may apply; the
    supervising bureau and administrators: all. Associations never see proposals."""
    if user.reads_everything:
        return queryset
    if user.role == Role.STAFF:
        return queryset.filter(association__authority_id=user.authority_id)
    if user.role == Role.DEPARTMENT and user.department_id:
        return queryset.filter(kind__departments=user.department_id)
    return queryset.none()


def restrict_kinds_to_apply(queryset: QuerySet[MeasureKind], user, association=None) -> QuerySet[MeasureKind]:
    """Active kinds the user may apply (to ``association``, when given)."""
    kinds = queryset.filter(active=True)
    if is_staff(user):
        if association is not None and association.authority_id != user.authority_id:
            return kinds.none()
        return kinds
    if is_department(user):
        return kinds.filter(departments=user.department_id)
    return kinds.none()


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


def can_decide(user, proposal: MeasureProposal) -> bool:
    """Staff of the association's authority, or a department granted the proposed kind."""
    if is_staff(user):
        return user.authority_id == proposal.association.authority_id
    return granted(user, proposal.kind)


def can_propose(user) -> bool:
    return is_staff(user) or is_department(user) or can_manage_catalogue(user)


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
