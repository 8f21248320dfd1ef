"""Journeys in a real headless Chromium against a real server (ground rule 3).

The server runs as a separate process on a fresh database of the same engine as the test run
(SQLite file, or a throwaway PostgreSQL database), migrated and loaded with the demo data exactly
as `make run` does. pytest-django's test database is not used: the browser sees what a user sees.
"""

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from xinyong.testing.factories import MINIMAL_PDF
from xinyong.testing.liveserver import CHROMIUM_ARGS, demo_server
from xinyong.testing.scratchdb import scratch_database

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "xinyong-demo-2026"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Debian's chromium is required in CI; .ci/run installs it")
    pytest.skip(
        "chromium is not installed (run .ci/run or apt-get install chromium)", allow_module_level=True
    )

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    with (
        scratch_database(tmp_path_factory.mktemp("browser"), label="browser") as env,
        demo_server(env) as url,
    ):
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


def watch_csp(context) -> list[str]:
    """Collect what the console reports as Content Security Policy violations (blocked inline
    script or style, or anything loaded from elsewhere); every journey must end with none."""
    violations: list[str] = []
    context.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    return violations


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, locale="en-US")
    violations = watch_csp(context)
    page = context.new_page()
    yield page
    context.close()
    assert violations == []


def login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


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
