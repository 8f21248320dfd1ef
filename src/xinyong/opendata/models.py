"""What is published, as the outside world last saw it, and every change to that (R-QRY-3).

``PublishedState`` holds, for each published object, a digest of its public form and the last day
it stays public. ``PublicationChange`` is the change feed: an append-only list of "published",
"changed" and "withdrawn" events, whose id is the feed's cursor.

An event stores no content. What the feed serves with an event is the object's public form at the
moment of serving (``feed.py``), so content withdrawn since an event was written can never be
served with it: there is no stored copy to forget.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    RECORD = "record", _("信用记录")
    ASSOCIATION = "association", _("协会基本信息")


class Change(models.TextChoices):
    PUBLISHED = "published", _("公示")
    CHANGED = "changed", _("变更")
    WITHDRAWN = "withdrawn", _("撤下")


class Reason(models.TextChoices):
    """Why something was withdrawn (or, for "changed", why it changed when known)."""

    RECORDED = "recorded", _("正式记录")
    CORRECTED = "corrected", _("修改或更正")
    REVOKED = "revoked", _("撤销")
    EXPIRED = "expired", _("公示期满")
    CONFIDENTIAL = "confidential", _("标记为保密")
    NO_EVIDENCE = "no_evidence", _("证明材料已撤销")
    OTHER = "other", _("其他")


class PublishedState(models.Model):
    subject = models.CharField(max_length=20, choices=Subject.choices)
    object_id = models.BigIntegerField()
    association_uscc = models.CharField(max_length=18)
    digest = models.CharField(max_length=64)  # SHA-256 of the canonical JSON of the public form
    # The last day it is public (records); null: no end known (long term, basic information).
    public_until = models.DateField(null=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "object_id"], name="published_state_once")]

    def __str__(self) -> str:
        return f"{self.subject}:{self.object_id}"


class PublicationChange(models.Model):
    id = models.BigAutoField(primary_key=True)  # the feed cursor
    at = models.DateTimeField(_("时间"))
    # The day the change took effect (for an expiry: the first day it is no longer public), which
    # can be earlier than ``at`` when the daily sync ran late.
    effective_on = models.DateField(_("生效日期"))
    subject = models.CharField(max_length=20, choices=Subject.choices)
    object_id = models.BigIntegerField()
    association_uscc = models.CharField(max_length=18, db_index=True)
    change = models.CharField(max_length=20, choices=Change.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)

    class Meta:
        ordering = ["id"]
        # An object's latest event (the feed serves content only with that one).
        indexes = [models.Index(fields=["subject", "object_id", "id"], name="change_latest_per_object")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.change} {self.subject}:{self.object_id}"


class SyncMark(models.Model):
    """The last day the expiry sync ran (one row), and the version of the public-form rules the
    published states were computed with (a new version makes the next sync reconcile them all)."""

    day = models.DateField()
    form_version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.day.isoformat()
