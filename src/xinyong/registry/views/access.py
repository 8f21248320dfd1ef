"""The back-office guard for pages about one association (scope from registry.permissions)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from xinyong.registry.models import Association
from xinyong.registry.permissions import can_view_association


def association_for(user, pk: int) -> Association:
    """The association, if the user may read it in the back office; 404 / 403 otherwise."""
    association = get_object_or_404(Association.objects.select_related("authority"), pk=pk)
    if not can_view_association(user, association):
        raise PermissionDenied(_("该协会不在你的查看范围内：工作人员只能查看本登记管理机关登记的协会。"))
    return association
