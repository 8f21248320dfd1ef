"""Natural keys make a batch idempotent row by row (R-EXC-1): a record is the same record when it
is about the same association, of the same kind, and agrees on the kind's identifying columns
(``IDENTITY``). A row whose record exists with the same content is "already present" and skipped;
one whose record exists with different content is refused (corrections go through the recording
authority, R-REC-2)."""

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from xinyong.records.choices import Kind, RecordStatus
from xinyong.records.kinds import DATA_COLUMNS
from xinyong.records.models import CreditRecord

from .problems import Problem

# The columns that say which record a row is, per kind (beside the association and the kind).
IDENTITY = {
    Kind.ANNUAL_INSPECTION: ("inspection_year",),
    Kind.EVALUATION: ("event_date",),
    Kind.COMMENDATION: ("title", "counterpart", "event_date"),
    Kind.PURCHASED_SERVICE: ("title", "counterpart", "event_date"),
    Kind.TRANSFERRED_FUNCTION: ("title", "counterpart", "event_date"),
    Kind.HONOUR: ("title", "counterpart", "event_date"),
    Kind.DISHONESTY: ("event_date", "misconduct"),
}


def import_key(association_id: int, kind: str, data: dict[str, Any]) -> str:
    """128 bits of SHA-256 over the association, the kind and the kind's identifying values.
    Stored with each imported record: changing this layout would make earlier imports
    unrecognisable to later ones."""
    parts = [association_id, kind]
    for column in IDENTITY[kind]:
        value = data[column]
        if isinstance(value, str):
            value = key_text(value)
        elif isinstance(value, date):
            value = value.isoformat()
        parts.append(value)
    blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def key_text(value: str) -> str:
    """Text as a natural key compares it: NFKC (full-width = half-width), case-folded, without
    white space (cells never hold control characters: values.text refuses them)."""
    return "".join(unicodedata.normalize("NFKC", value).casefold().split())


def existing_records(keys: Iterable[str]) -> dict[str, dict]:
    """The stored records with these import keys, by key (one query)."""
    keys = list(keys)
    if not keys:
        return {}
    rows = CreditRecord.objects.filter(import_key__in=keys).values(
        "pk", "import_key", "status", *DATA_COLUMNS
    )
    return {row["import_key"]: row for row in rows}


def same_record(existing: dict, data: dict) -> bool:
    """Same content, text compared as the natural key compares it (width, case, spaces)."""
    return all(_comparable(existing[c]) == _comparable(data[c]) for c in DATA_COLUMNS)


def _comparable(value: Any) -> Any:
    return key_text(value) if isinstance(value, str) else value


def conflict(row: int, existing: dict) -> Problem:
    state = _("已撤销") if existing["status"] == RecordStatus.REVOKED else _("已记录")
    return Problem(
        row,
        "",
        _(
            "该记录已于此前导入（信用记录 #%(id)d，%(state)s），但内容与本行不同："
            "已导入的记录只能由记录机关修改。请删去本行，或与记录机关联系更正。"
        )
        % {"id": existing["pk"], "state": state},
    )
