"""Writing the security log: the one function every sign-in and session event goes through."""

from django.db import transaction

from xinyong.text import clean_text

from .models import EventKind, SecurityEvent
from .throttle import client_ip

_USERNAME_MAX = SecurityEvent._meta.get_field("username").max_length
_AGENT_MAX = SecurityEvent._meta.get_field("user_agent").max_length
_DETAIL_MAX = SecurityEvent._meta.get_field("detail").max_length


def security_event(
    *, kind: EventKind, request=None, user=None, username: str = "", detail: str = ""
) -> SecurityEvent:
    """Append one event. Text from the client (a typed username, the User-Agent) is cleaned of
    control characters and cut to length, so what the log shows is what an auditor can read.
    Written in its own transaction (savepoint) so a failed sign-in is logged even though the
    request goes on to show an error."""
    if user is not None and not username:
        username = user.get_username()
    meta = request.META if request is not None else {}
    event = SecurityEvent(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=clean_text(username or "")[:_USERNAME_MAX],
        client_ip=client_ip(request) if request is not None else "",
        user_agent=clean_text(meta.get("HTTP_USER_AGENT", ""))[:_AGENT_MAX],
        detail=clean_text(detail or "")[:_DETAIL_MAX],
    )
    with transaction.atomic():
        event.save(force_insert=True)
    return event
