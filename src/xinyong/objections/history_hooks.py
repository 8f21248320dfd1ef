"""What the change log needs to know of objections (``xinyong.history.registry``); registered from
``ObjectionsConfig.ready()``."""

from collections.abc import Iterator

from xinyong.history.registry import CleanTarget, FileCheck, LiveTable, history_registry
from xinyong.records.evidence_files import file_matches
from xinyong.text import clean_text

from .history_types import Action, ObjectType
from .models import Objection, ObjectionAttachment
from .services import objection_clean_text
from .snapshots import objection_snapshot


def _attachment_extra() -> Iterator[tuple[int, str]]:
    for objection_id, name in ObjectionAttachment.objects.values_list("objection_id", "original_name"):
        if clean_text(name) != name:
            yield objection_id, "attachments"


def register() -> None:
    registry = history_registry
    registry.register_choices(actions=Action, object_types=ObjectType)
    registry.register_model(ObjectType.OBJECTION, "objections.Objection")
    registry.register_live_table(LiveTable(40, ObjectType.OBJECTION, Objection, objection_snapshot))
    registry.register_file_check(
        FileCheck(
            20,
            "objection attachment",
            lambda: ObjectionAttachment.objects.only("pk", "file", "sha256"),
            file_matches,
        )
    )
    registry.register_clean_target(
        CleanTarget(
            40,
            "objection",
            Objection,
            {"statement": True, "explanation": True},
            lambda o, r: objection_clean_text(objection=o, reason=r),
            _attachment_extra,
        )
    )
