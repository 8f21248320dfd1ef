"""Permission matrix for every account operation × actor × target (issue 14, R-ACT-6).

Written out by hand rather than derived from accounts.rules, so the rule is checked against what
we mean: administrators manage everyone but themselves; 东城区's account administrator manages
东城区's staff and the accounts of associations 东城区 registers, nothing else; everyone else
nothing. Each refused call is also checked to leave the account and the history unchanged.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django_otp.plugins.otp_totp.models import TOTPDevice

from xinyong.accounts import services
from xinyong.accounts.models import Role, User
from xinyong.accounts.snapshots import user_snapshot
from xinyong.accounts.two_factor import second_factor_reset
from xinyong.errors import NotAllowed
from xinyong.history.models import HistoryEntry
from xinyong.testing import factories as f
from xinyong.testing.matrix import DONE, NOT_FOUND, Case, Matrix, expect, run

ACTORS = [
    "admin_user",
    "auditor",
    "dc_account_admin",
    "xc_account_admin",
    "dc_staff",
    "supervisor",
    "assoc_user",
    "dept_user",
    "anonymous",
]
TARGETS = ["dc_clerk", "dc_assoc_account", "xc_clerk", "supervisor_2", "admin_2", "dept_2", "auditor_2"]

# (actor, target) pairs where managing is allowed; every other pair is refused.
MANAGES = {("admin_user", target) for target in TARGETS} | {
    ("dc_account_admin", "dc_clerk"),
    ("dc_account_admin", "dc_assoc_account"),
    ("xc_account_admin", "xc_clerk"),
}


@pytest.fixture
def people(db, dongcheng, xicheng, city, admin_user, dc_staff, supervisor, assoc, assoc_user, dept_user):
    return {
        "admin_user": admin_user,
        "auditor": f.user(role=Role.AUDITOR, username="auditor"),
        "dc_account_admin": f.staff(dongcheng, username="dc-accounts", manages_accounts=True),
        "xc_account_admin": f.staff(xicheng, username="xc-accounts", manages_accounts=True),
        "dc_staff": dc_staff,
        "supervisor": supervisor,
        "assoc_user": assoc_user,
        "dept_user": dept_user,
        "anonymous": AnonymousUser(),
        "dc_clerk": f.staff(dongcheng, username="dc-clerk"),
        "dc_assoc_account": f.user(role=Role.ASSOCIATION, association=assoc, username="assoc-2"),
        "xc_clerk": f.staff(xicheng, username="xc-clerk"),
        "supervisor_2": f.user(role=Role.SUPERVISOR, authority=city, username="supervisor-2"),
        "admin_2": f.user(role=Role.ADMIN, username="admin-2"),
        "dept_2": f.user(role=Role.DEPARTMENT, department=f.department(), username="dept-2"),
        "auditor_2": f.user(role=Role.AUDITOR, username="auditor-2"),
    }


def _same_place(user: User) -> dict:
    return {
        "role": user.role,
        "authority": user.authority,
        "association": user.association,
        "department": user.department,
        "manages_accounts": user.manages_accounts,
    }


def _deactivated(target: User) -> None:
    User.objects.filter(pk=target.pk).update(is_active=False)
    target.is_active = False


def _enrolled(target: User) -> None:
    TOTPDevice.objects.create(user=target, name="TOTP", confirmed=True)


def _pending(target: User) -> None:
    User.objects.filter(pk=target.pk).update(password="!unusable")
    target.password = "!unusable"


# operation → (set-up of the target, as the system; the call)
OPERATIONS = {
    "modify": (
        None,
        lambda actor, target: services.user_modify(
            actor=actor,
            user=target,
            full_name="改名",
            email=target.email,
            reason="更正姓名",
            **_same_place(target),
        ),
    ),
    "deactivate": (
        None,
        lambda actor, target: services.user_deactivate(actor=actor, user=target, reason="离职"),
    ),
    "reactivate": (
        _deactivated,
        lambda actor, target: services.user_reactivate(actor=actor, user=target, reason="返聘"),
    ),
    "reset_password": (
        None,
        lambda actor, target: services.user_password_reset(actor=actor, user=target, reason="遗忘"),
    ),
    "resend_activation": (
        _pending,
        lambda actor, target: services.user_activation_resend(actor=actor, user=target),
    ),
    "reset_second_factor": (
        _enrolled,
        lambda actor, target: second_factor_reset(actor=actor, user=target, reason="手机丢失"),
    ),
}

# Operations that write no history entry (they only send a link).
SILENT = {"resend_activation"}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_manage_matrix(people, actor_name, target_name, operation, mailoutbox):
    actor, target = people[actor_name], people[target_name]
    target.email = target.email or f"{target.username}@example.cn"
    User.objects.filter(pk=target.pk).update(email=target.email)
    setup, call = OPERATIONS[operation]
    if setup:
        setup(target)
    before, entries = user_snapshot(target), HistoryEntry.objects.count()
    if (actor_name, target_name) in MANAGES:
        call(actor, target)
        assert HistoryEntry.objects.count() == entries + (0 if operation in SILENT else 1)
    else:
        with pytest.raises(NotAllowed):
            call(actor, target)
        target.refresh_from_db()
        assert user_snapshot(target) == before
        assert HistoryEntry.objects.count() == entries


# Which roles each actor may create an account with, and where.
CREATES = {
    "admin_user": {"staff@dc", "staff@xc", "association@dc", "supervisor", "admin", "auditor", "department"},
    "dc_account_admin": {"staff@dc", "association@dc"},
    "xc_account_admin": {"staff@xc"},
}


@pytest.mark.parametrize(
    "placement", ["staff@dc", "staff@xc", "association@dc", "supervisor", "admin", "auditor", "department"]
)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_create_matrix(
    people,
    actor_name,
    placement,
    dongcheng,
    xicheng,
    city,
    assoc,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    links = {
        "staff@dc": {"role": Role.STAFF, "authority": dongcheng},
        "staff@xc": {"role": Role.STAFF, "authority": xicheng},
        "association@dc": {"role": Role.ASSOCIATION, "association": assoc},
        "supervisor": {"role": Role.SUPERVISOR, "authority": city},
        "admin": {"role": Role.ADMIN},
        "auditor": {"role": Role.AUDITOR},
        "department": {"role": Role.DEPARTMENT, "department": f.department()},
    }[placement]
    create = lambda: services.user_create(  # noqa: E731
        actor=people[actor_name],
        username="new-one",
        full_name="",
        email="new@example.cn",
        reason="入职",
        **links,
    )
    if placement in CREATES.get(actor_name, set()):
        with django_capture_on_commit_callbacks(execute=True):
            user = create()
        assert user.role == links["role"] and not user.has_usable_password()
        assert len(mailoutbox) == 1
    else:
        with pytest.raises(NotAllowed):
            create()
        assert not User.objects.filter(username="new-one").exists()
        assert mailoutbox == []


def test_an_account_administrator_cannot_move_a_clerk_out_of_its_authority(people, xicheng):
    clerk = people["dc_clerk"]
    with pytest.raises(NotAllowed):
        services.user_modify(
            actor=people["dc_account_admin"],
            user=clerk,
            full_name="",
            email="c@example.cn",
            reason="调动",
            role=Role.STAFF,
            authority=xicheng,
        )
    clerk.refresh_from_db()
    assert clerk.authority.code == "110101"


def test_an_account_administrator_cannot_make_a_clerk_an_administrator(people):
    with pytest.raises(NotAllowed):
        services.user_modify(
            actor=people["dc_account_admin"],
            user=people["dc_clerk"],
            full_name="",
            email="c@example.cn",
            reason="提升",
            role=Role.ADMIN,
        )


def test_nobody_changes_their_own_account(people):
    for name in ("admin_user", "dc_account_admin"):
        with pytest.raises(NotAllowed):
            services.user_deactivate(actor=people[name], user=people[name], reason="测试")


# Pages: the list, one target in and one out of 东城区's scope, the form for a new account, and a
# POST that would deactivate (only a manager in scope gets through: 302 back to the page).
ACCOUNT_READERS = ("admin_user", "auditor", "dc_account_admin", "xc_account_admin")
MANAGERS = ("admin_user", "dc_account_admin", "xc_account_admin")
PAGES = Matrix(
    ACTORS,
    [
        Case("users:list", expect(*ACCOUNT_READERS)),
        Case(
            "users:detail",
            expect(*ACCOUNT_READERS, xc_account_admin=NOT_FOUND),
            args=lambda people: [people["dc_clerk"].pk],
            label="in",
        ),
        Case(
            "users:detail",
            expect(*ACCOUNT_READERS, dc_account_admin=NOT_FOUND),
            args=lambda people: [people["xc_clerk"].pk],
            label="out",
        ),
        Case("users:create", expect(*MANAGERS)),
        Case(
            "users:action",
            expect("admin_user", "dc_account_admin", status=DONE, xc_account_admin=NOT_FOUND),
            method="post",
            args=lambda people: [people["dc_clerk"].pk, "deactivate"],
            data=lambda _: {"reason": "离职"},
            label="deactivate",
        ),
    ],
)


@PAGES.parametrize
def test_page_matrix(client, people, cell):
    user = None if cell.role == "anonymous" else people[cell.role]
    run(client, cell, people, user=user)
    inside = people["dc_clerk"]
    inside.refresh_from_db()
    allowed = cell.case.label == "deactivate" and cell.role in ("admin_user", "dc_account_admin")
    assert inside.is_active is not allowed
