"""The measures pages: one permission table (role × page × method), then the main flows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from xinyong.history.models import HistoryEntry
from xinyong.testing import factories as f
from xinyong.testing.matrix import ANONYMOUS, DONE, Case, Matrix, expect, run

from ..catalogue import measure_kind_modify
from ..choices import ProposalStatus
from ..models import Measure, MeasureProposal
from ..services import measure_lift, propose_measures
from .conftest import apply, kind

pytestmark = pytest.mark.django_db

# other_dept_user: a department without any grant; granted_dept_user: 北京市财政局, granted both kinds.
ROLES = (
    ANONYMOUS,
    "assoc_user",
    "dc_staff",
    "xc_staff",
    "supervisor",
    "admin_user",
    "other_dept_user",
    "granted_dept_user",
)
OFFICE = ROLES[2:]  # every back-office role; the association has no measures pages but its own
DECIDERS = ("dc_staff", "granted_dept_user")  # 东城区 registered the association; 财政局 is granted


def _measure(world):
    return [world["measure"].pk]


def _proposal(world):
    return [world["proposal"].pk]


MATRIX = Matrix(
    ROLES,
    [
        Case("measures:list", expect(*OFFICE)),
        Case(
            "measures:detail",
            expect("assoc_user", "dc_staff", "supervisor", "admin_user", "granted_dept_user"),
            args=_measure,
        ),
        Case(
            "measures:apply",
            expect(*DECIDERS),
            query=lambda world: f"association={world['assoc'].pk}",
            label="apply_to_assoc",
        ),
        Case("measures:apply", expect("dc_staff", "xc_staff", "granted_dept_user"), label="apply_pick"),
        Case(
            "measures:apply",
            expect(*DECIDERS),
            query=lambda world: f"proposal={world['proposal'].pk}",
            label="apply_from_proposal",
        ),
        Case("measures:proposals", expect(*OFFICE)),
        Case("measures:dismiss", expect(*DECIDERS), args=_proposal),
        Case(
            "measures:dismiss",
            expect(*DECIDERS, status=DONE),
            method="post",
            args=_proposal,
            data=lambda _: {"reason": "暂不采纳，待复核", "version": 1},
        ),
        Case(
            "measures:lift",
            expect("dc_staff", status=DONE),
            method="post",
            args=_measure,
            data=lambda _: {"reason": "协会已整改到位", "version": 1},
        ),
        Case(
            "measures:proposals_run",
            expect("dc_staff", "xc_staff", "admin_user", "other_dept_user", "granted_dept_user", status=DONE),
            method="post",
        ),
        Case("measures:kinds", expect(*OFFICE)),
        Case("measures:kind_create", expect("admin_user")),
        Case("measures:kind_edit", expect("admin_user"), args=lambda world: [world["measure"].kind_id]),
        Case("measures:rules", expect(*OFFICE)),
        Case("measures:rule_create", expect("admin_user")),
        Case("measures:rule_edit", expect("admin_user"), args=lambda world: [world["proposal"].rule_id]),
    ],
)


@pytest.fixture
def world(measure, assoc, admin_user, granted_dept_user, today):
    """A measure in force (东城, 限制参与政府购买服务) and a pending proposal (优先承接政府购买服务)
    that the granted department (北京市财政局) may decide too."""
    f.record(actor=measure.applied_by_user, association_obj=assoc, kind="evaluation", data={"grade": "5A"})
    (proposal,) = propose_measures(on=today)
    measure_kind_modify(
        actor=admin_user,
        kind=proposal.kind,
        changes={"departments": [granted_dept_user.department]},
        reason="依部门职责授权",
        expected_version=proposal.kind.version,
    )
    return {"measure": measure, "proposal": proposal, "assoc": assoc}


@MATRIX.parametrize
def test_permission_matrix(client, request, world, cell):
    run(client, cell, world, request=request)


def test_a_department_without_a_grant_is_told_why(client, dept_user, assoc):
    client.force_login(dept_user)
    response = client.get(reverse("measures:apply") + f"?association={assoc.pk}")
    assert response.status_code == 403
    assert "本部门尚未获授权" in response.content.decode()


def test_staff_apply_from_the_association_page(client, dc_staff, assoc, dishonesty, today):
    client.force_login(dc_staff)
    page = client.get(reverse("registry:detail", args=[assoc.pk])).content.decode()
    assert "激励惩戒措施" in page and f"?association={assoc.pk}" in page
    url = reverse("measures:apply") + f"?association={assoc.pk}"
    form = client.get(url).content.decode()
    assert "失信信息 · " in form  # basis records shown with kind, date and summary
    restrict = kind("restrict-purchase")
    data = {
        "kind": restrict.pk,
        "basis_records": [dishonesty.pk],
        "start_on": today.isoformat(),
        "end_on": (today - timedelta(days=1)).isoformat(),
        "decision_number": "东民信〔2026〕7号",
        "reason": "依据失信信息，限制参与政府购买服务。",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "截止日期不能早于起始日期" in refused.content.decode()
    assert "东民信〔2026〕7号" in refused.content.decode()  # what was typed is kept
    response = client.post(url, {**data, "end_on": (today + timedelta(days=364)).isoformat()})
    measure = Measure.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "measures:detail", args=[measure.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "实施中" in detail and "东民信〔2026〕7号" in detail and "解除措施" in detail


def test_accepting_a_proposal_prefills_the_form(client, dc_staff, assoc, dishonesty, today):
    (proposal,) = propose_measures(on=today)
    client.force_login(dc_staff)
    url = reverse("measures:apply") + f"?proposal={proposal.pk}"
    form = client.get(url).context["form"]
    assert form.initial["kind"] == proposal.kind_id and form.initial["basis_records"] == [dishonesty.pk]
    assert form.initial["end_on"] == today + timedelta(days=364)
    data = {
        "kind": proposal.kind_id,
        "basis_records": [dishonesty.pk],
        "start_on": today.isoformat(),
        "end_on": form.initial["end_on"].isoformat(),
        "reason": form.initial["reason"],
    }
    assert client.post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.measure.kind_id == proposal.kind_id
    again = client.get(url)
    assert again.status_code == 302 and again["Location"] == reverse("measures:proposals")


def test_a_stale_lift_is_refused_with_409(client, dc_staff, measure):
    client.force_login(dc_staff)
    stale = {"reason": "协会已整改到位", "version": 1}
    measure_lift(actor=dc_staff, measure=measure, reason="另一位工作人员先解除了", expected_version=1)
    response = client.post(reverse("measures:lift", args=[measure.pk]), stale)
    assert response.status_code == 409
    assert "已被他人修改" in response.content.decode()


def test_dismissing_from_the_page_writes_history(client, dc_staff, dishonesty, today):
    (proposal,) = propose_measures(on=today)
    client.force_login(dc_staff)
    url = reverse("measures:dismiss", args=[proposal.pk])
    empty = client.post(url, {"reason": "", "version": 1})
    assert empty.status_code == 200 and "请写明不予采纳的理由" in empty.content.decode()
    assert client.post(url, {"reason": "处罚正在行政复议中", "version": 1}).status_code == 302
    assert HistoryEntry.objects.filter(object_type="measure_proposal", object_id=proposal.pk).exists()
    assert MeasureProposal.objects.get().status == ProposalStatus.DISMISSED


def test_the_button_runs_the_rules(client, dc_staff, dishonesty):
    client.force_login(dc_staff)
    response = client.post(reverse("measures:proposals_run"), follow=True)
    assert "新增 1 条措施建议" in response.content.decode()
    assert "采纳并实施" in response.content.decode()


def test_the_association_sees_its_own_measures_read_only(client, assoc_user, measure, assoc):
    client.force_login(assoc_user)
    page = client.get(reverse("registry:detail", args=[assoc.pk])).content.decode()
    assert "限制参与政府购买服务" in page and "实施措施" not in page
    detail = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    assert "东民信〔2026〕1号" in detail and "解除措施" not in detail


def test_the_list_filters(client, supervisor, dc_staff, assoc, dishonesty, measure, today):
    apply(
        dc_staff,
        assoc,
        [dishonesty],
        code="more-inspections",
        start=today - timedelta(days=20),
        end=today - timedelta(days=1),
    )
    client.force_login(supervisor)

    def listed(**params):
        return [m.pk for m, _ in client.get(reverse("measures:list"), params).context["rows"]]

    expired = Measure.objects.get(kind__code="more-inspections").pk
    assert set(listed()) == {measure.pk, expired}
    assert listed(state="in_force") == [measure.pk]
    assert listed(state="expired") == [expired]
    assert listed(state="lifted") == []
    assert listed(direction="incentive") == []
    assert listed(kind=measure.kind_id) == [measure.pk]
    assert set(listed(q="餐饮")) == {measure.pk, expired}
    assert set(listed(q=assoc.uscc)) == {measure.pk, expired}
    assert listed(q="不存在的协会") == []


def test_administrators_grant_kinds_to_departments_on_the_page(client, admin_user, dept_user):
    client.force_login(admin_user)
    restrict = kind("restrict-purchase")
    url = reverse("measures:kind_edit", args=[restrict.pk])
    data = {
        "code": "ignored-because-disabled",
        "name": restrict.name,
        "direction": restrict.direction,
        "description": restrict.description,
        "basis": restrict.basis,
        "active": "on",
        "departments": [dept_user.department_id],
        "reason": "依部门职责授权",
        "version": restrict.version,
    }
    assert client.post(url, data).status_code == 302
    restrict.refresh_from_db()
    assert restrict.code == "restrict-purchase" and list(restrict.departments.all()) == [dept_user.department]
    entry = HistoryEntry.objects.get(object_type="measure_kind", object_id=restrict.pk)
    assert entry.before["departments"] == [] and entry.after["departments"] == [dept_user.department_id]
    stale = client.post(url, {**data, "name": "改名", "version": 1})
    assert stale.status_code == 409


def test_rules_are_listed_readably_and_added_by_administrators(client, admin_user, supervisor):
    client.force_login(supervisor)
    listing = client.get(reverse("measures:rules")).content.decode()
    assert "公示中的评估信息，评估等级为 5A，仍在有效期内" in listing
    assert "公示中的年检信息，年检结论为 不合格，日期在最近 365 天内" in listing
    assert reverse("measures:rule_create") not in listing  # read-only for the supervising bureau

    client.force_login(admin_user)
    url = reverse("measures:rule_create")
    data = {
        "code": "national-honour",
        "name": "国家级荣誉建议优先推荐表彰",
        "active": "on",
        "kind": kind("priority-commendation").pk,
        "duration_days": 730,
        "record_kind": "honour",
        "record_category": "",
        "field": "honour_level",
        "values": "national、municipal",
        "require_valid": "on",
        "within_days": "",
        "reason": "依表彰工作安排新增",
    }
    refused = client.post(url, {**data, "values": "国家级"})
    assert refused.status_code == 200 and "取值 国家级 无效" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    entry = HistoryEntry.objects.get(object_type="measure_rule", action="measure_rule.create")
    assert entry.after["values"] == ["national", "municipal"] and entry.reason == "依表彰工作安排新增"
