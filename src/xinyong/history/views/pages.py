"""The change-log pages, readable, with "as of" (R-REC-3, R-REC-5).

The pages of an association and of a record belong to the apps that own them (they find the
object and check who may read it: ``registry.views.history``, ``records.views.history``) and are
registered under ``/office/history/`` (``history.registry.HistoryPage``); this module renders them.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from xinyong.history.choices import Action
from xinyong.history.forms import AsOfForm
from xinyong.history.models import HistoryEntry
from xinyong.history.registry import history_registry
from xinyong.history.selectors import state_as_of
from xinyong.text import show_hidden

from .display import Labeller

PAGE_SIZE = 30


def _entry_rows(entries, labeller: Labeller) -> list[dict]:
    actions = dict(Action.choices)
    rows = []
    for entry in entries:
        rows.append(
            {
                "entry": entry,
                "action": actions.get(entry.action, entry.action),
                "reason": show_hidden(entry.reason),  # a reason given before issue 13 may hold them
                "changes": labeller.changes(entry.object_type, entry.before, entry.after),
                "record_id": _record_id(entry),
            }
        )
    return rows


def _record_id(entry: HistoryEntry) -> int | None:
    record_of = history_registry.record_links.get(entry.object_type)
    return record_of(entry) if record_of else None


def history_page(request, template: str, *, entries, object_type: str, object_id: int, context: dict):
    """One page of ``entries``, newest first, and the object's state at the moment asked for."""
    labeller = Labeller()
    page = Paginator(entries.order_by("-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    as_of = AsOfForm(request.GET if "day" in request.GET else None)
    state = None
    if as_of.is_valid():
        moment = as_of.moment()
        snapshot = state_as_of(object_type=object_type, object_id=object_id, at=moment)
        state = {
            "moment": moment,
            "rows": labeller.state(object_type, snapshot) if snapshot else None,
        }
    return render(
        request,
        template,
        {**context, "page": page, "rows": _entry_rows(page, labeller), "as_of": as_of, "state": state},
    )
