"""Reading API keys and the department query log for the back office."""

from datetime import date

from django.db.models import QuerySet

from xinyong.accounts.models import Role
from xinyong.registry.models import Department

from .models import ApiKey, QueryLog


def api_keys() -> QuerySet[ApiKey]:
    return ApiKey.objects.select_related("department", "created_by", "revoked_by")


def can_read_query_log(user) -> bool:
    """Administrators and the supervising bureau oversee how shared information is used."""
    return getattr(user, "role", None) in (Role.ADMIN, Role.SUPERVISOR)


def query_log(
    *, department: Department | None = None, date_from: date | None = None, date_to: date | None = None
) -> QuerySet[QueryLog]:
    """Department queries, newest first; dates are local (Beijing) calendar days, inclusive."""
    entries = QueryLog.objects.select_related("api_key", "department")
    if department is not None:
        entries = entries.filter(department=department)
    if date_from is not None:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries.order_by("-created_at", "-id")
