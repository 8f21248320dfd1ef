"""The back-office pages for authorities and departments (R-ACT-6): one permission table
(role × page × method → status), then the administrator's journeys through the forms."""

import pytest
from django.urls import reverse

from xinyong.accounts.models import Role
from xinyong.history.choices import Action, ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import latest_entry_id
from xinyong.registry.models import Authority, Department
from xinyong.testing import factories as f
from xinyong.testing.matrix import ANONYMOUS, NOT_ALLOWED, Case, Matrix, expect, run, same, user_of

ROLES = ("admin_user", "auditor", "supervisor", "dc_staff", "assoc_user", "dept_user", ANONYMOUS)
READERS = ("admin_user", "auditor", "supervisor")


def _authority(world):
    return [world["authority"].pk]


def _department(world):
    return [world["department"].pk]


# An administrator's empty POST is answered with the form and its messages (200); the list pages
# take no POST at all.
MATRIX = Matrix(
    ROLES,
    [
        Case("organisations:authorities", expect(*READERS)),
        Case("organisations:authorities", same(NOT_ALLOWED), method="post"),
        Case("organisations:authority_new", expect("admin_user")),
        Case("organisations:authority_new", expect("admin_user"), method="post"),
        Case("organisations:authority", expect(*READERS), args=_authority),
        Case("organisations:authority", expect("admin_user"), method="post", args=_authority),
        Case("organisations:departments", expect(*READERS)),
        Case("organisations:departments", same(NOT_ALLOWED), method="post"),
        Case("organisations:department_new", expect("admin_user")),
        Case("organisations:department_new", expect("admin_user"), method="post"),
        Case("organisations:department", expect(*READERS), args=_department),
        Case("organisations:department", expect("admin_user"), method="post", args=_department),
    ],
)


@MATRIX.parametrize
def test_permissions(client, request, dongcheng, dept_user, cell):
    user = user_of(request, cell.role)
    entries = HistoryEntry.objects.count()
    run(client, cell, {"authority": dongcheng, "department": dept_user.department}, user=user)
    assert HistoryEntry.objects.count() == entries  # nobody changed anything with an empty form


@pytest.fixture
def people(admin_user, supervisor, dc_staff, assoc_user, dept_user):
    return {
        "admin": admin_user,
        "auditor": f.user(role=Role.AUDITOR, username="auditor"),
        "supervisor": supervisor,
        "staff": dc_staff,
        "association": assoc_user,
        "department": dept_user,
    }


def test_readers_see_no_form_and_no_new_button(client, supervisor, dongcheng):
    client.force_login(supervisor)
    page = client.get(reverse("organisations:authority", args=[dongcheng.pk])).content.decode()
    assert (
        "北京市东城区民政局" in page
        and "110101" in page
        and '<form method="post" class="narrow-form"' not in page
    )
    assert (
        reverse("organisations:authority_new")
        not in client.get(reverse("organisations:authorities")).content.decode()
    )


def test_nav_link_for_those_who_may_read_the_pages(client, people):
    link = f'href="{reverse("organisations:authorities")}"'
    for role, user in people.items():
        client.force_login(user)
        shown = link in client.get(reverse("records:dashboard")).content.decode()
        assert shown == (role in ("admin", "auditor", "supervisor")), role


def test_the_list_is_a_tree_with_counts(client, admin_user, dongcheng, xicheng, assoc):
    client.force_login(admin_user)
    page = client.get(reverse("organisations:authorities")).content.decode()
    assert page.index("北京市民政局") < page.index("北京市东城区民政局") < page.index("北京市西城区民政局")
    assert page.count('<span aria-hidden="true">└ </span>') == 2
    tree = client.get(reverse("organisations:authorities")).context["tree"]
    assert [(a.code, a.association_count, a.staff_count) for a, _depth in tree] == [
        ("110000", 0, 0),
        ("110101", 1, 1),
        ("110102", 0, 0),
    ]


def test_administrator_adds_an_authority(client, admin_user, city):
    client.force_login(admin_user)
    response = client.post(
        reverse("organisations:authority_new"),
        {
            "code": "110105",
            "name": "北京市朝阳区民政局",
            "level": "district",
            "parent": city.pk,
            "reason": "新设",
        },
    )
    chaoyang = Authority.objects.get(code="110105")
    assert response.status_code == 302 and response.url == reverse(
        "organisations:authority", args=[chaoyang.pk]
    )
    entry = HistoryEntry.objects.get(object_type=ObjectType.AUTHORITY, object_id=chaoyang.pk)
    assert (entry.action, entry.actor_id, entry.reason) == (Action.AUTHORITY_CREATE, admin_user.pk, "新设")
    page = client.get(response.url).content.decode()
    assert "新增登记管理机关" in page and "北京市民政局" in page


def test_mistakes_are_shown_at_the_fields_and_keep_what_was_typed(client, admin_user, city, dongcheng):
    client.force_login(admin_user)
    response = client.post(
        reverse("organisations:authority_new"),
        {"code": "110101", "name": "北京市朝阳区民政局", "level": "district", "parent": "", "reason": "新设"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["行政区划代码 110101 已由“北京市东城区民政局”使用。"]
    assert 'value="北京市朝阳区民政局"' in response.content.decode()
    assert Authority.objects.count() == 2


def test_administrator_renames_an_authority_and_the_page_shows_its_history(
    client, admin_user, city, dongcheng
):
    client.force_login(admin_user)
    url = reverse("organisations:authority", args=[dongcheng.pk])
    seen = client.get(url).context["form"].initial["seen"]
    assert seen == latest_entry_id(ObjectType.AUTHORITY, dongcheng.pk)
    data = {"name": "东城区民政局", "level": "district", "parent": city.pk, "reason": "简称", "seen": seen}
    response = client.post(url, data)
    assert response.status_code == 302
    dongcheng.refresh_from_db()
    assert dongcheng.name == "东城区民政局"
    entry = HistoryEntry.objects.filter(object_type=ObjectType.AUTHORITY, object_id=dongcheng.pk).latest("id")
    assert (entry.action, entry.before["name"], entry.after["name"]) == (
        Action.AUTHORITY_MODIFY,
        "北京市东城区民政局",
        "东城区民政局",
    )
    page = client.get(url).content.decode()
    assert "<del>北京市东城区民政局</del> → <ins>东城区民政局</ins>" in page and "简称" in page
    # The same form sent again, over the change just made: refused, nothing written.
    response = client.post(url, {**data, "name": "东城"})
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()
    dongcheng.refresh_from_db()
    assert dongcheng.name == "东城区民政局"


def test_the_code_cannot_be_changed_through_the_form(client, admin_user, city, dongcheng):
    client.force_login(admin_user)
    url = reverse("organisations:authority", args=[dongcheng.pk])
    assert "code" not in client.get(url).context["form"].fields
    client.post(
        url, {"code": "110199", "name": "东城", "level": "district", "parent": city.pk, "reason": "改"}
    )
    dongcheng.refresh_from_db()
    assert (dongcheng.code, dongcheng.name) == ("110101", "东城")


def test_administrator_adds_and_renames_a_department(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("organisations:department_new"), {"name": "北京市税务局", "reason": "新增"}
    )
    department = Department.objects.get(name="北京市税务局")
    assert response.status_code == 302 and response.url == reverse(
        "organisations:department", args=[department.pk]
    )
    response = client.post(response.url, {"name": "国家税务总局北京市税务局", "reason": "全称"})
    assert response.status_code == 302
    actions = list(
        HistoryEntry.objects.filter(object_type=ObjectType.DEPARTMENT, object_id=department.pk).values_list(
            "action", flat=True
        )
    )
    assert actions == [Action.DEPARTMENT_CREATE, Action.DEPARTMENT_MODIFY]
    response = client.post(
        reverse("organisations:department_new"), {"name": "国家税务总局北京市税务局", "reason": "新增"}
    )
    assert response.context["form"].errors["name"] == ["已有名为“国家税务总局北京市税务局”的相关部门。"]
    assert Department.objects.count() == 1
