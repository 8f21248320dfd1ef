"""Reading import batches: who sees which (R-ACT-3, R-ACT-4, R-ACT-5, R-ACT-6)."""

from django.db.models import QuerySet

from .models import ImportBatch
from .permissions import restrict_batches


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    """Newest first, within the user's scope (permissions.restrict_batches)."""
    return restrict_batches(
        ImportBatch.objects.select_related("department", "authority", "submitted_by").order_by("-id"), user
    )


def batches_of_department(department_id: int) -> QuerySet[ImportBatch]:
    """A department's own deliveries, for its API key."""
    return ImportBatch.objects.filter(department_id=department_id).order_by("-id")
