"""Checking the measures tables against the history chain, for ``xinyong verify_history``
(registered in ``history_hooks``).

- Measures: each equals the last snapshot of its entries (every measure has ``measure.apply``).
- Kinds and rules: each equals its last snapshot; one never changed through the services has
  no entry and must equal what migration 0002 seeded (``seed``).
- Proposals are computed suggestions: a pending one needs no entry. A dismissed one equals its
  ``measure_proposal.dismiss`` snapshot; an accepted one is named by the measure applied from it.
"""

from collections.abc import Iterator

from xinyong.history.selectors import latest_snapshots

from . import seed
from .choices import ProposalStatus
from .history_types import ObjectType
from .models import Measure, MeasureKind, MeasureProposal, MeasureRule
from .snapshots import kind_snapshot, proposal_snapshot, rule_snapshot


def _differs(label: str, pk: int, current: dict, expected: dict, what: str) -> str:
    keys = sorted(k for k in set(current) | set(expected) if current.get(k) != expected.get(k))
    return f"{label} {pk}: differs from {what} in {', '.join(keys)}"


def problems() -> Iterator[str]:
    """One message per row that does not match the chain (or its seed)."""
    kind_ids = dict(MeasureKind.objects.values_list("code", "pk"))
    checks = (
        (ObjectType.MEASURE_KIND, MeasureKind, kind_snapshot, lambda o: seed.seeded_kind(o.code)),
        (
            ObjectType.MEASURE_RULE,
            MeasureRule,
            rule_snapshot,
            lambda o: seed.seeded_rule(o.code, kind_ids=kind_ids),
        ),
    )
    for object_type, model, snapshot, seeded in checks:
        recorded = latest_snapshots(object_type=object_type)
        for obj in model.objects.order_by("pk"):
            current = snapshot(obj)
            if obj.pk in recorded:
                if current != recorded[obj.pk]:
                    yield _differs(object_type, obj.pk, current, recorded[obj.pk], "its last history entry")
                continue
            expected = seeded(obj)
            if expected is None:
                yield f"{object_type} {obj.pk}: exists but has no history entry"
            elif current != expected:
                yield _differs(object_type, obj.pk, current, expected, "its seed (migration 0002)")
        yield from _missing(object_type, model, recorded)

    recorded = latest_snapshots(object_type=ObjectType.MEASURE_PROPOSAL)
    applied_from = set(Measure.objects.filter(proposal__isnull=False).values_list("proposal_id", flat=True))
    for proposal in MeasureProposal.objects.order_by("pk"):
        label = ObjectType.MEASURE_PROPOSAL
        if proposal.pk in recorded:
            current = proposal_snapshot(proposal)
            if current != recorded[proposal.pk]:
                yield _differs(label, proposal.pk, current, recorded[proposal.pk], "its last history entry")
        elif proposal.status == ProposalStatus.DISMISSED:
            yield f"{label} {proposal.pk}: dismissed but has no history entry"
        if proposal.status == ProposalStatus.ACCEPTED and proposal.pk not in applied_from:
            yield f"{label} {proposal.pk}: accepted but no measure was applied from it"
        if proposal.status != ProposalStatus.ACCEPTED and proposal.pk in applied_from:
            yield f"{label} {proposal.pk}: a measure was applied from it but it is {proposal.status}"
    yield from _missing(ObjectType.MEASURE_PROPOSAL, MeasureProposal, recorded)


def _missing(object_type, model, recorded: dict) -> Iterator[str]:
    for pk in sorted(set(recorded) - set(model.objects.values_list("pk", flat=True))):
        yield f"{object_type} {pk}: in the history but missing from the database"


def counts() -> dict[str, int]:
    return {
        ObjectType.MEASURE_KIND: MeasureKind.objects.count(),
        ObjectType.MEASURE_RULE: MeasureRule.objects.count(),
        ObjectType.MEASURE_PROPOSAL: MeasureProposal.objects.count(),
    }
