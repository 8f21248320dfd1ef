"""Back-office reads of credit records, within the scope of permissions.restrict_records."""

from django.db.models import Exists, OuterRef, QuerySet

from xinyong.accounts.models import Role
from xinyong.history.models import HistoryEntry
from xinyong.history.permissions import restrict_entries

from .choices import RecordStatus
from .models import CreditRecord, Evidence
from .permissions import restrict_records


def records_visible_to(user) -> QuerySet[CreditRecord]:
    """The records the user sees everything about (permissions.restrict_records), drafts included."""
    return restrict_records(CreditRecord.objects.select_related("association", "recorded_by"), user)


def drafts_without_evidence(user) -> QuerySet[CreditRecord]:
    """Drafts that cannot become records until evidence is added (R-EVD-1); staff see their own."""
    has_evidence = Exists(Evidence.objects.filter(record=OuterRef("pk"), revoked=False))
    records = records_visible_to(user).filter(status=RecordStatus.DRAFT).exclude(has_evidence)
    if user.role == Role.STAFF:
        records = records.filter(recorded_by_id=user.authority_id)
    return records.order_by("-recorded_at")


def ids_with_evidence(record_ids: list[int]) -> set[int]:
    return set(
        Evidence.objects.filter(record_id__in=record_ids, revoked=False).values_list("record_id", flat=True)
    )


def recent_entries_visible_to(user) -> QuerySet[HistoryEntry]:
    """The change log's newest entries first, for the start page, within the user's scope
    (``history.permissions.restrict_entries``)."""
    return restrict_entries(HistoryEntry.objects.order_by("-id"), user)
