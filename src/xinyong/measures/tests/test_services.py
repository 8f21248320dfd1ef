"""Applying and lifting measures, deciding proposals, and the catalogue, through the services
(R-MEA-1, R-MEA-2): who may, what is checked, and the history entry each change writes."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from xinyong.errors import InvalidState, NotAllowed, StaleVersion
from xinyong.history.models import HistoryEntry
from xinyong.notices.models import Notice
from xinyong.records.services import record_revoke
from xinyong.testing import factories as f

from ..catalogue import measure_kind_create, measure_kind_modify, measure_rule_create, measure_rule_modify
from ..choices import ProposalStatus
from ..models import Measure, MeasureKind, MeasureProposal, MeasureRule
from ..selectors import measures_on
from ..services import measure_lift, proposal_dismiss, propose_measures
from .conftest import apply, kind

pytestmark = pytest.mark.django_db


def entries(object_type, pk):
    return list(HistoryEntry.objects.filter(object_type=object_type, object_id=pk).order_by("id"))


def verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_history", "--skip-files", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_staff_apply_a_measure_with_its_history_entry(dc_staff, assoc, assoc_user, dishonesty, today):
    measure = apply(dc_staff, assoc, [dishonesty], decision_number=" 东民信〔2026〕1号 ")
    assert measure.applied_by_authority == dc_staff.authority and measure.applied_by_department is None
    assert measure.applied_by_name == "北京市东城区民政局"
    assert measure.decision_number == "东民信〔2026〕1号"
    assert list(measure.basis_records.all()) == [dishonesty]
    (entry,) = entries("measure", measure.pk)
    assert entry.action == "measure.apply" and entry.association_id == assoc.pk
    assert entry.actor_id == dc_staff.pk and entry.before is None
    assert entry.after["basis_records"] == [dishonesty.pk]
    assert entry.after["start_on"] == today.isoformat() and entry.reason.startswith("依据失信信息")
    assert Notice.objects.filter(user=assoc_user, subject__contains="限制参与政府购买服务").exists()
    assert list(measures_on(assoc, on=today)) == [measure]


def test_a_granted_department_applies_to_any_association(granted_dept_user, xc_staff):
    elsewhere = f.association(actor=xc_staff)
    record = f.record(actor=xc_staff, association_obj=elsewhere, kind="dishonesty")
    measure = apply(granted_dept_user, elsewhere, [record])
    assert measure.applied_by_department == granted_dept_user.department
    assert measure.applied_by_authority is None
    assert measure.applied_by_name == "北京市财政局"
    assert entries("measure", measure.pk)[0].authority_id is None


@pytest.mark.parametrize(
    ("who", "code", "message"),
    [
        ("dept_user", "restrict-purchase", "本部门未获授权"),  # a department without the grant
        ("granted_dept_user", "key-supervision", "本部门未获授权"),  # granted another kind only
        ("xc_staff", "restrict-purchase", "只有该协会的登记管理机关"),  # another authority's association
        ("city_staff", "restrict-purchase", "只有该协会的登记管理机关"),  # a higher authority
        ("supervisor", "restrict-purchase", "只有该协会的登记管理机关"),
        ("admin_user", "restrict-purchase", "只有该协会的登记管理机关"),
        ("assoc_user", "restrict-purchase", "只有该协会的登记管理机关"),
    ],
)
def test_who_may_not_apply(request, who, code, message, assoc, dishonesty):
    actor = request.getfixturevalue(who)
    with pytest.raises(NotAllowed, match=message):
        apply(actor, assoc, [dishonesty], code=code)
    assert not Measure.objects.exists()


def test_an_inactive_kind_cannot_be_applied(admin_user, dc_staff, assoc, dishonesty):
    restrict = kind("restrict-purchase")
    measure_kind_modify(
        actor=admin_user, kind=restrict, changes={"active": False}, reason="政策调整", expected_version=1
    )
    with pytest.raises(NotAllowed, match="已停用"):
        apply(dc_staff, assoc, [dishonesty])


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(dc_staff, assoc, dishonesty, today):
    draft = f.record(actor=dc_staff, association_obj=assoc, kind="honour", draft=True, evidence=False)
    revoked = record_revoke(
        actor=dc_staff,
        record=f.record(actor=dc_staff, association_obj=assoc),
        reason="撤销",
        expected_version=1,
    )
    other = f.record(actor=dc_staff, association_obj=f.association(actor=dc_staff))
    history = HistoryEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        apply(
            dc_staff, assoc, [draft, revoked, other], start=today, end=today - timedelta(days=1), reason=" "
        )
    errors = exc.value.message_dict
    assert set(errors) == {"basis_records", "end_on", "reason"}
    for record in (draft, revoked, other):
        assert f"#{record.pk}" in errors["basis_records"][0]
    with pytest.raises(ValidationError) as exc:
        apply(dc_staff, assoc, [])
    assert "请至少选择一条" in exc.value.message_dict["basis_records"][0]
    assert (Measure.objects.count(), HistoryEntry.objects.count()) == (0, history)


def test_a_department_rests_only_on_published_records(granted_dept_user, dc_staff, assoc):
    secret = f.record(actor=dc_staff, association_obj=assoc, confidentiality="state_secret")
    with pytest.raises(ValidationError, match=f"#{secret.pk}"):
        apply(granted_dept_user, assoc, [secret])


def test_the_same_kind_cannot_overlap_but_may_follow(dc_staff, assoc, dishonesty, today):
    first = apply(dc_staff, assoc, [dishonesty], end=today + timedelta(days=10))
    with pytest.raises(ValidationError, match="已有同种措施"):
        apply(dc_staff, assoc, [dishonesty], start=today + timedelta(days=10))
    apply(dc_staff, assoc, [dishonesty], start=today + timedelta(days=11))
    apply(dc_staff, assoc, [dishonesty], code="more-inspections")  # another kind runs alongside
    assert Measure.objects.filter(association=assoc).count() == 3
    assert first.pk in measures_on(assoc, on=today).values_list("pk", flat=True)


def test_lifting_ends_the_measure_today(measure, dc_staff, assoc, assoc_user, today):
    lifted = measure_lift(
        actor=dc_staff, measure=measure, reason="协会已整改到位并经复核", expected_version=1
    )
    assert (lifted.lifted_on, lifted.lifted_by, lifted.version) == (today, dc_staff, 2)
    assert list(measures_on(assoc, on=today)) == []
    assert list(measures_on(assoc, on=today - timedelta(days=1))) == []  # it started today
    apply_entry, lift_entry = entries("measure", measure.pk)
    assert lift_entry.action == "measure.lift" and lift_entry.reason == "协会已整改到位并经复核"
    assert lift_entry.before == apply_entry.after
    assert lift_entry.after["lifted_on"] == today.isoformat() and lift_entry.after["lifted_by"] == dc_staff.pk
    assert Notice.objects.filter(user=assoc_user, subject__contains="已解除").exists()
    with pytest.raises(InvalidState, match="已于"):
        measure_lift(actor=dc_staff, measure=measure, reason="再次解除试试", expected_version=2)


def test_lifting_needs_the_applier_a_reason_and_the_current_version(
    measure, dc_staff, city_staff, supervisor, granted_dept_user
):
    for actor in (city_staff, supervisor, granted_dept_user):
        with pytest.raises(NotAllowed, match="北京市东城区民政局"):
            measure_lift(actor=actor, measure=measure, reason="越权解除", expected_version=1)
    with pytest.raises(ValidationError) as exc:
        measure_lift(actor=dc_staff, measure=measure, reason="  ", expected_version=1)
    assert "reason" in exc.value.message_dict
    with pytest.raises(StaleVersion):
        measure_lift(actor=dc_staff, measure=measure, reason="协会已整改到位", expected_version=0)
    measure.refresh_from_db()
    assert measure.lifted_on is None and len(entries("measure", measure.pk)) == 1


def test_an_expired_measure_cannot_be_lifted(dc_staff, assoc, dishonesty, today):
    old = apply(
        dc_staff, assoc, [dishonesty], start=today - timedelta(days=30), end=today - timedelta(days=1)
    )
    with pytest.raises(InvalidState, match="期满"):
        measure_lift(actor=dc_staff, measure=old, reason="无需解除", expected_version=1)


def test_accepting_a_proposal_applies_it_and_links_it(dc_staff, assoc, dishonesty, today):
    (proposal,) = propose_measures(on=today)
    measure = apply(dc_staff, assoc, [dishonesty], proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by == dc_staff
    assert measure.proposal == proposal
    assert entries("measure", measure.pk)[0].after["proposal"] == proposal.pk
    with pytest.raises(InvalidState, match="已经处理过"):
        apply(dc_staff, assoc, [dishonesty], proposal=proposal, start=today + timedelta(days=400))


def test_a_proposal_must_match_what_is_applied(dc_staff, assoc, dishonesty, today):
    (proposal,) = propose_measures(on=today)
    with pytest.raises(InvalidState, match="不一致"):
        apply(dc_staff, assoc, [dishonesty], code="more-inspections", proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING and not Measure.objects.exists()


def test_dismissing_a_proposal(dc_staff, xc_staff, supervisor, assoc, dishonesty, today):
    (proposal,) = propose_measures(on=today)
    for actor in (xc_staff, supervisor):
        with pytest.raises(NotAllowed):
            proposal_dismiss(actor=actor, proposal=proposal, reason="不属本机关", expected_version=1)
    with pytest.raises(ValidationError):
        proposal_dismiss(actor=dc_staff, proposal=proposal, reason="", expected_version=1)
    with pytest.raises(StaleVersion):
        proposal_dismiss(actor=dc_staff, proposal=proposal, reason="该处罚正在复议中", expected_version=5)
    dismissed = proposal_dismiss(
        actor=dc_staff, proposal=proposal, reason="该处罚正在复议中", expected_version=1
    )
    assert dismissed.status == ProposalStatus.DISMISSED and dismissed.dismiss_reason == "该处罚正在复议中"
    (entry,) = entries("measure_proposal", proposal.pk)
    assert entry.action == "measure_proposal.dismiss" and entry.before["status"] == "pending"
    assert entry.after["status"] == "dismissed" and entry.association_id == assoc.pk
    with pytest.raises(InvalidState):
        proposal_dismiss(actor=dc_staff, proposal=proposal, reason="再次处理", expected_version=2)


def test_a_granted_department_decides_proposals_of_its_kinds(
    granted_dept_user, other_dept_user, assoc, dishonesty, today
):
    (proposal,) = propose_measures(on=today, actor=granted_dept_user)
    with pytest.raises(NotAllowed):
        proposal_dismiss(actor=other_dept_user, proposal=proposal, reason="不属本部门", expected_version=1)
    proposal_dismiss(actor=granted_dept_user, proposal=proposal, reason="已掌握整改情况", expected_version=1)
    with pytest.raises(NotAllowed):
        propose_measures(on=today, actor=f.user(role="supervisor", authority=assoc.authority.parent))


def test_administrators_keep_the_catalogue_and_rules(admin_user, dc_staff):
    with pytest.raises(NotAllowed):
        measure_kind_create(
            actor=dc_staff, data={"code": "x", "name": "x", "direction": "penalty"}, reason="新增"
        )
    new = measure_kind_create(
        actor=admin_user,
        data={"code": "public-notice", "name": "通报批评", "direction": "penalty", "active": True},
        reason="依文件新增",
    )
    (entry,) = entries("measure_kind", new.pk)
    assert entry.action == "measure_kind.create" and entry.after["code"] == "public-notice"
    with pytest.raises(ValidationError) as exc:
        measure_kind_create(
            actor=admin_user,
            data={"code": "public-notice", "name": "通报批评", "direction": "x"},
            reason="重复",
        )
    assert {"code", "name", "direction"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError, match="代码"):
        measure_kind_modify(
            actor=admin_user, kind=new, changes={"code": "other"}, reason="改代码", expected_version=1
        )
    with pytest.raises(StaleVersion):
        measure_kind_modify(
            actor=admin_user, kind=new, changes={"name": "通报"}, reason="改名", expected_version=3
        )

    rule = measure_rule_create(
        actor=admin_user,
        data={
            "code": "national-honour",
            "name": "国家级荣誉建议优先推荐表彰",
            "kind": kind("priority-commendation"),
            "duration_days": 730,
            "record_kind": "honour",
            "field": "honour_level",
            "values": ["national"],
            "require_valid": True,
        },
        reason="新增规则",
    )
    assert entries("measure_rule", rule.pk)[0].after["values"] == ["national"]
    modified = measure_rule_modify(
        actor=admin_user, rule=rule, changes={"duration_days": 365}, reason="缩短期限", expected_version=1
    )
    assert modified.version == 2 and entries("measure_rule", rule.pk)[1].before["duration_days"] == 730


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"record_kind": "", "record_category": ""}, "record_kind"),
        ({"record_kind": "evaluation", "record_category": "dishonesty"}, "record_category"),
        ({"field": "conclusion", "values": ["unqualified"]}, "field"),  # 评估信息 has no 年检结论
        ({"values": ["6A"]}, "values"),
        ({"values": []}, "values"),
        ({"duration_days": 0}, "duration_days"),
        ({"field": "", "values": ["5A"]}, "values"),
    ],
)
def test_rule_conditions_are_checked(admin_user, changes, field):
    rule = MeasureRule.objects.get(code="evaluation-5a-priority-purchase")
    with pytest.raises(ValidationError) as exc:
        measure_rule_modify(actor=admin_user, rule=rule, changes=changes, reason="修改", expected_version=1)
    assert field in exc.value.message_dict
    rule.refresh_from_db()
    assert rule.version == 1


def test_verify_history_is_clean_and_finds_tampering(
    admin_user, dc_staff, granted_dept_user, assoc, dishonesty, today
):
    measure = apply(dc_staff, assoc, [dishonesty], code="more-inspections")
    measure_lift(actor=dc_staff, measure=measure, reason="已整改到位", expected_version=1)
    accepted, *_ = propose_measures(on=today)
    apply(dc_staff, assoc, [dishonesty], proposal=accepted)
    evaluation = f.record(actor=dc_staff, association_obj=assoc, kind="evaluation", data={"grade": "5A"})
    (dismissed,) = propose_measures(on=today)
    assert list(dismissed.basis_records.all()) == [evaluation]
    proposal_dismiss(actor=dc_staff, proposal=dismissed, reason="评估结果尚在复核", expected_version=1)
    f.record(
        actor=dc_staff, association_obj=assoc, kind="annual_inspection", data={"conclusion": "unqualified"}
    )
    assert len(propose_measures(on=today)) == 1  # stays pending: needs no history entry
    code, out, err = verify()
    assert code == 0, err
    assert "measure: 2 checked" in out and "measure_kind: 10 checked" in out and "measure_proposal: 3" in out

    # Behind the services' back: a seeded kind, a rule, a measure and a dismissed proposal.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE measures_measurekind SET name = '改名' WHERE code = 'restrict-funding'")
        cursor.execute(
            "UPDATE measures_measurerule SET duration_days = 9 WHERE code = %s", [accepted.rule.code]
        )
        cursor.execute("UPDATE measures_measure SET end_on = start_on WHERE id = %s", [measure.pk])
        cursor.execute("UPDATE measures_measureproposal SET status = 'pending' WHERE id = %s", [dismissed.pk])
    code, out, err = verify()
    assert code == 1
    restrict_funding = MeasureKind.objects.get(code="restrict-funding")
    assert f"measure_kind {restrict_funding.pk}: differs from its seed (migration 0002) in name" in err
    assert f"measure_rule {accepted.rule_id}: differs from its seed (migration 0002) in duration_days" in err
    assert f"measure {measure.pk}: differs from its last history entry in end_on" in err
    assert f"measure_proposal {dismissed.pk}: differs from its last history entry in status" in err


def test_the_seeded_rules_use_the_stored_values():
    assert MeasureRule.objects.get(code="evaluation-5a-priority-purchase").values == ["5A"]
    assert MeasureRule.objects.get(code="inspection-unqualified-key-supervision").values == ["unqualified"]
    assert MeasureKind.objects.filter(direction="incentive").count() == 4
    assert MeasureProposal.objects.count() == 0


def test_invisible_characters_are_removed_from_measures(dc_staff, assoc, dishonesty):
    """Issue 13: the reason and 文号 are stored without zero-width or bidi characters."""
    measure = apply(
        dc_staff,
        assoc,
        [dishonesty],
        decision_number="东民信\u200b〔2026〕1号",
        reason="依据失信信息\u202e，限制一年。",
    )
    assert measure.decision_number == "东民信〔2026〕1号" and measure.reason == "依据失信信息，限制一年。"
