"""Fixtures for the measures tests: the seeded catalogue, a granted department, applying."""

from datetime import timedelta

import pytest
from django.utils import timezone

from xinyong.accounts.models import Role
from xinyong.testing import factories as f

# The browser fixtures (a demo server and Debian's Chromium), for test_journey.py.
from xinyong.tests.browser import browser, page, server  # noqa: F401

from ..catalogue import measure_kind_modify
from ..models import MeasureKind
from ..services import measure_apply


def kind(code: str) -> MeasureKind:
    return MeasureKind.objects.get(code=code)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def granted_dept_user(admin_user):
    """A department user whose department (北京市财政局) may apply 限制参与政府购买服务."""
    department = f.department("北京市财政局")
    restrict = kind("restrict-purchase")
    measure_kind_modify(
        actor=admin_user,
        kind=restrict,
        changes={"departments": [department]},
        reason="依部门职责授权",
        expected_version=restrict.version,
    )
    return f.user(role=Role.DEPARTMENT, department=department, username="dept-granted")


@pytest.fixture
def other_dept_user(db):
    return f.user(role=Role.DEPARTMENT, department=f.department("北京市商务局"), username="dept-other")


def apply(actor, association, records, *, code="restrict-purchase", start=None, end=None, **kw):
    today = timezone.localdate()
    start = start or today
    return measure_apply(
        actor=actor,
        association=association,
        kind=kind(code),
        basis_records=records,
        start_on=start,
        end_on=end or start + timedelta(days=364),
        reason=kw.pop("reason", "依据失信信息，限制参与政府购买服务一年。"),
        **kw,
    )


@pytest.fixture
def measure(dc_staff, assoc, dishonesty):
    return apply(dc_staff, assoc, [dishonesty], decision_number="东民信〔2026〕1号")
