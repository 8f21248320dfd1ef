"""Reading import batches: who sees which (R-ACT-3, R-ACT-4, R-ACT-5, R-ACT-6)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from xinyong.accounts.models import Role
from xinyong.records.models import CreditRecord

from .models import ImportBatch


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    """Newest first. The supervising bureau and administrators see every batch; staff see their
    authority's uploads and the departments' deliveries that recorded something for their
    authority; nobody else sees any."""
    batches = ImportBatch.objects.select_related("department", "authority", "submitted_by").order_by("-id")
    if getattr(user, "reads_everything", False):
        return batches
    if getattr(user, "role", None) == Role.STAFF:
        delivered_here = CreditRecord.objects.filter(
            import_batch=OuterRef("pk"), recorded_by_id=user.authority_id
        )
        return batches.filter(Q(authority_id=user.authority_id) | Exists(delivered_here))
    return batches.none()


def batches_of_department(department_id: int) -> QuerySet[ImportBatch]:
    """A department's own deliveries, for its API key."""
    return ImportBatch.objects.filter(department_id=department_id).order_by("-id")
