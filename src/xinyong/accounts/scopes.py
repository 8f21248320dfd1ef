"""One rule for back-office read scopes (R-ACT-2, R-ACT-3, R-ACT-5, R-ACT-6).

The supervising bureau and administrators read everything; staff read what concerns their
authority; an association account reads what concerns itself; anyone else nothing. Each app's
selectors say what "concerns" means for its rows.
"""

from django.db.models import Q, QuerySet

from .models import Role


def scoped(queryset: QuerySet, user, *, staff: Q, association: Q) -> QuerySet:
    if user.reads_everything:
        return queryset
    if user.role == Role.STAFF:
        return queryset.filter(staff)
    if user.role == Role.ASSOCIATION:
        return queryset.filter(association)
    return queryset.none()
