from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectionStatus(models.TextChoices):
    """R-OBJ-2: submitted → under verification → corrected | confirmed; withdrawn while open."""

    SUBMITTED = "submitted", _("已提交，待核实")
    VERIFYING = "verifying", _("核实中")
    CORRECTED = "corrected", _("已更正")
    CONFIRMED = "confirmed", _("经核实无误")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = (ObjectionStatus.SUBMITTED, ObjectionStatus.VERIFYING)
DECIDED_STATUSES = (ObjectionStatus.CORRECTED, ObjectionStatus.CONFIRMED)
