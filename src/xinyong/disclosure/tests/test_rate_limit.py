"""Anonymous public search and profile pages are rate-limited per client address."""

import pytest
from django.urls import reverse

from xinyong.security import throttle

SLOW_DOWN = "查询过于频繁，请稍后再试。"


@pytest.fixture
def now(monkeypatch):
    moment = [1_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: moment[0])
    return moment


@pytest.fixture
def small_limits(settings):
    settings.XINYONG_PUBLIC_RATE_LIMITS = {"search": (3, 60), "profile": (2, 60)}


def search(client, ip="203.0.113.7"):
    return client.get(reverse("disclosure:search"), {"q": "东城"}, REMOTE_ADDR=ip)


def test_the_default_allows_sixty_searches_a_minute(client, db, now):
    assert all(search(client).status_code == 200 for _ in range(60))
    assert search(client).status_code == 429


def test_over_the_limit_a_full_friendly_page_with_retry_after(client, assoc, now, small_limits):
    for _ in range(3):
        assert search(client).status_code == 200
    response = search(client)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    html = response.content.decode()
    assert SLOW_DOWN in html
    assert "请在 60 秒后重新查询。" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html  # the site's layout
    assert reverse("disclosure:home") in html
    assert assoc.name not in html

    now[0] += 30
    assert search(client).headers["Retry-After"] == "30"
    assert search(client, ip="198.51.100.1").status_code == 200  # other addresses go on
    now[0] += 30
    assert search(client).status_code == 200  # and it resets after the window


def test_profile_pages_are_limited_too_including_unknown_codes(client, assoc, now, small_limits):
    assert client.get(reverse("disclosure:profile", args=[assoc.uscc])).status_code == 200
    assert client.get(reverse("disclosure:profile", args=["0" * 18])).status_code == 404
    response = client.get(reverse("disclosure:profile", args=[assoc.uscc]))
    assert response.status_code == 429
    assert SLOW_DOWN in response.content.decode()
    assert search(client, ip="127.0.0.1").status_code == 200  # search is counted apart


def test_signed_in_users_are_not_limited(client, dc_staff, now, small_limits):
    client.force_login(dc_staff)
    assert all(search(client).status_code == 200 for _ in range(10))


def test_the_home_page_is_not_limited(client, db, now, small_limits):
    assert all(client.get(reverse("disclosure:home")).status_code == 200 for _ in range(10))
