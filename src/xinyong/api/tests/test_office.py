"""Back-office pages for keys and the query log: who may open them, and what they do."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from xinyong.accounts.models import Role
from xinyong.testing.matrix import ANONYMOUS, DONE, Case, Matrix, expect, run

from ..models import ApiKey, QueryLog
from .conftest import PURPOSE

ROLES = (ANONYMOUS, "assoc_user", "dc_staff", "supervisor", "dept_user", "admin_user")
LIST, ISSUE, LOG = reverse("api:keys"), reverse("api:issue"), reverse("api:log")


def revoke_url(api_key) -> str:
    return reverse("api:revoke", args=[api_key.pk])


def _key(world):
    return [world["key"].pk]


MATRIX = Matrix(
    ROLES,
    [
        Case("api:keys", expect("admin_user")),
        Case("api:issue", expect("admin_user")),
        Case(
            "api:issue",
            expect("admin_user"),  # the answer shows the key
            method="post",
            data=lambda world: {"department": world["department"].pk, "label": "新系统", "can_query": "on"},
        ),
        Case("api:revoke", expect("admin_user"), args=_key),
        Case(
            "api:revoke",
            expect("admin_user", status=DONE),  # back to the list
            method="post",
            args=_key,
            data=lambda _: {"reason": "部门系统下线"},
        ),
        Case("api:log", expect("admin_user", "supervisor")),
    ],
)


@MATRIX.parametrize
def test_permission_matrix(client, request, query_key, department, cell):
    run(client, cell, {"key": query_key[0], "department": department}, request=request)
    page = cell.case.url_name
    changed = ApiKey.objects.count() == 2 if page == "api:issue" else ApiKey.objects.get().is_revoked
    assert changed is (cell.case.method == "post" and cell.role == "admin_user")


def test_issue_shows_the_key_once_and_never_again(client, admin_user, department):
    client.force_login(admin_user)
    response = client.post(ISSUE, {"department": department.pk, "label": "新系统", "can_query": "on"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    plaintext = response.context["issued"].plaintext
    html = response.content.decode()
    assert plaintext in html
    assert "密钥只显示这一次" in html
    listing = client.get(LIST).content.decode()
    assert plaintext not in listing
    assert plaintext.split("_")[1] in listing  # the prefix identifies it
    assert "新系统" in listing and department.name in listing


def test_issue_form_errors_keep_what_was_typed(client, admin_user, department):
    client.force_login(admin_user)
    response = client.post(ISSUE, {"department": department.pk, "label": "没选权限的系统"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请至少选择一项权限" in html
    assert 'value="没选权限的系统"' in html
    assert not ApiKey.objects.exists()


def test_revoke_needs_a_reason(client, admin_user, query_key):
    client.force_login(admin_user)
    response = client.post(revoke_url(query_key[0]), {"reason": ""})
    assert response.status_code == 200
    assert "请填写原因" in response.content.decode()
    assert not ApiKey.objects.get().is_revoked


def test_revoked_key_shows_as_revoked_with_its_reason(client, admin_user, query_key):
    client.force_login(admin_user)
    response = client.post(revoke_url(query_key[0]), {"reason": "密钥泄露"}, follow=True)
    html = response.content.decode()
    assert "已吊销" in html and "密钥泄露" in html
    assert revoke_url(query_key[0]) not in html  # no second revoke link
    again = client.post(revoke_url(query_key[0]), {"reason": "再吊销一次"})
    assert again.status_code == 409
    assert "该接口密钥已经吊销" in again.content.decode()


def test_administrators_see_the_link_in_the_header(client, admin_user, supervisor):
    client.force_login(admin_user)
    assert f'href="{LIST}"' in client.get(reverse("records:dashboard")).content.decode()
    client.force_login(supervisor)
    assert f'href="{LIST}"' not in client.get(reverse("records:dashboard")).content.decode()


@pytest.fixture
def logged_queries(dept_api, admin_user, assoc):
    from xinyong.testing import factories as f

    from .conftest import issue

    dept_api.get(f"/api/v1/shared/associations/{assoc.uscc}", {"purpose": PURPOSE})
    dept_api.get("/api/v1/shared/associations", {"q": "餐"})  # refused: no purpose, short query
    other = issue(admin_user, f.department("北京市体育局"), label="体育局系统").plaintext
    APIClient().get(
        "/api/v1/shared/associations",
        {"q": "餐饮", "purpose": "体育赛事承办资格审查"},
        HTTP_AUTHORIZATION=f"Bearer {other}",
    )
    assert QueryLog.objects.count() == 3


def test_log_lists_every_query_with_filters(client, supervisor, logged_queries, department, assoc):
    client.force_login(supervisor)
    html = client.get(LOG).content.decode()
    assert "共 3 条" in html
    assert PURPOSE in html and "体育赛事承办资格审查" in html and assoc.uscc in html
    assert "北京市体育局" in html
    only = client.get(LOG, {"department": department.pk}).content.decode()
    assert "共 2 条" in only and "体育赛事承办资格审查" not in only
    today = timezone.localdate(QueryLog.objects.first().created_at)
    same_day = {"date_from": today.isoformat(), "date_to": today.isoformat()}
    assert "共 3 条" in client.get(LOG, same_day).content.decode()
    later = (today + timedelta(days=1)).isoformat()
    assert "共 0 条" in client.get(LOG, {"date_from": later}).content.decode()
    earlier = (today - timedelta(days=1)).isoformat()
    assert "共 0 条" in client.get(LOG, {"date_to": earlier}).content.decode()


def test_log_page_has_no_forms_that_change_anything(client, admin_user, logged_queries):
    client.force_login(admin_user)
    html = client.get(LOG).content.decode()
    assert 'method="post"' not in html.split("<main", 1)[1]


def test_department_role_user_is_told_to_use_the_api(client, dept_user):
    client.force_login(dept_user)
    response = client.get(LOG)
    assert response.status_code == 403
    assert dept_user.role == Role.DEPARTMENT
