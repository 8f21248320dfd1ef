"""Accessibility of every page, in both languages, checked by axe-core in a real Chromium.

axe-core (shipped in the axe-playwright-python wheel) runs the WCAG 2.0/2.1 A and AA rules and its
best practices: colour contrast, labels, headings in order, landmarks, table headers, the document
language. Each page must show no violation at all. The keyboard journey checks what axe cannot:
that the search can be done without a mouse, starting with the skip link.
"""

import pytest

from xinyong.tests.browser import login, require_chromium

pytestmark = pytest.mark.browser
require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

AXE = Axe()
LANGUAGES = ["zh-hans", "en"]
HAIDIAN = "北京市海淀区软件行业协会"


@pytest.fixture(params=LANGUAGES)
def lang_page(request, browser, server):
    context = browser.new_context(base_url=server)
    context.add_cookies([{"name": "django_language", "value": request.param, "url": server}])
    page = context.new_page()
    yield page
    context.close()


def audit(page, label: str, problems: dict[str, list[str]]) -> None:
    results = AXE.run(page)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
    ]
    if found:
        problems[f"{label} {page.url}"] = found


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}:\n  " + "\n  ".join(found) for page, found in problems.items())


def test_public_pages(lang_page):
    page, problems = lang_page, {}
    for url in ("/", "/search?q=海淀", "/search?q=海", "/search?q=没有这样的协会名称", "/accounts/login/"):
        page.goto(url)
        audit(page, url, problems)
    page.goto("/search?q=海淀")
    page.get_by_role("link", name=HAIDIAN).click()
    audit(page, "profile", problems)
    page.goto("/org/510000000000000000")
    audit(page, "404", problems)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "staff_haidian")
    page.fill("input[name=password]", "wrong password")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main .errorlist, main .notice, main [role=alert]").first).to_be_visible()
    audit(page, "login error", problems)
    assert problems == {}, report(problems)


def test_authority_back_office(lang_page):
    page, problems = lang_page, {}
    login(page, "staff_haidian")
    audit(page, "dashboard", problems)
    page.goto("/office/associations/")
    audit(page, "association list", problems)
    page.get_by_role("link", name=HAIDIAN).click()
    detail = page.url
    audit(page, "association detail", problems)
    page.goto(detail + "modify/")
    audit(page, "association modify", problems)
    page.goto("/office/associations/new/")
    audit(page, "association new", problems)
    page.goto(detail + "records/new/dishonesty/")
    audit(page, "record form", problems)
    # Submitted empty, past the browser's own checks, the server's errors are shown at the fields.
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    page.locator("main button[value=record]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit(page, "record form with errors", problems)
    page.goto(detail)
    page.locator("main table a[href*='/office/records/']").first.click()
    record = page.url
    audit(page, "record detail", problems)
    for action in ("modify/", "revoke/"):
        page.goto(record + action)
        audit(page, action, problems)
    page.goto(record)
    page.locator("main a[href*='/office/history/']").first.click()
    audit(page, "history", problems)
    page.goto("/office/history/")
    audit(page, "recent changes", problems)
    assert problems == {}, report(problems)


def test_association_and_supervisor_pages(lang_page):
    page, problems = lang_page, {}
    login(page, "assoc_haidian")
    audit(page, "association dashboard", problems)
    page.get_by_role("link", name=HAIDIAN).first.click()
    audit(page, "own record", problems)
    page.goto("/office/objections/new/")
    audit(page, "objection form", problems)
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit(page, "objection form with errors", problems)
    page.locator("header form[action*=logout] button").click()
    login(page, "assoc_chaoyang")  # the demo has an objection being verified and one answered
    page.goto("/office/objections/?show=all")
    audit(page, "objection list", problems)
    page.locator("main table a").first.click()
    audit(page, "objection detail (association)", problems)
    page.goto("/office/notices/")
    audit(page, "notices", problems)
    page.locator("header form[action*=logout] button").click()
    login(page, "staff_chaoyang")
    page.goto("/office/objections/?show=all")
    page.locator("main table a").first.click()
    audit(page, "objection detail (authority)", problems)
    page.locator("header form[action*=logout] button").click()
    login(page, "admin")
    for url in ("/office/calendar/", "/office/calendar/2026/", "/office/calendar/enter/"):
        page.goto(url)
        audit(page, url, problems)
    page.locator("header form[action*=logout] button").click()
    login(page, "supervisor")
    page.goto("/office/oversight/")
    audit(page, "oversight", problems)
    page.goto("/office/associations/?q=海淀")
    audit(page, "association search", problems)
    assert problems == {}, report(problems)


def test_measures_and_credit_report_pages(lang_page):
    page, problems = lang_page, {}
    login(page, "staff_chaoyang")  # the demo has a measure in force, a lifted one and proposals
    page.goto("/office/measures/")
    audit(page, "measure list", problems)
    page.goto("/office/measures/?state=in_force")
    links = page.locator("main table a[href*='/office/measures/']")
    measures = [links.nth(n).get_attribute("href") for n in range(links.count())]
    for href in measures:  # one this authority applied, with the lift form (a department's has none)
        page.goto(href)
        if page.locator("main form[action$='/lift/']").count():
            break
    expect(page.locator("main form[action$='/lift/']")).to_be_visible()
    audit(page, "measure detail with the lift form", problems)
    page.goto("/office/measures/proposals/")
    audit(page, "proposals", problems)
    page.goto("/office/measures/apply/")
    audit(page, "measure apply (choose association)", problems)
    page.goto("/office/associations/")
    page.locator("main table a[href*='/office/associations/']").first.click()
    page.locator("main a[href*='/reports/association/']").first.click()
    audit(page, "credit report form", problems)
    page.locator("header form[action*=logout] button").click()
    login(page, "admin")
    for url in ("/office/measures/kinds/", "/office/measures/kinds/new/", "/office/measures/rules/"):
        page.goto(url)
        audit(page, url, problems)
    page.goto("/office/measures/rules/")
    page.locator("main table a[href*='/office/measures/rules/']").first.click()
    audit(page, "rule form", problems)
    page.locator("header form[action*=logout] button").click()
    page.goto("/reports/verify/")
    audit(page, "report verification", problems)
    page.goto("/reports/verify/XY20260101-000001/?code=ABCD-EFGH-JKLM")
    audit(page, "report not genuine", problems)
    assert problems == {}, report(problems)


def test_search_by_keyboard_alone(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # visible once focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # From the main content, the next stop is the search box; type and submit with Enter.
    page.keyboard.press("Tab")
    expect(page.locator("main input[name=q]")).to_be_focused()
    page.keyboard.type("海淀")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    result = page.get_by_role("link", name=HAIDIAN)
    for _ in range(40):  # tab through to the result, as a keyboard user does
        page.keyboard.press("Tab")
        if result.evaluate("el => el === document.activeElement"):
            break
    expect(result).to_be_focused()
    # The focus ring is drawn (3 px outline), not suppressed.
    assert result.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(HAIDIAN)


def test_account_and_administration_pages(lang_page):
    """Issue 14: the account pages of a holder, an administrator and an account administrator."""
    page, problems = lang_page, {}
    for url in ("/accounts/password/reset/", "/accounts/link/MQ/not-a-token/"):
        page.goto(url)
        audit(page, url, problems)
    login(page, "admin")
    for url in (
        "/accounts/",
        "/accounts/password/",
        "/accounts/sessions/",
        "/accounts/two-factor/",
        "/office/users/",
        "/office/users/?role=staff&state=active",
        "/office/users/new/",
        "/office/security-log/",
        "/office/authorities/",
        "/office/authorities/new/",
        "/office/departments/",
        "/office/departments/new/",
    ):
        page.goto(url)
        audit(page, url, problems)
    page.goto("/office/users/?q=staff_xicheng")
    page.get_by_role("link", name="staff_xicheng").click()
    detail = page.url
    audit(page, "user detail", problems)
    for action in ("edit/", "deactivate/", "reset-password/"):
        page.goto(detail + action)
        audit(page, action, problems)
    page.goto("/office/users/new/")
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit(page, "user form with errors", problems)
    page.goto("/office/authorities/")
    page.locator("main table a").first.click()
    audit(page, "authority detail", problems)
    page.locator("header form[action*=logout] button").click()
    login(page, "staff_haidian")  # the demo's staff are their authority's account administrators
    page.goto("/office/users/new/")
    audit(page, "account administrator's new user", problems)
    assert problems == {}, report(problems)
