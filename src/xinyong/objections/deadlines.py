"""The 15-working-day deadline (R-OBJ-3), on the official calendar kept by xinyong.workdays.

An objection's due date is stored when it is received, so lists and the oversight page can filter
and sort by it in the database. A due date counted through a year without an official calendar is
stored as provisional; when an administrator enters that year's calendar, ``workdays`` sends
``calendar_entered`` and the open provisional deadlines are counted again here, in the same
transaction as the calendar entry (whose history entry records the cause).
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.dispatch import receiver
from django.utils.translation import gettext as _

from xinyong.history.services import history_append
from xinyong.objections.history_types import Action, ObjectType
from xinyong.workdays.selectors import current_calendar, due_date
from xinyong.workdays.signals import calendar_entered

from .models import Objection
from .snapshots import objection_snapshot

log = logging.getLogger(__name__)

DUE_SOON_WORKING_DAYS = 3  # "due soon": this many working days left, or fewer


@dataclass(frozen=True)
class Countdown:
    due_on: date
    provisional: bool
    working_days_left: int  # working days d with today < d <= due_on; 0 on the due day itself
    overdue: bool

    @property
    def due_soon(self) -> bool:
        return not self.overdue and self.working_days_left <= DUE_SOON_WORKING_DAYS


def countdown(objection: Objection, *, today: date) -> Countdown:
    calendar = current_calendar()
    overdue = today > objection.due_on
    left = 0 if overdue else calendar.working_days_between(today, objection.due_on)
    return Countdown(objection.due_on, objection.due_provisional, left, overdue)


@receiver(calendar_entered)
def recount_provisional_deadlines(sender, year: int, **kwargs) -> None:
    """Count provisional deadlines again on the calendar just entered; each change is in the history."""
    changed = 0
    # Decided ones too: whether they were answered on time depends on the deadline.
    for objection in Objection.objects.select_for_update().filter(due_provisional=True):
        due = due_date(objection.received_on)
        if (due.on, due.provisional) == (objection.due_on, objection.due_provisional):
            continue
        before = objection_snapshot(objection)
        objection.due_on, objection.due_provisional = due.on, due.provisional
        objection.save(update_fields=["due_on", "due_provisional"])
        history_append(
            actor=None,
            action=Action.OBJECTION_DEADLINE,
            object_type=ObjectType.OBJECTION,
            object_id=objection.pk,
            association_id=objection.association_id,
            before=before,
            after=objection_snapshot(objection),
            reason=_("已录入%(year)d年工作日历，期限按正式日历重新计算。") % {"year": year},
        )
        changed += 1
    if changed:
        log.info("calendar for %d entered: %d objection deadline(s) recounted", year, changed)
