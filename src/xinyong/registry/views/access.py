"""What each role may read in the back office.

These are reads and belong in selectors; they live here until the owners of the selectors move
them. They mirror records.permissions.can_view_internal: staff read the associations of their
authority and the records their authority recorded (or that concern its associations);
the supervising bureau and administrators read everything; an association reads only itself.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from xinyong.accounts.models import Role
from xinyong.records.models import CreditRecord
from xinyong.registry.models import Association


def office_associations(user) -> QuerySet[Association]:
    qs = Association.objects.select_related("authority")
    if user.reads_everything:
        return qs
    if user.role == Role.STAFF:
        return qs.filter(authority_id=user.authority_id)
    if user.role == Role.ASSOCIATION:
        return qs.filter(pk=user.association_id)
    return qs.none()


def office_records(user) -> QuerySet[CreditRecord]:
    qs = CreditRecord.objects.select_related("association", "recorded_by")
    if user.reads_everything:
        return qs
    if user.role == Role.STAFF:
        return qs.filter(Q(recorded_by_id=user.authority_id) | Q(association__authority_id=user.authority_id))
    if user.role == Role.ASSOCIATION:
        return qs.filter(association_id=user.association_id)
    return qs.none()


def association_for(user, pk: int) -> Association:
    """The association, if the user may read it in the back office; 404 / 403 otherwise."""
    association = get_object_or_404(Association.objects.select_related("authority"), pk=pk)
    if not office_associations(user).filter(pk=pk).exists():
        raise PermissionDenied(_("该协会不在你的查看范围内：工作人员只能查看本登记管理机关登记的协会。"))
    return association
