from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "xinyong.reports"
    verbose_name = _("信用报告")
    default_auto_field = "django.db.models.BigAutoField"
