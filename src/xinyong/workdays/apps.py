from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "xinyong.workdays"
    verbose_name = "工作日历"

    def ready(self):
        from . import history_hooks, selectors

        selectors.connect_request_signals()
        history_hooks.register()
