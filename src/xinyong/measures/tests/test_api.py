"""The eligibility check for departments (R-MEA-3): GET /api/v1/shared/measures."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from xinyong.api.models import QueryLog
from xinyong.api.services import api_key_issue
from xinyong.testing import factories as f

from ..services import measure_lift
from .conftest import apply

pytestmark = pytest.mark.django_db

URL = "/api/v1/shared/measures"
PURPOSE = "政府购买服务承接主体资格审查"


def client_with(admin, *, can_query=True, can_deliver=False) -> APIClient:
    issued = api_key_issue(
        actor=admin,
        department=f.department("北京市财政局"),
        label="采购平台",
        can_query=can_query,
        can_deliver=can_deliver,
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.plaintext}")
    return client


@pytest.fixture
def dept_api(admin_user):
    return client_with(admin_user)


def ask(client, assoc, **params):
    return client.get(URL, {"uscc": assoc.uscc, "purpose": PURPOSE, **params})


def test_answers_with_each_measure_and_its_basis_and_is_logged(dept_api, measure, assoc, dishonesty, today):
    response = ask(dept_api, assoc, kind="restrict-purchase", on=today.isoformat())
    assert response.status_code == 200
    body = response.json()
    assert body["uscc"] == assoc.uscc and body["name"] == assoc.name
    assert (body["on"], body["kind"], body["under_measure"]) == (today.isoformat(), "restrict-purchase", True)
    (item,) = body["measures"]
    assert item == {
        "id": measure.pk,
        "kind": "restrict-purchase",
        "kind_name": "限制参与政府购买服务",
        "direction": "penalty",
        "direction_display": "惩戒",
        "start_on": measure.start_on.isoformat(),
        "end_on": measure.end_on.isoformat(),
        "decision_number": "东民信〔2026〕1号",
        "applied_by": {"type": "authority", "name": "北京市东城区民政局"},
        "basis": [
            {
                "id": dishonesty.pk,
                "kind": "dishonesty",
                "kind_display": "失信信息",
                "category": "dishonesty",
                "category_display": "失信信息",
                "event_date": dishonesty.event_date.isoformat(),
            }
        ],
    }
    entry = QueryLog.objects.get()
    assert (entry.purpose, entry.status_code, entry.method) == (PURPOSE, 200, "GET")
    assert entry.path.startswith(URL + "?")
    assert entry.returned == {"associations": [assoc.uscc], "records": [dishonesty.pk]}


def test_of_another_kind_or_of_any_kind(dept_api, measure, assoc):
    other = ask(dept_api, assoc, kind="priority-purchase").json()
    assert (other["under_measure"], other["measures"]) == (False, [])
    any_kind = ask(dept_api, assoc).json()
    assert any_kind["kind"] is None and [m["id"] for m in any_kind["measures"]] == [measure.pk]


def test_the_period_counts_both_ends_and_lifting_ends_it(dept_api, dc_staff, assoc, dishonesty, today):
    start, end = today - timedelta(days=10), today + timedelta(days=10)
    measure = apply(dc_staff, assoc, [dishonesty], start=start, end=end)

    def under(day) -> bool:
        return ask(dept_api, assoc, on=day.isoformat()).json()["under_measure"]

    assert [under(start - timedelta(days=1)), under(start), under(end), under(end + timedelta(days=1))] == [
        False,
        True,
        True,
        False,
    ]
    measure_lift(actor=dc_staff, measure=measure, reason="协会已整改到位", expected_version=1)
    assert [under(today - timedelta(days=1)), under(today), under(end)] == [True, False, False]


def test_a_department_applier_and_a_confidential_date(granted_dept_user, dept_api, dc_staff, assoc, today):
    record = f.record(
        actor=dc_staff,
        association_obj=assoc,
        kind="dishonesty",
        confidential_fields={"event_date": "state_secret"},
    )
    measure = apply(granted_dept_user, assoc, [record])
    (item,) = ask(dept_api, assoc).json()["measures"]
    assert item["id"] == measure.pk
    assert item["applied_by"] == {"type": "department", "name": "北京市财政局"}
    assert item["basis"][0]["event_date"] is None


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"uscc": "91110000000000000X"}, 400, "invalid_uscc"),
        ({"uscc": None}, 400, "uscc_required"),
        ({"on": "2026-13-01"}, 400, "invalid_date"),
        ({"on": "20260101"}, 400, "invalid_date"),
        ({"kind": "限制"}, 400, "invalid_kind"),
        ({"kind": "no-such-kind"}, 404, "not_found"),
        ({"purpose": None}, 400, "purpose_required"),
    ],
)
def test_bad_requests_are_refused_clearly_and_logged(dept_api, assoc, params, status, code):
    query = {"uscc": assoc.uscc, "purpose": PURPOSE, **params}
    response = dept_api.get(URL, {k: v for k, v in query.items() if v is not None})
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["detail"]
    entry = QueryLog.objects.get()
    assert entry.status_code == status and entry.returned == {"associations": [], "records": []}


def test_unknown_association_is_a_json_404(dept_api):
    code = f.uscc()
    response = dept_api.get(URL, {"uscc": code, "purpose": PURPOSE})
    assert response.status_code == 404 and code in response.json()["detail"]


def test_keys_without_the_query_permission_and_anonymous_calls_are_refused(admin_user, assoc):
    response = ask(client_with(admin_user, can_query=False, can_deliver=True), assoc)
    assert response.status_code == 403 and "查询" in response.json()["detail"]
    assert QueryLog.objects.get().status_code == 403
    assert ask(APIClient(), assoc).status_code == 401
    assert QueryLog.objects.count() == 1
