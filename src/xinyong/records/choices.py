from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The four categories of §四. Basic information lives on the association itself."""

    BASIC = "basic", _("基本信息")
    PERFORMANCE = "performance", _("绩效信息")
    HONOUR = "honour", _("荣誉信息")
    DISHONESTY = "dishonesty", _("失信信息")


class Kind(models.TextChoices):
    ANNUAL_INSPECTION = "annual_inspection", _("年检信息")
    EVALUATION = "evaluation", _("评估信息")
    COMMENDATION = "commendation", _("评比达标表彰资质信息")
    PURCHASED_SERVICE = "purchased_service", _("承接政府购买服务信息")
    TRANSFERRED_FUNCTION = "transferred_function", _("承接政府转移职能信息")
    HONOUR = "honour", _("荣誉信息")
    DISHONESTY = "dishonesty", _("失信信息")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    RECORDED = "recorded", _("已记录")
    REVOKED = "revoked", _("已撤销")


class InspectionConclusion(models.TextChoices):
    QUALIFIED = "qualified", _("合格")
    BASICALLY_QUALIFIED = "basically_qualified", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


class EvaluationGrade(models.TextChoices):
    A5 = "5A", "5A"
    A4 = "4A", "4A"
    A3 = "3A", "3A"
    A2 = "2A", "2A"
    A1 = "1A", "1A"


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    MUNICIPAL = "municipal", _("市级")
    DISTRICT = "district", _("区级")
    OTHER = "other", _("其他认证和获奖")


class EvidenceKind(models.TextChoices):
    """书面证明材料, the five kinds of the seed (R-EVD-1)."""

    COMMENDATION = "commendation", _("区级以上（含）各类表彰奖励的证书或文件")
    LEGAL_DOCUMENT = "legal_document", _("已生效的判决书、行政处罚决定书、仲裁裁决书等法律文书")
    ADMIN_NOTICE = "admin_notice", _("各级行政机关的通报文件")
    VERIFIED_REPORT = "verified_report", _("经媒体披露、投诉举报后，有关部门查实认定为失信行为的文书")
    OTHER = "other", _("其他能够证明协会信用情况的书面材料")
