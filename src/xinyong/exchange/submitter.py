"""Who submits a batch, and what they may load (R-ACT-3, R-ACT-4, R-INF-10, R-REC-2).

- Staff of a registration authority load records of any kind, and associations' basic
  information, for the associations registered with their own authority. They are the actor of
  every history entry, as if they had typed each record.
- A partner department (through an API key with the deliver permission, or an administrator
  running ``xinyong import --department``) delivers evaluations of purchased services and
  transferred functions for any association. The record's 记录机关 (``recorded_by``) is the
  association's registration authority, which alone may later modify or revoke it (R-REC-2); the
  department stays on the batch, and each history entry names the department, the key, the batch,
  the file's SHA-256 and the row. The entries have no user as actor (the department is not a
  user); their authority is the recording authority, so its staff see them among their changes.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from xinyong.errors import NotAllowed

from .choices import BatchTarget
from .columns import DEPARTMENT_KINDS
from .permissions import can_import


@dataclass(frozen=True)
class Submitter:
    user: object | None = None  # staff user; None for a department's delivery
    department: object | None = None
    via: str = ""  # e.g. the API key's label and prefix

    @classmethod
    def staff(cls, user) -> "Submitter":
        if not can_import(user):
            raise NotAllowed(_("只有登记管理机关工作人员可以导入数据。"))
        return cls(user=user)

    @classmethod
    def for_department(cls, department, *, via: str = "") -> "Submitter":
        return cls(department=department, via=via)

    @property
    def is_department(self) -> bool:
        return self.department is not None

    @property
    def authority_id(self) -> int | None:
        return None if self.is_department else self.user.authority_id

    @property
    def organisation_key(self) -> str:
        """Batches are idempotent per organisation: two clerks of one authority sending the same
        file send the same batch."""
        return (
            f"department:{self.department.pk}"
            if self.is_department
            else f"authority:{self.user.authority_id}"
        )

    @property
    def name(self) -> str:
        return self.department.name if self.is_department else self.user.authority.name

    def check_target(self, target: str, kind: str) -> None:
        if not self.is_department:
            return
        if target != BatchTarget.RECORDS:
            raise NotAllowed(_("相关部门只能报送承接政府购买服务信息和承接政府转移职能信息。"))
        if kind and kind not in DEPARTMENT_KINDS:
            raise NotAllowed(_("相关部门只能报送承接政府购买服务信息和承接政府转移职能信息。"))
