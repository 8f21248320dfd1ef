"""Public pages and the API: the same answer whatever session is signed in.

The public site (R-ACT-1) needs no account, and signing in changes nothing there. The API does
not use the session at all: public endpoints answer everyone, the others want a department's key
(sent as a header), so no role gets in with its session alone.
"""

import pytest

from xinyong.opendata.export import export_open_data
from xinyong.testing.matrix import ANONYMOUS, NOT_ALLOWED, NOT_FOUND, OK, Case, Matrix, run, same

ROLES = (ANONYMOUS, "assoc_user", "dc_staff", "supervisor", "dept_user", "auditor", "admin_user")
NEEDS_A_KEY = 401


@pytest.fixture
def world(assoc, dishonesty):
    export_open_data()
    return {"assoc": assoc}


def _uscc(world):
    return [world["assoc"].uscc]


MATRIX = Matrix(
    ROLES,
    [
        Case("disclosure:search", same(OK), query="q=餐饮"),
        Case("opendata:index", same(OK)),
        Case("opendata:file", same(OK), args=lambda _: ["manifest.json"]),
        Case("reports:public", same(NOT_ALLOWED), args=_uscc),  # a GET never issues a report
        Case("reports:verify_start", same(OK)),
        # A number and code that were never issued look like any wrong pair.
        Case("reports:verify", same(NOT_FOUND), args=lambda _: ["XY-2026-000000"], query="code=AAAA-BBBB"),
        Case("api-schema", same(OK)),
        Case("api-docs", same(OK)),
        Case("api-associations", same(OK), query="q=餐饮"),
        Case("api-association", same(OK), args=_uscc),
        Case("opendata-feed", same(OK)),
        Case("api-shared-associations", same(NEEDS_A_KEY)),
        Case("api-shared-association", same(NEEDS_A_KEY), args=_uscc),
        Case("api-shared-profiles", same(NEEDS_A_KEY)),
        Case("api-shared-measures", same(NEEDS_A_KEY)),
        Case("api-deliveries", same(NEEDS_A_KEY)),
        Case("api-deliveries", same(NEEDS_A_KEY), method="post", label="api-deliveries-upload"),
        Case("api-delivery", same(NEEDS_A_KEY), args=lambda _: ["1"]),
        Case("api-delivery-report", same(NEEDS_A_KEY), args=lambda _: ["1"]),
    ],
)


@MATRIX.parametrize
def test_public_pages_and_api(client, request, world, cell):
    run(client, cell, world, request=request)
