"""Configuration rows of the demo: authorities, departments and one account for every role.

These are not recorded information (no history), so they are created directly.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from xinyong.accounts.history import account_history
from xinyong.accounts.models import Role, User
from xinyong.history.choices import Action
from xinyong.registry.choices import AuthorityLevel
from xinyong.registry.models import Association, Authority, Department

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
    city, _ = Authority.objects.get_or_create(
        code=CITY_CODE, defaults={"name": CITY_NAME, "level": AuthorityLevel.MUNICIPAL}
    )
    authorities = {CITY_CODE: city}
    for district in DISTRICTS:
        authorities[district.code], _ = Authority.objects.get_or_create(
            code=district.code,
            defaults={"name": district.bureau, "level": AuthorityLevel.DISTRICT, "parent": city},
        )
    return authorities


def ensure_departments() -> dict[str, Department]:
    return {name: Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS}


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
