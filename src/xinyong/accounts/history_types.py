"""The change log's actions and object types of this app: the values are stored in the hash chain
and the labels shown on the history pages, so neither may change. Registered in ``apps.py``;
code elsewhere reaches them as ``xinyong.history.choices.Action`` / ``ObjectType``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    # Accounts (issue 14, R-ACT-6). Sign-ins are not here:
    # they go to the append-only security log (xinyong.security).
    USER_CREATE = "user.create", _("新建账号")
    USER_ACTIVATE = "user.activate", _("激活账号")
    USER_MODIFY = "user.modify", _("变更账号角色或范围")
    USER_DEACTIVATE = "user.deactivate", _("停用账号")
    USER_REACTIVATE = "user.reactivate", _("恢复账号")
    USER_PASSWORD_CHANGE = "user.password_change", _("修改密码")
    USER_PASSWORD_RESET = "user.password_reset", _("重置密码")
    USER_SECOND_FACTOR_ENROL = "user.2fa_enrol", _("启用双因素认证")
    USER_SECOND_FACTOR_RESET = "user.2fa_reset", _("重置双因素认证")
    USER_RECOVERY_CODES = "user.recovery_codes", _("重新生成恢复码")


class ObjectType(models.TextChoices):
    USER = "user", _("账号")
