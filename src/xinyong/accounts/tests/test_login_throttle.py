"""The sign-in lockout: 5 failures per username or 20 per address in 15 minutes lock for 15."""

import pytest
from django.urls import reverse

from xinyong.security import throttle

LOCKED = "登录失败次数过多，请15分钟后再试。"
PASSWORD = "pass-for-tests-1"


@pytest.fixture
def now(monkeypatch):
    moment = [1_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: moment[0])
    return moment


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_username_even_against_the_right_password(client, dc_staff, now):
    for _ in range(4):
        response = attempt(client, "dc-staff", "wrong")
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    fifth = attempt(client, "dc-staff", "wrong")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()

    right = attempt(client, "dc-staff", PASSWORD)
    assert right.status_code == 429
    assert right.headers["Retry-After"] == str(15 * 60)
    html = right.content.decode()
    assert LOCKED in html and 'name="username"' in html  # on the login page itself
    assert not signed_in(client)

    now[0] += 14 * 60
    assert attempt(client, "dc-staff", PASSWORD).status_code == 429
    assert "请1分钟后再试" in attempt(client, "dc-staff", PASSWORD).content.decode()
    now[0] += 60
    response = attempt(client, "dc-staff", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_an_unknown_username_is_answered_exactly_like_a_known_one(client, dc_staff, now):
    answers = {}
    for username in ("dc-staff", "nobody-here"):
        for _ in range(5):
            attempt(client, username, "wrong")
        response = attempt(client, username, "wrong")
        answers[username] = (response.status_code, response.headers["Retry-After"])
        assert LOCKED in response.content.decode()
    assert answers["dc-staff"] == answers["nobody-here"] == (429, "900")


def test_the_username_lock_holds_from_another_address_and_in_another_spelling(client, dc_staff, now):
    for n in range(5):
        attempt(client, "dc-staff", "wrong", ip=f"198.51.100.{n}")
    assert attempt(client, "DC-STAFF", PASSWORD, ip="192.0.2.1").status_code == 429
    assert attempt(client, "dc-staff", PASSWORD, ip="192.0.2.1").status_code == 429


def test_twenty_failures_from_one_address_lock_that_address(client, dc_staff, now):
    for n in range(20):
        attempt(client, f"guess-{n}", "wrong")  # 20 usernames, none of them locked
    response = attempt(client, "dc-staff", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert attempt(client, "dc-staff", PASSWORD, ip="192.0.2.1").status_code == 302


def test_a_successful_sign_in_clears_the_username_count(client, dc_staff, now):
    for _ in range(4):
        attempt(client, "dc-staff", "wrong")
    assert attempt(client, "dc-staff", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        attempt(client, "dc-staff", "wrong")
    assert attempt(client, "dc-staff", PASSWORD).status_code == 302


def test_an_incomplete_form_is_not_counted(client, dc_staff, now):
    for _ in range(10):
        attempt(client, "dc-staff", "")
    assert attempt(client, "dc-staff", PASSWORD).status_code == 302
