"""Reading API keys and the department query log for the back office."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xinyong.registry.models import Department

from .models import ApiKey, QueryLog


def api_keys() -> QuerySet[ApiKey]:
    return ApiKey.objects.select_related("department", "created_by", "revoked_by")


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


def keys_stopped_by_deactivating(user) -> list[str]:
    """Live keys ``user`` issued: a key stops when the account that issued it is deactivated."""
    live = ApiKey.objects.filter(created_by=user, revoked_at__isnull=True).select_related("department")
    return [
        _(
            "该账号签发的接口密钥“%(label)s”（%(department)s，%(prefix)s）将随之失效，请先为该部门签发新的密钥。"
        )
        % {"label": key.label, "department": key.department.name, "prefix": key.display_prefix}
        for key in live
    ]
