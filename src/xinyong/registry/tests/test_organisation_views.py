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

ROLES = ("admin", "auditor", "supervisor", "staff", "association", "department", "anonymous")

# (page, method) -> expected status per role, in the order of ROLES. An administrator's empty
# POST is answered with the form and its messages (200); the list pages take no POST at all.
MATRIX = {
    ("organisations:authorities", "get"): (200, 200, 200, 403, 403, 403, 302),
    ("organisations:authorities", "post"): (405,) * 7,
    ("organisations:authority_new", "get"): (200, 403, 403, 403, 403, 403, 302),
    ("organisations:authority_new", "post"): (200, 403, 403, 403, 403, 403, 302),
    ("organisations:authority", "get"): (200, 200, 200, 403, 403, 403, 302),
    ("organisations:authority", "post"): (200, 403, 403, 403, 403, 403, 302),
    ("organisations:departments", "get"): (200, 200, 200, 403, 403, 403, 302),
    ("organisations:departments", "post"): (405,) * 7,
    ("organisations:department_new", "get"): (200, 403, 403, 403, 403, 403, 302),
    ("organisations:department_new", "post"): (200, 403, 403, 403, 403, 403, 302),
    ("organisations:department", "get"): (200, 200, 200, 403, 403, 403, 302),
    ("organisations:department", "post"): (200, 403, 403, 403, 403, 403, 302),
}


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


@pytest.mark.parametrize(
    ("page", "method", "role", "expected"),
    [
        (page, method, role, statuses[i])
        for (page, method), statuses in MATRIX.items()
        for i, role in enumerate(ROLES)
    ],
)
def test_permissions(client, people, dongcheng, page, method, role, expected):
    if role != "anonymous":
        client.force_login(people[role])
    args = {
        "organisations:authority": [dongcheng.pk],
        "organisations:department": [people["department"].department_id],
    }
    url = reverse(page, args=args.get(page, []))
    entries = HistoryEntry.objects.count()
    response = getattr(client, method)(url)
    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("accounts:login"))
    assert HistoryEntry.objects.count() == entries  # nobody changed anything with an empty form


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
