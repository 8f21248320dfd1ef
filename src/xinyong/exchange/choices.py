from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchTarget(models.TextChoices):
    """What a batch loads: credit records (R-INF-2..8) or associations' basic information (R-INF-1)."""

    RECORDS = "records", _("信用记录")
    ASSOCIATIONS = "associations", _("协会基本信息")


class BatchChannel(models.TextChoices):
    API = "api", _("接口报送")
    OFFICE = "office", _("管理后台上传")
    COMMAND = "command", _("命令行导入")


class BatchStatus(models.TextChoices):
    RECEIVED = "received", _("已接收，校验中")
    REJECTED = "rejected", _("已退回")
    APPLIED = "applied", _("已导入")
    FAILED = "failed", _("导入失败，未写入任何数据")


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"
    JSONL = "jsonl", "JSON Lines"
