"""What the change log needs to know of measures and their catalogue (``xinyong.history.registry``);
registered from ``MeasuresConfig.ready()``."""

from xinyong.history.registry import CleanTarget, IntegrityCheck, LiveTable, history_registry

from . import integrity
from .history_types import Action, ObjectType
from .models import Measure, MeasureKind, MeasureProposal, MeasureRule
from .services import TEXT_FIELDS, measures_clean_text
from .snapshots import measure_snapshot

MODELS = {
    ObjectType.MEASURE: "measures.Measure",
    ObjectType.MEASURE_KIND: "measures.MeasureKind",
    ObjectType.MEASURE_RULE: "measures.MeasureRule",
    ObjectType.MEASURE_PROPOSAL: "measures.MeasureProposal",
}


def register() -> None:
    registry = history_registry
    registry.register_choices(actions=Action, object_types=ObjectType)
    for object_type, label in MODELS.items():
        registry.register_model(object_type, label)
    # Every measure has its entry; kinds, rules and proposals are checked by ``integrity``.
    registry.register_live_table(LiveTable(100, ObjectType.MEASURE, Measure, measure_snapshot))
    registry.register_integrity_check(IntegrityCheck(integrity.problems, integrity.counts))
    for position, model in enumerate((MeasureKind, MeasureRule, Measure, MeasureProposal), start=50):
        registry.register_clean_target(
            CleanTarget(
                position,
                model._meta.model_name,
                model,
                TEXT_FIELDS[model][0],
                lambda o, r: measures_clean_text(obj=o, reason=r),
            )
        )
