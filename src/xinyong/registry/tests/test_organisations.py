"""Registration authorities and partner departments through their services (R-ACT-6): who may,
what is refused and with which message, the history entry each change writes, and
``verify_history`` over these tables (including databases from before these services)."""

import importlib
import io
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from xinyong.accounts.models import Role
from xinyong.errors import NotAllowed, StaleVersion
from xinyong.history.choices import Action, ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.history.selectors import latest_entry_id
from xinyong.registry.choices import AuthorityLevel
from xinyong.registry.models import Authority, Department
from xinyong.registry.organisations import (
    authority_create,
    authority_modify,
    authority_snapshot,
    authority_tree,
    department_create,
    department_modify,
)
from xinyong.testing import factories as f

MUNICIPAL, DISTRICT = AuthorityLevel.MUNICIPAL, AuthorityLevel.DISTRICT
BASELINE = "xinyong.registry.migrations.0004_organisation_history_baseline"


def messages_at(exc: ValidationError, field: str) -> list[str]:
    return exc.value.message_dict[field]


def last_entry(object_type: ObjectType, pk: int) -> HistoryEntry:
    return HistoryEntry.objects.filter(object_type=object_type, object_id=pk).latest("id")


def verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_history", "--skip-files", stdout=out, stderr=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def new_district(actor, city, *, code="110105", name="北京市朝阳区民政局", reason="新设区局") -> Authority:
    return authority_create(actor=actor, code=code, name=name, level=DISTRICT, parent=city, reason=reason)


# --- authority_create --------------------------------------------------------------------------


def test_administrator_creates_a_district_authority_with_its_history_entry(admin_user, city):
    chaoyang = new_district(admin_user, city, name=" 北京市朝阳区民政局\u200b ")
    assert (chaoyang.code, chaoyang.name, chaoyang.level, chaoyang.parent) == (
        "110105",
        "北京市朝阳区民政局",
        DISTRICT,
        city,
    )
    entry = last_entry(ObjectType.AUTHORITY, chaoyang.pk)
    assert entry.action == Action.AUTHORITY_CREATE
    assert (entry.actor_id, entry.actor_name, entry.authority_id) == (admin_user.pk, "admin", None)
    assert entry.association_id is None and entry.before is None
    assert entry.after == {
        "code": "110105",
        "name": "北京市朝阳区民政局",
        "level": "district",
        "parent_id": city.pk,
    }
    assert entry.reason == "新设区局"


def test_the_system_creates_without_an_account(db):
    city = authority_create(
        actor=None, code="110000", name="北京市民政局", level=MUNICIPAL, parent=None, reason="初始化"
    )
    entry = last_entry(ObjectType.AUTHORITY, city.pk)
    assert (entry.actor_id, entry.actor_name, entry.after["parent_id"]) == (None, "system", None)


@pytest.mark.parametrize(
    "who", ["staff", "supervisor", "auditor", "department", "association", "anonymous", "inactive"]
)
def test_only_administrators_create_authorities(city, dc_staff, supervisor, dept_user, assoc_user, who):
    actor = {
        "staff": dc_staff,
        "supervisor": supervisor,
        "auditor": f.user(role=Role.AUDITOR),
        "department": dept_user,
        "association": assoc_user,
        "anonymous": AnonymousUser(),
        "inactive": f.user(role=Role.ADMIN, is_active=False),
    }[who]
    authorities, entries = Authority.objects.count(), HistoryEntry.objects.count()
    with pytest.raises(NotAllowed, match="只有系统管理员"):
        new_district(actor, city)
    with pytest.raises(NotAllowed):
        department_create(actor=actor, name="北京市税务局", reason="新增")
    assert (Authority.objects.count(), HistoryEntry.objects.count()) == (authorities, entries)


@pytest.mark.parametrize("code", ["11010", "1101055", "11010a", "１１０１０５", "", "110 05"])
def test_the_code_is_six_ascii_digits(admin_user, city, code):
    with pytest.raises(ValidationError) as exc:
        new_district(admin_user, city, code=code)
    assert messages_at(exc, "code") == ["行政区划代码须为6位数字，例如 110101。"]


def test_a_taken_code_or_name_is_a_message_not_a_server_error(admin_user, city, dongcheng):
    with pytest.raises(ValidationError) as exc:
        new_district(admin_user, city, code="110101", name="另一个区局")
    assert messages_at(exc, "code") == ["行政区划代码 110101 已由“北京市东城区民政局”使用。"]
    # Compared as people read it: a space (or full-width form) does not make a new name.
    with pytest.raises(ValidationError) as exc:
        new_district(admin_user, city, name="北京市 东城区民政局")
    assert messages_at(exc, "name") == ["已有名为“北京市东城区民政局”的登记管理机关。"]


@pytest.mark.parametrize(
    ("level", "parent", "field", "message"),
    [
        (DISTRICT, None, "parent", "区级登记管理机关须选择一个市级的上级机关。"),
        (DISTRICT, "dongcheng", "parent", "上级机关须是市级登记管理机关。"),
        (MUNICIPAL, "city", "parent", "市级登记管理机关没有上级机关。"),
        ("", None, "level", "请选择层级。"),
    ],
)
def test_the_hierarchy_has_two_levels(admin_user, city, dongcheng, level, parent, field, message):
    parent = {"city": city, "dongcheng": dongcheng, None: None}[parent]
    with pytest.raises(ValidationError) as exc:
        authority_create(
            actor=admin_user, code="110105", name="新机关", level=level, parent=parent, reason="新设"
        )
    assert messages_at(exc, field) == [message]
    assert not Authority.objects.filter(code="110105").exists()


def test_name_and_reason_are_required(admin_user, city):
    with pytest.raises(ValidationError) as exc:
        new_district(admin_user, city, name=" \u200b")
    assert messages_at(exc, "name") == ["请填写名称。"]
    with pytest.raises(ValidationError) as exc:
        new_district(admin_user, city, reason="  ")
    assert messages_at(exc, "reason") == ["请填写原因。"]
    with pytest.raises(ValidationError) as exc:
        new_district(admin_user, city, name="北" * 101)
    assert messages_at(exc, "name") == ["名称不能超过100个字符。"]


# --- authority_modify --------------------------------------------------------------------------


def test_renaming_writes_before_and_after(admin_user, city, dongcheng):
    seen = latest_entry_id(ObjectType.AUTHORITY, dongcheng.pk)
    authority_modify(
        actor=admin_user,
        authority=dongcheng,
        name="北京市东城区民政局（社会组织管理科）",
        parent=city,
        level=DISTRICT,
        reason="机构改名",
        expected_entry=seen,
    )
    dongcheng.refresh_from_db()
    assert dongcheng.name == "北京市东城区民政局（社会组织管理科）" and dongcheng.code == "110101"
    entry = last_entry(ObjectType.AUTHORITY, dongcheng.pk)
    assert entry.action == Action.AUTHORITY_MODIFY and entry.actor_id == admin_user.pk
    assert entry.before["name"] == "北京市东城区民政局"
    assert entry.after == authority_snapshot(dongcheng)
    assert (entry.association_id, entry.reason) == (None, "机构改名")


def test_a_district_moves_to_another_municipal_parent(admin_user, city, dongcheng):
    other = authority_create(
        actor=admin_user, code="120000", name="天津市民政局", level=MUNICIPAL, parent=None, reason="新设"
    )
    authority_modify(
        actor=admin_user,
        authority=dongcheng,
        name=dongcheng.name,
        parent=other,
        level=DISTRICT,
        reason="划转",
    )
    entry = last_entry(ObjectType.AUTHORITY, dongcheng.pk)
    assert (entry.before["parent_id"], entry.after["parent_id"]) == (city.pk, other.pk)


def test_the_hierarchy_cannot_be_broken_by_a_change(admin_user, city, dongcheng, xicheng):
    entries = HistoryEntry.objects.count()
    cases = [
        # A municipal authority with districts under it cannot become one of them.
        (city, {"level": DISTRICT, "parent": city}, "parent", "机关不能是自己的上级机关。"),
        (dongcheng, {"level": DISTRICT, "parent": xicheng}, "parent", "上级机关须是市级登记管理机关。"),
        (dongcheng, {"level": MUNICIPAL, "parent": city}, "parent", "市级登记管理机关没有上级机关。"),
    ]
    for authority, change, field, message in cases:
        with pytest.raises(ValidationError) as exc:
            authority_modify(
                actor=admin_user, authority=authority, name=authority.name, reason="调整", **change
            )
        assert message in messages_at(exc, field)
    other = authority_create(
        actor=admin_user, code="120000", name="天津市民政局", level=MUNICIPAL, parent=None, reason="新设"
    )
    with pytest.raises(ValidationError) as exc:
        authority_modify(
            actor=admin_user, authority=city, name=city.name, level=DISTRICT, parent=other, reason="调整"
        )
    assert messages_at(exc, "level") == ["该机关下还有区级机关，不能改为区级。"]
    assert HistoryEntry.objects.count() == entries + 1  # only 天津's creation
    city.refresh_from_db()
    assert (city.level, city.parent_id) == (MUNICIPAL, None)


def test_a_district_without_districts_may_become_municipal(admin_user, dongcheng):
    authority_modify(
        actor=admin_user,
        authority=dongcheng,
        name=dongcheng.name,
        parent=None,
        level=MUNICIPAL,
        reason="升格",
    )
    entry = last_entry(ObjectType.AUTHORITY, dongcheng.pk)
    assert (entry.before["level"], entry.after["level"], entry.after["parent_id"]) == (
        "district",
        "municipal",
        None,
    )


def test_modify_refuses_no_change_a_taken_name_and_a_stale_form(admin_user, city, dongcheng, xicheng):
    seen = latest_entry_id(ObjectType.AUTHORITY, dongcheng.pk)
    same = {"actor": admin_user, "authority": dongcheng, "parent": city, "level": DISTRICT, "reason": "改"}
    with pytest.raises(ValidationError) as exc:
        authority_modify(name=dongcheng.name, **same)
    assert exc.value.messages == ["没有任何变更。"]
    with pytest.raises(ValidationError) as exc:
        authority_modify(name=xicheng.name, **same)
    assert messages_at(exc, "name") == ["已有名为“北京市西城区民政局”的登记管理机关。"]
    authority_modify(name="东城区民政局", **same)
    with pytest.raises(StaleVersion):
        authority_modify(name="东城区民政局（二）", expected_entry=seen, **same)
    dongcheng.refresh_from_db()
    assert dongcheng.name == "东城区民政局"


def test_modify_is_for_administrators_only(supervisor, dongcheng, city):
    with pytest.raises(NotAllowed):
        authority_modify(
            actor=supervisor, authority=dongcheng, name="改名", parent=city, level=DISTRICT, reason="改"
        )
    dongcheng.refresh_from_db()
    assert dongcheng.name == "北京市东城区民政局"


def test_the_tree_lists_each_municipal_bureau_then_its_districts(
    admin_user, city, dongcheng, xicheng, dc_staff
):
    f.association(actor=dc_staff)
    other = authority_create(
        actor=admin_user, code="120000", name="天津市民政局", level=MUNICIPAL, parent=None, reason="新设"
    )
    heping = new_district(admin_user, other, code="120101", name="天津市和平区民政局")
    tree = authority_tree()
    assert [(a.code, depth) for a, depth in tree] == [
        ("110000", 0),
        ("110101", 1),
        ("110102", 1),
        ("120000", 0),
        ("120101", 1),
    ]
    counts = {a.code: (a.association_count, a.staff_count) for a, _depth in tree}
    assert counts["110101"] == (1, 1) and counts["110000"] == (0, 0) and heping.pk


# --- departments ---------------------------------------------------------------------------------


def test_department_create_and_modify_write_history(admin_user):
    department = department_create(actor=admin_user, name="北京市税务局", reason="新增共享部门")
    created = last_entry(ObjectType.DEPARTMENT, department.pk)
    assert (created.action, created.before, created.after) == (
        Action.DEPARTMENT_CREATE,
        None,
        {"name": "北京市税务局"},
    )
    assert (created.actor_id, created.association_id, created.reason) == (admin_user.pk, None, "新增共享部门")
    seen = latest_entry_id(ObjectType.DEPARTMENT, department.pk)
    department_modify(
        actor=admin_user,
        department=department,
        name="国家税务总局北京市税务局",
        reason="全称",
        expected_entry=seen,
    )
    modified = last_entry(ObjectType.DEPARTMENT, department.pk)
    assert modified.action == Action.DEPARTMENT_MODIFY
    assert (modified.before, modified.after) == (
        {"name": "北京市税务局"},
        {"name": "国家税务总局北京市税务局"},
    )
    with pytest.raises(StaleVersion):
        department_modify(
            actor=admin_user, department=department, name="税务局", reason="再改", expected_entry=seen
        )


def test_department_names_are_unique_and_required(admin_user, dept_user):
    taken = dept_user.department.name
    with pytest.raises(ValidationError) as exc:
        department_create(actor=admin_user, name=f" {taken} ", reason="新增")
    assert messages_at(exc, "name") == [f"已有名为“{taken}”的相关部门。"]
    with pytest.raises(ValidationError) as exc:
        department_create(actor=admin_user, name="", reason="新增")
    assert messages_at(exc, "name") == ["请填写名称。"]
    with pytest.raises(ValidationError) as exc:
        department_modify(actor=admin_user, department=dept_user.department, name=taken, reason="改")
    assert exc.value.messages == ["没有任何变更。"]
    other = department_create(actor=admin_user, name="北京市市场监督管理局", reason="新增")
    with pytest.raises(ValidationError) as exc:
        department_modify(actor=admin_user, department=other, name=taken, reason="改")
    assert messages_at(exc, "name") == [f"已有名为“{taken}”的相关部门。"]
    with pytest.raises(NotAllowed):
        department_modify(actor=dept_user, department=other, name="别的名字", reason="改")


# --- verify_history ------------------------------------------------------------------------------


def test_verify_history_checks_authorities_and_departments(admin_user, dongcheng, dept_user):
    code, out = verify()
    assert code == 0, out
    assert "authority: 2 checked" in out and "department: 1 checked" in out
    Authority.objects.filter(pk=dongcheng.pk).update(name="被改过的名字")
    Department.objects.filter(pk=dept_user.department_id).update(name="也被改过")
    code, out = verify()
    assert code == 1
    assert f"authority {dongcheng.pk}: differs from its last history entry in name" in out
    assert f"department {dept_user.department_id}: differs from its last history entry in name" in out


def test_a_row_written_around_the_services_has_no_history(db):
    sneaked = Authority.objects.create(code="110105", name="北京市朝阳区民政局", level=MUNICIPAL)
    code, out = verify()
    assert code == 1 and f"authority {sneaked.pk}: exists but has no history entry" in out


def test_the_baseline_migration_records_the_rows_that_existed_before(db):
    """Rows from before issue 14 (written directly, as the demo loader used to) get one baseline
    entry each from the migration, run here with the historical models of its own state."""
    city = Authority.objects.create(code="110000", name="北京市民政局", level=MUNICIPAL)
    district = Authority.objects.create(code="110101", name="北京市东城区民政局", level=DISTRICT, parent=city)
    department = Department.objects.create(name="北京市财政局")
    assert verify()[0] == 1
    migration = importlib.import_module(BASELINE)
    loader = MigrationLoader(connection)
    state = loader.project_state(("registry", "0004_organisation_history_baseline"))
    # The function only asks the schema editor for its connection; a real one cannot be opened
    # inside the test's transaction on SQLite.
    editor = SimpleNamespace(connection=connection)
    migration.baseline(state.apps, editor)
    migration.baseline(state.apps, editor)  # applied again: nothing twice
    code, out = verify()
    assert code == 0, out
    entries = HistoryEntry.objects.filter(object_type__in=["authority", "department"]).order_by("id")
    assert [(e.object_type, e.object_id, e.action, e.actor_id) for e in entries] == [
        ("authority", city.pk, "authority.create", None),
        ("authority", district.pk, "authority.create", None),
        ("department", department.pk, "department.create", None),
    ]
    assert entries[1].after == {
        "code": "110101",
        "name": "北京市东城区民政局",
        "level": "district",
        "parent_id": city.pk,
    }
    assert entries[0].reason == "账户管理功能上线前已有的登记管理机关（基线记录）"
    assert entries[2].reason == "账户管理功能上线前已有的相关部门（基线记录）"
    # From the baseline on, a change behind the services' back is found.
    Authority.objects.filter(pk=district.pk).update(level=MUNICIPAL, parent=None)
    code, out = verify()
    assert (
        code == 1
        and f"authority {district.pk}: differs from its last history entry in level, parent_id" in out
    )
