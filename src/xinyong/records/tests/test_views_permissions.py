"""One table: every role × every back-office page, GET, with the expected status (R-ACT-*, R-REC-2).

The association and its record belong to 东城区; "anonymous" is sent to the sign-in page.
POST refusals for changes are tested with the forms in test_views.py.
"""

import pytest
from django.urls import reverse

ROLES = (
    "anonymous",
    "dc_staff",
    "xc_staff",
    "city_staff",
    "supervisor",
    "admin_user",
    "dept_user",
    "assoc_user",
)

# page -> expected status per role, in the order of ROLES
MATRIX = {
    "records:dashboard": (302, 200, 200, 200, 200, 200, 200, 200),
    "registry:list": (302, 200, 200, 200, 200, 200, 403, 200),
    "registry:create": (302, 200, 200, 200, 403, 403, 403, 403),
    "registry:detail": (302, 200, 403, 403, 200, 200, 403, 200),
    "registry:modify": (302, 200, 403, 403, 403, 403, 403, 403),
    "records:create": (302, 200, 403, 403, 403, 403, 403, 403),
    "records:detail": (302, 200, 403, 403, 200, 200, 403, 200),
    "records:modify": (302, 200, 403, 403, 403, 403, 403, 403),
    "records:finalize": (302, 200, 403, 403, 403, 403, 403, 403),
    "records:revoke": (302, 200, 403, 403, 403, 403, 403, 403),
    "records:evidence_add": (302, 200, 403, 403, 403, 403, 403, 403),
    "records:evidence_download": (302, 200, 403, 403, 200, 200, 403, 200),
    "records:evidence_revoke": (302, 200, 403, 403, 403, 403, 403, 403),
    "history:association": (302, 200, 403, 403, 200, 200, 403, 200),
    "history:record": (302, 200, 403, 403, 200, 200, 403, 200),
    "records:oversight": (302, 403, 403, 403, 200, 200, 403, 403),
    "disclosure:home": (200,) * 8,
    "disclosure:profile": (200,) * 8,
}


def url_for(name: str, record) -> str:
    association = record.association
    args = {
        "records:dashboard": [],
        "records:oversight": [],
        "registry:list": [],
        "registry:create": [],
        "records:create": [association.pk, "honour"],
        "records:evidence_download": [record.evidence.get().pk],
        "records:evidence_revoke": [record.evidence.get().pk],
        "history:association": [association.pk],
        "registry:detail": [association.pk],
        "registry:modify": [association.pk],
        "disclosure:home": [],
        "disclosure:profile": [association.uscc],
    }.get(name, [record.pk])
    return reverse(name, args=args)


@pytest.mark.parametrize(
    ("page", "role", "expected"),
    [(page, role, statuses[i]) for page, statuses in MATRIX.items() for i, role in enumerate(ROLES)],
)
def test_get(client, request, dishonesty, page, role, expected):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(url_for(page, dishonesty))
    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("accounts:login"))
