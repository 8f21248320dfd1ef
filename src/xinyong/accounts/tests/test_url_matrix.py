"""Who may use the account pages: sign-in, one's own account and sessions, the second factor, and
managing others (the list, detail, create and deactivate rows are in test_account_permissions)."""

import pytest

from xinyong.testing import factories as f
from xinyong.testing.matrix import (
    ANONYMOUS,
    DONE,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Case,
    Matrix,
    expect,
    run,
    same,
)

ROLES = (
    ANONYMOUS,
    "assoc_user",
    "dc_staff",
    "dc_account_admin",
    "xc_account_admin",
    "supervisor",
    "dept_user",
    "auditor",
    "admin_user",
)
SIGNED_IN = ROLES[1:]


@pytest.fixture
def xc_account_admin(xicheng):
    return f.staff(xicheng, username="xc-accounts", manages_accounts=True)


@pytest.fixture
def dc_clerk(dongcheng):
    """An account in 东城区's account administrator's scope, not in 西城区's."""
    return f.staff(dongcheng, username="dc-clerk")


@pytest.fixture
def clerks(dongcheng, dc_clerk):
    """``pending``: a clerk who has not yet set a password (an activation link can be resent)."""
    pending = f.staff(dongcheng, username="dc-pending")
    pending.set_unusable_password()
    pending.save()
    return {"active": dc_clerk, "pending": pending}


def _clerk(clerks):
    return [clerks["active"].pk]


MATRIX = Matrix(
    ROLES,
    [
        # A signed-in user is sent on to the back office.
        Case("accounts:login", expect(anonymous=OK, others=DONE)),
        Case("accounts:logout", same(NOT_ALLOWED)),  # a GET never signs out
        Case("accounts:logout", same(DONE), method="post"),
        Case("accounts:me", expect(*SIGNED_IN)),
        Case("accounts:password_change", expect(*SIGNED_IN)),
        Case("accounts:password_reset", same(OK)),
        Case("accounts:sessions", expect(*SIGNED_IN)),
        Case("accounts:sessions_end_others", expect(*SIGNED_IN, status=DONE), method="post"),
        Case("accounts:two_factor", expect(*SIGNED_IN)),
        Case("accounts:two_factor_setup", expect(*SIGNED_IN)),
        # Nobody here owes a code, so the page sends them on; anonymous to the sign-in page.
        Case("accounts:two_factor_verify", same(DONE)),
        Case("accounts:two_factor_recovery_codes", same(NOT_ALLOWED)),
        # Not enrolled: back to the overview with a message.
        Case("accounts:two_factor_recovery_codes", expect(*SIGNED_IN, status=DONE), method="post"),
        Case("accounts:two_factor_reset", expect("dc_account_admin", "admin_user"), args=_clerk),
        Case(
            "users:modify", expect("dc_account_admin", "admin_user", xc_account_admin=NOT_FOUND), args=_clerk
        ),
        Case(
            "users:resend",
            expect("dc_account_admin", "admin_user", status=DONE, xc_account_admin=NOT_FOUND),
            method="post",
            args=lambda clerks: [clerks["pending"].pk],
        ),
    ],
)


@MATRIX.parametrize
def test_account_pages(client, request, clerks, cell):
    run(client, cell, clerks, request=request)
