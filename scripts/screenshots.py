"""`make screenshots`: the main pages, as people see them, saved to docs/screenshots/.

Runs the app on a fresh SQLite database with the demo data (as `make run` does) and drives
Debian's Chromium with Playwright, in zh-Hans, at desktop width and at 375 px for the phone shots.
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

from xinyong.testing.liveserver import CHROMIUM_ARGS, XINYONG, demo_server

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "xinyong-demo-2026"


@contextmanager
def serve(tmp: Path) -> Iterator[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'shots.sqlite3'}",
        "XINYONG_EVIDENCE_ROOT": str(tmp / "evidence"),
    }
    subprocess.run([XINYONG, "migrate", "--noinput", "-v0"], env=env, check=True)
    with demo_server(env) as url:
        yield url


def login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp)) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        shots = []

        def shot(page, name: str) -> None:
            page.screenshot(path=OUT / f"{name}.png", full_page=True)
            shots.append(name)

        desktop = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = desktop.new_page()
        page.goto("/")
        shot(page, "01-home")
        page.goto("/search?q=海淀")
        shot(page, "02-search")
        page.get_by_role("link", name="北京市海淀区软件行业协会").click()
        shot(page, "03-profile")
        login(page, "staff_haidian")
        shot(page, "04-dashboard")
        page.goto("/office/associations/")
        page.get_by_role("link", name="北京市海淀区软件行业协会").click()
        shot(page, "05-association")
        page.get_by_text("新增信用记录").click()
        page.get_by_role("list").get_by_role("link", name="失信信息", exact=True).click()
        shot(page, "06-record-form")
        page.go_back()
        page.locator("table a").first.click()
        page.get_by_role("link", name="修改记录").first.click()
        shot(page, "07-history")
        desktop.close()

        supervisor = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = supervisor.new_page()
        login(page, "supervisor")
        page.goto("/office/oversight/")
        shot(page, "08-oversight")
        supervisor.close()

        clerk = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = clerk.new_page()
        login(page, "staff_chaoyang")
        page.goto("/office/objections/")
        page.locator("main table a").first.click()
        shot(page, "11-objection")
        clerk.close()

        phone = browser.new_context(
            base_url=base,
            viewport={"width": 375, "height": 800},
            is_mobile=True,
            device_scale_factor=2,
        )
        page = phone.new_page()
        page.goto("/search?q=朝阳")
        shot(page, "09-phone-search")
        page.locator("main a", has_text="协会").first.click()
        shot(page, "10-phone-profile")
        phone.close()
        browser.close()
    for name in shots:
        print(f"docs/screenshots/{name}.png")


if __name__ == "__main__":
    main()
