"""The change log of an association and of a record, readable, with "as of" (R-REC-3, R-REC-5)."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from xinyong.accounts.views import office_view
from xinyong.history.choices import Action, ObjectType
from xinyong.history.forms import AsOfForm
from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import entries_for_association, state_as_of
from xinyong.records.views.pages import record_for
from xinyong.registry.views.access import association_for
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
    if entry.object_type == ObjectType.RECORD:
        return entry.object_id
    if entry.object_type == ObjectType.EVIDENCE:
        return (entry.after or entry.before or {}).get("record")
    return None


def _page(request, template: str, *, entries, object_type: str, object_id: int, context: dict):
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


@office_view
def association_history(request, pk: int):
    association = association_for(request.user, pk)
    return _page(
        request,
        "history/association_history.html",
        entries=entries_for_association(association_id=association.pk),
        object_type=ObjectType.ASSOCIATION,
        object_id=association.pk,
        context={"association": association, "title": _("修改记录")},
    )


@office_view
def record_history(request, pk: int):
    record = record_for(request.user, pk)
    # A read history.selectors does not offer yet: the record's entries with those of its evidence.
    evidence_ids = list(record.evidence.values_list("pk", flat=True))
    entries = HistoryEntry.objects.filter(
        Q(object_type=ObjectType.RECORD, object_id=record.pk)
        | Q(object_type=ObjectType.EVIDENCE, object_id__in=evidence_ids)
    )
    return _page(
        request,
        "history/record_history.html",
        entries=entries,
        object_type=ObjectType.RECORD,
        object_id=record.pk,
        context={"record": record, "association": record.association},
    )
