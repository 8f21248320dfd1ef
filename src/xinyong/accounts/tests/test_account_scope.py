"""accounts.rules judges an account in Python (``manages``, ``may_place``) because a placement is
checked before it is saved. These tests prove that Python version equal to the scope the account
pages list (``scope_of``), for every actor against every account, so the rule exists once."""

import pytest
from django.contrib.auth.models import AnonymousUser

from xinyong.accounts import rules
from xinyong.accounts.models import Role, User
from xinyong.testing import factories as f


@pytest.fixture
def everyone(
    db, dongcheng, xicheng, city, admin_user, dc_staff, xc_staff, supervisor, assoc, assoc_user, dept_user
):
    xc_assoc = f.association(actor=xc_staff, name="北京市西城区测试协会")
    inactive_admin = f.user(role=Role.ADMIN, username="admin-gone", is_active=False)
    inactive_account_admin = f.staff(dongcheng, username="dc-gone", manages_accounts=True, is_active=False)
    return [
        admin_user,
        f.user(role=Role.AUDITOR, username="auditor"),
        f.staff(dongcheng, username="dc-accounts", manages_accounts=True),
        f.staff(xicheng, username="xc-accounts", manages_accounts=True),
        dc_staff,
        xc_staff,
        supervisor,
        assoc_user,
        f.user(role=Role.ASSOCIATION, association=xc_assoc, username="xc-assoc"),
        dept_user,
        inactive_admin,
        inactive_account_admin,
    ]


def _in_scope(actor, target: User) -> bool:
    scope = rules.scope_of(actor)
    return scope is None or User.objects.filter(scope).contains(target)


def test_manages_is_the_scope_judged_in_python(everyone):
    for actor in [*everyone, AnonymousUser()]:
        for target in User.objects.select_related("association"):
            assert rules.manages(actor, target) == _in_scope(actor, target), (actor, target)


def test_may_place_is_the_scope_for_the_roles_the_actor_may_give(everyone):
    for actor in [*everyone, AnonymousUser()]:
        for target in User.objects.select_related("association"):
            placed = rules.may_place(
                actor, role=target.role, authority_id=target.authority_id, association=target.association
            )
            assert placed == (target.role in rules.assignable_roles(actor) and _in_scope(actor, target))


def test_accounts_visible_to_is_the_scope_except_for_the_readers_of_everything(everyone):
    for actor in everyone:
        visible = set(rules.accounts_visible_to(actor).values_list("pk", flat=True))
        if actor.is_active and actor.role in (Role.ADMIN, Role.AUDITOR):
            assert visible == set(User.objects.values_list("pk", flat=True))
        else:
            assert visible == {u.pk for u in User.objects.all() if _in_scope(actor, u)}
