"""What the change log needs to know of credit records and evidence (``xinyong.history.registry``);
registered from ``RecordsConfig.ready()``."""

from xinyong.history.registry import (
    CleanTarget,
    FileCheck,
    HistoryPage,
    KindLayout,
    LiveTable,
    history_registry,
)

from .evidence_files import file_matches
from .history_types import Action, ObjectType
from .kinds import DATA_COLUMNS, KINDS
from .models import CreditRecord, Evidence
from .services import EVIDENCE_TEXT, RECORD_TEXT, evidence_clean_text, record_clean_text
from .snapshots import evidence_snapshot, record_snapshot


def _kind_label(kind: str | None, key: str) -> str | None:
    spec = KINDS.get(kind)
    return str(spec.label(key)) if spec and key in spec.columns else None


def _kind_shows(kind: str | None, key: str) -> bool:
    # Columns of other kinds are always empty for this record.
    spec = KINDS.get(kind)
    return spec is None or key in spec.columns or key not in DATA_COLUMNS


def register() -> None:
    registry = history_registry
    registry.register_choices(actions=Action, object_types=ObjectType)
    registry.register_model(ObjectType.RECORD, "records.CreditRecord")
    registry.register_model(ObjectType.EVIDENCE, "records.Evidence")
    registry.register_live_table(LiveTable(20, ObjectType.RECORD, CreditRecord, record_snapshot))
    registry.register_live_table(LiveTable(30, ObjectType.EVIDENCE, Evidence, evidence_snapshot))
    registry.register_file_check(
        FileCheck(10, "evidence", lambda: Evidence.objects.only("pk", "file", "sha256"), file_matches)
    )
    registry.register_clean_target(
        CleanTarget(
            20, "record", CreditRecord, RECORD_TEXT, lambda o, r: record_clean_text(record=o, reason=r)
        )
    )
    registry.register_clean_target(
        CleanTarget(
            30, "evidence", Evidence, EVIDENCE_TEXT, lambda o, r: evidence_clean_text(evidence=o, reason=r)
        )
    )
    registry.register_kind_layout(ObjectType.RECORD, KindLayout(label=_kind_label, shown=_kind_shows))
    registry.register_record_link(ObjectType.RECORD, lambda entry: entry.object_id)
    registry.register_record_link(
        ObjectType.EVIDENCE, lambda entry: (entry.after or entry.before or {}).get("record")
    )
    registry.register_page(
        HistoryPage("records/<int:pk>/", "xinyong.records.views.history.record_history", "record")
    )
