"""R-REC-2 permission matrix: every role × every write, enforced in the service layer.

The record is recorded by 东城区民政局 (dc_staff). Only its staff may change it; the municipal
bureau above it, the supervising bureau, administrators, departments, the association and other
districts are refused — and nothing changes when they are.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from xinyong.errors import NotAllowed
from xinyong.history.models import HistoryEntry
from xinyong.records import services
from xinyong.testing import factories as f

ACTORS = [
    "dc_staff",
    "xc_staff",
    "city_staff",
    "supervisor",
    "admin_user",
    "dept_user",
    "assoc_user",
    "anonymous",
]
ALLOWED = {"dc_staff"}


def create(actor, record, owner):
    return f.record(actor=actor, association_obj=record.association, kind="honour")


def modify(actor, record, owner=None):
    return services.record_modify(
        actor=actor,
        record=record,
        changes={"penalty": "罚款"},
        reason="更正",
        expected_version=record.version,
    )


def revoke(actor, record, owner):
    return services.record_revoke(actor=actor, record=record, reason="撤销", expected_version=record.version)


def finalize(actor, record, owner):
    draft = f.record(actor=owner, association_obj=record.association, draft=True, evidence=False)
    services.evidence_add(actor=owner, record=draft, item=f.evidence_input(), reason="补充")
    return services.record_finalize(actor=actor, record=draft, reason="转正", expected_version=draft.version)


def add_evidence(actor, record, owner):
    return services.evidence_add(actor=actor, record=record, item=f.evidence_input(), reason="补充材料")


def revoke_evidence(actor, record, owner):
    services.evidence_add(actor=owner, record=record, item=f.evidence_input(name="b.pdf"), reason="补充")
    return services.evidence_revoke(actor=actor, evidence=record.evidence.first(), reason="材料有误")


ACTIONS = {
    "create": create,
    "modify": modify,
    "revoke": revoke,
    "finalize": finalize,
    "add_evidence": add_evidence,
    "revoke_evidence": revoke_evidence,
}


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", ACTORS)
def test_permission_matrix(request, who, action, dishonesty, dc_staff):
    actor = request.getfixturevalue(who)
    run = ACTIONS[action]
    if who in ALLOWED:
        before = HistoryEntry.objects.count()
        run(actor, dishonesty, dc_staff)
        assert HistoryEntry.objects.count() > before
        return
    with pytest.raises(NotAllowed) as exc:
        run(actor, dishonesty, dc_staff)
    if action != "create":
        assert "北京市东城区民政局" in str(exc.value)
    dishonesty.refresh_from_db()
    assert dishonesty.version == 1 and dishonesty.status == "recorded"
    assert dishonesty.evidence.filter(revoked=False).count() >= 1


def test_staff_of_another_authority_cannot_record_for_an_association_not_registered_with_it(xc_staff, assoc):
    with pytest.raises(NotAllowed):
        f.record(actor=xc_staff, association_obj=assoc)


def test_inactive_staff_is_refused(dc_staff, dishonesty):
    dc_staff.is_active = False
    dc_staff.save()
    with pytest.raises(NotAllowed):
        modify(dc_staff, dishonesty)
