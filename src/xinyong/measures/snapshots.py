"""What the history chain keeps of each measures object: complete, JSON-ready, comparable.

``verify_history`` compares every live row with the last snapshot recorded for it, so these
functions must give the same dict for an unchanged row however it was loaded.
"""

from datetime import UTC, date, datetime
from typing import Any

from .models import Measure, MeasureKind, MeasureProposal, MeasureRule


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def _ids(manager) -> list[int]:
    return sorted(manager.values_list("pk", flat=True))


def kind_snapshot(kind: MeasureKind) -> dict[str, Any]:
    return {
        "code": kind.code,
        "name": kind.name,
        "direction": kind.direction,
        "description": kind.description,
        "basis": kind.basis,
        "active": kind.active,
        "departments": _ids(kind.departments),
        "version": kind.version,
    }


def rule_snapshot(rule: MeasureRule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "active": rule.active,
        "kind": rule.kind_id,
        "duration_days": rule.duration_days,
        "record_kind": rule.record_kind,
        "record_category": rule.record_category,
        "field": rule.field,
        "values": list(rule.values),
        "require_valid": rule.require_valid,
        "within_days": rule.within_days,
        "version": rule.version,
    }


def measure_snapshot(measure: Measure) -> dict[str, Any]:
    return {
        "association": measure.association_id,
        "kind": measure.kind_id,
        "applied_by_authority": measure.applied_by_authority_id,
        "applied_by_department": measure.applied_by_department_id,
        "applied_by_user": measure.applied_by_user_id,
        "applied_at": _iso(measure.applied_at),
        "basis_records": _ids(measure.basis_records),
        "start_on": _iso(measure.start_on),
        "end_on": _iso(measure.end_on),
        "decision_number": measure.decision_number,
        "reason": measure.reason,
        "proposal": measure.proposal_id,
        "lifted_on": _iso(measure.lifted_on),
        "lifted_at": _iso(measure.lifted_at),
        "lifted_by": measure.lifted_by_id,
        "lift_reason": measure.lift_reason,
        "version": measure.version,
    }


def proposal_snapshot(proposal: MeasureProposal) -> dict[str, Any]:
    return {
        "rule": proposal.rule_id,
        "association": proposal.association_id,
        "kind": proposal.kind_id,
        "basis_records": _ids(proposal.basis_records),
        "proposed_on": _iso(proposal.proposed_on),
        "duration_days": proposal.duration_days,
        "status": proposal.status,
        "decided_by": proposal.decided_by_id,
        "decided_at": _iso(proposal.decided_at),
        "dismiss_reason": proposal.dismiss_reason,
        "version": proposal.version,
    }
