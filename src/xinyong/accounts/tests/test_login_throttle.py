"""The sign-in throttle: progressive delays per (username, address) and per address, and no way
for an attacker to lock an account's holder out from another address."""

import pytest
from django.test import Client
from django.urls import reverse

from xinyong.security import throttle

INVALID = "请输入一个正确的用户名和密码"
PASSWORD = "pass-for-tests-1"
ATTACKER = "203.0.113.7"
HOLDER = "192.0.2.1"


@pytest.fixture
def now(monkeypatch):
    moment = [1_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: moment[0])
    return moment


def attempt(client, username, password, ip=ATTACKER):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def signs_in(username, ip) -> bool:
    """The right password from a fresh browser at ``ip`` is accepted at once."""
    browser = Client()
    response = attempt(browser, username, PASSWORD, ip=ip)
    return response.status_code == 302 and "_auth_user_id" in browser.session


def fail_patiently(client, now, username, failures, ip=ATTACKER) -> list[int]:
    """Fail ``failures`` times as fast as the throttle allows; return the waits it imposed."""
    waits = []
    while failures:
        response = attempt(client, username, "wrong", ip=ip)
        if response.status_code == 429:
            waits.append(int(response.headers["Retry-After"]))
            now[0] += waits[-1]
        else:
            assert INVALID in response.content.decode()
            failures -= 1
    return waits


def test_fifty_failures_from_one_address_never_lock_the_administrator_out(client, admin_user, now):
    waits = fail_patiently(client, now, "admin", 25)
    assert signs_in("admin", HOLDER)  # in the middle of the attack
    waits += fail_patiently(client, now, "admin", 25)
    # Five free failures, then each one doubles the wait up to 15 minutes.
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] + [900] * 35
    assert signs_in("admin", HOLDER)
    assert signs_in("admin", "2001:db8:1::5")


def test_the_wait_grows_and_waiting_attempts_are_refused_uncounted(client, dc_staff, now):
    for _ in range(5):
        assert attempt(client, "dc-staff", "wrong").status_code == 200
    refused = attempt(client, "dc-staff", PASSWORD)  # the right password is not even checked
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    html = refused.content.decode()
    assert "登录失败次数过多，请1秒后再试。" in html and 'name="username"' in html  # the login page
    now[0] += 1
    assert attempt(client, "dc-staff", "wrong").status_code == 200
    assert attempt(client, "dc-staff", "wrong").headers["Retry-After"] == "2"
    now[0] += 1.5
    assert attempt(client, "dc-staff", "wrong").headers["Retry-After"] == "1"  # not extended
    now[0] += 0.5
    assert attempt(client, "dc-staff", "wrong").status_code == 200
    assert attempt(client, "dc-staff", PASSWORD).headers["Retry-After"] == "4"
    now[0] += 4
    assert attempt(client, "dc-staff", PASSWORD).status_code == 302  # after the wait, the right one


def test_the_wait_is_capped_and_said_in_minutes(client, dc_staff, now):
    fail_patiently(client, now, "dc-staff", 15)
    response = attempt(client, "dc-staff", PASSWORD)
    assert response.headers["Retry-After"] == str(15 * 60)
    assert "登录失败次数过多，请15分钟后再试。" in response.content.decode()
    now[0] += 13 * 60
    assert "请2分钟后再试" in attempt(client, "dc-staff", PASSWORD).content.decode()
    now[0] += 61
    assert "请59秒后再试" in attempt(client, "dc-staff", PASSWORD).content.decode()


def test_one_address_trying_many_usernames_is_slowed_down(client, dc_staff, now):
    for n in range(20):
        assert attempt(client, f"guess-{n}", "wrong").status_code == 200  # one failure each
    response = attempt(client, "dc-staff", PASSWORD)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert signs_in("dc-staff", HOLDER)  # other addresses are not affected
    assert fail_patiently(client, now, "guess-20", 4) == [1, 2, 4, 8]
    assert attempt(client, "guess-99", "wrong").headers["Retry-After"] == "16"


def test_a_username_guessed_from_many_addresses_gets_a_small_delay(client, dc_staff, now):
    calm = Client()
    assert attempt(calm, "dc-staff", "wrong", ip="192.0.2.8").status_code == 200
    assert attempt(calm, "dc-staff", PASSWORD, ip="192.0.2.8").status_code == 302  # one mistake: no wait
    for n in range(20):  # a botnet: each address fails once, far below its own allowance
        assert attempt(client, "dc-staff", "wrong", ip=f"198.51.100.{n}").status_code == 200
    assert signs_in("dc-staff", HOLDER)  # the holder's first attempt goes straight through
    other = Client()
    assert attempt(other, "dc-staff", "wrong", ip="192.0.2.9").status_code == 200
    # Under attack, one failure from an address is enough for a one-second wait …
    assert attempt(other, "dc-staff", PASSWORD, ip="192.0.2.9").headers["Retry-After"] == "1"
    # … and the botnet's addresses, back for a second guess, wait too.
    assert attempt(client, "dc-staff", "wrong", ip="198.51.100.0").headers["Retry-After"] == "1"
    now[0] += 1
    assert attempt(other, "dc-staff", PASSWORD, ip="192.0.2.9").status_code == 302


def test_an_unknown_username_is_answered_exactly_like_a_known_one(dc_staff, now):
    answers = {}
    for username in ("dc-staff", "nobody-here"):
        fail_patiently(Client(), now, username, 6, ip=f"198.51.100.{len(answers)}")
        response = attempt(Client(), username, "wrong", ip=f"198.51.100.{len(answers)}")
        answers[username] = (response.status_code, response.headers["Retry-After"])
    assert answers["dc-staff"] == answers["nobody-here"] == (429, "2")


def test_another_spelling_of_the_username_counts_as_the_same(client, dc_staff, now):
    for username in ("dc-staff", "DC-STAFF", "ｄｃ－ｓｔａｆｆ", "Dc-Staff", "dc-staff"):
        attempt(client, username, "wrong")
    response = attempt(client, "DC-STAFF", PASSWORD)
    assert (response.status_code, response.headers["Retry-After"]) == (429, "1")


def test_a_successful_sign_in_clears_its_own_count_only(client, dc_staff, xc_staff, now):
    for _ in range(4):
        attempt(client, "dc-staff", "wrong")
    assert attempt(client, "dc-staff", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        attempt(client, "dc-staff", "wrong")
    assert attempt(client, "dc-staff", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    # A guesser's own account does not wipe the address's count: 8 failures so far, 12 more.
    for n in range(12):
        attempt(client, f"guess-{n}", "wrong")
    response = attempt(client, "xc-staff", PASSWORD)
    assert (response.status_code, response.headers["Retry-After"]) == (429, "1")


def test_the_counts_are_forgotten_an_hour_after_the_last_failure(client, dc_staff, now):
    fail_patiently(client, now, "dc-staff", 8)
    assert attempt(client, "dc-staff", "wrong").headers["Retry-After"] == "8"
    now[0] += 60 * 60 + 1
    for _ in range(5):
        assert attempt(client, "dc-staff", "wrong").status_code == 200  # free again
    assert attempt(client, "dc-staff", PASSWORD).status_code == 429


def test_an_incomplete_form_is_not_counted(client, dc_staff, now):
    for _ in range(10):
        attempt(client, "dc-staff", "")
    assert attempt(client, "dc-staff", PASSWORD).status_code == 302
