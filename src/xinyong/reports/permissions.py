"""Who may have which version of a credit report (R-ACT-2, R-SEC-1, R-QRY-4).

- 公开版: anyone, with or without an account; it only repeats the public page.
- 完整版: the association's own account and the staff of its registration authority. Everyone
  else is refused — also higher authorities, the supervising bureau and administrators: they read
  the records in the back office, but a printed report leaves the system's access control, so it
  goes only to the two parties the regulation names. That is why this rule is not the records'
  back-office scope (records.permissions.restrict_records), which also lets them read.
"""

from django.utils.translation import gettext as _

from xinyong.accounts.models import Role
from xinyong.accounts.scopes import is_active_in
from xinyong.errors import NotAllowed
from xinyong.registry.models import Association

from .choices import ReportVersion


def can_issue_full(user, association: Association) -> bool:
    if is_active_in(user, Role.ASSOCIATION):
        return user.association_id == association.pk
    if is_active_in(user, Role.STAFF):
        return user.authority_id == association.authority_id
    return False


def ensure_can_issue(user, association: Association, version: str) -> None:
    if version == ReportVersion.FULL and not can_issue_full(user, association):
        raise NotAllowed(
            _("完整版信用报告只向协会本身及其登记管理机关的工作人员出具；其他人可以下载公开版。")
        )
