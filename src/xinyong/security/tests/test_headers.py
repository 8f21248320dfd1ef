"""Security headers on every page, and no inline script or style that the CSP would block."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import xinyong


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("name", ["disclosure:home", "accounts:login"])
def test_public_pages_carry_the_security_headers(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert csp(response) == {
        "default-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert response.headers["Permissions-Policy"].startswith("accelerometer=(), camera=()")
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_search_result_page_carries_the_policy(client, assoc):
    response = client.get(reverse("disclosure:search"), {"q": assoc.name[:4]})
    assert assoc.name in response.content.decode()
    assert "script-src" not in csp(response)  # default-src 'self' covers scripts: no inline ones
    assert csp(response)["default-src"] == "'self'"


INLINE = re.compile(
    r"""<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle\s*=|\son[a-z]+\s*=|javascript:""", re.I
)


def test_no_template_has_inline_script_style_or_event_handlers():
    root = Path(xinyong.__file__).parent
    offenders = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("*.html")
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
