"""Writes to measures and proposals (R-MEA-1, R-MEA-2). Each function, in one transaction:
authorise → validate → check the version → change → history entry → notices after commit.
A failure anywhere leaves nothing half-written.

Proposals are suggestions computed from the rules, not recorded information, so generating one
writes no history entry; what people decide about them does: dismissing one has its own entry,
and accepting one is the measure's ``measure.apply`` entry, whose snapshot names the proposal.
"""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.models import Role, User
from xinyong.dates import EARLIEST
from xinyong.errors import InvalidState, NotAllowed, StaleVersion
from xinyong.history.choices import HistoryAction
from xinyong.history.services import chain_lock, history_append
from xinyong.measures.history_types import Action, ObjectType
from xinyong.notices.services import notify
from xinyong.records.models import CreditRecord
from xinyong.registry.models import Association
from xinyong.text import clean_fields, clean_text

from . import permissions
from .choices import ProposalStatus
from .models import Measure, MeasureKind, MeasureProposal, MeasureRule
from .rules import evaluate_rules
from .selectors import basis_candidates
from .snapshots import kind_snapshot, measure_snapshot, proposal_snapshot, rule_snapshot

REASON_MIN = 4


@transaction.atomic  # plain: also inside load_demo's transaction
def measure_apply(
    *,
    actor: User,
    association: Association,
    kind: MeasureKind,
    basis_records: Sequence[CreditRecord],
    start_on: date | None,
    end_on: date | None,
    reason: str,
    decision_number: str = "",
    proposal: MeasureProposal | None = None,
) -> Measure:
    """Apply a measure to an association (R-MEA-1): an authority to the associations registered
    with it, a department the kinds it is granted; resting on at least one of the association's
    recorded credit records (a department: published ones), for a period end ≥ start, with a
    stated reason. From a proposal (R-MEA-2), the proposal is accepted in the same transaction.
    The same kind cannot run twice over the same days for one association."""
    kind = MeasureKind.objects.get(pk=kind.pk)  # the catalogue as it is now (active, grants)
    permissions.ensure_can_apply(actor, kind, association)
    reason = clean_text(reason, multiline=True)
    decision_number = clean_text(decision_number)
    record_ids = sorted({r.pk for r in basis_records})
    errors: dict[str, list[str]] = {}
    if len(reason) < REASON_MIN:
        errors["reason"] = [_("请写明实施的理由和事实依据（至少%(n)d个字）。") % {"n": REASON_MIN}]
    if start_on is None:
        errors["start_on"] = [_("请填写起始日期。")]
    elif start_on < EARLIEST:
        errors["start_on"] = [_("起始日期不能早于1949年10月1日。")]
    if end_on is None:
        errors["end_on"] = [_("请填写截止日期。")]
    elif start_on is not None and end_on < start_on:
        errors["end_on"] = [_("截止日期不能早于起始日期。")]
    if len(decision_number) > Measure._meta.get_field("decision_number").max_length:
        errors["decision_number"] = [_("决定文号不能超过100个字符。")]
    if not record_ids:
        errors["basis_records"] = [_("请至少选择一条作为依据的信用记录。")]
    else:
        list(CreditRecord.objects.select_for_update(of=("self",), no_key=True).filter(pk__in=record_ids))
        allowed = set(
            basis_candidates(actor, association).filter(pk__in=record_ids).values_list("pk", flat=True)
        )
        bad = [pk for pk in record_ids if pk not in allowed]
        if bad:
            errors["basis_records"] = [
                _("只能依据本协会已记录的信用记录（记录 %(ids)s 不符合）。")
                % {"ids": "、".join(f"#{pk}" for pk in bad)}
            ]
    if errors:
        raise ValidationError(errors)
    if proposal is not None:
        proposal = _lock_proposal(proposal, None)
        if proposal.status != ProposalStatus.PENDING:
            raise InvalidState(
                _("该措施建议已经处理过（%(status)s）。") % {"status": proposal.get_status_display()}
            )
        if proposal.association_id != association.pk or proposal.kind_id != kind.pk:
            raise InvalidState(_("措施建议针对的协会或措施种类与本次实施的不一致。"))
    # Under the chain's lock (taken by history_append anyway): two clerks applying the same kind
    # at the same moment cannot both pass the overlap check.
    chain_lock()
    overlap = Measure.objects.filter(
        association=association, kind=kind, start_on__lte=end_on, end_on__gte=start_on
    ).filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=start_on))
    if overlap.exists():
        raise ValidationError(
            {"start_on": _("该协会在这一期间已有同种措施，不能重复实施；如需调整，请先解除原措施。")}
        )

    now = timezone.now()
    measure = Measure(
        association=association,
        kind=kind,
        applied_by_authority_id=actor.authority_id if permissions.is_staff(actor) else None,
        applied_by_department_id=actor.department_id if permissions.is_department(actor) else None,
        applied_by_user=actor,
        applied_at=now,
        start_on=start_on,
        end_on=end_on,
        decision_number=decision_number,
        reason=reason,
        proposal=proposal,
    )
    measure.save(force_insert=True)
    measure.basis_records.set(record_ids)
    if proposal is not None:
        proposal.status = ProposalStatus.ACCEPTED
        proposal.decided_by = actor
        proposal.decided_at = now
        proposal.version += 1
        proposal.save()
    history_append(
        actor=actor,
        action=Action.MEASURE_APPLY,
        object_type=ObjectType.MEASURE,
        object_id=measure.pk,
        association_id=association.pk,
        before=None,
        after=measure_snapshot(measure),
        reason=reason,
    )
    notify(
        users=_association_users(association),
        subject=_("%(body)s对本协会实施了%(direction)s措施：%(kind)s")
        % {"body": measure.applied_by_name, "direction": kind.get_direction_display(), "kind": kind.name},
        body=_("期限：%(start)s 至 %(end)s。理由：%(reason)s")
        % {"start": start_on.isoformat(), "end": end_on.isoformat(), "reason": reason},
        link=reverse("registry:detail", args=[association.pk]),
    )
    return measure


@transaction.atomic  # plain: also inside load_demo's transaction
def measure_lift(*, actor: User, measure: Measure, reason: str, expected_version: int) -> Measure:
    """Lift a measure (解除) with a reason: from today it is no longer in force. Only the
    authority or department that applied it may; an expired or lifted one cannot be lifted."""
    measure = _lock_measure(measure, expected_version)
    permissions.ensure_can_lift(actor, measure)
    reason = clean_text(reason, multiline=True)
    if len(reason) < REASON_MIN:
        raise ValidationError({"reason": _("请写明解除的理由（至少%(n)d个字）。") % {"n": REASON_MIN}})
    today = timezone.localdate()
    if measure.is_lifted:
        raise InvalidState(_("该措施已于 %(day)s 解除。") % {"day": measure.lifted_on.isoformat()})
    if measure.end_on < today:
        raise InvalidState(_("该措施已于 %(day)s 期满，无需解除。") % {"day": measure.end_on.isoformat()})
    before = measure_snapshot(measure)
    measure.lifted_on = today
    measure.lifted_at = timezone.now()
    measure.lifted_by = actor
    measure.lift_reason = reason
    measure.version += 1
    measure.save()
    history_append(
        actor=actor,
        action=Action.MEASURE_LIFT,
        object_type=ObjectType.MEASURE,
        object_id=measure.pk,
        association_id=measure.association_id,
        before=before,
        after=measure_snapshot(measure),
        reason=reason,
    )
    notify(
        users=_association_users(measure.association),
        subject=_("%(kind)s措施已解除") % {"kind": measure.kind.name},
        body=_("%(body)s已解除对本协会的措施。理由：%(reason)s")
        % {"body": measure.applied_by_name, "reason": reason},
        link=reverse("registry:detail", args=[measure.association_id]),
    )
    return measure


@transaction.atomic(durable=True)
def proposal_dismiss(
    *, actor: User, proposal: MeasureProposal, reason: str, expected_version: int
) -> MeasureProposal:
    """Dismiss a proposal (不予采纳) with a reason (R-MEA-2). The same rule will not propose the
    same measure on the same records again."""
    proposal = _lock_proposal(proposal, expected_version)
    if not permissions.can_decide(actor, proposal):
        raise NotAllowed(_("只有该协会的登记管理机关或获授权实施该措施的相关部门可以处理这项建议。"))
    if proposal.status != ProposalStatus.PENDING:
        raise InvalidState(
            _("该措施建议已经处理过（%(status)s）。") % {"status": proposal.get_status_display()}
        )
    reason = clean_text(reason, multiline=True)
    if len(reason) < REASON_MIN:
        raise ValidationError({"reason": _("请写明不予采纳的理由（至少%(n)d个字）。") % {"n": REASON_MIN}})
    before = proposal_snapshot(proposal)
    proposal.status = ProposalStatus.DISMISSED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.dismiss_reason = reason
    proposal.version += 1
    proposal.save()
    history_append(
        actor=actor,
        action=Action.MEASURE_PROPOSAL_DISMISS,
        object_type=ObjectType.MEASURE_PROPOSAL,
        object_id=proposal.pk,
        association_id=proposal.association_id,
        before=before,
        after=proposal_snapshot(proposal),
        reason=reason,
    )
    return proposal


@transaction.atomic  # plain: also inside load_demo's transaction
def propose_measures(*, on: date, actor: User | None = None) -> list[MeasureProposal]:
    """Store a pending proposal for every rule candidate on ``on`` (R-MEA-2), idempotently: none
    when the same rule already proposed the same kind for the association on the same records
    (pending, accepted or dismissed), nor when the association already has that kind in force
    or starting later. Nothing is applied. ``actor`` is who asked (None: the scheduled run)."""
    if actor is not None and not permissions.can_propose(actor):
        raise NotAllowed(_("只有登记管理机关、相关部门和系统管理员可以生成措施建议。"))
    chain_lock()  # one run at a time: the cron job and the button cannot both insert a proposal
    candidates = evaluate_rules(on=on)
    association_ids = {c.association.pk for c in candidates}
    existing = set(
        MeasureProposal.objects.filter(association_id__in=association_ids).values_list(
            "rule_id", "association_id", "basis_key"
        )
    )
    current = set(
        Measure.objects.filter(association_id__in=association_ids, end_on__gte=on)
        .filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=on))
        .values_list("association_id", "kind_id")
    )
    now = timezone.now()
    created = []
    for candidate in candidates:
        key = (candidate.rule.pk, candidate.association.pk, candidate.basis_key)
        if key in existing or (candidate.association.pk, candidate.kind.pk) in current:
            continue
        proposal = MeasureProposal.objects.create(
            rule=candidate.rule,
            association=candidate.association,
            kind=candidate.kind,
            basis_key=candidate.basis_key,
            proposed_on=on,
            duration_days=candidate.rule.duration_days,
            created_at=now,
        )
        proposal.basis_records.set(candidate.basis_record_ids)
        existing.add(key)
        created.append(proposal)
    return created


def _lock_measure(measure: Measure, expected_version: int) -> Measure:
    # Only the measure's row, without the key lock (see records.services._lock).
    locked = (
        Measure.objects.select_for_update(of=("self",), no_key=True)
        .select_related("association", "kind", "applied_by_authority", "applied_by_department")
        .get(pk=measure.pk)
    )
    if locked.version != expected_version:
        raise StaleVersion(_("该措施已被他人修改（当前版本 %(v)d），请刷新后重试。") % {"v": locked.version})
    return locked


def _lock_proposal(proposal: MeasureProposal, expected_version: int | None) -> MeasureProposal:
    locked = (
        MeasureProposal.objects.select_for_update(of=("self",), no_key=True)
        .select_related("association", "kind")
        .get(pk=proposal.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(
            _("该措施建议已被他人处理（当前版本 %(v)d），请刷新后重试。") % {"v": locked.version}
        )
    return locked


def _association_users(association: Association):
    return User.objects.filter(role=Role.ASSOCIATION, association_id=association.pk, is_active=True)


# --- removing invisible characters from stored text (issue 13) --------------------------------

# For each measures object: {field: multi-line?}, the fields that may not be empty, its snapshot.
TEXT_FIELDS = {
    Measure: ({"decision_number": False, "reason": True, "lift_reason": True}, ("reason",), measure_snapshot),
    MeasureProposal: ({"dismiss_reason": True}, (), proposal_snapshot),
    MeasureKind: ({"name": False, "description": True, "basis": True}, ("name",), kind_snapshot),
    MeasureRule: ({"name": False}, ("name",), rule_snapshot),
}
_OBJECT_TYPES = {
    Measure: ObjectType.MEASURE,
    MeasureProposal: ObjectType.MEASURE_PROPOSAL,
    MeasureKind: ObjectType.MEASURE_KIND,
    MeasureRule: ObjectType.MEASURE_RULE,
}


@transaction.atomic(durable=True)
def measures_clean_text(
    *, obj: Measure | MeasureProposal | MeasureKind | MeasureRule, reason: str
) -> list[str]:
    """Remove invisible and control characters from a measure's, proposal's, kind's or rule's
    stored text, as the system: an upgrade step (``xinyong clean_text``). A history entry; the
    version moves on. Returns the fields changed; a required field left empty is refused."""
    model = type(obj)
    fields, required, snapshot = TEXT_FIELDS[model]
    obj = model.objects.select_for_update(no_key=True).get(pk=obj.pk)
    before = snapshot(obj)
    changed = clean_fields(obj, fields)
    if not changed:
        return []
    emptied = [f for f in required if f in changed and not getattr(obj, f)]
    if emptied:
        raise ValidationError({f: _("清理不可见字符后为空，请在表单中改正。") for f in emptied})
    obj.validate_unique()
    obj.version += 1
    obj.save()
    history_append(
        actor=None,
        action=HistoryAction.TEXT_CLEAN,
        object_type=_OBJECT_TYPES[model],
        object_id=obj.pk,
        association_id=getattr(obj, "association_id", None),
        before=before,
        after=snapshot(obj),
        reason=reason,
    )
    return changed
