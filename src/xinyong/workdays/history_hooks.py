"""What the change log needs to know of entered calendars (``xinyong.history.registry``);
registered from ``WorkdaysConfig.ready()``."""

from xinyong.history.registry import LiveTable, history_registry

from .history_types import Action, ObjectType
from .models import CalendarYear
from .snapshots import calendar_snapshot


def register() -> None:
    history_registry.register_choices(actions=Action, object_types=ObjectType)
    history_registry.register_model(ObjectType.CALENDAR, "workdays.CalendarYear")
    history_registry.register_live_table(LiveTable(50, ObjectType.CALENDAR, CalendarYear, calendar_snapshot))
