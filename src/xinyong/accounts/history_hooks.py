"""What the change log needs to know of accounts (``xinyong.history.registry``); registered from
``AccountsConfig.ready()``."""

from xinyong.history.registry import LiveTable, history_registry

from .history_types import Action, ObjectType
from .snapshots import user_snapshot, users_for_snapshots


def register() -> None:
    history_registry.register_choices(actions=Action, object_types=ObjectType)
    history_registry.register_live_table(LiveTable(70, ObjectType.USER, users_for_snapshots, user_snapshot))
