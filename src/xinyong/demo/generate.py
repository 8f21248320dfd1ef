"""Randomised (but seeded) credit records for the ordinary demo associations.

Most records are plain recorded ones; a few are drafts, revoked, corrected once or wholly
confidential, so that every state the pages must handle turns up across the demo world.
"""

from datetime import date

from xinyong.records.choices import Kind
from xinyong.registry.choices import Confidentiality

from .content import (
    COMMENDATIONS,
    HONOURS,
    PERFORMANCE_RATINGS,
    PURCHASED_SERVICES,
    REVOKE_REASONS,
    TRANSFERRED_FUNCTIONS,
    VIOLATIONS,
    Award,
)
from .plans import (
    CONCLUSIONS,
    GRADES,
    award,
    correction,
    days_ago,
    dishonesty,
    evaluation,
    inspection,
    latest_inspection_year,
)
from .writer import Place, Plan, Writer

FATES = ("normal", "draft", "revoked", "modified", "secret")
FATE_WEIGHTS = (86, 3, 4, 5, 2)
# Kinds whose content can plausibly be a secret; for the others a "secret" fate is a plain record.
SECRET_BY_KIND = {
    Kind.PURCHASED_SERVICE: Confidentiality.COMMERCIAL_SECRET,
    Kind.TRANSFERRED_FUNCTION: Confidentiality.COMMERCIAL_SECRET,
    Kind.DISHONESTY: Confidentiality.PERSONAL_PRIVACY,
}
# Events spread over eight years: about three in eight are past a five-year window today.
EIGHT_YEARS = 8 * 365


def random_records(w: Writer, p: Place, today: date) -> None:
    rng = w.rng
    plans = inspections(w, p, today, first_back=6 if rng.random() < 0.5 else 4)
    if rng.random() < 0.45:
        day = days_ago(rng, today, low=30, high=EIGHT_YEARS)
        plans.append(evaluation(w, p, day, rng.choices(GRADES, (15, 30, 35, 15, 5))[0]))
    if rng.random() < 0.25:
        plans += _award(w, p, today, Kind.COMMENDATION, COMMENDATIONS)
    for _ in range(rng.choices((0, 1, 2), (60, 28, 12))[0]):
        for plan in _award(w, p, today, Kind.PURCHASED_SERVICE, PURCHASED_SERVICES):
            if rng.random() < 0.1:
                plan.confidential_fields = {"performance_evaluation": Confidentiality.COMMERCIAL_SECRET}
            plans.append(plan)
    if rng.random() < 0.2:
        plans += _award(w, p, today, Kind.TRANSFERRED_FUNCTION, TRANSFERRED_FUNCTIONS)
    honours = rng.choices((0, 1, 2), (60, 28, 12))[0]
    for item in rng.sample(_suitable(p, HONOURS), k=honours):
        day = days_ago(rng, today, low=60, high=EIGHT_YEARS)
        plans.append(award(w, p, Kind.HONOUR, item, day))
    if rng.random() < 0.18:
        violation = rng.choice(_suitable(p, VIOLATIONS))
        plan = dishonesty(w, p, violation, days_ago(rng, today, low=20, high=EIGHT_YEARS))
        if rng.random() < 0.25:
            plan.confidential_fields = {"penalty": Confidentiality.PERSONAL_PRIVACY}
        plans.append(plan)
    for plan in plans:
        apply_fate(w, p, plan, rng.choices(FATES, FATE_WEIGHTS)[0])


def inspections(w: Writer, p: Place, today: date, *, first_back: int) -> list[Plan]:
    """One annual inspection a year, with the odd year missing from the records."""
    latest = latest_inspection_year(today)
    plans = []
    for year in range(latest - first_back, latest + 1):
        if w.rng.random() < 0.06:
            continue
        plans.append(inspection(w, p, year, w.rng.choices(CONCLUSIONS, (85, 12, 3))[0]))
    return plans


def apply_fate(w: Writer, p: Place, plan: Plan, fate: str):
    if fate == "draft":
        return w.create(p, plan, draft=True, reason="书面证明材料尚未送达，先行保存为草稿")
    if fate == "secret" and plan.kind in SECRET_BY_KIND:
        return w.create(p, plan, confidentiality=SECRET_BY_KIND[plan.kind])
    record = w.create(p, plan)
    if fate == "revoked":
        record = w.revoke(p, record, w.rng.choice(REVOKE_REASONS))
    elif fate == "modified":
        changes, reason = correction(plan, w.rng)
        record = w.modify(p, record, changes, reason)
    return record


def _award(w: Writer, p: Place, today: date, kind: str, table: tuple[Award, ...]) -> list[Plan]:
    """No plan, or one for an entry of ``table`` that suits the association."""
    suitable = _suitable(p, table)
    if not suitable:
        return []
    item = w.rng.choice(suitable)
    day = days_ago(w.rng, today, low=30, high=EIGHT_YEARS)
    rating = w.rng.choice(PERFORMANCE_RATINGS) if kind != Kind.COMMENDATION else ""
    return [award(w, p, kind, item, day, rating=rating)]


def _suitable(p: Place, table):
    return [item for item in table if p.suits(item.tag)]
