"""Writing the change log. Called by every other app's services inside their transaction."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.errors import StaleVersion
from xinyong.text import clean_text

from .chain import entry_content, entry_hash
from .choices import Action, ObjectType
from .models import GENESIS_HASH, HistoryEntry
from .selectors import latest_entry_id
from .signals import entry_appended

if TYPE_CHECKING:  # the change log names no other app at run time
    from xinyong.accounts.models import User

# Any constant works; it only has to be the same for every writer of the chain.
PG_CHAIN_LOCK = 0x78696E79


def chain_lock() -> None:
    """Hold the chain's lock until the transaction ends: every writer of history entries (and of
    the change feed, whose cursor must commit in order) takes it. PostgreSQL takes a
    transaction-level advisory lock; SQLite already holds the database write lock (transactions
    are IMMEDIATE, see settings)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the chain lock must be taken inside the writing transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PG_CHAIN_LOCK])


def history_append(
    *,
    actor: "User | None",
    action: Action,
    object_type: ObjectType,
    object_id: int,
    association_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str,
) -> HistoryEntry:
    """Append one entry to the chain (R-REC-3, R-REC-4).

    Must run inside the caller's transaction so that the change and its entry commit together.
    The chain head is read under ``chain_lock``.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("history_append must be called inside the service's transaction")
    reason = clean_text(reason, multiline=True)
    if not reason:
        raise ValueError("a history entry needs a reason")
    chain_lock()
    last = HistoryEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    prev_hash = last or GENESIS_HASH
    authority = getattr(actor, "authority", None) if actor is not None else None
    content = entry_content(
        created_at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_name=actor.get_username() if actor is not None else "system",
        authority_id=authority.pk if authority else None,
        authority_name=authority.name if authority else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        association_id=association_id,
        before=before,
        after=after,
        reason=reason,
    )
    entry = HistoryEntry(prev_hash=prev_hash, hash=entry_hash(prev_hash, content), **content)
    entry.save(force_insert=True)
    entry_appended.send(sender=HistoryEntry, entry=entry)
    return entry


def require_unchanged_since(*, object_type: ObjectType, object_id: int, entry_id: int | None) -> None:
    """Refuse a change based on a form shown at history entry ``entry_id`` when the object has
    changed since (a concurrent edit); None skips the check (the command line)."""
    if entry_id is not None and latest_entry_id(object_type, object_id) != entry_id:
        raise StaleVersion(_("该信息已被他人修改，请刷新页面后重试。"))


def require_reason(reason: str) -> None:
    """Every change needs a reason (R-REC-3); services check it before changing anything."""
    if not clean_text(reason, multiline=True):
        raise ValidationError({"reason": _("请填写原因。")})
