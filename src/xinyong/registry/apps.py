from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "xinyong.registry"
    verbose_name = "协会登记"

    def ready(self) -> None:
        from . import history_hooks

        history_hooks.register()
