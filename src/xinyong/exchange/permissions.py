"""Who may read and submit import batches (R-ACT-3..6, R-EXC-1). Views and ``Submitter`` ask
these; a department's deliveries are authorised by its API key (api.permissions.CanDeliver).

- Staff of a registration authority import for the associations registered with it.
- Staff see their authority's uploads and the departments' deliveries that recorded something
  for their authority; the supervising bureau and administrators see every batch; nobody else any.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from xinyong.accounts.models import Role
from xinyong.accounts.scopes import is_active_in
from xinyong.records.models import CreditRecord

from .models import ImportBatch


def can_import(user) -> bool:
    return is_active_in(user, Role.STAFF) and bool(user.authority_id)


def can_read_batches(user) -> bool:
    return is_active_in(user, Role.STAFF, Role.SUPERVISOR, Role.ADMIN)


def restrict_batches(queryset: QuerySet[ImportBatch], user) -> QuerySet[ImportBatch]:
    if getattr(user, "reads_everything", False):
        return queryset
    if getattr(user, "role", None) == Role.STAFF:
        delivered_here = CreditRecord.objects.filter(
            import_batch=OuterRef("pk"), recorded_by_id=user.authority_id
        )
        return queryset.filter(Q(authority_id=user.authority_id) | Exists(delivered_here))
    return queryset.none()
