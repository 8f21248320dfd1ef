"""Users and their roles (R-ACT-1..6). The public (R-ACT-1) needs no account."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ASSOCIATION = "association", _("协会")
    STAFF = "staff", _("登记管理机关工作人员")
    SUPERVISOR = "supervisor", _("北京市民政局（监督）")
    DEPARTMENT = "department", _("相关部门")
    ADMIN = "admin", _("系统管理员")
    # 三员分立 (GB/T 22239-2019): reads the account history and the security log, changes nothing.
    AUDITOR = "auditor", _("安全审计员")


# Roles that must sign in with a second factor when settings.XINYONG_REQUIRE_2FA is on; an
# association account may enrol one but is not made to.
SECOND_FACTOR_ROLES = frozenset({Role.STAFF, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR})


class User(AbstractUser):
    """A person with an account. Exactly the link their role needs is set (a check constraint).

    Accounts are never deleted, only deactivated (``is_active``): history entries name them.
    ``session_epoch`` is part of the session hash, so raising it ends every session of the user
    at their next request ("sign out everywhere"); a new password does the same through the hash.
    """

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # An authority's designated account administrator (账号管理员): manages its own clerks and the
    # accounts of the associations it registers (accounts.rules).
    manages_accounts = models.BooleanField(_("账号管理员"), default=False)
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
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
                        role=Role.STAFF,
                        authority__isnull=False,
                        association__isnull=True,
                        department__isnull=True,
                    )
                    | models.Q(
                        role=Role.SUPERVISOR,
                        authority__isnull=False,
                        association__isnull=True,
                        department__isnull=True,
                    )
                    | models.Q(
                        role=Role.ASSOCIATION,
                        association__isnull=False,
                        authority__isnull=True,
                        department__isnull=True,
                    )
                    | models.Q(
                        role=Role.DEPARTMENT,
                        department__isnull=False,
                        authority__isnull=True,
                        association__isnull=True,
                    )
                    | models.Q(
                        role__in=[Role.ADMIN, Role.AUDITOR],
                        authority__isnull=True,
                        association__isnull=True,
                        department__isnull=True,
                    )
                ),
            ),
            models.CheckConstraint(
                name="user_account_administrator_is_staff",
                condition=models.Q(manages_accounts=False) | models.Q(role=Role.STAFF),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    def get_session_auth_hash(self) -> str:
        return self._session_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self):
        for fallback in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(fallback)

    def _session_hash(self, secret: str) -> str:
        return salted_hmac(
            "xinyong.accounts.User.session",
            f"{self.password}\n{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    @property
    def is_staff_of_authority(self) -> bool:
        return self.role == Role.STAFF

    @property
    def reads_everything(self) -> bool:
        """Supervising bureau and administrators read across all authorities (R-ACT-5, R-ACT-6)."""
        return self.role in (Role.SUPERVISOR, Role.ADMIN)
