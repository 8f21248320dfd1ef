"""The credit report end to end in a real Chromium (R-QRY-4): public profile → download the PDF →
open the verification link printed in it → upload the file → "genuine and unaltered"; the
verification page also fits a phone's width."""

import io
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from xinyong.tests.browser import require_chromium, watch_csp

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import expect  # noqa: E402


def verify_link(pdf: bytes) -> str:
    """The QR code's target, which the PDF also carries as a link over the code."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if "/A" in a.get_object()]
    link = next(u for u in uris if "/reports/verify/" in u)
    parts = urlsplit(link)  # the site URL of the server that issued it; this test's server is local
    return f"{parts.path}?{parts.query}"


def test_download_verify_and_upload_the_public_report(browser, server, tmp_path):
    context = browser.new_context(base_url=server, accept_downloads=True)
    violations = watch_csp(context)
    page = context.new_page()
    page.goto("/search?q=海淀区软件")
    page.get_by_role("link", name="北京市海淀区软件行业协会").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载信用报告（PDF）").click()
    download = download_info.value
    assert download.suggested_filename.startswith("信用报告-XY") and download.suggested_filename.endswith(
        ".pdf"
    )
    saved = tmp_path / "report.pdf"
    download.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF")

    page.goto(verify_link(pdf))
    main = page.locator("main")
    expect(main).to_contain_text("与验证码相符")
    expect(main).to_contain_text("北京市海淀区软件行业协会")
    expect(main).to_contain_text("公开版")
    page.set_input_files("input[name=file]", str(saved))
    page.get_by_role("button", name="上传并核对").click()
    expect(page.locator(".messages")).to_contain_text("真实且未被修改")

    altered = tmp_path / "altered.pdf"
    altered.write_bytes(pdf + b"\n% edited\n")
    page.set_input_files("input[name=file]", str(altered))
    page.get_by_role("button", name="上传并核对").click()
    expect(page.locator(".messages")).to_contain_text("文件已被修改")
    verify_url = page.url
    context.close()
    assert violations == []

    phone = browser.new_context(base_url=server, viewport={"width": 375, "height": 800}, is_mobile=True)
    page = phone.new_page()
    page.goto(urlsplit(verify_url).path + "?" + urlsplit(verify_link(pdf)).query)
    expect(page.locator("main")).to_contain_text("与验证码相符")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.close()
