"""Issuing and revoking department API keys, and logging department queries (R-ACT-6, R-QRY-2).

Keys are issued and revoked by administrators only. A key row is never deleted: revoking it keeps
who revoked it, when and why, next to who issued it. The plain key exists only in the return
value of ``api_key_issue``.
"""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.models import User
from xinyong.api.history_types import Action, ObjectType
from xinyong.errors import InvalidState, NotAllowed
from xinyong.history.choices import HistoryAction
from xinyong.history.services import history_append, require_reason
from xinyong.registry.models import Department
from xinyong.text import clean_fields, clean_text

from . import keys
from .models import ApiKey, QueryLog
from .permissions import can_manage_keys
from .snapshots import api_key_snapshot

_LABEL_MAX = ApiKey._meta.get_field("label").max_length
_PURPOSE_MAX = QueryLog._meta.get_field("purpose").max_length


def _authorise(actor: User) -> None:
    if not can_manage_keys(actor):
        raise NotAllowed(_("只有系统管理员可以签发和吊销接口密钥。"))


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    plaintext: str  # show once; it is stored nowhere


@transaction.atomic(durable=True)
def api_key_issue(
    *, actor: User, department: Department, label: str, can_query: bool, can_deliver: bool
) -> IssuedKey:
    """Issue a key to a partner department (R-ACT-4, R-ACT-6): administrators only; a label and at
    least one permission are required. Returns the key in clear, once; only its hash is kept."""
    _authorise(actor)
    label = clean_text(label)
    errors: dict[str, list[str]] = {}
    if not label:
        errors["label"] = [_("请填写密钥名称，例如使用它的系统或项目。")]
    elif len(label) > _LABEL_MAX:
        errors["label"] = [_("密钥名称不能超过%(n)d个字符。") % {"n": _LABEL_MAX}]
    if not (can_query or can_deliver):
        errors["can_query"] = [_("请至少选择一项权限：查询共享信息，或报送数据。")]
    if department is None:
        errors["department"] = [_("请选择相关部门。")]
    if errors:
        raise ValidationError(errors)
    new = keys.generate()
    api_key = ApiKey(
        department=department,
        label=label,
        prefix=new.prefix,
        secret_hash=new.secret_hash,
        can_query=bool(can_query),
        can_deliver=bool(can_deliver),
        created_by=actor,
    )
    api_key.full_clean()
    api_key.save(force_insert=True)
    history_append(
        actor=actor,
        action=Action.API_KEY_ISSUE,
        object_type=ObjectType.API_KEY,
        object_id=api_key.pk,
        association_id=None,
        before=None,
        after=api_key_snapshot(api_key),
        reason=_("为%(department)s签发接口密钥") % {"department": department.name},
    )
    return IssuedKey(api_key=api_key, plaintext=new.plaintext)


@transaction.atomic(durable=True)
def api_key_revoke(*, actor: User, api_key: ApiKey, reason: str) -> ApiKey:
    """Revoke a key (R-ACT-6): administrators only, with a reason; from then on every call made
    with it is refused (401). A revoked key cannot be revoked again or restored."""
    _authorise(actor)
    require_reason(reason)
    api_key = ApiKey.objects.select_for_update(no_key=True).get(pk=api_key.pk)
    if api_key.is_revoked:
        raise InvalidState(_("该接口密钥已经吊销。"))
    before = api_key_snapshot(api_key)
    api_key.revoked_at = timezone.now()
    api_key.revoked_by = actor
    api_key.revoke_reason = clean_text(reason, multiline=True)
    api_key.full_clean()
    api_key.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    history_append(
        actor=actor,
        action=Action.API_KEY_REVOKE,
        object_type=ObjectType.API_KEY,
        object_id=api_key.pk,
        association_id=None,
        before=before,
        after=api_key_snapshot(api_key),
        reason=api_key.revoke_reason,
    )
    return api_key


@transaction.atomic(durable=True)
def api_key_clean_text(*, api_key: ApiKey, reason: str) -> list[str]:
    """Remove invisible and control characters from a key's label and revocation reason, as the
    system: an upgrade step (``xinyong clean_text``), with a history entry. Returns what changed."""
    api_key = ApiKey.objects.select_for_update(no_key=True).get(pk=api_key.pk)
    before = api_key_snapshot(api_key)
    changed = clean_fields(api_key, {"label": False, "revoke_reason": True})
    if not changed:
        return []
    if not api_key.label:
        raise ValidationError({"label": _("清理不可见字符后为空，请在表单中改正。")})
    api_key.save(update_fields=changed)
    history_append(
        actor=None,
        action=HistoryAction.TEXT_CLEAN,
        object_type=ObjectType.API_KEY,
        object_id=api_key.pk,
        association_id=None,
        before=before,
        after=api_key_snapshot(api_key),
        reason=reason,
    )
    return changed


def query_log_record(
    *,
    api_key: ApiKey,
    purpose: str,
    method: str,
    path: str,
    status_code: int,
    client_ip: str,
    associations: list[str],
    records: list[int],
) -> QueryLog:
    """Log one department query (R-QRY-2), in the request that answers it. Called for every
    answer once the key is known, refusals and errors included. Text from the caller is kept
    printable and within bounds, so logging itself cannot fail on what was sent."""
    limit = QueryLog.RETURNED_MAX
    returned = {"associations": associations[:limit], "records": records[:limit]}
    if len(associations) > limit or len(records) > limit:
        returned["truncated"] = True
        returned["record_count"] = len(records)
    return _log_entry(
        api_key=api_key,
        purpose=purpose,
        method=method,
        path=path,
        status_code=status_code,
        client_ip=client_ip,
        result_count=len(associations),
        returned=returned,
    )


def query_log_refused_key(
    *,
    api_key: ApiKey | None,
    presented: str,
    purpose: str,
    method: str,
    path: str,
    status_code: int,
    client_ip: str,
) -> QueryLog:
    """Log a call refused for its key (R-QRY-2): a revoked key against its row and department; a
    key that matched no row (unknown, wrong secret, malformed) with neither, named by the prefix
    it claimed, if it had that shape, and a keyed digest of all that was ``presented``. Never the
    key itself: a mistyped key may be one character away from a real one."""
    if api_key is not None:
        return _log_entry(
            api_key=api_key,
            purpose=purpose,
            method=method,
            path=path,
            status_code=status_code,
            client_ip=client_ip,
        )
    return _log_entry(
        api_key=None,
        presented_prefix=keys.split(presented) or "",
        presented_digest=keys.digest(presented) if presented else "",
        purpose=purpose,
        method=method,
        path=path,
        status_code=status_code,
        client_ip=client_ip,
    )


def _log_entry(*, api_key: ApiKey | None, purpose: str, method: str, path: str, client_ip: str, **fields):
    return QueryLog.objects.create(
        api_key=api_key,
        department_id=api_key.department_id if api_key else None,
        purpose=_printable(purpose)[:_PURPOSE_MAX],
        method=_printable(method)[:10],
        path=_printable(path)[:4000],
        client_ip=client_ip[:64],
        **fields,
    )


def _printable(text: str) -> str:
    return "".join(ch for ch in text or "" if unicodedata.category(ch) not in ("Cc", "Cs"))
