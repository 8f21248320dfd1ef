"""Evaluating the measure rules (R-MEA-2): a pure read, nothing is written or applied.

A rule matches an association on a day when at least one of its credit records is published on
that day (``records.publication.published_records``, the one publication selector) and meets
the rule's explicit condition: record kind and/or category, optionally one field whose value is
one of a list, optionally still valid, optionally recent. The candidate rests on every matching
record of that association.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from xinyong.records.models import CreditRecord
from xinyong.records.publication import published_records
from xinyong.registry.choices import AssociationStatus
from xinyong.registry.models import Association

from .models import MeasureKind, MeasureRule


@dataclass(frozen=True)
class Candidate:
    """A measure a rule proposes: for ``association``, of ``kind``, resting on these records."""

    rule: MeasureRule
    association: Association
    kind: MeasureKind
    basis_record_ids: tuple[int, ...]

    @property
    def basis_key(self) -> str:
        return basis_key(self.basis_record_ids)


def basis_key(record_ids: Iterable[int]) -> str:
    """SHA-256 of the sorted ids: one short, indexable value for a set of records of any size."""
    joined = ",".join(str(pk) for pk in sorted(set(record_ids)))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def matching_records(rule: MeasureRule, *, on: date) -> QuerySet[CreditRecord]:
    """The records published on ``on`` that meet the rule's condition."""
    records = published_records(on=on)
    if rule.record_kind:
        records = records.filter(kind=rule.record_kind)
    if rule.record_category:
        records = records.filter(category=rule.record_category)
    if rule.field:
        records = records.filter(**{f"{rule.field}__in": list(rule.values)})
    if rule.require_valid:
        records = records.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    if rule.within_days is not None:
        records = records.filter(event_date__gte=on - timedelta(days=rule.within_days))
    return records


def evaluate_rules(*, on: date, associations: Iterable[Association] | None = None) -> list[Candidate]:
    """Every (active rule, active association) pair the rules match on ``on``, in rule then
    association order. Inactive rules and rules proposing an inactive kind are skipped, and so
    are associations that are no longer registered (已注销, 已撤销登记)."""
    rules = MeasureRule.objects.filter(active=True, kind__active=True).select_related("kind").order_by("id")
    wanted = None if associations is None else [a.pk for a in associations]
    found: list[tuple[MeasureRule, int, tuple[int, ...]]] = []
    for rule in rules:
        records = matching_records(rule, on=on).filter(association__status=AssociationStatus.ACTIVE)
        if wanted is not None:
            records = records.filter(association_id__in=wanted)
        grouped: dict[int, list[int]] = {}
        for association_id, record_id in records.order_by("association_id", "id").values_list(
            "association_id", "id"
        ):
            grouped.setdefault(association_id, []).append(record_id)
        found += [(rule, association_id, tuple(ids)) for association_id, ids in grouped.items()]
    by_id = Association.objects.select_related("authority").in_bulk({a for _, a, _ in found})
    return [Candidate(rule, by_id[a], rule.kind, ids) for rule, a, ids in found]
