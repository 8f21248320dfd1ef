"""Two-factor sign-in in a real Chromium: enrolment by QR page, the recovery codes, signing in
again with a code, each page axe-clean in both languages and without a CSP violation.

Each language enrols its own demo clerk that no other journey signs in with (an enrolled account
must verify at every later sign-in).
"""

import time
from base64 import b32decode

import pytest

from xinyong.tests.browser import login, require_chromium, watch_csp

pytestmark = pytest.mark.browser
require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from django_otp.oath import TOTP  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

AXE = Axe()
CLERKS = {"zh-hans": "staff_yanqing", "en": "staff_miyun"}


def code_for(secret: str) -> str:
    key = secret.replace(" ", "")
    totp = TOTP(b32decode(key + "=" * (-len(key) % 8)))
    return f"{totp.token():06d}"


def next_time_step(after: float) -> None:
    """Wait until the 30-second step after the one ``after`` fell in: a code is accepted once,
    and a code from a step ahead may fall outside the window once django-otp has synchronised
    the device's drift to an enrolment that crossed a step boundary."""
    while int(time.time() // 30) == int(after // 30):
        time.sleep(0.5)


def violations(page) -> list[str]:
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in AXE.run(page).response["violations"]
    ]


@pytest.mark.parametrize("language", list(CLERKS))
def test_enrol_and_sign_in_again(browser, server, language):
    context = browser.new_context(base_url=server)
    context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    csp = watch_csp(context)
    page = context.new_page()
    problems = {}

    login(page, CLERKS[language])
    page.goto("/accounts/two-factor/")
    problems["overview"] = violations(page)
    page.goto("/accounts/two-factor/setup/")
    expect(page.locator("main svg.qr")).to_be_visible()
    problems["setup"] = violations(page)
    secret = page.locator("main code.wrap").inner_text()
    page.fill("input[name=token]", "000000" if code_for(secret) != "000000" else "111111")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    problems["setup with error"] = violations(page)
    time.sleep(1.1)  # django-otp's throttle after one wrong code
    page.fill("input[name=token]", code_for(secret))
    page.locator("main button[type=submit]").click()
    expect(page.locator("main ul.recovery-codes li")).to_have_count(10)
    enrolled_at = time.time()
    problems["recovery codes"] = violations(page)
    recovery = page.locator("main ul.recovery-codes li").first.inner_text()

    page.locator("header form[action*=logout] button").click()
    login(page, CLERKS[language])
    expect(page).to_have_url(f"{server}/accounts/two-factor/verify/?next=%2Foffice%2F")
    problems["verify"] = violations(page)
    next_time_step(enrolled_at)
    page.fill("input[name=token]", code_for(secret))
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{server}/office/")

    page.locator("header form[action*=logout] button").click()
    login(page, CLERKS[language])
    page.fill("input[name=token]", recovery)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{server}/office/")
    context.close()
    assert {k: v for k, v in problems.items() if v} == {}
    assert csp == []
