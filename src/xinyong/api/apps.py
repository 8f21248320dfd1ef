from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "xinyong.api"
    verbose_name = _("接口")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from xinyong.accounts.selectors import register_deactivation_effect

        from . import history_hooks, schema  # noqa: F401  (schema registers the API key scheme with drf-spectacular)
        from .selectors import keys_stopped_by_deactivating

        register_deactivation_effect(keys_stopped_by_deactivating)
        history_hooks.register()
