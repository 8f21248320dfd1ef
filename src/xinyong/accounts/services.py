"""Account services (issue 14, R-ACT-6): create, change, deactivate and restore accounts, and the
passwords of their holders. Who may act on whom is accounts.rules; every change lands in the
history chain (accounts.history) in the same transaction; mail goes out only after it commits.

Accounts are never deleted: a person who leaves is deactivated, and the history that names them
stays readable. A new account has no password: its holder sets one through a one-time activation
link (accounts.links), so nobody but the holder ever knows it.
"""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinyong.accounts.history_types import Action, ObjectType
from xinyong.errors import InvalidState, NotAllowed
from xinyong.history.services import require_reason, require_unchanged_since
from xinyong.security.sessions import sessions_end_for_account_change
from xinyong.text import clean_text

from . import links, rules
from .history import account_history
from .models import Role, User
from .snapshots import user_snapshot

# What an account's role needs linked to it; everything else is cleared.
ROLE_LINKS = {
    Role.STAFF: "authority",
    Role.SUPERVISOR: "authority",
    Role.ASSOCIATION: "association",
    Role.DEPARTMENT: "department",
    Role.ADMIN: None,
    Role.AUDITOR: None,
}
LINK_LABELS = {
    "authority": gettext_lazy("登记管理机关"),
    "association": gettext_lazy("协会"),
    "department": gettext_lazy("相关部门"),
}


def _placed(
    user: User, *, role: str, authority, association, department, manages_accounts: bool
) -> dict[str, list[str]]:
    """Set the role and exactly the link it needs on ``user``; return field errors."""
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        return {"role": [_("请选择角色。")]}
    user.role = role
    wanted = ROLE_LINKS[Role(role)]
    given = {"authority": authority, "association": association, "department": department}
    for name, value in given.items():
        setattr(user, name, value if name == wanted else None)
    if wanted and given[wanted] is None:
        errors[wanted] = [_("该角色需要选择%(what)s。") % {"what": LINK_LABELS[wanted]}]
    user.manages_accounts = bool(manages_accounts) and role == Role.STAFF
    return errors


def _place(actor: User, user: User, errors: dict[str, list[str]], **placement) -> None:
    """Give ``user`` its role and link, within what the actor may assign; raise the errors."""
    errors |= _placed(user, **placement)
    if not errors and not rules.may_place(
        actor, role=user.role, authority_id=user.authority_id, association=user.association
    ):
        raise NotAllowed(_("您只能为本机关的工作人员和本机关登记的协会开设或分配账号。"))
    _full_clean(user, errors)


def username_taken() -> str:
    return _("该用户名已被使用（停用的账号也保留用户名）。")


def _check_identity(user: User, *, username: str, full_name: str, email: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    user.username = clean_text(username)
    user.full_name = clean_text(full_name)
    user.email = User.objects.normalize_email(clean_text(email))
    if not user.email:
        errors["email"] = [_("请填写电子邮箱：激活链接和重置密码的链接都发送到这里。")]
    if user.username and User.objects.filter(username__iexact=user.username).exclude(pk=user.pk).exists():
        errors["username"] = [username_taken()]
    return errors


def _full_clean(user: User, errors: dict[str, list[str]]) -> None:
    try:
        # Uniqueness is _check_identity's (case-insensitive) and the database's.
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def user_create(
    *,
    actor: User,
    username: str,
    full_name: str,
    email: str,
    role: str,
    authority=None,
    association=None,
    department=None,
    manages_accounts: bool = False,
    reason: str,
) -> User:
    """Create an account within the actor's scope (accounts.rules) and mail its holder a one-time
    activation link. The account has no password until the holder sets one."""
    if not rules.can_manage_accounts(actor):
        raise NotAllowed(_("您没有管理账号的权限。"))
    require_reason(reason)
    user = User(is_active=True)
    user.set_unusable_password()
    errors = _check_identity(user, username=username, full_name=full_name, email=email)
    placement = {"authority": authority, "association": association, "department": department}
    _place(actor, user, errors, role=role, manages_accounts=manages_accounts, **placement)
    try:
        # A savepoint: a username another request took a moment ago is a field error, not a 500.
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError as exc:
        raise ValidationError({"username": [username_taken()]}) from exc
    account_history(actor=actor, user=user, action=Action.USER_CREATE, before=None, reason=reason)
    links.send_activation(user)
    return user


@transaction.atomic(durable=True)
def administrator_create_first(*, username: str, full_name: str, email: str, password: str | None) -> User:
    """The first administrator, made by the system (``xinyong create_administrator``) on a
    database that has no active administrator. With no password, the returned account needs
    its activation link (mailed, and printed by the command)."""
    if User.objects.filter(role=Role.ADMIN, is_active=True).exists():
        raise InvalidState(_("系统中已有可用的系统管理员；请由其在“账号管理”中新建账号。"))
    return _administrator_create(username=username, full_name=full_name, email=email, password=password)


def _administrator_create(*, username: str, full_name: str, email: str, password: str | None) -> User:
    user = User(is_active=True, role=Role.ADMIN)
    errors = _check_identity(user, username=username, full_name=full_name, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
        user.set_password(password)
    _full_clean(user, errors)
    user.save(force_insert=True)
    account_history(
        actor=None,
        user=user,
        action=Action.USER_CREATE,
        before=None,
        reason=_("由服务器命令行创建系统管理员（xinyong create_administrator）"),
    )
    if password is None:
        links.send_activation(user)
    return user


@transaction.atomic(durable=True)
def administrator_create_another(*, username: str, full_name: str, email: str, password: str | None) -> User:
    """Break glass: another administrator from the server's command line, when the ones there
    are cannot sign in (lost second factor, left). Recorded like any account creation."""
    return _administrator_create(username=username, full_name=full_name, email=email, password=password)


def _locked(actor: User, user: User) -> tuple[User, dict[str, Any]]:
    """The account row locked for the change, after the scope check on its current state."""
    user = (
        User.objects.select_for_update(no_key=True, of=("self",))
        .select_related("association")
        .get(pk=user.pk)
    )
    if not rules.manages(actor, user):
        raise NotAllowed(_("该账号不在您的管理范围内。"))
    if actor.pk == user.pk:
        raise NotAllowed(_("不能变更自己的角色、范围或状态，请由其他管理员办理。"))
    return user, user_snapshot(user)


def _last_administrator(user: User) -> bool:
    return (
        user.role == Role.ADMIN
        and user.is_active
        and not User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk).exists()
    )


@transaction.atomic(durable=True)
def user_modify(
    *,
    actor: User,
    user: User,
    full_name: str,
    email: str,
    role: str,
    authority=None,
    association=None,
    department=None,
    manages_accounts: bool = False,
    reason: str,
    expected_entry: int | None = None,
) -> User:
    """Change an account's name, address, role or scope (R-ACT-6). The actor must manage the
    account both as it is and as it will be; the username never changes (history names it).
    A change of role or scope ends the holder's sessions, so new rights start at a new sign-in.
    ``expected_entry`` (the account's newest history entry when the form was shown) refuses a
    change made meanwhile by someone else (StaleVersion)."""
    require_reason(reason)
    user, before = _locked(actor, user)
    require_unchanged_since(object_type=ObjectType.USER, object_id=user.pk, entry_id=expected_entry)
    errors = _check_identity(user, username=user.username, full_name=full_name, email=email)
    if role != user.role and _last_administrator(user):
        raise InvalidState(_("这是最后一个可用的系统管理员账号，不能改为其他角色。"))
    placement = {"authority": authority, "association": association, "department": department}
    _place(actor, user, errors, role=role, manages_accounts=manages_accounts, **placement)
    after = user_snapshot(user)
    if after == before:
        raise InvalidState(_("没有任何变更。"))
    privileges = ("role", "authority_id", "association_id", "department_id", "manages_accounts")
    if any(before[k] != after[k] for k in privileges):
        user.session_epoch += 1
        sessions_end_for_account_change(user)
    user.save()
    account_history(actor=actor, user=user, action=Action.USER_MODIFY, before=before, reason=reason)
    return user


@transaction.atomic(durable=True)
def user_deactivate(*, actor: User, user: User, reason: str) -> User:
    """Deactivate an account: it can no longer sign in, its sessions end at once, and API keys it
    issued stop working. The row stays; history goes on naming it."""
    require_reason(reason)
    user, before = _locked(actor, user)
    if not user.is_active:
        raise InvalidState(_("该账号已经停用。"))
    if _last_administrator(user):
        raise InvalidState(_("这是最后一个可用的系统管理员账号，不能停用。"))
    user.is_active = False
    user.session_epoch += 1
    user.save(update_fields=["is_active", "session_epoch"])
    sessions_end_for_account_change(user)
    account_history(actor=actor, user=user, action=Action.USER_DEACTIVATE, before=before, reason=reason)
    return user


@transaction.atomic(durable=True)
def user_reactivate(*, actor: User, user: User, reason: str) -> User:
    """Restore a deactivated account. Its old password stays unusable: the holder sets a new one
    through a fresh link, so a password known while the account was off is no way back in."""
    require_reason(reason)
    user, before = _locked(actor, user)
    if user.is_active:
        raise InvalidState(_("该账号未停用。"))
    user.is_active = True
    user.set_unusable_password()
    user.session_epoch += 1
    user.save(update_fields=["is_active", "password", "session_epoch"])
    account_history(actor=actor, user=user, action=Action.USER_REACTIVATE, before=before, reason=reason)
    links.send_activation(user)
    return user


@transaction.atomic(durable=True)
def user_password_reset(*, actor: User, user: User, reason: str) -> User:
    """An account administrator resets a holder's password: the old one stops working and every
    session ends now; the holder gets a one-time link to set a new one."""
    require_reason(reason)
    user, before = _locked(actor, user)
    if not user.is_active:
        raise InvalidState(_("该账号已经停用，请先恢复账号。"))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    sessions_end_for_account_change(user)
    account_history(actor=actor, user=user, action=Action.USER_PASSWORD_RESET, before=before, reason=reason)
    links.send_activation(user)
    return user


@transaction.atomic(durable=True)
def user_activation_resend(*, actor: User, user: User) -> User:
    """Mail a fresh activation link to an account that has not set its password yet."""
    user, _before = _locked(actor, user)
    if not user.is_active or user.has_usable_password():
        raise InvalidState(_("该账号已经激活，不需要激活链接；如忘记密码请重置密码。"))
    links.send_activation(user)
    return user


@transaction.atomic(durable=True)
def user_password_set(*, user: User, password: str, via: str, keep_session_row: int | None = None) -> User:
    """The holder sets their password: through a one-time link (``via="link"``: activation of a new
    account, or a reset) or the password-change page (``"change"``, old password already checked).
    The new password ends every other session (it is part of the session hash); the one that
    changed it (``keep_session_row``) goes on."""
    user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if not user.is_active:
        raise NotAllowed(_("该账号已经停用。"))
    password_validation.validate_password(password, user)
    before = user_snapshot(user)
    user.set_password(password)
    user.save(update_fields=["password"])
    sessions_end_for_account_change(user, keep_row=keep_session_row)
    if via == "change":
        action, reason = Action.USER_PASSWORD_CHANGE, _("本人修改密码")
    elif user.last_login is None:
        action, reason = Action.USER_ACTIVATE, _("本人通过激活链接设置密码")
    else:
        action, reason = Action.USER_PASSWORD_RESET, _("本人通过邮件链接设置新密码")
    account_history(actor=user, user=user, action=action, before=before, reason=reason)
    return user
