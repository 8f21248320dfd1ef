from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "xinyong.measures"
    verbose_name = _("激励惩戒")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import history_hooks

        history_hooks.register()
