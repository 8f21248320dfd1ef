"""Every named URL is in a permission matrix (xinyong.testing.matrix), or exempt for a reason.

A new page must say who may use it: add a ``Case`` to its app's matrix, with what each role gets.
"""

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from xinyong.testing import matrix

SRC = Path(__file__).resolve().parents[2]

# URLs that a role matrix cannot exercise, and why. Keep it short.
EXEMPT = {
    "set_language": "Django's language switch: a redirect for anyone, no data behind it",
    "accounts:link": "one-time signed link (activation / password reset): needs a token made for a user",
}


def named_urls(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL, with its namespaces, through every include."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            names |= named_urls(pattern, f"{namespace}{inner}:" if inner else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def covered_urls() -> set[str]:
    """The URL names of every matrix, importing each test module that builds one."""
    for path in sorted(SRC.glob("xinyong/**/test_*.py")):
        if "testing.matrix import" in path.read_text(encoding="utf-8"):
            importlib.import_module(".".join(path.relative_to(SRC).with_suffix("").parts))
    return set().union(*(m.url_names for m in matrix.REGISTRY))


def test_every_named_url_is_in_a_matrix_or_exempt():
    missing = sorted(named_urls() - covered_urls() - set(EXEMPT))
    assert not missing, "named URLs no permission matrix covers:\n" + "\n".join(missing)


def test_matrices_and_exemptions_name_real_urls_only():
    urls, covered = named_urls(), covered_urls()
    assert covered - urls == set()
    assert set(EXEMPT) - urls == set()
    assert set(EXEMPT) & covered == set(), "covered by a matrix: no longer exempt"
