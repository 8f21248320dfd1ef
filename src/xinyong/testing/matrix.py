"""One way to state who may use which page: a permission matrix of URL × method × role → status.

Every matrix in the suite is a :class:`Matrix` of :class:`Case` rows. A case names the URL by
its name (so ``tests/test_url_coverage.py`` can tell which named URLs no matrix covers), and says
what each role gets with :func:`expect`. ``Matrix.parametrize`` expands the rows into one pytest
case per (row, role); the test calls :func:`run` with that cell, which signs the role in the one
way the suite does it (:func:`sign_in`), sends the request and checks the status. The test may
check more on the response it gets back (nothing was written, the right form was offered...).

Roles are names of pytest fixtures giving the user (``"anonymous"`` is nobody). The usual ones,
from ``xinyong/conftest.py``: the association registered by 东城区 and its account, the
authorities' clerks (东城区 registered the association; 西城区 and the city did not), 东城区's
account administrator, the supervising bureau, a partner department, the security auditor and the
system administrator. A matrix may add its own (a department granted a measure kind...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from xinyong.accounts.two_factor import has_second_factor, totp_device

ANONYMOUS = "anonymous"
# The usual roles, by fixture name, in the order the matrices list them.
ROLES: tuple[str, ...] = (
    ANONYMOUS,
    "assoc_user",
    "other_assoc_user",
    "dc_staff",
    "xc_staff",
    "city_staff",
    "dc_account_admin",
    "supervisor",
    "dept_user",
    "auditor",
    "admin_user",
)

# An expected outcome: a status code, or LOGIN (a redirect to the sign-in page, with ``next``).
Status = int | str
LOGIN: Status = "login"
OK, DONE, DENIED, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405

# Every Matrix built, so the URL-coverage test can see which names are covered.
REGISTRY: list[Matrix] = []


def sign_in(client, user) -> None:
    """Sign ``user`` in on the test client as after a full sign-in, second factor included.

    With ``XINYONG_REQUIRE_2FA`` off (the test default) only an enrolled user owes a second
    factor; either way a session that owes one is made OTP-verified, as django_otp's ``login``
    does after a good code, so the role is seen as itself and not as an anonymous visitor.
    """
    if user is None:
        return
    client.force_login(user)
    owes = has_second_factor(user) or (settings.XINYONG_REQUIRE_2FA and user.needs_second_factor)
    if not owes:
        return
    device = (
        totp_device(user)
        or StaticDevice.objects.filter(user=user, confirmed=True).first()
        or StaticDevice.objects.create(user=user, name="tests", confirmed=True)
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def expect(
    *allowed: str,
    status: Status = OK,
    others: Status = DENIED,
    anonymous: Status = LOGIN,
    **exceptions: Status,
) -> dict[str, Status]:
    """The statuses of a row: ``status`` for the roles ``allowed``, ``anonymous`` for nobody,
    an exception for any role named as a keyword, and ``others`` for every other role."""
    return _Expect(dict.fromkeys(allowed, status) | {ANONYMOUS: anonymous} | exceptions, others)


class _Expect(dict):
    """Statuses by role, with a default for the roles not named."""

    def __init__(self, statuses: Mapping[str, Status], default: Status):
        super().__init__(statuses)
        self.default = default

    def __missing__(self, role: str) -> Status:
        return self.default


def same(status: Status) -> dict[str, Status]:
    """Every role, anonymous included, gets the same answer (a public page, a wrong method...)."""
    return _Expect({}, status)


@dataclass(frozen=True)
class Case:
    """One row: a named URL, how it is called, and what each role gets.

    ``args`` and ``data`` take the matrix's *world* (whatever the test's fixture gives: the
    objects the URL points at) and give the URL's arguments and the form posted. ``label`` tells
    apart two rows of one URL and method (an object in and out of the actor's scope...).
    """

    url_name: str
    expect: Mapping[str, Status]
    method: str = "get"
    args: Callable[[Any], Sequence[Any]] | None = None
    query: str | Callable[[Any], str] = ""
    data: Callable[[Any], Mapping[str, Any]] | None = None
    label: str = ""

    @property
    def key(self) -> str:
        return f"{self.label or self.url_name}-{self.method}"

    def url(self, world: Any) -> str:
        url = reverse(self.url_name, args=list(self.args(world)) if self.args else [])
        query = self.query(world) if callable(self.query) else self.query
        return f"{url}?{query}" if query else url


@dataclass(frozen=True)
class Cell:
    """One parametrised test case: a row and one role, with the status that role must get."""

    case: Case
    role: str
    expected: Status

    @property
    def id(self) -> str:
        return f"{self.case.key}-{self.role}"


@dataclass
class Matrix:
    """Rows for a fixed list of roles; every role of every row has an expected status."""

    roles: Sequence[str]
    cases: Iterable[Case]
    cells: list[Cell] = field(init=False)

    def __post_init__(self):
        self.cases = list(self.cases)
        keys = [case.key for case in self.cases]
        duplicates = {key for key in keys if keys.count(key) > 1}
        if duplicates:
            raise ValueError(f"two rows share a key, give them labels: {sorted(duplicates)}")
        self.cells = [Cell(case, role, case.expect[role]) for case in self.cases for role in self.roles]
        REGISTRY.append(self)

    @property
    def url_names(self) -> set[str]:
        return {case.url_name for case in self.cases}

    def expected(self, key: str, role: str) -> Status:
        """What ``role`` gets on the row ``key`` (for a check that depends on another row)."""
        return next(case.expect[role] for case in self.cases if case.key == key)

    def parametrize(self, test):
        """Decorate a test taking ``cell``: one case per row and role."""
        return pytest.mark.parametrize("cell", self.cells, ids=[cell.id for cell in self.cells])(test)


def user_of(request, role: str):
    """The user of a role: the pytest fixture of that name (None for anonymous)."""
    return None if role == ANONYMOUS else request.getfixturevalue(role)


def run(client, cell: Cell, world: Any = None, *, user: Any = ..., request=None):
    """Sign the cell's role in, send the request, check the status; give back the response.

    The user is ``user`` when given, else the pytest fixture named by the role (``request`` is
    pytest's fixture request then).
    """
    sign_in(client, user_of(request, cell.role) if user is ... else user)
    case = cell.case
    url = case.url(world)
    data = dict(case.data(world)) if case.data else {}
    response = getattr(client, case.method)(url, data)
    check(response, cell.expected)
    return response


def check(response, expected: Status) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("accounts:login") + "?next="), response["Location"]
    else:
        assert response.status_code == expected, _excerpt(response)


def _excerpt(response) -> str:
    body = b"" if getattr(response, "streaming", False) else response.content
    return f"{response.status_code}: {body[:300].decode(errors='replace')}"
