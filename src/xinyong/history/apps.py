from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "xinyong.history"
    verbose_name = "修改记录"
