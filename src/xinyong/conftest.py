"""Shared fixtures: a small world of authorities, users and one association with records."""

import pytest
from django.core.cache import caches

from xinyong.accounts.models import Role
from xinyong.testing import factories as f


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.XINYONG_OPENDATA_ROOT = tmp_path / "opendata"
    settings.XINYONG_IMPORT_ROOT = tmp_path / "imports"
    # Argon2 is deliberately slow; tests that are not about passwords do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rolled-back tests reuse ids, so a page cached by one test could match another's key.
    caches["pages"].clear()


@pytest.fixture
def city(db):
    return f.authority()


@pytest.fixture
def dongcheng(city):
    return f.authority(code="110101", name="北京市东城区民政局", parent=city)


@pytest.fixture
def xicheng(city):
    return f.authority(code="110102", name="北京市西城区民政局", parent=city)


@pytest.fixture
def dc_staff(dongcheng):
    return f.staff(dongcheng, username="dc-staff")


@pytest.fixture
def xc_staff(xicheng):
    return f.staff(xicheng, username="xc-staff")


@pytest.fixture
def city_staff(city):
    return f.staff(city, username="city-staff")


@pytest.fixture
def supervisor(city):
    return f.user(role=Role.SUPERVISOR, authority=city, username="supervisor")


@pytest.fixture
def admin_user(db):
    return f.user(role=Role.ADMIN, username="admin")


@pytest.fixture
def dept_user(db):
    return f.user(role=Role.DEPARTMENT, department=f.department(), username="dept")


@pytest.fixture
def assoc(dc_staff):
    return f.association(actor=dc_staff, name="北京市东城区餐饮行业协会")


@pytest.fixture
def assoc_user(assoc):
    return f.user(role=Role.ASSOCIATION, association=assoc, username="assoc")


@pytest.fixture
def dishonesty(dc_staff, assoc):
    return f.record(actor=dc_staff, association_obj=assoc, kind="dishonesty")


@pytest.fixture
def other_assoc_user(xc_staff):
    """The account of an association that 西城区 registered (not 东城区's ``assoc``)."""
    other = f.association(actor=xc_staff, name="北京市西城区另一协会")
    return f.user(role=Role.ASSOCIATION, association=other, username="other-assoc")


@pytest.fixture
def dc_account_admin(dongcheng):
    return f.staff(dongcheng, username="dc-accounts", manages_accounts=True)


@pytest.fixture
def auditor(db):
    return f.user(role=Role.AUDITOR, username="auditor")
