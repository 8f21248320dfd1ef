"""The change feed, the /open-data/ page and its files are rate-limited per client address, each
kind counted on its own; signed-in users are not limited."""

import pytest
from django.urls import reverse

from xinyong.opendata.export import export_open_data
from xinyong.security import throttle

pytestmark = pytest.mark.django_db

SLOW_DOWN = "查询过于频繁，请稍后再试。"


@pytest.fixture
def now(monkeypatch):
    moment = [1_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: moment[0])
    return moment


@pytest.fixture
def small_limits(settings):
    settings.XINYONG_PUBLIC_RATE_LIMITS = {"feed": (3, 60), "open-data": (2, 60), "download": (2, 600)}


@pytest.fixture
def export(assoc, dishonesty):
    return export_open_data()


def feed(client, ip="203.0.113.7"):
    return client.get("/api/v1/feed", {"after": 0}, REMOTE_ADDR=ip)


def download(client, name="records.jsonl", ip="203.0.113.7"):
    return client.get(reverse("opendata:file", args=[name]), REMOTE_ADDR=ip)


def test_the_feed_allows_sixty_calls_a_minute_by_default(client, now):
    assert all(feed(client).status_code == 200 for _ in range(60))
    response = feed(client)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_over_the_limit_the_feed_answers_429_json_with_retry_after(client, assoc, now, small_limits):
    assert [feed(client).status_code for _ in range(3)] == [200, 200, 200]
    response = feed(client)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["code"] == "throttled"
    assert "changes" not in response.json()
    assert feed(client, ip="198.51.100.1").status_code == 200  # other addresses go on
    now[0] += 60
    assert feed(client).status_code == 200


def test_the_open_data_page_is_limited(client, export, now, small_limits):
    page = reverse("opendata:index")
    assert [client.get(page).status_code for _ in range(2)] == [200, 200]
    response = client.get(page)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert SLOW_DOWN in response.content.decode()
    assert download(client, "manifest.json").status_code == 200  # files are counted apart


def test_downloads_are_limited_apart_and_unknown_names_count_too(client, export, now, small_limits):
    assert download(client).status_code == 200
    assert download(client, "no-such-file.csv").status_code == 404
    response = download(client, "associations.csv")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert SLOW_DOWN in response.content.decode()
    assert feed(client).status_code == 200
    assert client.get(reverse("opendata:index")).status_code == 200
    assert download(client, ip="198.51.100.1").status_code == 200


def test_downloads_allow_thirty_files_an_hour_by_default(client, export, now):
    names = ["manifest.json", "associations.jsonl", "associations.csv", "records.jsonl", "records.csv"]
    assert all(download(client, names[n % 5]).status_code == 200 for n in range(30))
    assert download(client).status_code == 429
    now[0] += 3600
    assert download(client).status_code == 200


def test_signed_in_users_are_not_limited_on_the_pages(client, export, dc_staff, now, small_limits):
    client.force_login(dc_staff)
    assert all(download(client).status_code == 200 for _ in range(5))
    assert all(client.get(reverse("opendata:index")).status_code == 200 for _ in range(5))
    client.logout()
    assert [download(client).status_code for _ in range(3)] == [200, 200, 429]  # anonymous: limited


def test_off_means_no_limit(client, export, now, settings):
    assert all(feed(client).status_code == 200 for _ in range(60))
    assert feed(client).status_code == 429
    settings.XINYONG_PUBLIC_RATE_LIMITS = {}  # what XINYONG_PUBLIC_RATE_LIMIT=off gives
    assert all(feed(client).status_code == 200 for _ in range(70))
    assert all(download(client).status_code == 200 for _ in range(40))
