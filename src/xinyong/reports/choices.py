from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportVersion(models.TextChoices):
    """公开版: what the public page shows on the date; 完整版: everything recorded (R-ACT-2)."""

    PUBLIC = "public", _("公开版")
    FULL = "full", _("完整版")
