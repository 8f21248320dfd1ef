"""Who reads which history entries in the back office (R-REC-4, R-ACT-2..6): staff their
authority's changes, an association the changes about it, the supervising bureau and
administrators everything. The entries of one object are shown on its page, behind that
object's own scope."""

from django.db.models import Q, QuerySet

from xinyong.accounts.scopes import scoped

from .models import HistoryEntry


def restrict_entries(queryset: QuerySet[HistoryEntry], user) -> QuerySet[HistoryEntry]:
    return scoped(
        queryset,
        user,
        staff=Q(authority_id=user.authority_id),
        association=Q(association_id=user.association_id),
    )
