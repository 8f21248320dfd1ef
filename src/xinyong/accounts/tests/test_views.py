"""Sign-in and sign-out, and what a partner department sees in the back office."""

from django.urls import reverse

from xinyong.testing import factories as f


def test_login_page_renders(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html


def test_login_goes_to_the_dashboard_and_logout_home(client, dc_staff, assoc):
    response = client.post(
        reverse("accounts:login"), {"username": "dc-staff", "password": "pass-for-tests-1"}
    )
    assert response.status_code == 302
    assert response.url == reverse("records:dashboard")
    dashboard = client.get(response.url).content.decode()
    assert "北京市东城区民政局" in dashboard
    assert reverse("registry:list") in dashboard
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("disclosure:home")
    assert client.get(reverse("records:dashboard")).status_code == 302


def test_wrong_password_stays_on_the_login_page(client, dc_staff):
    response = client.post(reverse("accounts:login"), {"username": "dc-staff", "password": "wrong"})
    assert response.status_code == 200
    assert 'class="errorlist nonfield"' in response.content.decode()


def test_login_keeps_next(client, dc_staff, dishonesty):
    target = reverse("records:detail", args=[dishonesty.pk])
    response = client.post(
        reverse("accounts:login") + f"?next={target}",
        {"username": "dc-staff", "password": "pass-for-tests-1", "next": target},
    )
    assert response.url == target


def test_department_sees_a_message_not_data(client, dept_user, assoc):
    client.force_login(dept_user)
    html = client.get(reverse("records:dashboard")).content.decode()
    assert "管理后台的其他页面暂未向相关部门开放" in html
    assert reverse("measures:list") in html  # the one part of the office open to departments
    assert assoc.name not in html
    refused = client.get(reverse("registry:list"))
    assert refused.status_code == 403
    assert "管理后台的其他页面暂未向相关部门开放" in refused.content.decode()


def test_dashboard_lists_drafts_missing_evidence_and_recent_entries(client, dc_staff, assoc, dishonesty):
    draft = f.record(actor=dc_staff, association_obj=assoc, draft=True, evidence=False)
    client.force_login(dc_staff)
    html = client.get(reverse("records:dashboard")).content.decode()
    drafts = html[html.index("缺少证明材料的草稿") : html.index("最近的修改记录")]
    assert reverse("records:detail", args=[draft.pk]) in drafts
    assert reverse("records:detail", args=[dishonesty.pk]) not in drafts  # has evidence
    assert "新增信用记录" in html
    assert "1 个协会" in html


def test_language_switcher_posts_to_setlang(client, db):
    html = client.get(reverse("disclosure:home")).content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'value="en"' in html and 'value="zh-hans"' in html
