"""One table: every role × every back-office page, GET, with the expected status (R-ACT-*, R-REC-2).

The association and its record belong to 东城区; "anonymous" is sent to the sign-in page.
POST refusals for changes are tested with the forms in test_views.py.
"""

from xinyong.testing.matrix import ANONYMOUS, OK, Case, Matrix, expect, run, same

ROLES = (
    ANONYMOUS,
    "dc_staff",
    "xc_staff",
    "city_staff",
    "supervisor",
    "admin_user",
    "dept_user",
    "assoc_user",
)
# Readers of 东城区's association and its record: its clerks, the supervisor, the administrator and
# the association itself; other authorities' clerks and departments are refused.
READERS = ("dc_staff", "supervisor", "admin_user", "assoc_user")
EVERYONE_SIGNED_IN = ROLES[1:]


def _association(record):
    return [record.association.pk]


def _record(record):
    return [record.pk]


def _evidence(record):
    return [record.evidence.get().pk]


MATRIX = Matrix(
    ROLES,
    [
        Case("records:dashboard", expect(*EVERYONE_SIGNED_IN)),
        Case("registry:list", expect(*EVERYONE_SIGNED_IN, dept_user=403)),
        Case("registry:create", expect("dc_staff", "xc_staff", "city_staff")),
        Case("registry:detail", expect(*READERS), args=_association),
        Case("registry:modify", expect("dc_staff"), args=_association),
        Case("records:create", expect("dc_staff"), args=lambda record: [record.association.pk, "honour"]),
        Case("records:detail", expect(*READERS), args=_record),
        Case("records:modify", expect("dc_staff"), args=_record),
        Case("records:finalize", expect("dc_staff"), args=_record),
        Case("records:revoke", expect("dc_staff"), args=_record),
        Case("records:evidence_add", expect("dc_staff"), args=_record),
        Case("records:evidence_download", expect(*READERS), args=_evidence),
        Case("records:evidence_revoke", expect("dc_staff"), args=_evidence),
        Case("history:association", expect(*READERS), args=_association),
        Case("history:record", expect(*READERS), args=_record),
        Case("records:oversight", expect("supervisor", "admin_user")),
        Case("disclosure:home", same(OK)),
        Case("disclosure:profile", same(OK), args=lambda record: [record.association.uscc]),
    ],
)


@MATRIX.parametrize
def test_get(client, request, dishonesty, cell):
    run(client, cell, dishonesty, request=request)
