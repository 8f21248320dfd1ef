"""Registration authorities (登记管理机关) and partner departments (相关部门), kept by the system
administrator (R-ACT-6). Every change is a history entry, like any other recorded data, so
``verify_history`` finds a row changed behind these services' back.

Who acts: an administrator (``accounts.rules.is_administrator``), or the system itself, which is
``actor=None`` — the command line (the demo loader), the test factories and the baseline
migration. Views always pass ``request.user`` (an ``AnonymousUser`` when nobody is signed in),
never None, so a web request can never act as the system; the history names the system's entries
"system", as it does for every other command-line writer.

The hierarchy has two levels: the municipal bureau (北京市民政局, no parent) above the district
bureaus (each with a municipal parent). A district's parent is municipal and a municipal authority
has none, so no chain of parents can loop back; ``_check_no_cycle`` still walks it, because the
rule costs nothing to hold and a third level would otherwise silently allow one.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from xinyong.accounts.models import Role, User
from xinyong.accounts.rules import is_administrator
from xinyong.errors import NotAllowed
from xinyong.history.services import history_append, require_reason, require_unchanged_since
from xinyong.registry.history_types import Action, ObjectType
from xinyong.text import clean_text

from .choices import AuthorityLevel
from .models import Authority, Department, normalize_text
from .snapshots import authority_snapshot, department_snapshot

_NAME_MAX = Authority._meta.get_field("name").max_length
_DEPARTMENT_NAME_MAX = Department._meta.get_field("name").max_length


def _authorise(actor: User | None) -> None:
    if actor is not None and not is_administrator(actor):
        raise NotAllowed(_("只有系统管理员可以新增和修改登记管理机关、相关部门。"))


def _clean_name(name: str, *, max_length: int) -> str:
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": _("请填写名称。")})
    if len(name) > max_length:
        raise ValidationError({"name": _("名称不能超过%(n)d个字符。") % {"n": max_length}})
    return name


def _check_name_free(model, name: str, *, exclude_pk: int | None, message: str) -> None:
    """Names are compared as people read them (``normalize_text``: full/half width, spaces), not
    byte for byte, so that "北京市 民政局" cannot sit beside "北京市民政局". The tables are small."""
    wanted = normalize_text(name)
    for other in model.objects.exclude(pk=exclude_pk).values_list("name", flat=True):
        if normalize_text(other) == wanted:
            raise ValidationError({"name": message % {"name": other}})


def _save(obj, *, force_insert: bool = False) -> None:
    """A concurrent writer may take the same name or code between our check and our insert; the
    unique index then refuses it, and the user gets the same message as from the check."""
    try:
        with transaction.atomic():
            obj.save(force_insert=force_insert)
    except IntegrityError as exc:
        raise ValidationError(_("名称或代码已被占用，请刷新页面后重试。")) from exc


def _validate_authority(authority: Authority, *, creating: bool) -> None:
    """Level and parent; the name was checked by the caller."""
    errors: dict[str, list[str]] = {}
    if authority.level not in AuthorityLevel.values:
        errors["level"] = [_("请选择层级。")]
    elif authority.level == AuthorityLevel.MUNICIPAL and authority.parent_id is not None:
        errors["parent"] = [_("市级登记管理机关没有上级机关。")]
    elif authority.level == AuthorityLevel.DISTRICT:
        # Locked and read afresh: a parent being made a district at the same moment must either
        # see this child (and refuse) or be seen as a district here.
        parent = _locked_parent(authority.parent_id)
        if parent is None:
            errors["parent"] = [_("区级登记管理机关须选择一个市级的上级机关。")]
        elif parent.level != AuthorityLevel.MUNICIPAL:
            errors["parent"] = [_("上级机关须是市级登记管理机关。")]
        elif not creating and parent.pk == authority.pk:
            errors["parent"] = [_("机关不能是自己的上级机关。")]
    if (
        not creating
        and authority.level == AuthorityLevel.DISTRICT
        and Authority.objects.filter(parent_id=authority.pk).exists()
    ):
        errors.setdefault("level", []).append(_("该机关下还有区级机关，不能改为区级。"))
    if errors:
        raise ValidationError(errors)
    if not creating:
        _check_no_cycle(authority)


def _locked_parent(pk: int | None) -> Authority | None:
    return Authority.objects.select_for_update(no_key=True).filter(pk=pk).first() if pk is not None else None


def _check_no_cycle(authority: Authority) -> None:
    seen = {authority.pk}
    parent_id = authority.parent_id
    while parent_id is not None:
        if parent_id in seen:
            raise ValidationError({"parent": [_("上级机关不能形成循环。")]})
        seen.add(parent_id)
        parent_id = Authority.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()


def _history(
    actor: User | None, action: Action, object_type: ObjectType, obj, before, after, reason: str
) -> None:
    history_append(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        association_id=None,
        before=before,
        after=after,
        reason=reason,
    )


@transaction.atomic  # plain: also inside load_demo's transaction
def authority_create(
    *, actor: User | None, code: str, name: str, level: str, parent: Authority | None, reason: str
) -> Authority:
    """Add a registration authority (R-ACT-6). ``code`` is its 6-digit 行政区划代码 and, with the
    name, unique; a district authority has a municipal parent, a municipal one none."""
    _authorise(actor)
    require_reason(reason)
    code = clean_text(code)
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise ValidationError({"code": _("行政区划代码须为6位数字，例如 110101。")})
    taken = Authority.objects.filter(code=code).values_list("name", flat=True).first()
    if taken is not None:
        raise ValidationError(
            {"code": _("行政区划代码 %(code)s 已由“%(name)s”使用。") % {"code": code, "name": taken}}
        )
    name = _clean_name(name, max_length=_NAME_MAX)
    _check_name_free(Authority, name, exclude_pk=None, message=_("已有名为“%(name)s”的登记管理机关。"))
    authority = Authority(code=code, name=name, level=level, parent=parent)
    _validate_authority(authority, creating=True)
    _save(authority, force_insert=True)
    _history(
        actor,
        Action.AUTHORITY_CREATE,
        ObjectType.AUTHORITY,
        authority,
        None,
        authority_snapshot(authority),
        reason,
    )
    return authority


@transaction.atomic(durable=True)
def authority_modify(
    *,
    actor: User | None,
    authority: Authority,
    name: str,
    parent: Authority | None,
    level: str,
    reason: str,
    expected_entry: int | None = None,
) -> Authority:
    """Rename an authority or move it in the hierarchy (R-ACT-6).

    The code is the authority's identity and cannot be changed: it is positions 3–8 of the
    统一社会信用代码 of every association registered with it, and imports and people find the
    authority by it. A new division code after a redistricting is a new authority.
    ``expected_entry`` (the newest history entry when the form was shown) refuses a change made
    over someone else's in the meantime.
    """
    _authorise(actor)
    authority = Authority.objects.select_for_update(no_key=True).get(pk=authority.pk)
    require_unchanged_since(object_type=ObjectType.AUTHORITY, object_id=authority.pk, entry_id=expected_entry)
    require_reason(reason)
    before = authority_snapshot(authority)
    name = _clean_name(name, max_length=_NAME_MAX)
    _check_name_free(
        Authority, name, exclude_pk=authority.pk, message=_("已有名为“%(name)s”的登记管理机关。")
    )
    authority.name, authority.level, authority.parent = name, level, parent
    _validate_authority(authority, creating=False)
    if authority_snapshot(authority) == before:
        raise ValidationError(_("没有任何变更。"))
    _save(authority)
    _history(
        actor,
        Action.AUTHORITY_MODIFY,
        ObjectType.AUTHORITY,
        authority,
        before,
        authority_snapshot(authority),
        reason,
    )
    return authority


@transaction.atomic  # plain: also inside load_demo's transaction
def department_create(*, actor: User | None, name: str, reason: str) -> Department:
    """Add a partner department (R-ACT-4, R-ACT-6); its name is unique."""
    _authorise(actor)
    require_reason(reason)
    name = _clean_name(name, max_length=_DEPARTMENT_NAME_MAX)
    _check_name_free(Department, name, exclude_pk=None, message=_("已有名为“%(name)s”的相关部门。"))
    department = Department(name=name)
    _save(department, force_insert=True)
    _history(
        actor,
        Action.DEPARTMENT_CREATE,
        ObjectType.DEPARTMENT,
        department,
        None,
        department_snapshot(department),
        reason,
    )
    return department


@transaction.atomic(durable=True)
def department_modify(
    *, actor: User | None, department: Department, name: str, reason: str, expected_entry: int | None = None
) -> Department:
    """Rename a partner department (R-ACT-6). Its accounts, API keys and measure grants follow it."""
    _authorise(actor)
    department = Department.objects.select_for_update(no_key=True).get(pk=department.pk)
    require_unchanged_since(
        object_type=ObjectType.DEPARTMENT, object_id=department.pk, entry_id=expected_entry
    )
    require_reason(reason)
    before = department_snapshot(department)
    name = _clean_name(name, max_length=_DEPARTMENT_NAME_MAX)
    _check_name_free(Department, name, exclude_pk=department.pk, message=_("已有名为“%(name)s”的相关部门。"))
    department.name = name
    if department_snapshot(department) == before:
        raise ValidationError(_("没有任何变更。"))
    _save(department)
    _history(
        actor,
        Action.DEPARTMENT_MODIFY,
        ObjectType.DEPARTMENT,
        department,
        before,
        department_snapshot(department),
        reason,
    )
    return department


# Reads for the back-office pages.


def authorities_with_counts() -> QuerySet[Authority]:
    return Authority.objects.select_related("parent").annotate(
        association_count=Count("associations", distinct=True),
        staff_count=Count("user", filter=Q(user__role=Role.STAFF), distinct=True),
    )


def authority_tree() -> list[tuple[Authority, int]]:
    """(authority, depth) in reading order: each municipal authority followed by its districts,
    by code; a row whose parent is not municipal (data from before these rules) comes last."""
    rows = list(authorities_with_counts().order_by("code"))
    children: dict[int | None, list[Authority]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    tree: list[tuple[Authority, int]] = []
    for top in children.get(None, []):
        tree.append((top, 0))
        tree.extend((child, 1) for child in children.get(top.pk, []))
    placed = {a.pk for a, _depth in tree}
    tree.extend((row, 1) for row in rows if row.pk not in placed)
    return tree


def departments_with_counts() -> QuerySet[Department]:
    return Department.objects.annotate(
        account_count=Count("user", distinct=True), key_count=Count("api_keys", distinct=True)
    )
