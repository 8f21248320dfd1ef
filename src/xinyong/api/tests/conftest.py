"""Fixtures for the API tests: a client, department keys, a frozen throttle clock."""

import pytest
from rest_framework.test import APIClient

from xinyong.security import throttle
from xinyong.testing import factories as f

from ..services import api_key_issue

PURPOSE = "政府购买服务承接主体资格审查"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def department(db):
    return f.department("北京市财政局")


def issue(admin, department, *, can_query=True, can_deliver=False, label="采购平台"):
    return api_key_issue(
        actor=admin, department=department, label=label, can_query=can_query, can_deliver=can_deliver
    )


@pytest.fixture
def query_key(admin_user, department):
    """(ApiKey, plain key) with the query permission."""
    issued = issue(admin_user, department)
    return issued.api_key, issued.plaintext


@pytest.fixture
def deliver_key(admin_user, department):
    issued = issue(admin_user, department, can_query=False, can_deliver=True, label="报送程序")
    return issued.api_key, issued.plaintext


@pytest.fixture
def dept_api(api, query_key):
    """A client that sends the query key with every request."""
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {query_key[1]}")
    return api


@pytest.fixture
def now(monkeypatch):
    moment = [1_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: moment[0])
    return moment
