"""What a department's API key may do (R-ACT-4): query shared information, deliver data, or both.

Used together with ``xinyong.api.auth.ApiKeyAuthentication``. Without a key DRF answers 401
(the authentication class names the scheme); with a key lacking the permission, 403.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from .models import ApiKey


class _KeyPermission(BasePermission):
    flag = ""

    def has_permission(self, request, view) -> bool:
        api_key = request.auth
        return isinstance(api_key, ApiKey) and not api_key.is_revoked and bool(getattr(api_key, self.flag))


class CanQuery(_KeyPermission):
    """The key may query shared information (部门共享, R-QRY-2)."""

    flag = "can_query"
    message = _("该接口密钥没有查询共享信息的权限。请向系统管理员申请具有“查询”权限的密钥。")


class CanDeliver(_KeyPermission):
    """The key may deliver records in bulk (数据报送, R-EXC-1, R-INF-10)."""

    flag = "can_deliver"
    message = _("该接口密钥没有报送数据的权限。请向系统管理员申请具有“报送”权限的密钥。")
