"""The rules propose exactly the expected measures (R-MEA-2): one table of cases, each a fresh
association with its records, run through ``propose_measures`` on today."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from xinyong.records.services import record_revoke
from xinyong.testing import factories as f

from ..catalogue import measure_rule_modify
from ..choices import ProposalStatus
from ..models import MeasureProposal, MeasureRule
from ..rules import basis_key, evaluate_rules
from ..services import proposal_dismiss, propose_measures
from .conftest import apply

pytestmark = pytest.mark.django_db

DISHONESTY = "dishonesty-restrict-purchase"
GRADE_5A = "evaluation-5a-priority-purchase"
UNQUALIFIED = "inspection-unqualified-key-supervision"


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def dishonest(staff, a, **kw):
    return f.record(actor=staff, association_obj=a, kind="dishonesty", **kw)


def evaluation(staff, a, grade, valid_until, days=400):
    data = {"event_date": ago(days), "grade": grade, "valid_until": valid_until}
    return f.record(actor=staff, association_obj=a, kind="evaluation", data=data)


def inspection(staff, a, conclusion, days):
    data = {"event_date": ago(days), "inspection_year": ago(days).year - 1, "conclusion": conclusion}
    return f.record(actor=staff, association_obj=a, kind="annual_inspection", data=data)


def deactivate(admin, code):
    rule = MeasureRule.objects.get(code=code)
    measure_rule_modify(actor=admin, rule=rule, changes={"active": False}, reason="暂停", expected_version=1)


def dismissed_earlier(staff, admin, a):
    dishonest(staff, a)
    (proposal,) = [p for p in propose_measures(on=timezone.localdate()) if p.association_id == a.pk]
    proposal_dismiss(actor=staff, proposal=proposal, reason="已另案处理，不再限制", expected_version=1)


CASES = {
    "published dishonesty": (lambda s, adm, a: dishonest(s, a), {DISHONESTY}),
    "expired dishonesty (over 5 years)": (
        lambda s, adm, a: dishonest(s, a, data={"event_date": ago(5 * 365 + 10)}),
        set(),
    ),
    "draft dishonesty": (lambda s, adm, a: dishonest(s, a, draft=True, evidence=False), set()),
    "revoked dishonesty": (
        lambda s, adm, a: record_revoke(actor=s, record=dishonest(s, a), reason="撤销", expected_version=1),
        set(),
    ),
    "confidential dishonesty": (lambda s, adm, a: dishonest(s, a, confidentiality="state_secret"), set()),
    "5A still valid": (
        lambda s, adm, a: evaluation(s, a, "5A", timezone.localdate() + timedelta(days=300)),
        {GRADE_5A},
    ),
    "5A valid through today": (lambda s, adm, a: evaluation(s, a, "5A", timezone.localdate()), {GRADE_5A}),
    "5A no longer valid": (lambda s, adm, a: evaluation(s, a, "5A", ago(1)), set()),
    "4A valid": (
        lambda s, adm, a: evaluation(s, a, "4A", timezone.localdate() + timedelta(days=300)),
        set(),
    ),
    "inspection unqualified, recent": (lambda s, adm, a: inspection(s, a, "unqualified", 100), {UNQUALIFIED}),
    "inspection unqualified, a year ago today": (
        lambda s, adm, a: inspection(s, a, "unqualified", 365),
        {UNQUALIFIED},
    ),
    "inspection unqualified, old": (lambda s, adm, a: inspection(s, a, "unqualified", 366), set()),
    "inspection qualified, recent": (lambda s, adm, a: inspection(s, a, "qualified", 100), set()),
    "inactive rule": (lambda s, adm, a: (deactivate(adm, DISHONESTY), dishonest(s, a)), set()),
    "already in force": (lambda s, adm, a: apply(s, a, [dishonest(s, a)]), set()),
    "in force only from tomorrow": (
        lambda s, adm, a: apply(s, a, [dishonest(s, a)], start=timezone.localdate() + timedelta(days=1)),
        set(),
    ),
    "dismissed earlier": (lambda s, adm, a: dismissed_earlier(s, adm, a), set()),
    "dishonesty and 5A together": (
        lambda s, adm, a: (
            dishonest(s, a),
            evaluation(s, a, "5A", timezone.localdate() + timedelta(days=300)),
        ),
        {DISHONESTY, GRADE_5A},
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_rules_propose_exactly_the_expected_measures(case, dc_staff, admin_user):
    association = f.association(actor=dc_staff)
    setup, expected = CASES[case]
    setup(dc_staff, admin_user, association)
    propose_measures(on=timezone.localdate())
    proposed = MeasureProposal.objects.filter(association=association, status=ProposalStatus.PENDING)
    assert {p.rule.code for p in proposed} == expected
    for proposal in proposed:
        assert proposal.kind == proposal.rule.kind
        assert proposal.basis_records.exists()
        assert all(r.association_id == association.pk for r in proposal.basis_records.all())


def test_a_proposal_rests_on_every_matching_record_and_is_made_once(dc_staff, assoc):
    first, second = dishonest(dc_staff, assoc), dishonest(dc_staff, assoc, data={"event_date": ago(30)})
    created = propose_measures(on=timezone.localdate())
    assert [(p.association_id, p.rule.code) for p in created] == [(assoc.pk, DISHONESTY)]
    assert sorted(created[0].basis_records.values_list("pk", flat=True)) == sorted([first.pk, second.pk])
    assert created[0].basis_key == basis_key([second.pk, first.pk])
    assert propose_measures(on=timezone.localdate()) == []  # idempotent
    # A new matching record is a new basis: a new proposal, the old one stays pending.
    dishonest(dc_staff, assoc, data={"event_date": ago(10)})
    assert len(propose_measures(on=timezone.localdate())) == 1
    assert MeasureProposal.objects.filter(association=assoc, status=ProposalStatus.PENDING).count() == 2


def test_evaluation_is_pure_and_follows_the_date(dc_staff, assoc):
    record = dishonest(dc_staff, assoc, data={"event_date": ago(20)})
    today = timezone.localdate()
    assert [(c.association, c.rule.code, c.basis_record_ids) for c in evaluate_rules(on=today)] == [
        (assoc, DISHONESTY, (record.pk,))
    ]
    assert evaluate_rules(on=ago(21)) == []  # before the event it was not published yet
    assert evaluate_rules(on=today, associations=[f.association(actor=dc_staff)]) == []
    assert not MeasureProposal.objects.exists()


def test_the_command_proposes_for_a_date(dc_staff, assoc):
    dishonest(dc_staff, assoc, data={"event_date": ago(20)})
    out = io.StringIO()
    call_command("propose_measures", "--date", ago(30).isoformat(), stdout=out)
    assert "新增措施建议 0 条" in out.getvalue()
    call_command("propose_measures", stdout=out)
    assert "新增措施建议 1 条" in out.getvalue() and assoc.uscc in out.getvalue()
    assert MeasureProposal.objects.get().proposed_on == timezone.localdate()
