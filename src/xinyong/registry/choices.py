from django.db import models
from django.utils.translation import gettext_lazy as _


class AuthorityLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("市级")
    DISTRICT = "district", _("区级")


class RegistrationType(models.TextChoices):
    """登记类型; the value maps to position 2 of the 统一社会信用代码 (see uscc.py)."""

    SOCIAL_GROUP = "social_group", _("社会团体")
    SOCIAL_SERVICE = "social_service", _("社会服务机构（民办非企业单位）")
    FOUNDATION = "foundation", _("基金会")
    OTHER = "other", _("其他")


class AssociationStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    DEREGISTERED = "deregistered", _("已注销")
    REVOKED = "revoked", _("已撤销登记")


class Confidentiality(models.TextChoices):
    """Marks that keep content from ever being published (R-SEC-1)."""

    STATE_SECRET = "state_secret", _("国家秘密")
    COMMERCIAL_SECRET = "commercial_secret", _("商业秘密")
    PERSONAL_PRIVACY = "personal_privacy", _("个人隐私")
    LEGALLY_WITHHELD = "legally_withheld", _("依法不得公开")
