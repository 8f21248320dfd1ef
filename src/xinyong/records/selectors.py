"""Back-office reads of credit records, scoped by role; mirrors permissions.can_view_internal."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from xinyong.accounts.models import Role
from xinyong.accounts.scopes import scoped
from xinyong.history.models import HistoryEntry

from .choices import RecordStatus
from .models import CreditRecord, Evidence


def records_visible_to(user) -> QuerySet[CreditRecord]:
    """Staff: what their authority recorded or what concerns its associations; the supervising
    bureau and administrators: everything; an association: its own records, drafts included."""
    return scoped(
        CreditRecord.objects.select_related("association", "recorded_by"),
        user,
        staff=Q(recorded_by_id=user.authority_id) | Q(association__authority_id=user.authority_id),
        association=Q(association_id=user.association_id),
    )


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
    """The change log's newest entries first, for the start page: staff see their authority's
    changes, an association the changes about it, the supervising bureau and administrators
    everything."""
    return scoped(
        HistoryEntry.objects.order_by("-id"),
        user,
        staff=Q(authority_id=user.authority_id),
        association=Q(association_id=user.association_id),
    )
