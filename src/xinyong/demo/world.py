"""Configuration rows of the demo: authorities, departments and one account for every role.

Authorities and departments are created by their services as the system (``actor=None``, see
``xinyong.registry.organisations``), so each has its history entry and ``verify_history`` holds.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from xinyong.accounts.history import account_history
from xinyong.accounts.models import Role, User
from xinyong.history.choices import Action
from xinyong.registry.choices import AuthorityLevel
from xinyong.registry.models import Association, Authority, Department
from xinyong.registry.organisations import authority_create, department_create

from .data import (
    ADMIN_USERNAME,
    AUDITOR_USERNAME,
    CITY_CODE,
    CITY_NAME,
    CITY_USERNAME,
    DEMO_PASSWORD,
    DEPARTMENT_OF_USER,
    DEPARTMENT_USERNAME,
    DEPARTMENTS,
    DISTRICTS,
    SHOWCASE,
    SUPERVISOR_USERNAME,
)

REASON = "载入演示数据"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organisation: str


def demo_usernames() -> list[str]:
    """Every demo account, in the order the account table lists them."""
    return [
        CITY_USERNAME,
        *(d.username for d in DISTRICTS),
        SUPERVISOR_USERNAME,
        ADMIN_USERNAME,
        AUDITOR_USERNAME,
        DEPARTMENT_USERNAME,
        *SHOWCASE,
    ]


def ensure_authorities() -> dict[str, Authority]:
    """{division code: authority}; existing rows with the same codes are reused."""
    existing = {a.code: a for a in Authority.objects.all()}
    city = existing.get(CITY_CODE) or authority_create(
        actor=None, code=CITY_CODE, name=CITY_NAME, level=AuthorityLevel.MUNICIPAL, parent=None, reason=REASON
    )
    authorities = {CITY_CODE: city}
    for district in DISTRICTS:
        authorities[district.code] = existing.get(district.code) or authority_create(
            actor=None,
            code=district.code,
            name=district.bureau,
            level=AuthorityLevel.DISTRICT,
            parent=city,
            reason=REASON,
        )
    return authorities


def ensure_departments() -> dict[str, Department]:
    existing = {d.name: d for d in Department.objects.filter(name__in=DEPARTMENTS)}
    return {
        name: existing.get(name) or department_create(actor=None, name=name, reason=REASON)
        for name in DEPARTMENTS
    }


class Accounts:
    """Creates the demo users. The password is hashed once: Argon2 takes a fifth of a second a hash,
    and every demo user shares the one documented demo password anyway."""

    def __init__(self) -> None:
        self._hashed = make_password(DEMO_PASSWORD)

    def create(self, username: str, role: str, **links) -> User:
        user = User.objects.create_user(username=username, password=None, role=role, **links)
        user.password = self._hashed
        user.save(update_fields=["password"])
        account_history(actor=None, user=user, action=Action.USER_CREATE, before=None, reason=_("演示数据"))
        return user

    def staff(self, authorities: dict[str, Authority]) -> dict[int, User]:
        """{authority id: its staff user} for the municipal bureau and every district bureau."""
        users = {
            authorities[CITY_CODE].pk: self.create(
                CITY_USERNAME, Role.STAFF, authority=authorities[CITY_CODE], manages_accounts=True
            )
        }
        for district in DISTRICTS:
            authority = authorities[district.code]
            users[authority.pk] = self.create(
                district.username, Role.STAFF, authority=authority, manages_accounts=True
            )
        return users

    def others(
        self,
        authorities: dict[str, Authority],
        departments: dict[str, Department],
        associations: dict[str, Association],
    ) -> None:
        self.create(SUPERVISOR_USERNAME, Role.SUPERVISOR, authority=authorities[CITY_CODE])
        self.create(ADMIN_USERNAME, Role.ADMIN)
        self.create(AUDITOR_USERNAME, Role.AUDITOR)
        self.create(DEPARTMENT_USERNAME, Role.DEPARTMENT, department=departments[DEPARTMENT_OF_USER])
        for username, name in SHOWCASE.items():
            self.create(username, Role.ASSOCIATION, association=associations[name])


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts present in the database, with their role and organisation."""
    order = demo_usernames()
    users = User.objects.filter(username__in=order).select_related("authority", "association", "department")
    rows = []
    for user in sorted(users, key=lambda u: order.index(u.username)):
        link = user.authority or user.association or user.department
        rows.append(DemoAccount(user.username, str(Role(user.role).label), str(link) if link else "—"))
    return rows
