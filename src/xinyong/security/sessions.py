"""Signed-in sessions (等级保护 level 3): idle timeout, absolute lifetime, the user's list of
sessions and "sign out everywhere else".

The session itself carries when it was signed in and last seen (epoch seconds, ``SIGNED_IN_AT``
and ``LAST_SEEN``) and the id of its ``AccountSession`` row (``SESSION_ROW``). ``LAST_SEEN`` is
written at most once every ``TOUCH_EVERY`` seconds, so a busy user does not cost a session write
per request; the idle timeout is therefore exact to within that minute (it may end a session up
to a minute early, never late).
"""

import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from xinyong.accounts.models import Role, User
from xinyong.text import clean_text

from .events import security_event
from .models import AccountSession, EndReason, EventKind
from .throttle import client_ip

SESSION_ROW = "xy_account_session"
SIGNED_IN_AT = "xy_signed_in_at"
LAST_SEEN = "xy_last_seen"
TOUCH_EVERY = 60  # seconds

# Roles with the shorter idle limit: those who can change records, accounts or read the logs.
STAFF_LIKE = frozenset({Role.STAFF, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR})

_AGENT_MAX = AccountSession._meta.get_field("user_agent").max_length


def clock() -> float:
    return time.time()


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def idle_limit(user) -> int:
    """Seconds without a request after which the user's session ends."""
    minutes = (
        settings.XINYONG_IDLE_MINUTES_STAFF
        if user.role in STAFF_LIKE
        else settings.XINYONG_IDLE_MINUTES_OTHER
    )
    return minutes * 60


def lifetime() -> int:
    """Seconds after sign-in after which any session ends."""
    return settings.XINYONG_SESSION_MAX_HOURS * 3600


def session_open(request, user) -> AccountSession:
    """Start the clocks of a session just signed in, and its row in the user's list."""
    now = clock()
    row = AccountSession.objects.create(
        user=user,
        created_at=_moment(now),
        last_seen_at=_moment(now),
        client_ip=client_ip(request),
        user_agent=clean_text(request.META.get("HTTP_USER_AGENT", ""))[:_AGENT_MAX],
    )
    request.session[SESSION_ROW] = row.pk
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    return row


def expiry(request) -> tuple[str, str] | None:
    """(EndReason, detail for the log) when the signed-in session must end now, else None.
    A session signed in before these clocks existed gets them now rather than being ended."""
    session = request.session
    if SIGNED_IN_AT not in session or LAST_SEEN not in session:
        session_open(request, request.user)
        return None
    now = clock()
    idle = now - session[LAST_SEEN]
    if idle > idle_limit(request.user):
        return EndReason.IDLE, f"idle={int(idle // 60)}min limit={idle_limit(request.user) // 60}min"
    age = now - session[SIGNED_IN_AT]
    if age > lifetime():
        return EndReason.LIFETIME, f"age={int(age // 60)}min limit={lifetime() // 3600}h"
    return None


def session_touch(request) -> None:
    """Note that the session is in use: at most once every ``TOUCH_EVERY`` seconds."""
    now = clock()
    if now - request.session.get(LAST_SEEN, 0) < TOUCH_EVERY:
        return
    request.session[LAST_SEEN] = now
    AccountSession.objects.filter(pk=request.session.get(SESSION_ROW), ended_at__isnull=True).update(
        last_seen_at=_moment(now)
    )


def session_end(request, user, reason: str) -> None:
    """Mark the request's session row ended (the session itself is flushed by ``logout``)."""
    AccountSession.objects.filter(
        pk=request.session.get(SESSION_ROW), user=user, ended_at__isnull=True
    ).update(ended_at=timezone.now(), ended_reason=reason)


def sessions_end_for_account_change(user, *, keep_row: int | None = None) -> int:
    """Mark the user's listed sessions ended because their password, role or state changed (the
    session hash already refuses them); ``keep_row`` is the session that made the change."""
    return (
        AccountSession.objects.filter(user=user, ended_at__isnull=True)
        .exclude(pk=keep_row)
        .update(ended_at=timezone.now(), ended_reason=EndReason.ACCOUNT_CHANGED)
    )


def active_sessions(user) -> QuerySet[AccountSession]:
    """The user's sessions that may still be in use, most recently active first.

    A browser closed without signing out leaves its row open; a row not seen within the idle
    limit (plus the minute ``LAST_SEEN`` may lag) or older than the lifetime cannot be in use."""
    now = timezone.now()
    return AccountSession.objects.filter(
        user=user,
        ended_at__isnull=True,
        last_seen_at__gte=now - timedelta(seconds=idle_limit(user) + TOUCH_EVERY),
        created_at__gte=now - timedelta(seconds=lifetime()),
    ).order_by("-last_seen_at", "-id")


def current_row_id(request) -> int | None:
    return request.session.get(SESSION_ROW)


@transaction.atomic(durable=True)
def sessions_end_others(*, actor: User, request) -> int:
    """Sign the actor out of every session but this one; return how many listed sessions ended.

    Raising ``session_epoch`` changes the session auth hash, so every other session of the actor,
    listed or not (another browser, a stolen cookie), is refused at its next request;
    ``update_session_auth_hash`` gives this session the new hash (and a new key). Recorded in the
    security log (SIGN_OUT_EVERYWHERE): the log, not the change history, holds session events."""
    user = get_user_model().objects.select_for_update(no_key=True).get(pk=actor.pk)
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
    actor.session_epoch = user.session_epoch
    update_session_auth_hash(request, actor)
    ended = (
        AccountSession.objects.filter(user=actor, ended_at__isnull=True)
        .exclude(pk=current_row_id(request))
        .update(ended_at=timezone.now(), ended_reason=EndReason.SIGNED_OUT_ELSEWHERE)
    )
    security_event(kind=EventKind.SIGN_OUT_EVERYWHERE, request=request, user=actor, detail=f"ended={ended}")
    return ended


_BROWSERS = (
    ("Edg/", "Edge"),
    ("MicroMessenger", "微信"),
    ("QQBrowser", "QQ浏览器"),
    ("360SE", "360浏览器"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def browser_summary(user_agent: str) -> str:
    """The browser and system named in a User-Agent ("Chrome · Windows"); the start of the header
    itself when neither is recognised."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return " · ".join(part for part in (browser, system) if part) or user_agent[:60]
