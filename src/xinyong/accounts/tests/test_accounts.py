"""Accounts from creation to deactivation (issue 14): links, passwords, sessions, keys, history."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from xinyong.accounts import services
from xinyong.accounts.models import Role, User
from xinyong.accounts.passwords import DEMO_PASSWORD
from xinyong.api.services import api_key_issue
from xinyong.history.choices import Action, ObjectType
from xinyong.history.models import HistoryEntry
from xinyong.security.models import AccountSession, EndReason, EventKind, SecurityEvent
from xinyong.testing import factories as f

STRONG = "青松 明月 竹林 晚风 2026"


def last_entry(user) -> HistoryEntry:
    return HistoryEntry.objects.filter(object_type=ObjectType.USER, object_id=user.pk).latest("id")


def link_in(message) -> str:
    return re.search(r"http://\S+/accounts/link/\S+/", message.body).group(0).split("8000", 1)[-1]


def verify_ok() -> None:
    out = StringIO()
    call_command("verify_history", "--skip-files", stdout=out, stderr=out)
    assert "verify_history: OK" in out.getvalue(), out.getvalue()


@pytest.fixture
def new_clerk(admin_user, dongcheng, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_create(
            actor=admin_user,
            username="wang.fang",
            full_name="王芳",
            email="wangfang@dongcheng.example.cn",
            role=Role.STAFF,
            authority=dongcheng,
            reason="新入职科员",
        )
    return user


def test_a_new_account_has_no_password_and_gets_a_one_time_link(client, new_clerk, mailoutbox):
    assert not new_clerk.has_usable_password()
    entry = last_entry(new_clerk)
    assert entry.action == Action.USER_CREATE and entry.actor_name == "admin"
    assert entry.after["role"] == "staff" and entry.after["password_set"] is False
    [message] = mailoutbox
    assert message.to == ["wangfang@dongcheng.example.cn"] and "wang.fang" in message.body
    link = link_in(message)
    response = client.get(link, follow=True)
    assert "设置密码" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    new_clerk.refresh_from_db()
    assert new_clerk.check_password(STRONG)
    assert last_entry(new_clerk).action == Action.USER_ACTIVATE
    # The link worked once.
    response = Client().get(link, follow=True)
    assert "链接已经失效" in response.content.decode()
    verify_ok()


def test_a_guessable_password_is_refused_with_a_reason(client, new_clerk, mailoutbox):
    response = client.get(link_in(mailoutbox[0]), follow=True)
    form_url = response.redirect_chain[-1][0]
    for weak in ("Passw0rd!", "wang.fang2026", DEMO_PASSWORD):
        response = client.post(form_url, {"new_password1": weak, "new_password2": weak})
        assert response.status_code == 200
        assert "errorlist" in response.content.decode(), weak
    new_clerk.refresh_from_db()
    assert not new_clerk.has_usable_password()


def test_deactivated_account_cannot_sign_in_and_its_session_ends(client, dc_staff, admin_user):
    client.force_login(dc_staff)
    assert client.get("/office/").status_code == 200
    services.user_deactivate(actor=admin_user, user=dc_staff, reason="调离")
    assert client.get("/office/").status_code == 302  # the open session is over
    response = Client().post("/accounts/login/", {"username": "dc-staff", "password": "pass-for-tests-1"})
    assert response.status_code == 200 and "_auth_user_id" not in Client().session
    entry = last_entry(dc_staff)
    assert (
        entry.action == Action.USER_DEACTIVATE and entry.before["is_active"] and not entry.after["is_active"]
    )
    verify_ok()


def test_keys_issued_by_a_deactivated_account_are_refused(client, admin_user, dept_user):
    other_admin = f.user(role=Role.ADMIN, username="admin-2")
    issued = api_key_issue(
        actor=admin_user,
        department=dept_user.department,
        label="财政局系统",
        can_query=True,
        can_deliver=False,
    )
    url = "/api/v1/shared/associations?q=协会&purpose=资格审查"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issued.plaintext}"}
    assert client.get(url, **headers).status_code == 200
    services.user_deactivate(actor=other_admin, user=admin_user, reason="离职")
    response = client.get(url, **headers)
    assert response.status_code == 401
    assert "已停用" in response.json()["detail"]


def test_the_deactivation_page_names_the_keys_that_will_stop(client, admin_user, dept_user):
    other_admin = f.user(role=Role.ADMIN, username="admin-2")
    api_key_issue(
        actor=admin_user,
        department=dept_user.department,
        label="财政局系统",
        can_query=True,
        can_deliver=False,
    )
    client.force_login(other_admin)
    page = client.get(f"/office/users/{admin_user.pk}/deactivate/").content.decode()
    assert "财政局系统" in page


def test_a_password_reset_by_the_administrator_ends_every_session(admin_user, dc_staff, mailoutbox):
    phone, desk = Client(), Client()
    for c in (phone, desk):
        c.force_login(dc_staff)
        assert c.get("/office/").status_code == 200
    services.user_password_reset(actor=admin_user, user=dc_staff, reason="本人遗忘密码")
    assert phone.get("/office/").status_code == 302
    assert desk.get("/office/").status_code == 302
    assert last_entry(dc_staff).action == Action.USER_PASSWORD_RESET


def test_changing_ones_password_ends_the_other_sessions_only(dc_staff):
    phone, desk = Client(), Client()
    for c in (phone, desk):
        c.force_login(dc_staff)
    response = desk.post(
        "/accounts/password/",
        {"old_password": "pass-for-tests-1", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 302
    assert desk.get("/office/").status_code == 200
    assert phone.get("/office/").status_code == 302
    # The list of sessions says so too: the phone's ended, the desk's goes on.
    rows = AccountSession.objects.filter(user=dc_staff).order_by("id")
    assert [r.ended_reason for r in rows] == [EndReason.ACCOUNT_CHANGED, ""]
    entry = last_entry(dc_staff)
    assert entry.action == Action.USER_PASSWORD_CHANGE and entry.actor_id == dc_staff.pk


def test_reset_by_email_sends_a_link_and_tells_nothing_about_addresses(
    client, dc_staff, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=dc_staff.pk).update(email="dc@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password/reset/", {"email": "DC@example.cn"})
        unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.cn"})
    assert known.status_code == unknown.status_code == 200
    assert "请查收邮件" in known.content.decode() and "请查收邮件" in unknown.content.decode()
    [message] = mailoutbox
    assert message.to == ["dc@example.cn"]
    logged = SecurityEvent.objects.filter(kind=EventKind.PASSWORD_RESET_REQUESTED)
    assert logged.count() == 2 and logged.filter(username="dc-staff").count() == 1


def test_reset_requests_are_slowed_down_per_address(client, db, mailoutbox):
    statuses = [
        client.post("/accounts/password/reset/", {"email": "x@example.cn"}).status_code for _ in range(7)
    ]
    assert statuses[:5] == [200] * 5 and statuses[-1] == 429


def test_demo_password_is_refused_at_sign_in_in_production(client, settings, dc_staff):
    dc_staff.set_password(DEMO_PASSWORD)
    dc_staff.save()
    settings.XINYONG_PRODUCTION = True
    response = client.post("/accounts/login/", {"username": "dc-staff", "password": DEMO_PASSWORD})
    assert response.status_code == 200 and "演示数据的公开密码" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind=EventKind.SIGN_IN_REFUSED, username="dc-staff").exists()
    settings.XINYONG_PRODUCTION = False
    response = client.post("/accounts/login/", {"username": "dc-staff", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_load_demo_refuses_production_unless_forced(settings, db):
    settings.XINYONG_PRODUCTION = True
    with pytest.raises(CommandError, match="生产环境"):
        call_command("load_demo")


def test_create_administrator_on_an_empty_database(db, monkeypatch, mailoutbox):
    monkeypatch.setenv("XINYONG_ADMIN_PASSWORD", STRONG)
    out = StringIO()
    call_command(
        "create_administrator", "--no-input", "--username", "root", "--email", "it@example.cn", stdout=out
    )
    admin = User.objects.get(username="root")
    assert admin.role == Role.ADMIN and admin.check_password(STRONG)
    entry = last_entry(admin)
    assert entry.actor_id is None and "create_administrator" in entry.reason
    with pytest.raises(CommandError, match="已有可用的系统管理员"):
        call_command("create_administrator", "--no-input", "--username", "root2", "--email", "b@example.cn")
    call_command(
        "create_administrator",
        "--no-input",
        "--another",
        "--username",
        "root2",
        "--email",
        "b@example.cn",
        stdout=out,
    )
    verify_ok()


def test_create_administrator_without_a_password_prints_an_activation_link(db, mailoutbox):
    out = StringIO()
    call_command(
        "create_administrator", "--no-input", "--username", "root", "--email", "it@example.cn", stdout=out
    )
    assert "/accounts/link/" in out.getvalue()
    assert not User.objects.get(username="root").has_usable_password()


def test_create_administrator_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("XINYONG_ADMIN_PASSWORD", "admin123")
    with pytest.raises(CommandError, match="password"):
        call_command("create_administrator", "--no-input", "--username", "root", "--email", "it@example.cn")
    assert not User.objects.exists()


def test_the_last_administrator_cannot_be_deactivated_or_demoted(admin_user):
    other = f.user(role=Role.ADMIN, username="admin-2")
    services.user_deactivate(actor=admin_user, user=other, reason="离职")
    with pytest.raises(Exception, match="最后一个"):
        services.user_modify(
            actor=other, user=admin_user, full_name="", email="a@example.cn", role=Role.AUDITOR, reason="调岗"
        )


def test_a_role_change_ends_the_sessions_of_the_account(client, admin_user, dc_staff, xicheng):
    client.force_login(dc_staff)
    services.user_modify(
        actor=admin_user,
        user=dc_staff,
        full_name="",
        email="d@example.cn",
        role=Role.STAFF,
        authority=xicheng,
        reason="调往西城区",
    )
    assert client.get("/office/").status_code == 302
    entry = last_entry(dc_staff)
    assert entry.before["authority_id"] != entry.after["authority_id"]


def test_an_account_changed_behind_the_services_back_is_found(dc_staff):
    User.objects.filter(pk=dc_staff.pk).update(role=Role.ADMIN, authority=None)
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("verify_history", "--skip-files", stdout=out, stderr=out)
    assert f"user {dc_staff.pk}: differs from its last history entry in authority_id, role" in out.getvalue()


def test_the_user_pages_create_and_show_an_account(client, admin_user, dongcheng, mailoutbox):
    client.force_login(admin_user)
    response = client.post(
        "/office/users/new/",
        {
            "username": "li.lei",
            "full_name": "李雷",
            "email": "lilei@example.cn",
            "role": "staff",
            "authority": dongcheng.pk,
            "reason": "新入职",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="li.lei")
    assert response["Location"] == f"/office/users/{user.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "李雷" in page and "新建账号" in page and "待激活" in page


def test_the_user_page_keeps_what_was_typed_when_refused(client, admin_user, dongcheng):
    client.force_login(admin_user)
    response = client.post(
        "/office/users/new/",
        {
            "username": "li.lei",
            "full_name": "李雷",
            "email": "lilei@example.cn",
            "role": "staff",
            "reason": "x",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "该角色需要选择登记管理机关" in page and "李雷" in page
    assert not User.objects.filter(username="li.lei").exists()


def test_a_concurrent_change_to_an_account_is_refused_not_overwritten(admin_user, dc_staff, dongcheng):
    other_admin = f.user(role=Role.ADMIN, username="admin-2")
    first, second = Client(), Client()
    first.force_login(admin_user)
    second.force_login(other_admin)
    url = f"/office/users/{dc_staff.pk}/edit/"
    seen = first.get(url).context["form"].initial["seen"]
    assert second.get(url).context["form"].initial["seen"] == seen
    form = {"email": "dc@example.cn", "role": "staff", "authority": dongcheng.pk, "seen": seen}
    assert first.post(url, {**form, "full_name": "张三", "reason": "更正姓名"}).status_code == 302
    response = second.post(url, {**form, "full_name": "李四", "reason": "更正姓名"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "已被他人修改" in page and "李四" in page  # what was typed is kept
    dc_staff.refresh_from_db()
    assert dc_staff.full_name == "张三"


def test_a_username_is_taken_whatever_its_case(admin_user, dongcheng, dc_staff):
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=admin_user,
            username="DC-Staff",
            full_name="",
            email="x@example.cn",
            role=Role.STAFF,
            authority=dongcheng,
            reason="入职",
        )
    assert exc.value.message_dict == {"username": ["该用户名已被使用（停用的账号也保留用户名）。"]}


def test_resending_an_activation_link_to_an_active_account_is_refused_with_a_message(
    client, admin_user, dc_staff, mailoutbox
):
    client.force_login(admin_user)
    response = client.post(reverse("users:resend", args=[dc_staff.pk]), follow=True)
    assert response.status_code == 200
    assert "该账号已经激活，不需要激活链接" in response.content.decode()
    assert not mailoutbox
