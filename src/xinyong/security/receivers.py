"""Django's sign-in signals, written to the security log and the session list.

Connected in SecurityConfig.ready(). A throttled sign-in is refused before ``authenticate`` runs,
so it sends no ``user_login_failed``; accounts.login logs it (SIGN_IN_THROTTLED) itself.
"""

from django.contrib.auth import get_user_model

from . import sessions
from .events import security_event
from .models import EndReason, EventKind

# Set on the request by SessionTimeoutMiddleware before it calls logout(): that sign-out is an
# expiry, logged as SESSION_EXPIRED instead of SIGN_OUT (one event, not two).
END_REASON = "xinyong_session_end"


def signed_in(sender, request, user, **kwargs) -> None:
    security_event(kind=EventKind.SIGN_IN, request=request, user=user)
    sessions.session_open(request, user)


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    users = get_user_model()
    username = str(credentials.get(users.USERNAME_FIELD, "") or "")
    # The account named, when it exists, so its failures show under it.
    account = users.objects.filter(**{users.USERNAME_FIELD: username}).first() if username else None
    security_event(kind=EventKind.SIGN_IN_FAILED, request=request, user=account, username=username)


def signed_out(sender, request, user, **kwargs) -> None:
    if user is None:  # logging out without having been signed in
        return
    reason, detail = getattr(request, END_REASON, (EndReason.SIGNED_OUT, ""))
    kind = EventKind.SIGN_OUT if reason == EndReason.SIGNED_OUT else EventKind.SESSION_EXPIRED
    security_event(kind=kind, request=request, user=user, detail=detail)
    sessions.session_end(request, user, reason)
