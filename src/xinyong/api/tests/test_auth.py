"""Department API keys: hashed at rest, shown once, checked on every call (R-ACT-4, R-QRY-2)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from xinyong.accounts.models import Role

from ..auth import ApiKeyAuthentication, DepartmentPrincipal
from ..models import ApiKey, QueryLog
from ..permissions import CanDeliver, CanQuery
from ..services import api_key_revoke
from .conftest import PURPOSE

URL = "/api/v1/shared/associations"


def call(api, headers=None, **params):
    return api.get(URL, {"q": "餐饮", "purpose": PURPOSE, **params}, **(headers or {}))


def test_the_key_has_its_documented_shape(query_key):
    api_key, plaintext = query_key
    assert re.fullmatch(r"xy_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", plaintext)
    assert plaintext.split("_")[1] == api_key.prefix


def test_the_plain_key_is_stored_nowhere(query_key, dept_api, assoc):
    """Only the SHA-256 is kept; the key appears in no column of any table (R-SEC, shown once)."""
    api_key, plaintext = query_key
    assert call(dept_api).status_code == 200
    assert api_key.secret_hash != plaintext and len(api_key.secret_hash) == 64
    secret = plaintext.split("_", 2)[2]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                dumped = " ".join(str(v) for v in row)
                assert secret not in dumped, table
                assert plaintext not in dumped, table


def test_missing_key_is_401_and_names_the_scheme(api, db):
    response = call(api)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="xinyong"'
    assert response.json()["code"] == "not_authenticated"
    assert "Authorization" in response.json()["detail"]
    assert not QueryLog.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        "Bearer xy_00000000_nope",
        "Bearer not-a-key",
        "Bearer",
        "Bearer a b",
        "bearer xy_zzzzzzzz_x",
    ],
)
def test_invalid_key_is_401_and_logged_without_a_key(api, query_key, header):
    response = call(api, {"HTTP_AUTHORIZATION": header})
    assert response.status_code == 401
    assert response.json()["code"] in ("invalid_key", "malformed_header")
    entry = QueryLog.objects.get()
    assert (entry.api_key, entry.department, entry.status_code) == (None, None, 401)


def test_a_key_with_the_right_prefix_but_wrong_secret_is_401(api, query_key):
    plaintext = query_key[1]
    forged = plaintext[:-4] + ("AAAA" if not plaintext.endswith("AAAA") else "BBBB")
    assert call(api, {"HTTP_AUTHORIZATION": f"Bearer {forged}"}).status_code == 401


def test_revoked_key_is_401_saying_so(api, query_key, admin_user):
    api_key, plaintext = query_key
    api_key_revoke(actor=admin_user, api_key=api_key, reason="部门系统下线")
    response = call(api, {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"})
    assert response.status_code == 401
    assert response.json()["code"] == "revoked_key"
    assert "已于" in response.json()["detail"] and "吊销" in response.json()["detail"]
    entry = QueryLog.objects.get()  # against the key and its department: they did call
    assert (entry.api_key, entry.department, entry.status_code) == (api_key, api_key.department, 401)
    assert entry.presented_prefix == entry.presented_digest == ""


def test_x_api_key_header_works_too(api, query_key, assoc):
    assert call(api, {"HTTP_X_API_KEY": query_key[1]}).status_code == 200


def test_key_without_query_permission_is_403_and_logged(api, deliver_key, assoc):
    api_key, plaintext = deliver_key
    response = call(api, {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"})
    assert response.status_code == 403
    assert "没有查询共享信息的权限" in response.json()["detail"]
    entry = QueryLog.objects.get()
    assert (entry.api_key, entry.status_code, entry.result_count) == (api_key, 403, 0)


def test_principal_is_the_department_not_a_person(query_key, rf):
    api_key, plaintext = query_key
    request = rf.get(URL, HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    from rest_framework.request import Request

    user, auth = ApiKeyAuthentication().authenticate(Request(request))
    assert auth == api_key
    assert isinstance(user, DepartmentPrincipal)
    assert user.department == api_key.department and user.role == Role.DEPARTMENT
    assert user.pk is None and user.is_authenticated and not user.has_perm("anything")
    assert api_key.prefix in user.get_username() and api_key.department.name in user.get_username()


def test_permissions_follow_the_flags(query_key, deliver_key, rf):
    class FakeRequest:
        def __init__(self, auth):
            self.auth = auth

    query, deliver = query_key[0], deliver_key[0]
    assert CanQuery().has_permission(FakeRequest(query), None)
    assert not CanDeliver().has_permission(FakeRequest(query), None)
    assert CanDeliver().has_permission(FakeRequest(deliver), None)
    assert not CanQuery().has_permission(FakeRequest(deliver), None)
    assert not CanQuery().has_permission(FakeRequest(None), None)


def test_last_used_is_noted_at_most_once_a_minute(dept_api, query_key, assoc, monkeypatch):
    api_key = query_key[0]
    assert api_key.last_used_at is None
    call(dept_api)
    first = ApiKey.objects.get(pk=api_key.pk).last_used_at
    assert first is not None
    call(dept_api)
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at == first
    later = first + timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call(dept_api)
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at == later
