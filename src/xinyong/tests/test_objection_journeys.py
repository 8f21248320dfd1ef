"""Objections end to end in a real Chromium (R-OBJ-1, R-OBJ-2): file → verify → correct, and
file → confirm, each with the association, its registration authority and the public watching."""

import re
from datetime import date

import pytest

from xinyong.testing.factories import MINIMAL_PDF
from xinyong.tests.browser import login, require_chromium, watch_csp

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture
def people(browser, server):
    """A browser context per person; each must end without a CSP violation."""
    contexts = []

    def person(username: str | None = None):
        context = browser.new_context(base_url=server)
        contexts.append((context, watch_csp(context)))
        page = context.new_page()
        if username:
            login(page, username)
        return page

    yield person
    for context, violations in contexts:
        context.close()
        assert violations == []


def file_objection(page, record_label: re.Pattern, statement: str, material) -> str:
    page.get_by_role("link", name="异议", exact=True).click()
    page.get_by_role("link", name="提出异议").click()
    page.get_by_role("checkbox", name=record_label).first.check()
    page.fill("[name=statement]", statement)
    page.set_input_files("[name=attachments]", str(material))
    page.get_by_role("button", name="提交异议").click()
    expect(page.locator(".messages")).to_contain_text("异议已提交")
    expect(page.locator("main")).to_contain_text("已提交，待核实")
    return page.get_by_role("heading", level=1).inner_text().removeprefix("异议 ").strip()


def open_from_dashboard(page, number: str) -> None:
    page.goto("/office/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def test_objection_verified_and_corrected(people, tmp_path):
    material = tmp_path / "评估结果通知.pdf"
    material.write_bytes(MINIMAL_PDF)
    association = people("assoc_haidian")
    number = file_objection(
        association,
        re.compile(r"^评估信息"),
        "评估结果通知载明的有效期为五年，系统中的有效期与通知不符，附评估结果通知。",
        material,
    )

    # The public sees the record labelled while it is being verified.
    public = people()
    public.goto("/search?q=海淀区软件")
    public.get_by_role("link", name="北京市海淀区软件行业协会").click()
    expect(public.locator("main")).to_contain_text("异议核实中")

    clerk = people("staff_haidian")
    open_from_dashboard(clerk, number)
    clerk.get_by_role("button", name="受理并开始核实").click()
    expect(clerk.locator(".messages")).to_contain_text("已开始核实")
    clerk.get_by_role("link", name="更正这条记录").click()
    expect(clerk.locator("main")).to_contain_text(f"依异议 {number} 更正")
    event = date.fromisoformat(clerk.locator("[name=event_date]").input_value())
    corrected_until = event.replace(year=event.year + 5)
    clerk.fill("[name=valid_until]", corrected_until.isoformat())
    clerk.fill("[name=reason]", "依评估结果通知更正有效期")
    clerk.get_by_role("button", name="保存修改").click()
    expect(clerk.locator(".messages")).to_contain_text(f"已依异议 {number} 更正")
    expect(clerk.locator("main")).to_contain_text("依评估结果通知更正有效期")  # listed as a correction
    clerk.get_by_role("radio", name=re.compile("^已更正")).check()
    clerk.fill("[name=explanation]", "经核实，评估结果通知载明有效期五年，已更正有效期。")
    clerk.get_by_role("button", name="办结并告知协会").click()
    expect(clerk.locator(".messages")).to_contain_text("异议已办结")
    expect(clerk.locator("main")).to_contain_text("按期办结")

    association.reload()
    expect(association.locator("main")).to_contain_text("已更正")
    expect(association.locator("main")).to_contain_text("已更正有效期")
    expect(association.locator("header")).to_contain_text("未读")  # notified in the app
    association.get_by_role("link", name=re.compile("^通知")).click()
    expect(association.locator("main")).to_contain_text(f"异议 {number} 已办结")

    public.reload()
    expect(public.locator("main")).not_to_contain_text("异议核实中")


def test_objection_verified_and_confirmed(people, tmp_path):
    material = tmp_path / "说明.pdf"
    material.write_bytes(MINIMAL_PDF)
    association = people("assoc_dongcheng")
    number = file_objection(
        association, re.compile(r"^荣誉信息"), "该荣誉的授予机构名称有误，附授予文件。", material
    )

    clerk = people("staff_dongcheng")
    open_from_dashboard(clerk, number)
    clerk.get_by_role("button", name="受理并开始核实").click()
    # Confirming without a proper written explanation is refused, and nothing is lost.
    clerk.get_by_role("radio", name=re.compile("^经核实无误")).check()
    clerk.fill("[name=explanation]", "无误")
    clerk.get_by_role("button", name="办结并告知协会").click()
    expect(clerk.locator("main")).to_contain_text("请写明核实的结果和依据")
    expect(clerk.locator("[name=explanation]")).to_have_value("无误")
    expect(clerk.get_by_role("radio", name=re.compile("^经核实无误"))).to_be_checked()
    clerk.fill("[name=explanation]", "经核实，授予机构名称与授予文件一致，原信息无误。")
    clerk.get_by_role("button", name="办结并告知协会").click()
    expect(clerk.locator("main")).to_contain_text("经核实无误")

    association.reload()
    expect(association.locator("main")).to_contain_text("授予机构名称与授予文件一致")
    expect(association.get_by_role("button", name="撤回异议")).to_have_count(0)  # closed
