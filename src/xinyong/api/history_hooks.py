"""What the change log needs to know of API keys (``xinyong.history.registry``); registered from
``ApiConfig.ready()``."""

from xinyong.history.registry import CleanTarget, LiveTable, history_registry

from .history_types import Action, ObjectType
from .models import ApiKey
from .services import api_key_clean_text
from .snapshots import api_key_snapshot


def register() -> None:
    registry = history_registry
    registry.register_choices(actions=Action, object_types=ObjectType)
    registry.register_model(ObjectType.API_KEY, "api.ApiKey")
    registry.register_live_table(LiveTable(60, ObjectType.API_KEY, ApiKey, api_key_snapshot))
    registry.register_clean_target(
        CleanTarget(
            90,
            "api key",
            ApiKey,
            {"label": False, "revoke_reason": True},
            lambda o, r: api_key_clean_text(api_key=o, reason=r),
        )
    )
