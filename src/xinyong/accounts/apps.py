from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xinyong.accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from . import history_hooks

        history_hooks.register()
