"""Shared fixtures for the journeys in a real headless Chromium against a real server (ground rule 3).

The server runs as a separate process on a fresh database of the same engine as the test run
(SQLite file, or a throwaway PostgreSQL database), migrated and loaded with the demo data exactly
as `make run` does. pytest-django's test database is not used: the browser sees what a user sees.
tests/conftest.py makes the fixtures available to every test module in that directory.
"""

import os
import shutil
from pathlib import Path

import pytest

from xinyong.testing.liveserver import CHROMIUM_ARGS, demo_server
from xinyong.testing.scratchdb import scratch_database

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "xinyong-demo-2026"


def require_chromium() -> None:
    """Skip the calling module when Chromium is missing, except in CI, where that is an error."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise RuntimeError("Debian's chromium is required in CI; .ci/run installs it")
    pytest.skip(
        "chromium is not installed (run .ci/run or apt-get install chromium)", allow_module_level=True
    )


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    with (
        scratch_database(tmp_path_factory.mktemp("browser"), label="browser") as env,
        demo_server(env) as url,
    ):
        yield url


@pytest.fixture(scope="module")
def browser():
    """Per module: Playwright's sync API runs an event loop in this thread while it is open, and
    Django refuses database access from a thread with a running loop — so it must be closed before
    the tests of other modules (e.g. ``workdays/tests``) run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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


def login(page, username: str) -> None:
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("header form[action*=logout] button")).to_be_visible()
