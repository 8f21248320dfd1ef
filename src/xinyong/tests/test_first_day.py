"""An authority's first day, without the demo (issue 14), in a real browser against a real server
running as in production (XINYONG_DEBUG=0: secure cookies, second factor required, mail sent).

On an empty, migrated database: ``xinyong create_administrator``; the administrator signs in,
enrols TOTP, creates the municipal bureau and a district bureau and a clerk there; the clerk
activates through the mailed link, enrols TOTP, registers an association and records an honour.
Runs on the engine of the test run (SQLite, or a throwaway PostgreSQL database).
"""

import base64
import re
import secrets
import subprocess
from datetime import date
from email import message_from_bytes
from pathlib import Path

import pytest
from django_otp.oath import totp

from xinyong.registry.uscc import make_uscc
from xinyong.testing.factories import MINIMAL_PDF
from xinyong.testing.liveserver import XINYONG, free_port, serve
from xinyong.testing.scratchdb import scratch_database
from xinyong.tests.browser import require_chromium, watch_csp

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import expect  # noqa: E402

ADMIN_PASSWORD = "城墙 银杏 胡同 鸽哨 1421"
CLERK_PASSWORD = "运河 柳树 石桥 灯笼 0610"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """(URL, mail folder) of a production-configured server on a fresh database."""
    tmp = tmp_path_factory.mktemp("firstday")
    port = free_port()
    url = f"http://localhost:{port}"
    mail = tmp / "mail"
    with scratch_database(tmp, label="firstday") as env:
        env = {
            **env,
            "XINYONG_DEBUG": "0",
            "XINYONG_SECRET_KEY": secrets.token_urlsafe(48),
            "XINYONG_SSL_REDIRECT": "0",
            "XINYONG_SITE_URL": url,
            "XINYONG_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "XINYONG_EMAIL_FILE_PATH": str(mail),
            "XINYONG_ADMIN_PASSWORD": ADMIN_PASSWORD,
        }
        subprocess.run(
            [
                XINYONG,
                "create_administrator",
                "--no-input",
                "--username",
                "it-admin",
                "--email",
                "it@example.cn",
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with serve(env, port, insecure=True):
            yield url, mail
        check = subprocess.run([XINYONG, "verify_history"], env=env, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def token_for(secret: str) -> str:
    key = base64.b32decode(re.sub(r"\s", "", secret).upper() + "=" * (-len(re.sub(r"\s", "", secret)) % 8))
    return f"{totp(key):06d}"


def enrol(page) -> None:
    """On the forced set-up page: read the key as a person typing it would, confirm, keep codes."""
    expect(page.get_by_role("heading", level=1)).to_have_text("启用双因素认证")
    assert page.locator(".qr-code svg").count() == 1
    secret = page.locator("dd code").inner_text()
    page.fill("input[name=token]", token_for(secret))
    page.get_by_role("button", name="完成启用").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="我已保存恢复码，继续").click()


def sign_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()


def mailed_link(mail: Path, address: str) -> str:
    for path in sorted(mail.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        message = message_from_bytes(path.read_bytes().split(b"\n" + b"-" * 79)[0])
        if message["To"] == address:
            body = message.get_payload(decode=True).decode("utf-8")
            return re.search(r"http://\S+/accounts/link/\S+/", body).group(0)
    raise AssertionError(f"no mail to {address} in {mail}")


def test_first_day_without_the_demo(browser, production, tmp_path):
    url, mail = production
    admin = browser.new_context(base_url=url, locale="zh-CN")
    violations = watch_csp(admin)
    page = admin.new_page()

    # The administrator: password, then the forced second factor.
    sign_in(page, "it-admin", ADMIN_PASSWORD)
    enrol(page)
    for code, name, parent in (
        ("110000", "北京市民政局", None),
        ("110105", "北京市朝阳区民政局", "北京市民政局"),
    ):
        page.goto("/office/authorities/new/")
        page.fill("input[name=code]", code)
        page.fill("input[name=name]", name)
        page.select_option("select[name=level]", "municipal" if parent is None else "district")
        if parent:
            page.select_option("select[name=parent]", label=parent)
        page.fill("[name=reason]", "系统启用，录入登记管理机关")
        page.locator("main button[type=submit]").click()
        expect(page.locator("main")).to_contain_text(name)
    page.goto("/office/users/new/")
    page.fill("input[name=username]", "zhao.min")
    page.fill("input[name=full_name]", "赵敏")
    page.fill("input[name=email]", "zhaomin@chaoyang.example.cn")
    page.select_option("select[name=role]", "staff")
    page.select_option("select[name=authority]", label="北京市朝阳区民政局")
    page.fill("[name=reason]", "新入职科员，负责信用信息记录")
    page.get_by_role("button", name="创建并发送激活链接").click()
    expect(page.locator("main")).to_contain_text("待激活")
    admin.close()
    assert violations == []

    # The clerk: the mailed link, a password of their own, the second factor, then work.
    clerk = browser.new_context(base_url=url, locale="zh-CN")
    violations = watch_csp(clerk)
    page = clerk.new_page()
    page.goto(mailed_link(mail, "zhaomin@chaoyang.example.cn"))
    page.fill("input[name=new_password1]", CLERK_PASSWORD)
    page.fill("input[name=new_password2]", CLERK_PASSWORD)
    page.get_by_role("button", name="设置密码").click()
    expect(page.locator("main")).to_contain_text("密码已设置")
    sign_in(page, "zhao.min", CLERK_PASSWORD)
    enrol(page)

    uscc = make_uscc(registration_type="social_group", division="110105", org_body="70000017")
    page.goto("/office/associations/new/")
    page.fill("input[name=name]", "北京市朝阳区社区养老服务协会")
    page.fill("input[name=uscc]", uscc)
    page.fill("input[name=address]", "北京市朝阳区左家庄街道")
    page.fill("input[name=legal_representative]", "孙立")
    page.fill("input[name=staff_count]", "12")
    page.fill("input[name=registered_capital]", "30000")
    page.fill("[name=business_scope]", "社区养老服务的交流与培训")
    page.fill("input[name=founded_on]", "2019-05-20")
    page.fill("[name=reason]", "依登记证书录入")
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("北京市朝阳区社区养老服务协会")

    evidence = tmp_path / "朝民罚字2026第3号.pdf"
    evidence.write_bytes(MINIMAL_PDF)
    today = date.today().isoformat()
    misconduct = "未按规定报送年度工作报告"
    page.get_by_text("新增信用记录").click()
    page.get_by_role("list").get_by_role("link", name="失信信息", exact=True).click()
    page.fill("[name=misconduct]", misconduct)
    page.fill("[name=penalty]", "警告")
    page.fill("[name=legal_basis]", "《社会团体登记管理条例》第三十条")
    page.fill("[name=event_date]", today)
    page.fill("[name=document_number]", "朝民罚字〔2026〕第3号")
    page.fill("[name=issuer]", "北京市朝阳区民政局")
    page.fill("[name=issued_on]", today)
    page.set_input_files("[name=file]", str(evidence))
    page.fill("[name=reason]", "依据行政处罚决定书记录")
    page.get_by_role("button", name="正式记录").click()
    expect(page.locator("main")).to_contain_text(misconduct)
    clerk.close()
    assert violations == []
