"""A measure from a rule's proposal, end to end in a real Chromium (R-MEA-1, R-MEA-2): the clerk
sees the proposal, accepts it, checks the pre-filled form and applies the measure; the
association's page then shows it in force."""

import re

import pytest

from xinyong.tests.browser import login, require_chromium

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import expect  # noqa: E402

SCHOOL = "北京市东城区育才职业技能培训学校"


def test_staff_accept_a_proposal_and_apply_the_measure(page):
    login(page, "staff_dongcheng")
    page.get_by_role("link", name="激励惩戒", exact=True).click()
    page.get_by_role("link", name="措施建议", exact=True).click()
    card = page.locator(".card").filter(has_text=f"限制参与政府购买服务 · {SCHOOL}")
    expect(card).to_contain_text("有公示中的失信信息的，建议限制参与政府购买服务")
    expect(card).to_contain_text("失信信息")  # the basis record, with its kind and date
    card.get_by_role("link", name="采纳并实施").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(SCHOOL)
    expect(page.locator("main")).to_contain_text("保存后该建议即为已采纳")
    expect(page.get_by_label("措施种类")).to_have_value(re.compile(r"\d+"))
    # Pre-checked: exactly the record the rule matched, among all the school's recorded records.
    checked = page.locator("[name=basis_records]:checked")
    expect(checked).to_have_count(1)
    expect(page.locator("label", has=checked)).to_contain_text("失信信息 · ")
    expect(page.locator("[name=reason]")).to_have_value(re.compile("依据规则"))
    page.fill("[name=decision_number]", "东民信〔2026〕9号")
    page.fill("[name=reason]", "该校经投诉举报查实未按规定接受年度检查，依规则建议限制参与政府购买服务一年。")
    page.get_by_role("button", name="实施措施").click()

    expect(page.locator(".messages")).to_contain_text(f"已对{SCHOOL}实施“限制参与政府购买服务”")
    expect(page.locator("main")).to_contain_text("实施中")
    expect(page.locator("main")).to_contain_text("东民信〔2026〕9号")
    expect(page.locator("main")).to_contain_text("采纳规则")
    expect(page.locator(".timeline")).to_contain_text("实施激励惩戒措施")

    page.get_by_role("link", name=SCHOOL).click()
    section = page.locator("main")
    expect(section).to_contain_text("激励惩戒措施")
    expect(section.get_by_role("link", name="限制参与政府购买服务")).to_be_visible()

    page.goto("/office/measures/proposals/")
    expect(page.locator(".card").filter(has_text=f"限制参与政府购买服务 · {SCHOOL}")).to_have_count(0)
