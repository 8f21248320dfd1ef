"""Whether a record is public today and, if not, why — for the back office.

The answer "public or not" always comes from the publication selector (published_records); the
reasons are only an explanation for the clerk, so a rule change in the selector cannot make this
page claim a record is public when it is not.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from xinyong.records.choices import RecordStatus
from xinyong.records.models import CreditRecord
from xinyong.records.publication import in_window, last_public_day, published_records
from xinyong.records.selectors import ids_with_evidence
from xinyong.registry.choices import Confidentiality


@dataclass
class Publication:
    public: bool
    reasons: list[str] = field(default_factory=list)
    last_day: date | None = None
    partly_confidential: bool = False


def publication_notes(records: Iterable[CreditRecord], *, on: date) -> dict[int, Publication]:
    records = list(records)
    ids = [r.pk for r in records]
    public = set(published_records(on=on).filter(pk__in=ids).values_list("pk", flat=True))
    with_evidence = ids_with_evidence(ids)
    marks = dict(Confidentiality.choices)
    notes = {}
    for record in records:
        reasons = []
        if record.status == RecordStatus.DRAFT:
            reasons.append(_("草稿"))
        elif record.status == RecordStatus.REVOKED:
            reasons.append(_("已撤销"))
        if record.confidentiality:
            reasons.append(_("保密（%(mark)s）") % {"mark": marks.get(record.confidentiality)})
        if record.pk not in with_evidence:
            reasons.append(_("缺少证明材料"))
        dates = {
            "category": record.category,
            "event_date": record.event_date,
            "valid_until": record.valid_until,
            "long_term": record.long_term,
        }
        if not in_window(**dates, on=on):
            reasons.append(_("已过公示期") if on >= record.event_date else _("未到公示日期"))
        is_public = record.pk in public
        if not is_public and not reasons:
            reasons.append(_("不在公示范围内"))
        notes[record.pk] = Publication(
            public=is_public,
            reasons=[] if is_public else reasons,
            last_day=last_public_day(**dates),
            partly_confidential=bool(record.confidential_fields),
        )
    return notes
