"""The counting throttle and the client address it counts by."""

import pytest
from django.test import RequestFactory

from xinyong.security import throttle
from xinyong.security.throttle import Rule, client_ip


@pytest.fixture
def now(monkeypatch):
    moment = [1_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: moment[0])
    return moment


def test_the_hit_that_reaches_the_limit_locks_for_the_window(db, now):
    rule = Rule("test", limit=3, window=60)
    assert [rule.hit("a"), rule.hit("a")] == [0, 0]
    assert rule.retry_after("a") == 0
    assert rule.hit("a") == 60
    assert rule.retry_after("a") == 60
    assert rule.retry_after("b") == 0  # other keys are counted apart
    now[0] += 45
    assert rule.retry_after("a") == 15
    assert rule.hit("a") == 15  # hits while locked neither count nor extend the lock
    now[0] += 15
    assert rule.retry_after("a") == 0
    assert rule.hit("a") == 0  # a fresh count after the lock


def test_hits_older_than_the_window_no_longer_count(db, now):
    rule = Rule("test", limit=3, window=60)
    rule.hit("a")
    now[0] += 40
    rule.hit("a")
    now[0] += 30  # the first hit has left the window
    assert rule.hit("a") == 0
    assert rule.hit("a") == 60


def test_reset_forgets_the_hits(db, now):
    rule = Rule("test", limit=2, window=60)
    rule.hit("a")
    rule.reset("a")
    assert rule.hit("a") == 0


def test_scopes_do_not_share_counts(db, now):
    Rule("one", limit=1, window=60).hit("a")
    assert Rule("one", limit=1, window=60).retry_after("a") == 60
    assert Rule("two", limit=1, window=60).retry_after("a") == 0


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_address_without_a_proxy_ignores_x_forwarded_for(settings):
    settings.XINYONG_TRUSTED_PROXIES = 0
    assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_client_address_behind_one_proxy_is_the_last_forwarded_entry(settings):
    settings.XINYONG_TRUSTED_PROXIES = 1
    # The client forged the first entry; the proxy appended the real one.
    assert client_ip(_request("10.0.0.2", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request("10.0.0.2")) == "10.0.0.2"  # no header: the proxy itself


def test_ipv6_clients_count_per_64_and_mapped_ipv4_as_ipv4():
    assert client_ip(_request("2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::/64"
    assert client_ip(_request("2001:db8:1:2:ffff::1")) == "2001:db8:1:2::/64"
    assert client_ip(_request("::ffff:203.0.113.7")) == "203.0.113.7"
