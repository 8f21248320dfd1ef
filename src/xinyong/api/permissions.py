"""Who may do what with the department API (R-ACT-4, R-ACT-6).

- A department's API key may query shared information, deliver data, or both (the DRF permission
  classes, used with ``xinyong.api.auth.ApiKeyAuthentication``). Without a key DRF answers 401
  (the authentication class names the scheme); with a key lacking the permission, 403.
- In the back office, administrators issue and revoke keys; administrators and the supervising
  bureau read the query log. These two look at the role only (as they always have; a web request
  never carries a deactivated account).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from xinyong.accounts.models import Role

from .models import ApiKey


def can_manage_keys(user) -> bool:
    return getattr(user, "role", None) == Role.ADMIN


def can_read_query_log(user) -> bool:
    """Administrators and the supervising bureau oversee how shared information is used."""
    return getattr(user, "role", None) in (Role.ADMIN, Role.SUPERVISOR)


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
