"""Sign-in events in the security log, idle and absolute session limits, the session list and
"sign out everywhere else"."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xinyong.accounts.models import Role
from xinyong.security import sessions
from xinyong.security.models import AccountSession, EndReason, EventKind, SecurityEvent
from xinyong.security.sessions import LAST_SEEN, SESSION_ROW, SIGNED_IN_AT
from xinyong.testing import factories as f

PASSWORD = "pass-for-tests-1"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def sign_in(client, username, *, ip="192.0.2.1", agent=CHROME):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": PASSWORD},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=agent,
    )


def events(kind=None):
    rows = SecurityEvent.objects.order_by("id")
    return list(rows.filter(kind=kind) if kind else rows)


def age_session(client, *, idle: float = 0, signed_in: float = 0) -> None:
    """Move the session's clocks back (instead of sleeping): idle and since-sign-in seconds."""
    session = client.session
    session[LAST_SEEN] -= idle
    session[SIGNED_IN_AT] -= signed_in
    session.save()


# --- recording ---------------------------------------------------------------------------------


def test_a_sign_in_is_logged_once_with_address_and_browser(client, dc_staff):
    assert sign_in(client, "dc-staff", ip="198.51.100.4").status_code == 302
    (event,) = events()
    assert (event.kind, event.user, event.username) == (EventKind.SIGN_IN, dc_staff, "dc-staff")
    assert event.client_ip == "198.51.100.4" and "Chrome" in event.user_agent
    row = AccountSession.objects.get()
    assert row.user == dc_staff and row.client_ip == "198.51.100.4" and row.ended_at is None
    assert client.session[SESSION_ROW] == row.pk


def test_a_failed_sign_in_is_logged_once_with_the_typed_username(client, dc_staff):
    client.post(reverse("accounts:login"), {"username": "dc-staff", "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})
    failed = events()
    assert [(e.kind, e.username, e.user) for e in failed] == [
        (EventKind.SIGN_IN_FAILED, "dc-staff", dc_staff),
        (EventKind.SIGN_IN_FAILED, "nobody", None),
    ]
    assert all("wrong" not in e.detail for e in failed)
    assert not AccountSession.objects.exists()


def test_a_sign_out_is_logged_once_and_ends_the_row(client, dc_staff):
    sign_in(client, "dc-staff")
    client.post(reverse("accounts:logout"))
    assert [e.kind for e in events()] == [EventKind.SIGN_IN, EventKind.SIGN_OUT]
    row = AccountSession.objects.get()
    assert row.ended_at is not None and row.ended_reason == EndReason.SIGNED_OUT


def test_a_throttled_sign_in_is_logged_as_throttled_not_as_failed(client, dc_staff, settings):
    settings.XINYONG_LOGIN_THROTTLE = {**settings.XINYONG_LOGIN_THROTTLE, "pair": 1}
    client.post(reverse("accounts:login"), {"username": "dc-staff", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "dc-staff", "password": "wrong"})
    assert response.status_code == 429
    assert [e.kind for e in events()] == [EventKind.SIGN_IN_FAILED, EventKind.SIGN_IN_THROTTLED]
    throttled = events(EventKind.SIGN_IN_THROTTLED)[0]
    assert throttled.username == "dc-staff" and throttled.detail.startswith("retry_after=")


# --- idle and absolute limits ------------------------------------------------------------------


def test_staff_are_signed_out_after_31_idle_minutes_even_on_a_post(client, dc_staff, assoc):
    sign_in(client, "dc-staff")
    age_session(client, idle=31 * 60)
    url = reverse("registry:detail", args=[assoc.pk])
    response = client.post(url, {"anything": "x"})
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"
    assert "_auth_user_id" not in client.session
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "长时间未操作，已自动退出登录，请重新登录。"
    ]
    expired = events(EventKind.SESSION_EXPIRED)
    assert len(expired) == 1 and expired[0].user == dc_staff and expired[0].detail.startswith("idle=31min")
    assert not events(EventKind.SIGN_OUT)  # one event for the expiry, not a sign-out as well
    assert AccountSession.objects.get().ended_reason == EndReason.IDLE
    # The next page asks for a sign-in again.
    assert client.get(reverse("records:dashboard")).status_code == 302


def test_signing_out_after_the_timeout_logs_the_expiry_only_and_sends_to_plain_sign_in(client, dc_staff):
    sign_in(client, "dc-staff")
    age_session(client, idle=31 * 60)
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")  # no ?next= back to a POST-only page
    assert [e.kind for e in events()] == [EventKind.SIGN_IN, EventKind.SESSION_EXPIRED]


def test_staff_at_29_idle_minutes_stay_signed_in(client, dc_staff):
    sign_in(client, "dc-staff")
    age_session(client, idle=29 * 60)
    assert client.get(reverse("records:dashboard")).status_code == 200
    assert not events(EventKind.SESSION_EXPIRED)


def test_an_association_survives_31_idle_minutes_but_not_121(client, assoc_user):
    sign_in(client, "assoc")
    age_session(client, idle=31 * 60)
    assert client.get(reverse("records:dashboard")).status_code == 200
    age_session(client, idle=121 * 60)
    assert client.get(reverse("records:dashboard")).status_code == 302
    assert len(events(EventKind.SESSION_EXPIRED)) == 1


def test_the_idle_limit_follows_the_settings(client, dc_staff, settings):
    settings.XINYONG_IDLE_MINUTES_STAFF = 10
    sign_in(client, "dc-staff")
    age_session(client, idle=11 * 60)
    assert client.get(reverse("records:dashboard")).status_code == 302


def test_a_busy_session_still_ends_after_the_absolute_lifetime(client, dc_staff, settings):
    settings.XINYONG_SESSION_MAX_HOURS = 12
    sign_in(client, "dc-staff")
    age_session(client, signed_in=11 * 3600)
    assert client.get(reverse("records:dashboard")).status_code == 200
    age_session(client, signed_in=3600 + 60)  # 12 h 1 min, active a moment ago
    response = client.get(reverse("records:dashboard") + "?x=1")
    assert response.url == f"{reverse('accounts:login')}?next=/office/%3Fx%3D1"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["登录已超过12小时，请重新登录。"]
    (expired,) = events(EventKind.SESSION_EXPIRED)
    assert expired.detail.startswith("age=721min")
    assert AccountSession.objects.get().ended_reason == EndReason.LIFETIME


def test_last_seen_is_written_at_most_once_a_minute(client, dc_staff, monkeypatch):
    now = [2_000_000_000.0]
    monkeypatch.setattr(sessions, "clock", lambda: now[0])
    sign_in(client, "dc-staff")
    row = AccountSession.objects.get()
    first_seen = row.last_seen_at
    now[0] += 59
    client.get(reverse("records:dashboard"))
    assert client.session[LAST_SEEN] == 2_000_000_000.0
    row.refresh_from_db()
    assert row.last_seen_at == first_seen
    now[0] += 2  # 61 s after sign-in
    client.get(reverse("records:dashboard"))
    assert client.session[LAST_SEEN] == 2_000_000_061.0
    row.refresh_from_db()
    assert row.last_seen_at - first_seen == timedelta(seconds=61)


def test_a_session_from_before_the_clocks_gets_them_instead_of_ending(client, dc_staff):
    sign_in(client, "dc-staff")
    session = client.session
    del session[LAST_SEEN], session[SIGNED_IN_AT], session[SESSION_ROW]
    session.save()
    assert client.get(reverse("records:dashboard")).status_code == 200
    assert LAST_SEEN in client.session and AccountSession.objects.count() == 2


# --- the session list and signing out elsewhere ----------------------------------------------


def test_the_list_shows_the_users_open_sessions_and_marks_this_one(dc_staff, xc_staff):
    laptop, phone, other = Client(), Client(), Client()
    sign_in(laptop, "dc-staff", ip="192.0.2.1")
    sign_in(phone, "dc-staff", ip="198.51.100.9", agent="Mozilla/5.0 (iPhone) Safari/604.1")
    sign_in(other, "xc-staff", ip="203.0.113.3")
    stale = AccountSession.objects.create(user=dc_staff, client_ip="203.0.113.99")
    AccountSession.objects.filter(pk=stale.pk).update(last_seen_at=timezone.now() - timedelta(hours=1))
    page = laptop.get(reverse("accounts:sessions")).content.decode()
    assert "192.0.2.1" in page and "198.51.100.9" in page
    assert "203.0.113.3" not in page  # another user's
    assert "203.0.113.99" not in page  # idle for longer than the limit: cannot be in use
    assert "Chrome · Windows" in page and "Safari · iOS" in page
    assert page.count('<span class="badge ok">当前会话</span>') == 1


def test_sign_out_everywhere_else_ends_the_other_client_but_keeps_this_one(dc_staff):
    laptop, phone = Client(), Client()
    sign_in(laptop, "dc-staff", ip="192.0.2.1")
    sign_in(phone, "dc-staff", ip="198.51.100.9")
    laptop_row = AccountSession.objects.get(client_ip="192.0.2.1")
    phone_row = AccountSession.objects.get(client_ip="198.51.100.9")
    response = laptop.post(reverse("accounts:sessions_end_others"), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 302 and response.url == reverse("accounts:sessions")
    assert laptop.get(reverse("records:dashboard")).status_code == 200
    assert phone.get(reverse("records:dashboard")).status_code == 302
    dc_staff.refresh_from_db()
    assert dc_staff.session_epoch == 1
    laptop_row.refresh_from_db(), phone_row.refresh_from_db()
    assert laptop_row.ended_at is None
    assert phone_row.ended_reason == EndReason.SIGNED_OUT_ELSEWHERE
    (event,) = events(EventKind.SIGN_OUT_EVERYWHERE)
    assert event.user == dc_staff and event.detail == "ended=1" and event.client_ip == "192.0.2.1"
    page = laptop.get(reverse("accounts:sessions")).content.decode()
    assert "198.51.100.9" not in page


def test_sign_out_everywhere_is_post_only_and_needs_a_sign_in(client, dc_staff):
    assert client.post(reverse("accounts:sessions_end_others")).status_code == 302
    client.force_login(dc_staff)
    assert client.get(reverse("accounts:sessions_end_others")).status_code == 405
    dc_staff.refresh_from_db()
    assert dc_staff.session_epoch == 0


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.AUDITOR, Role.ASSOCIATION])
def test_every_role_sees_its_own_sessions(client, assoc, role):
    links = {Role.DEPARTMENT: {"department": f.department()}, Role.ASSOCIATION: {"association": assoc}}
    user = f.user(role=role, **links.get(role, {}))
    sign_in(client, user.username)
    assert client.get(reverse("accounts:sessions")).status_code == 200
