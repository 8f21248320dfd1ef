"""Rate limits: anonymous calls per client address, department calls per key; 429 in JSON with
Retry-After, as the pages do (xinyong.security.throttle)."""

import pytest
from django.urls import reverse

from ..models import QueryLog
from ..throttles import parse_rate
from .conftest import PURPOSE, issue

SLOW_DOWN = "查询过于频繁，请稍后再试。 请在 60 秒后重新查询。"


@pytest.fixture
def small_limits(settings):
    settings.XINYONG_PUBLIC_RATE_LIMITS = {"search": (3, 60), "profile": (2, 60)}


def search(api, ip="203.0.113.7"):
    return api.get("/api/v1/associations", {"q": "东城"}, REMOTE_ADDR=ip)


def test_the_default_allows_sixty_searches_a_minute(api, db, now):
    assert all(search(api).status_code == 200 for _ in range(60))
    assert search(api).status_code == 429


def test_over_the_limit_429_json_with_retry_after(api, assoc, now, small_limits):
    for _ in range(3):
        assert search(api).status_code == 200
    response = search(api)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json() == {"detail": SLOW_DOWN, "code": "throttled"}
    now[0] += 30
    assert search(api)["Retry-After"] == "30"
    assert search(api, ip="198.51.100.1").status_code == 200  # other addresses go on
    now[0] += 30
    assert search(api).status_code == 200  # and it resets after the window


def test_profile_is_limited_apart_from_search_and_from_the_pages(api, client, assoc, now, small_limits):
    path = f"/api/v1/associations/{assoc.uscc}"
    assert api.get(path).status_code == 200
    assert api.get("/api/v1/associations/123").status_code == 400  # refused calls count too
    assert api.get(path).status_code == 429
    assert search(api, ip="127.0.0.1").status_code == 200
    assert client.get(reverse("disclosure:profile", args=[assoc.uscc])).status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_counts(api, assoc, now, small_limits, settings):
    settings.XINYONG_TRUSTED_PROXIES = 1

    def forwarded_for(address):
        return api.get("/api/v1/associations", {"q": "东城"}, HTTP_X_FORWARDED_FOR=address).status_code

    assert [forwarded_for("203.0.113.9") for _ in range(4)] == [200, 200, 200, 429]
    assert forwarded_for("203.0.113.10") == 200  # the proxy's own address is not what counts


def test_department_calls_are_limited_per_key_and_429_is_logged(
    api, admin_user, department, query_key, assoc, now, settings
):
    settings.XINYONG_API_KEY_RATE = "2/min"
    other = issue(admin_user, department, label="另一个系统").plaintext

    def shared(key, ip="203.0.113.7"):
        return api.get(
            "/api/v1/shared/associations",
            {"q": "餐饮", "purpose": PURPOSE},
            HTTP_AUTHORIZATION=f"Bearer {key}",
            REMOTE_ADDR=ip,
        )

    assert shared(query_key[1]).status_code == 200
    assert shared(query_key[1], ip="198.51.100.1").status_code == 200  # the key counts, not the address
    response = shared(query_key[1])
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["code"] == "throttled"
    assert shared(other).status_code == 200  # another key goes on
    statuses = list(QueryLog.objects.filter(api_key=query_key[0]).values_list("status_code", flat=True))
    assert sorted(statuses) == [200, 200, 429]


def test_department_calls_do_not_use_the_anonymous_limit(api, query_key, assoc, now, small_limits):
    for _ in range(5):
        response = api.get(
            "/api/v1/shared/associations",
            {"q": "餐饮", "purpose": PURPOSE},
            HTTP_AUTHORIZATION=f"Bearer {query_key[1]}",
        )
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("600/min", (600, 60)), ("20000/day", (20000, 86400)), ("5/10s", (5, 10)), ("1/h", (1, 3600))],
)
def test_parse_rate(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["600", "x/min", "10/fortnight"])
def test_parse_rate_refuses_nonsense(rate):
    with pytest.raises(ValueError):
        parse_rate(rate)
