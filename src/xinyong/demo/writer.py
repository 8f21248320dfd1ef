"""Writing demo records through the real services, as staff of the association's own authority.

Nothing here touches a model's manager for recorded data: every record, change and piece of
evidence goes through xinyong.records.services, so each has its history entries (R-REC-3).
"""

import io
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from xinyong.records.models import CreditRecord
from xinyong.records.services import (
    EvidenceInput,
    evidence_add,
    record_create,
    record_finalize,
    record_modify,
    record_revoke,
)
from xinyong.registry.models import Association, Authority

from .content import REASONS
from .data import CITY_ABBR, District
from .files import pdf_bytes, png_bytes


@dataclass(frozen=True)
class Place:
    """An association with what the content templates need to talk about it."""

    association: Association
    authority: Authority
    district: District | None
    topic: str
    tags: frozenset[str]

    def fill(self, template: str, **extra: Any) -> str:
        district = self.district.name if self.district else ""
        return template.format(
            place=district or "北京市",
            gov=f"北京市{district}",
            bureau=self.authority.name,
            abbr=self.district.abbr if self.district else CITY_ABBR,
            topic=self.topic,
            **extra,
        )

    def suits(self, tag: str) -> bool:
        return tag in self.tags


@dataclass(frozen=True)
class Doc:
    """One piece of evidence to generate: its metadata and whether it is a scan (PNG) or a PDF."""

    kind: str
    title: str
    number: str
    issuer: str
    issued_on: date
    picture: bool = False


@dataclass
class Plan:
    kind: str
    data: dict[str, Any]
    docs: list[Doc]
    confidential_fields: dict[str, str] = field(default_factory=dict)


class Writer:
    def __init__(self, *, rng: random.Random, staff_by_authority: dict[int, Any]):
        self.rng = rng
        self.staff = staff_by_authority
        self._serial = itertools.count(1)
        self._numbers: dict[tuple[str, str, int], int] = {}
        self._notices: dict[tuple[int, int], tuple[str, date]] = {}

    def number(self, pattern: str, place: Place, year: int) -> str:
        """A document number; numbers of one issuer and year rise in the order documents are made."""
        key = (pattern, place.fill("{abbr}"), year)
        n = self._numbers.get(key) or self.rng.randint(3, 30)
        self._numbers[key] = n + self.rng.randint(1, 9)
        return place.fill(pattern, year=year, n=n)

    def notice(self, place: Place, year: int) -> tuple[str, date]:
        """Number and date of an authority's notice of one year's annual-inspection results."""
        key = (place.authority.pk, year)
        if key not in self._notices:
            issued_on = date(year + 1, 6, self.rng.randint(10, 28))
            self._notices[key] = (self.number("{abbr}民社〔{year}〕{n}号", place, year + 1), issued_on)
        return self._notices[key]

    def actor(self, place: Place):
        return self.staff[place.authority.pk]

    def create(
        self,
        place: Place,
        plan: Plan,
        *,
        draft: bool = False,
        confidentiality: str = "",
        reason: str | None = None,
    ) -> CreditRecord:
        return record_create(
            actor=self.actor(place),
            association=place.association,
            kind=plan.kind,
            data=plan.data,
            reason=reason or REASONS[plan.kind],
            evidence=[] if draft else [self.evidence(place, plan.kind, doc) for doc in plan.docs],
            confidentiality=confidentiality,
            confidential_fields=plan.confidential_fields,
            draft=draft,
            recorded_at=self.recorded_at(plan.data["event_date"]),
        )

    def recorded_at(self, event_date: date) -> datetime:
        """When the authority recorded it: mostly within days, sometimes months late (R-REC-1)."""
        gap = (
            self.rng.choice([0, 1, 2, 3, 5, 7, 10, 14, 20, 25])
            if self.rng.random() < 0.85
            else self.rng.randint(31, 240)
        )
        moment = datetime.combine(
            event_date + timedelta(days=gap), time(self.rng.randint(9, 17), self.rng.randint(0, 59))
        )
        return min(timezone.make_aware(moment), timezone.now())

    def modify(
        self, place: Place, record: CreditRecord, changes: dict[str, Any], reason: str
    ) -> CreditRecord:
        return record_modify(
            actor=self.actor(place),
            record=record,
            changes=changes,
            reason=reason,
            expected_version=record.version,
        )

    def revoke(self, place: Place, record: CreditRecord, reason: str) -> CreditRecord:
        return record_revoke(
            actor=self.actor(place), record=record, reason=reason, expected_version=record.version
        )

    def finalize(self, place: Place, record: CreditRecord, doc: Doc, reason: str) -> CreditRecord:
        """Attach the missing evidence to a draft and make it a recorded record."""
        evidence_add(
            actor=self.actor(place), record=record, item=self.evidence(place, record.kind, doc), reason=reason
        )
        record.refresh_from_db()
        return record_finalize(
            actor=self.actor(place), record=record, reason=reason, expected_version=record.version
        )

    def evidence(self, place: Place, kind: str, doc: Doc) -> EvidenceInput:
        serial = next(self._serial)
        if doc.picture:
            content, ext = png_bytes(serial=serial), "png"
        else:
            content = pdf_bytes(
                title=f"{doc.title} {doc.number}",
                lines=[
                    "Xinyong demo evidence - not a real document",
                    f"Record kind: {kind} / evidence kind: {doc.kind}",
                    f"Association USCC: {place.association.uscc}",
                    f"Issued on: {doc.issued_on.isoformat()}",
                    f"Demo serial: {serial:06d}",
                ],
            )
            ext = "pdf"
        return EvidenceInput(
            kind=doc.kind,
            document_number=doc.number,
            issuer=doc.issuer,
            issued_on=doc.issued_on,
            file=io.BytesIO(content),
            file_name=f"{doc.title}（{doc.number}）.{ext}",
        )
