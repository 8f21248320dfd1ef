"""Fixtures for the exchange tests: a partner department, its keys, associations to deliver for."""

import io

import pytest
from django.core.management import call_command

from xinyong.api.services import api_key_issue
from xinyong.testing import factories as f


@pytest.fixture(autouse=True)
def _import_root(settings, tmp_path):
    settings.XINYONG_IMPORT_ROOT = tmp_path / "imports"


@pytest.fixture
def department(db):
    return f.department("北京市财政局")


@pytest.fixture
def other_department(db):
    return f.department("北京市发展和改革委员会")


@pytest.fixture
def deliver_key(admin_user, department):
    issued = api_key_issue(
        actor=admin_user, department=department, label="报送程序", can_query=False, can_deliver=True
    )
    return issued.api_key, issued.plaintext


@pytest.fixture
def query_key(admin_user, department):
    issued = api_key_issue(
        actor=admin_user, department=department, label="查询程序", can_query=True, can_deliver=False
    )
    return issued.api_key, issued.plaintext


@pytest.fixture
def xc_assoc(xc_staff):
    return f.association(actor=xc_staff, name="北京市西城区养老服务协会")


def verify() -> tuple[int, str, str]:
    """Run ``xinyong verify_history``; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_history", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()
