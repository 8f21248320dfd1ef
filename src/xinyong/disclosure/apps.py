from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "xinyong.disclosure"
    verbose_name = "信息公开"
