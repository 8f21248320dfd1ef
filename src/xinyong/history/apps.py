from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "xinyong.history"
    verbose_name = "修改记录"

    def ready(self) -> None:
        from .choices import HistoryAction
        from .registry import history_registry

        history_registry.register_choices(actions=HistoryAction)
