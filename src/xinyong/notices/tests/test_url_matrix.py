"""Who may use the notices pages: every back-office account reads its own; partner departments
have no back office."""

from xinyong.testing.matrix import ANONYMOUS, DONE, Case, Matrix, expect, run

ROLES = (ANONYMOUS, "assoc_user", "dc_staff", "supervisor", "dept_user", "auditor", "admin_user")
OFFICE = ("assoc_user", "dc_staff", "supervisor", "auditor", "admin_user")

MATRIX = Matrix(
    ROLES,
    [
        Case("notices:list", expect(*OFFICE)),
        Case("notices:read", expect(*OFFICE, status=DONE), method="post"),
    ],
)


def test_notices_pages(client, request, db, cell):
    run(client, cell, request=request)


test_notices_pages = MATRIX.parametrize(test_notices_pages)
