from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xinyong.accounts"
    verbose_name = "账号"
