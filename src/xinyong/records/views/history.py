"""A credit record's change log, its evidence's included, with "as of" (R-REC-3, R-REC-5);
registered under ``/office/history/`` as ``history:record``."""

from django.db.models import Q

from xinyong.accounts.views import office_view
from xinyong.history.models import HistoryEntry
from xinyong.history.views import history_page
from xinyong.records.history_types import ObjectType

from .pages import record_for


@office_view
def record_history(request, pk: int):
    record = record_for(request.user, pk)
    # A read history.selectors does not offer yet: the record's entries with those of its evidence.
    evidence_ids = list(record.evidence.values_list("pk", flat=True))
    entries = HistoryEntry.objects.filter(
        Q(object_type=ObjectType.RECORD, object_id=record.pk)
        | Q(object_type=ObjectType.EVIDENCE, object_id__in=evidence_ids)
    )
    return history_page(
        request,
        "history/record_history.html",
        entries=entries,
        object_type=ObjectType.RECORD,
        object_id=record.pk,
        context={"record": record, "association": record.association},
    )
