"""Users and their roles (R-ACT-1..6). The public (R-ACT-1) needs no account."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ASSOCIATION = "association", _("协会")
    STAFF = "staff", _("登记管理机关工作人员")
    SUPERVISOR = "supervisor", _("北京市民政局（监督）")
    DEPARTMENT = "department", _("相关部门")
    ADMIN = "admin", _("系统管理员")


class User(AbstractUser):
    """A person with an account. Exactly the link their role needs is set (checked in clean())."""

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    authority = models.ForeignKey(
        "registry.Authority", verbose_name=_("登记管理机关"), null=True, blank=True, on_delete=models.PROTECT
    )
    association = models.ForeignKey(
        "registry.Association", verbose_name=_("协会"), null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("相关部门"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="user_role_links",
                condition=(
                    models.Q(
                        role="staff",
                        authority__isnull=False,
                        association__isnull=True,
                        department__isnull=True,
                    )
                    | models.Q(
                        role="supervisor",
                        authority__isnull=False,
                        association__isnull=True,
                        department__isnull=True,
                    )
                    | models.Q(
                        role="association",
                        association__isnull=False,
                        authority__isnull=True,
                        department__isnull=True,
                    )
                    | models.Q(
                        role="department",
                        department__isnull=False,
                        authority__isnull=True,
                        association__isnull=True,
                    )
                    | models.Q(
                        role="admin",
                        authority__isnull=True,
                        association__isnull=True,
                        department__isnull=True,
                    )
                ),
            )
        ]

    @property
    def is_staff_of_authority(self) -> bool:
        return self.role == Role.STAFF

    @property
    def reads_everything(self) -> bool:
        """Supervising bureau and administrators read across all authorities (R-ACT-5, R-ACT-6)."""
        return self.role in (Role.SUPERVISOR, Role.ADMIN)
