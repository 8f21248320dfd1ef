"""The API docs and the key pages in a real headless Chromium against a real server with the demo
data (fixtures from xinyong/tests/browser.py). Every page here must load without a single
Content Security Policy report in the console (the ``page`` fixture checks at the end)."""

import pytest

from xinyong.tests.browser import browser, login, page, require_chromium, server  # noqa: F401

pytestmark = pytest.mark.browser
require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

AXE = Axe()


def test_docs_render_and_try_a_search(page):  # noqa: F811
    page.goto("/api/docs/")
    expect(page.locator(".info .title")).to_contain_text("协会信用信息管理系统 API")
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    paths = operations.all_inner_texts()
    for path in ("/api/v1/associations", "/api/v1/shared/associations", "/api/v1/shared/profiles"):
        assert any(p.replace("\u200b", "") == path for p in paths), paths
    search = page.locator(
        ".opblock", has=page.locator(".opblock-summary-path[data-path='/api/v1/associations']")
    )
    search.locator(".opblock-summary").click()
    search.get_by_role("button", name="Try it out").click()
    search.locator("input[placeholder='q']").fill("海淀")
    search.get_by_role("button", name="Execute").click()
    expect(search.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(search.locator(".live-responses-table")).to_contain_text("北京市海淀区软件行业协会")


def test_administrator_issues_uses_and_revokes_a_key(page):  # noqa: F811
    problems: list[str] = []

    def audit(label):
        violations = AXE.run(page).response["violations"]
        problems.extend(f"{label}: {v['id']} {[n['target'] for n in v['nodes'][:3]]}" for v in violations)

    login(page, "admin")
    page.locator("header").get_by_role("link", name="接口密钥").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("接口密钥")
    audit("key list")
    page.get_by_role("link", name="签发接口密钥").click()
    audit("issue form")
    page.get_by_label("相关部门").select_option(index=1)
    page.get_by_label("密钥名称").fill("浏览器测试系统")
    page.get_by_label("查询共享信息").check()
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("密钥只显示这一次")
    audit("issued")
    key = page.locator("main code.wrap").inner_text()
    assert key.startswith("xy_")

    def shared_search():
        return page.request.get(
            "/api/v1/shared/associations",
            params={"q": "海淀", "purpose": "浏览器测试：依法查询"},
            headers={"Authorization": f"Bearer {key}"},
        )

    answer = shared_search()
    assert answer.status == 200 and answer.json()["results"]

    page.get_by_role("link", name="我已保存密钥，返回列表").click()
    expect(page.locator("main")).not_to_contain_text(key)
    page.get_by_role("link", name="部门查询记录").click()
    expect(page.locator("main table")).to_contain_text("浏览器测试：依法查询")
    audit("query log")
    page.get_by_role("link", name="接口密钥").first.click()
    page.locator("main tr", has_text="浏览器测试系统").get_by_role("link", name="吊销").click()
    audit("revoke form")
    page.get_by_label("吊销原因").fill("浏览器测试结束")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("已吊销")
    expect(page.locator("main tr", has_text="浏览器测试系统")).to_contain_text("浏览器测试结束")
    refused = shared_search()
    assert refused.status == 401 and refused.json()["code"] == "revoked_key"
    assert problems == []
