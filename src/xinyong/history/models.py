"""The append-only, hash-chained change log (R-REC-3, R-REC-4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import action_choices, object_type_choices

GENESIS_HASH = "0" * 64


class HistoryEntry(models.Model):
    """One change. Rows are never updated or deleted: database triggers refuse it (see migrations).

    ``hash`` = SHA-256 over ``prev_hash`` and the canonical JSON of the entry's content, so any
    change to a stored row, or a removed row, breaks the chain at that point. ``prev_hash`` is
    unique, so two writers can never fork the chain.
    """

    created_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人"), max_length=150)
    authority = models.ForeignKey(
        "registry.Authority", verbose_name=_("机关"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    authority_name = models.CharField(_("机关"), max_length=100, blank=True)
    action = models.CharField(_("操作"), max_length=40, choices=action_choices)
    object_type = models.CharField(_("对象类型"), max_length=20, choices=object_type_choices)
    object_id = models.BigIntegerField(_("对象编号"))
    # The association the object belongs to, so its whole history is one indexed query.
    association_id = models.BigIntegerField(null=True, db_index=True)
    before = models.JSONField(_("修改前"), null=True)
    after = models.JSONField(_("修改后"), null=True)
    reason = models.TextField(_("原因"))
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("修改记录")
        verbose_name_plural = _("修改记录")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"]),
            # An association's latest entry (the public profile's cache key) by one index probe;
            # PostgreSQL would otherwise walk the primary key backwards looking for it.
            models.Index(fields=["association_id", "id"], name="history_association_latest"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"
