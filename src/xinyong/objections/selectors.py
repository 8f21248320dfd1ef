"""Reading objections: who sees which, what is under objection publicly, deadlines (R-OBJ-1..4)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from xinyong.registry.models import Authority

from .choices import DECIDED_STATUSES, OPEN_STATUSES
from .models import Objection, ObjectionItem
from .permissions import restrict_objections


def objections_visible_to(user) -> QuerySet[Objection]:
    """The objections in the user's scope (permissions.restrict_objections)."""
    return restrict_objections(Objection.objects.select_related("association", "authority"), user)


@dataclass(frozen=True)
class UnderObjection:
    """What of one association is under an open objection, for the public label."""

    records: dict[int, date]  # record id → the date the answer is due
    basic_fields: dict[str, date]


def under_objection(association_id: int) -> UnderObjection:
    items = ObjectionItem.objects.filter(
        objection__association_id=association_id, objection__status__in=OPEN_STATUSES
    ).values_list("record_id", "basic_field", "objection__due_on")
    records: dict[int, date] = {}
    fields: dict[str, date] = {}
    for record_id, basic_field, due_on in items:
        if record_id:
            records[record_id] = due_on
        else:
            fields[basic_field] = due_on
    return UnderObjection(records, fields)


def open_objections(queryset: QuerySet[Objection]) -> QuerySet[Objection]:
    return queryset.filter(status__in=OPEN_STATUSES).order_by("due_on", "id")


def overdue(queryset: QuerySet[Objection], *, today: date) -> QuerySet[Objection]:
    return open_objections(queryset).filter(due_on__lt=today)


@dataclass(frozen=True)
class AuthorityObjections:
    authority: Authority
    open: int
    overdue: int
    decided: int
    decided_on_time: int

    @property
    def on_time_rate(self) -> float | None:
        """Share of the decided objections answered on or before their due date (R-OBJ-4)."""
        return self.decided_on_time / self.decided if self.decided else None


def per_authority(*, today: date) -> list[AuthorityObjections]:
    """For the supervising bureau: every authority that has received objections."""
    rows = (
        Objection.objects.values("authority_id")
        .annotate(
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
            decided=Count("id", filter=Q(status__in=DECIDED_STATUSES)),
            on_time=Count(
                "id",
                filter=Q(status__in=DECIDED_STATUSES, decided_on__lte=F("due_on")),
            ),
        )
        .order_by()
    )
    authorities = Authority.objects.in_bulk([r["authority_id"] for r in rows])
    result = [
        AuthorityObjections(
            authority=authorities[r["authority_id"]],
            open=r["open"],
            overdue=r["overdue"],
            decided=r["decided"],
            decided_on_time=r["on_time"],
        )
        for r in rows
    ]
    return sorted(result, key=lambda a: (-a.overdue, a.authority.code))
