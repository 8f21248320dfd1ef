"""Reading measures: what is in force on a day (for the credit report and the API), and who sees
which measures and proposals in the back office (R-MEA-1..3)."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from xinyong.accounts.models import Role
from xinyong.records.choices import RecordStatus
from xinyong.records.models import CreditRecord
from xinyong.records.publication import published_records
from xinyong.registry.models import Association

from .choices import MeasureState, ProposalStatus
from .models import Measure, MeasureKind, MeasureProposal
from .permissions import restrict_kinds_to_apply, restrict_measures, restrict_proposals


def in_force_q(*, on: date, prefix: str = "") -> Q:
    """In force on ``on``: start ≤ on ≤ end, and not lifted on or before ``on``."""
    p = prefix
    return Q(**{f"{p}start_on__lte": on, f"{p}end_on__gte": on}) & (
        Q(**{f"{p}lifted_on__isnull": True}) | Q(**{f"{p}lifted_on__gt": on})
    )


def measures_on(association, *, on: date) -> QuerySet[Measure]:
    """The measures in force for ``association`` on ``on``, with kind, applier and basis records
    loaded. Used by the credit report and the eligibility API."""
    return (
        Measure.objects.filter(in_force_q(on=on), association=association)
        .select_related("kind", "applied_by_authority", "applied_by_department")
        .prefetch_related("basis_records")
        .order_by("start_on", "id")
    )


def state_filter(queryset: QuerySet[Measure], state: str, *, on: date) -> QuerySet[Measure]:
    lifted = Q(lifted_on__isnull=False, lifted_on__lte=on)
    if state == MeasureState.IN_FORCE:
        return queryset.filter(in_force_q(on=on))
    if state == MeasureState.UPCOMING:
        return queryset.filter(start_on__gt=on).exclude(lifted)
    if state == MeasureState.EXPIRED:
        return queryset.filter(end_on__lt=on).exclude(lifted)
    if state == MeasureState.LIFTED:
        return queryset.filter(lifted)
    return queryset


def measures_visible_to(user) -> QuerySet[Measure]:
    """The measures in the user's scope (permissions.restrict_measures)."""
    return restrict_measures(
        Measure.objects.select_related(
            "association", "kind", "applied_by_authority", "applied_by_department"
        ),
        user,
    )


def proposals_visible_to(user) -> QuerySet[MeasureProposal]:
    """The proposals in the user's scope (permissions.restrict_proposals)."""
    return restrict_proposals(
        MeasureProposal.objects.select_related("association", "kind", "rule", "decided_by"), user
    )


def pending(queryset: QuerySet[MeasureProposal]) -> QuerySet[MeasureProposal]:
    return queryset.filter(status=ProposalStatus.PENDING)


def basis_candidates(user, association: Association) -> QuerySet[CreditRecord]:
    """Records a measure may rest on: the association's recorded records. A department relies
    only on what is shared with it, i.e. what is published today (R-SEC-1)."""
    if user.role == Role.DEPARTMENT:
        records = published_records(on=timezone.localdate())
    else:
        records = CreditRecord.objects.filter(status=RecordStatus.RECORDED)
    return records.filter(association=association).order_by("category", "-event_date", "id")


def kinds_applicable_by(user, association: Association | None = None) -> QuerySet[MeasureKind]:
    """Active kinds the user may apply (to ``association``, when given): permissions.can_apply as a
    queryset."""
    return restrict_kinds_to_apply(MeasureKind.objects.all(), user, association)
