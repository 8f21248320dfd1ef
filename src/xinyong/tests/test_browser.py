"""Journeys in a real headless Chromium against a real server (see xinyong/tests/browser.py)."""

import re
import time
from datetime import date

import pytest

from xinyong.testing.factories import MINIMAL_PDF
from xinyong.tests.browser import PASSWORD, login, require_chromium, watch_csp

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import expect  # noqa: E402


def test_public_search_by_two_characters_then_profile(page):
    page.goto("/")
    page.get_by_role("searchbox").or_(page.locator("input[name=q]")).first.fill("海淀")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("北京市海淀区软件行业协会")
    page.get_by_role("link", name="北京市海淀区软件行业协会").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("北京市海淀区软件行业协会")
    for heading in ("基本信息", "绩效信息", "荣誉信息", "失信信息"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    # Chinese first, whatever the browser's own language (en-US here).
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_profile_fits_a_phone_screen(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 375, "height": 800}, is_mobile=True)
    violations = watch_csp(context)
    page = context.new_page()
    page.goto("/search?q=朝阳")
    page.locator("main a", has_text="协会").first.click()
    expect(page.get_by_role("heading", name="基本信息")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
    assert violations == []


def test_the_policy_blocks_inline_style_and_the_watch_sees_it(browser, server):
    context = browser.new_context(base_url=server)
    violations = watch_csp(context)
    page = context.new_page()
    page.goto("/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p id=x style=\"color: red\">x</p>')")
    expect(page.locator("#x")).not_to_have_css("color", "rgb(255, 0, 0)")
    context.close()
    assert violations and "style-src" in violations[0]


def test_staff_records_dishonesty_with_evidence_and_it_is_published(page, tmp_path):
    today = date.today().isoformat()
    evidence = tmp_path / "东民罚字2026第9号.pdf"
    evidence.write_bytes(MINIMAL_PDF)
    login(page, "staff_dongcheng")
    page.goto("/office/associations/")
    page.locator("table a").first.click()
    name = page.get_by_role("heading", level=1).inner_text()
    page.get_by_text("新增信用记录").click()
    page.get_by_role("list").get_by_role("link", name="失信信息", exact=True).click()
    misconduct = "浏览器测试：未按规定办理变更登记"
    page.fill("[name=misconduct]", misconduct)
    page.fill("[name=penalty]", "警告")
    page.fill("[name=legal_basis]", "《社会团体登记管理条例》第二十九条")
    page.fill("[name=event_date]", today)
    page.fill("[name=document_number]", "东民罚字〔2026〕第9号")
    page.fill("[name=issuer]", "北京市东城区民政局")
    page.fill("[name=issued_on]", today)
    page.set_input_files("[name=file]", str(evidence))
    page.fill("[name=reason]", "依据行政处罚决定书记录")
    page.get_by_role("button", name="正式记录").click()
    expect(page.locator("main")).to_contain_text(misconduct)
    record_url = page.url
    page.get_by_role("link", name=name).first.click()
    page.get_by_role("link", name="公示页面").click()
    expect(page.locator("main")).to_contain_text(misconduct)
    expect(page.locator("main")).not_to_contain_text("东民罚字〔2026〕第9号")  # evidence is never public

    # Another district's staff cannot change it (R-REC-2), and is told why.
    page.get_by_role("button", name="退出").click()
    login(page, "staff_xicheng")
    response = page.goto(record_url.rstrip("/") + "/modify/")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("北京市东城区民政局")


def test_association_sees_its_unpublished_items_and_why(page):
    """R-ACT-2: the association account sees everything recorded about it, each item labelled."""
    login(page, "assoc_haidian")
    page.get_by_role("link", name="北京市海淀区软件行业协会").first.click()
    main = page.locator("main")
    expect(main).to_contain_text("草稿")  # a draft waiting for its evidence
    expect(main).to_contain_text("已过公示期")  # the expired honour and the old penalty
    expect(main).to_contain_text("公示中")
    # It cannot change anything: no modify or record buttons for an association account.
    expect(page.get_by_role("link", name="变更基本信息")).to_have_count(0)
    expect(page.get_by_text("新增信用记录")).to_have_count(0)


def test_english_journey_search_to_profile(page):
    page.goto("/")
    page.locator("header select[name=language]").select_option("en")
    page.locator("header button[type=submit]").last.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("input[name=q]").fill("海淀")
    page.locator("main button[type=submit]").click()
    page.get_by_role("link", name="北京市海淀区软件行业协会").click()
    for heading in (
        "Basic information",
        "Performance information",
        "Honour information",
        "Dishonesty information",
    ):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def test_two_clerks_change_the_same_association_and_nothing_is_lost(browser, server):
    """Both open the 变更 form; the first saves; the second is shown what changed meanwhile, with
    the first clerk's change already merged in, and saves with one more click."""
    clerks = []
    for _ in range(2):
        context = browser.new_context(base_url=server)
        violations = watch_csp(context)
        page = context.new_page()
        login(page, "staff_dongcheng")
        page.goto("/office/associations/?order=-founded_on")
        page.locator("main table a").last.click()
        page.get_by_role("link", name="变更基本信息").click()
        clerks.append((context, page, violations))
    (first_context, first, first_violations), (second_context, second, second_violations) = clerks

    first.fill("[name=address]", "北京市东城区浏览器测试路1号")
    first.fill("[name=reason]", "住所变更")
    first.get_by_role("button", name="保存变更").click()
    expect(first.locator("main")).to_contain_text("北京市东城区浏览器测试路1号")

    second.fill("[name=legal_representative]", "浏览器测试人")
    second.fill("[name=reason]", "法定代表人变更")
    second.get_by_role("button", name="保存变更").click()
    merge = second.locator("section.merge")
    expect(merge).to_contain_text("在您编辑期间")
    expect(merge).to_contain_text("住所变更")  # who changed what meanwhile, and why
    expect(second.locator("[name=address]")).to_have_value("北京市东城区浏览器测试路1号")
    expect(second.locator("[name=legal_representative]")).to_have_value("浏览器测试人")
    second.get_by_role("button", name="保存变更").click()
    main = second.locator("main")
    expect(main).to_contain_text("基本信息变更已保存")
    expect(main).to_contain_text("北京市东城区浏览器测试路1号")
    expect(main).to_contain_text("浏览器测试人")
    for context in (first_context, second_context):
        context.close()
    assert first_violations == [] and second_violations == []


def test_sign_in_delay_is_explained_not_blank(page):
    """After five wrong passwords from one address, each further failure doubles the wait before
    that address may try the account again (1 s, 2 s, 4 s, …). An attempt made too soon, even with
    the right password, is refused on the login page with a message saying how long to wait, and
    nothing typed is lost. The partner department's account is used because no other journey
    signs in with it."""
    page.goto("/accounts/login/")
    main = page.locator("main")

    def submit(password: str) -> tuple[int, str]:
        page.fill("input[name=username]", "dept_finance")
        page.fill("input[name=password]", password)
        with page.expect_navigation() as navigation:
            page.locator("main button[type=submit]").click()
        return navigation.value.status, main.inner_text()

    for _ in range(5):
        status, text = submit("not-the-password")
        assert status == 200 and "请输入一个正确的用户名和密码" in text
    # Failing on as fast as the browser goes: within a few seconds a wait of 4 s or more is due.
    deadline = time.monotonic() + 60
    while not ((wait := re.search(r"请(\d+)秒后再试", text)) and int(wait.group(1)) >= 4):
        assert time.monotonic() < deadline, text
        status, text = submit("not-the-password")
    status, text = submit(PASSWORD)
    assert status == 429
    assert re.search(r"登录失败次数过多，请\d+秒后再试。", text), text
    expect(page.locator("input[name=username]")).to_have_value("dept_finance")  # nothing typed is lost
