from datetime import date

from django.db.models import QuerySet

from .models import SecurityEvent


def security_events(
    *,
    kind: str = "",
    username: str = "",
    exact: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    client_ip: str = "",
) -> QuerySet[SecurityEvent]:
    """The security log, newest first. Dates are local (Beijing) calendar days, inclusive; a
    username matches as typed when ``exact``, else case-insensitively anywhere in it; an address
    matches by its beginning (an IPv6 client is logged as its /64)."""
    events = SecurityEvent.objects.all()
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username=username) if exact else events.filter(username__icontains=username)
    if date_from is not None:
        events = events.filter(created_at__date__gte=date_from)
    if date_to is not None:
        events = events.filter(created_at__date__lte=date_to)
    if client_ip:
        events = events.filter(client_ip__startswith=client_ip)
    return events.order_by("-id")
