"""Calls refused for their key (unknown, malformed, revoked): written to the query log without the
key, and limited per client address (429 with Retry-After), while valid keys are still served."""

import hashlib
import re

import pytest
from django.db import connection
from django.urls import reverse

from ..models import QueryLog
from .conftest import PURPOSE

URL = "/api/v1/shared/associations"
ATTACKER = "203.0.113.7"
SECRET = "S3cr3t" * 7 + "x"  # 43 characters, the shape of a real key's secret


def call(api, key=None, ip=ATTACKER, header="HTTP_AUTHORIZATION"):
    extra = {} if key is None else {header: f"Bearer {key}" if header == "HTTP_AUTHORIZATION" else key}
    return api.get(URL, {"q": "餐饮", "purpose": PURPOSE}, REMOTE_ADDR=ip, **extra)


def table_dump(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}"')
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


@pytest.mark.parametrize("header", ["HTTP_AUTHORIZATION", "HTTP_X_API_KEY"])
def test_an_unknown_key_is_logged_by_its_prefix_and_digest_never_its_secret(api, query_key, now, header):
    unknown = f"xy_0123abcd_{SECRET}"
    response = call(api, unknown, header=header)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_key"
    entry = QueryLog.objects.get()
    assert (entry.api_key, entry.department, entry.status_code) == (None, None, 401)
    assert entry.presented_prefix == "0123abcd"
    assert re.fullmatch(r"[0-9a-f]{16}", entry.presented_digest)
    assert (entry.client_ip, entry.purpose, entry.method) == (ATTACKER, PURPOSE, "GET")
    assert entry.path.startswith(URL + "?")

    call(api, unknown, header=header)
    call(api, f"xy_0123abcd_{SECRET[:-1]}y", header=header)
    digests = list(QueryLog.objects.order_by("id").values_list("presented_digest", flat=True))
    assert digests[0] == digests[1] != digests[2]  # repeats of one key can be told apart

    dumped = table_dump(QueryLog._meta.db_table)
    assert SECRET not in dumped and SECRET[:-1] not in dumped
    assert hashlib.sha256(unknown.encode()).hexdigest()[:16] not in dumped  # not an unkeyed hash


def test_a_real_prefix_with_a_wrong_secret_is_not_charged_to_its_department(api, query_key, now):
    api_key = query_key[0]
    forged = f"xy_{api_key.prefix}_{SECRET}"
    assert call(api, forged).status_code == 401
    entry = QueryLog.objects.get()
    assert entry.api_key is None and entry.department is None
    assert entry.presented_prefix == api_key.prefix  # a sign that the prefix is known outside


@pytest.mark.parametrize("header", ["Bearer not-a-key", "Bearer a b", "Bearer xy_ZZZZZZZZ_x"])
def test_a_malformed_key_is_logged_by_its_digest_only(api, db, now, header):
    response = api.get(URL, {"purpose": PURPOSE}, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    entry = QueryLog.objects.get()
    assert entry.presented_prefix == ""
    assert re.fullmatch(r"[0-9a-f]{16}", entry.presented_digest)


def test_refused_keys_are_limited_per_address_and_valid_keys_still_served(
    api, query_key, assoc, now, settings
):
    settings.XINYONG_API_KEY_FAILURE_LIMIT = "3/min"
    wrong = f"xy_0123abcd_{SECRET}"
    assert [call(api, wrong).status_code for _ in range(3)] == [401, 401, 401]
    refused = call(api, wrong)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json()["code"] == "throttled"
    assert call(api, "not-a-key").status_code == 429  # whatever is presented
    assert QueryLog.objects.filter(status_code=401).count() == 3  # refusals over the limit: not logged
    assert not QueryLog.objects.filter(status_code=429).exists()

    assert call(api, wrong, ip="198.51.100.1").status_code == 401  # other addresses are counted apart
    assert call(api, query_key[1]).status_code == 200  # a valid key from the same address is served
    assert all(call(api).status_code == 401 for _ in range(5))  # no key at all: not a refused key
    assert QueryLog.objects.count() == 5

    now[0] += 60
    assert call(api, wrong).status_code == 401


def test_by_default_ten_refused_keys_in_fifteen_minutes(api, db, now):
    statuses = [call(api, f"xy_0123abcd_{SECRET}{n}").status_code for n in range(11)]
    assert statuses == [401] * 10 + [429]
    assert call(api, "anything")["Retry-After"] == str(15 * 60)


def test_off_leaves_refusals_unlimited_but_still_logged(api, db, now, settings):
    settings.XINYONG_API_KEY_FAILURE_LIMIT = "off"
    assert all(call(api, f"xy_0123abcd_{SECRET}").status_code == 401 for _ in range(15))
    assert QueryLog.objects.filter(status_code=401).count() == 15


def test_a_revoked_key_counts_as_refused(api, query_key, admin_user, now, settings):
    from ..services import api_key_revoke

    settings.XINYONG_API_KEY_FAILURE_LIMIT = "2/min"
    api_key_revoke(actor=admin_user, api_key=query_key[0], reason="部门系统下线")
    assert [call(api, query_key[1]).status_code for _ in range(3)] == [401, 401, 429]
    assert QueryLog.objects.filter(api_key=query_key[0], status_code=401).count() == 2


def test_the_delivery_api_logs_and_limits_refused_keys_too(api, db, now, settings):
    settings.XINYONG_API_KEY_FAILURE_LIMIT = "2/min"

    def deliver():
        return api.generic(
            "POST",
            "/api/v1/deliveries?kind=purchased_service",
            b"a,b\n1,2\n",
            content_type="text/csv",
            HTTP_AUTHORIZATION=f"Bearer xy_0123abcd_{SECRET}",
        )

    assert [deliver().status_code for _ in range(3)] == [401, 401, 429]
    assert list(QueryLog.objects.values_list("method", "status_code")) == [("POST", 401)] * 2


def test_the_query_log_page_shows_refused_keys(client, admin_user, api, db, now):
    call(api, f"xy_0123abcd_{SECRET}")
    client.force_login(admin_user)
    html = client.get(reverse("api:log")).content.decode()
    assert "无效密钥" in html and "xy_0123abcd_…" in html
    assert QueryLog.objects.get().presented_digest in html
    assert SECRET not in html
