"""measures.permissions judges one kind or proposal in Python (``can_apply``, ``can_decide``), as
services and list pages ask per row; the pages list the same rules as querysets. These tests
prove each Python check equal to its scope for every user against every row, so a button is
offered exactly where the service would accept."""

import pytest
from django.utils import timezone

from xinyong.accounts.models import Role
from xinyong.testing import factories as f

from ..models import MeasureKind
from ..permissions import can_apply, can_decide, is_department, is_staff
from ..selectors import kinds_applicable_by, proposals_visible_to
from ..services import propose_measures


@pytest.fixture
def users(
    dc_staff, xc_staff, supervisor, admin_user, assoc_user, granted_dept_user, other_dept_user, dongcheng
):
    gone = f.staff(dongcheng, username="dc-gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    auditor = f.user(role=Role.AUDITOR, username="auditor")
    return [
        dc_staff,
        xc_staff,
        supervisor,
        admin_user,
        assoc_user,
        granted_dept_user,
        other_dept_user,
        gone,
        auditor,
    ]


@pytest.fixture
def associations(assoc, xc_staff, dishonesty):
    xc_assoc = f.association(actor=xc_staff, name="北京市西城区测试协会")
    f.record(actor=xc_staff, association_obj=xc_assoc, kind="dishonesty")
    return [assoc, xc_assoc]


def test_can_apply_is_the_scope_of_kinds_to_apply(users, associations):
    stopped = MeasureKind.objects.filter(active=True).first()
    MeasureKind.objects.filter(pk=stopped.pk).update(active=False)
    kinds = list(MeasureKind.objects.prefetch_related("departments"))
    assert any(not k.active for k in kinds) and any(k.departments.exists() for k in kinds)
    for user in users:
        for association in associations:
            scope = kinds_applicable_by(user, association)
            for kind in kinds:
                assert can_apply(user, kind, association) == scope.contains(kind), (user, kind, association)


def test_can_decide_is_the_scope_of_proposals_for_those_who_apply(users, associations):
    proposals = propose_measures(on=timezone.localdate())
    assert {p.association for p in proposals} == set(associations)
    for user in users:
        visible = proposals_visible_to(user)
        applies = is_staff(user) or is_department(user)
        for proposal in proposals:
            assert can_decide(user, proposal) == (applies and visible.contains(proposal)), (user, proposal)
