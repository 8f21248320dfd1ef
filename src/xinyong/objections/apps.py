from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    name = "xinyong.objections"
    verbose_name = _("异议")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            deadlines,  # noqa: F401  (connects the calendar signal)
            extensions,  # noqa: F401  (adds objections to the core pages and flows)
            history_hooks,
        )

        history_hooks.register()
