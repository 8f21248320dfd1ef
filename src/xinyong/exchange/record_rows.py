"""Validating a batch's record rows (R-EXC-1) with the same rules as the services.

Record rows are checked by ``records.validation`` (the kind's fields, event date between the
association's founding and today, the date rules of 记录时间 and of the evidence). Each row is
``read`` on its own, then rows are ``stage``d in chunks: the associations a chunk names are looked
up by code in one query, and its natural keys (``natural_keys``) are checked against the database
in one more.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.records.choices import EvaluationGrade, HonourLevel, InspectionConclusion, Kind
from xinyong.records.kinds import DATA_COLUMNS, KINDS
from xinyong.records.models import CreditRecord
from xinyong.records.validation import RecordedAtError, check_recorded_at, clean_record_data
from xinyong.registry.choices import Confidentiality
from xinyong.registry.models import Association, normalize_text
from xinyong.registry.uscc import normalize as normalize_uscc
from xinyong.registry.uscc import validate_uscc

from . import values
from .choices import BatchTarget
from .columns import DEPARTMENT_KINDS, column_label, header_map, normalize_header
from .evidence import EvidenceSource, StagedEvidence, read_evidence
from .header import Cells, Header
from .natural_keys import conflict, existing_records, import_key, same_record
from .problems import Problem, messages_of, personal_data_warning
from .submitter import Submitter

CHUNK = 2000

_KIND_EXTRA = {normalize_header(str(label).removesuffix("信息")): value for value, label in Kind.choices}


@dataclass
class RowContext:
    submitter: Submitter
    kind: str  # the batch's kind ("" when each row names its own)
    evidence: list[EvidenceSource]
    today: date
    now: datetime

    def __post_init__(self):
        self.evidence_by_name = {normalize_header(e.name): i for i, e in enumerate(self.evidence)}


# The choices of the record's choice columns, for reading a value or its label.
CHOICE_ENUMS = {"conclusion": InspectionConclusion, "grade": EvaluationGrade, "honour_level": HonourLevel}


def _parser(key: str) -> Callable[[Any], Any]:
    model_field = CreditRecord._meta.get_field(key)
    if isinstance(model_field, models.DateField):
        return values.parse_date
    if isinstance(model_field, models.BooleanField):
        return values.parse_bool
    if isinstance(model_field, models.IntegerField):
        return values.parse_int
    if key in CHOICE_ENUMS:
        return partial(values.parse_choice, choices=CHOICE_ENUMS[key])
    return values.text


# How each record data column's cell is read, by the model field's type.
PARSERS = {key: _parser(key) for key in DATA_COLUMNS}


@dataclass
class PendingRecord:
    """A row read on its own, before its association and natural key are checked."""

    row: int
    uscc: str
    uscc_column: str
    name: str
    kind: str
    data: dict[str, Any]
    confidentiality: str
    evidence: StagedEvidence
    recorded_at: datetime | None


class StagedRecord(NamedTuple):
    """A valid new record, ready to insert (a named tuple: staged rows are pickled by the million)."""

    row: int
    association_id: int
    authority_id: int
    kind: str
    key: str  # the natural key (``natural_keys.import_key``)
    values: tuple  # the data columns, in ``DATA_COLUMNS`` order
    confidentiality: str
    evidence: StagedEvidence
    recorded_at: datetime | None

    def data(self) -> dict[str, Any]:
        return dict(zip(DATA_COLUMNS, self.values, strict=True))


class _Registered(NamedTuple):
    uscc: str
    id: int
    authority_id: int
    founded_on: date
    name: str


@dataclass
class _Checked:
    pending: PendingRecord
    association: _Registered
    key: str
    data: dict[str, Any]


class RecordRows:
    """Reads a record batch's rows into ``StagedRecord``s, and problems."""

    def __init__(self, ctx: RowContext, header: Header):
        self.ctx = ctx
        self.header = header
        self.mapping = header_map(BatchTarget.RECORDS)
        self.seen: dict[int, int] = {}  # 64-bit digest of a natural key -> first row
        self.present = 0
        self.warnings: list[Problem] = []  # of staged rows; taken by the caller after each chunk

    def read(self, cells: Cells) -> tuple[PendingRecord | None, list[Problem]]:
        """Check one row on its own: its cells' types, its kind's columns, its evidence."""
        problems = list(cells.problems)
        row = cells.row

        def fail(key: str, message: str, text: str | None = None) -> None:
            if text is None:
                text = cells.value(key)[0] if key in cells.by_key else column_label(BatchTarget.RECORDS, key)
            problems.append(Problem(row, text, message))

        def cell(key: str, parse: Callable[[Any], Any] = values.text) -> Any:
            text, raw = cells.value(key)
            try:
                return parse(raw)
            except values.CellError as exc:
                fail(key, str(exc), text)
                return None

        kind = self._read_kind(cells, fail)
        uscc_text, uscc_raw = cells.value("association_uscc")
        try:
            uscc = normalize_uscc(values.text(uscc_raw))
        except values.CellError as exc:
            fail("association_uscc", str(exc), uscc_text)
            uscc = None
        if uscc == "":
            fail("association_uscc", _("请填写协会的统一社会信用代码。"), uscc_text)
        name = cell("association_name") or ""
        data = self._read_data(cells, kind, fail) if kind else {}
        confidentiality = cell("confidentiality", lambda v: values.parse_choice(v, Confidentiality)) or ""
        evidence = read_evidence(
            cells,
            kind,
            submitter=self.ctx.submitter,
            sources_by_name=self.ctx.evidence_by_name,
            source_count=len(self.ctx.evidence),
            today=self.ctx.today,
            fail=fail,
            cell=cell,
        )
        recorded_at = None
        if cells.value("recorded_at")[1] not in (None, ""):
            if self.ctx.submitter.is_department:
                fail("recorded_at", _("记录时间由系统填写：相关部门报送时不填此列。"))
            else:
                naive = cell("recorded_at", values.parse_datetime)
                if naive is not None:
                    recorded_at = timezone.make_aware(naive) if timezone.is_naive(naive) else naive
                    # Checked whole once the event date is known (``stage``); a future time is
                    # told apart here, where the event date may not be readable yet.
                    if recorded_at > self.ctx.now:
                        fail("recorded_at", _("记录时间不能晚于现在。"))
        if problems or not kind:
            return None, problems
        pending = PendingRecord(
            row, uscc, uscc_text, name, kind, data, confidentiality, evidence, recorded_at
        )
        return pending, problems

    def _read_kind(self, cells: Cells, fail) -> str:
        kind = self.ctx.kind
        kind_text, kind_raw = cells.value("kind")
        if kind_raw not in (None, ""):
            try:
                given = values.parse_choice(kind_raw, Kind, extra=_KIND_EXTRA)
            except values.CellError as exc:
                fail("kind", str(exc), kind_text)
                given = ""
            if given and kind and given != kind:
                fail(
                    "kind",
                    _("本批次的信息类型为“%(kind)s”，本行却是“%(row)s”。")
                    % {"kind": Kind(kind).label, "row": Kind(given).label},
                )
            kind = given or kind
        elif not kind:
            fail("kind", _("请填写信息类型。"))
        if kind and self.ctx.submitter.is_department and kind not in DEPARTMENT_KINDS:
            fail("kind", _("相关部门只能报送承接政府购买服务信息和承接政府转移职能信息。"))
            kind = ""
        return kind

    def _read_data(self, cells: Cells, kind: str, fail) -> dict[str, Any]:
        spec = KINDS[kind]
        data: dict[str, Any] = {}
        for key in DATA_COLUMNS:
            for target, text, raw in cells.by_key.get(key, ()):
                if raw in (None, ""):
                    continue
                if key not in spec.columns or (target.kinds is not None and kind not in target.kinds):
                    fail(
                        key,
                        _("列“%(column)s”不适用于“%(kind)s”。") % {"column": text, "kind": spec.kind.label},
                        text,
                    )
                    continue
                if key in data:
                    fail(key, _("同一项在两列中都填写了。"), text)
                    continue
                try:
                    data[key] = PARSERS[key](raw)
                except values.CellError as exc:
                    fail(key, str(exc), text)
                    data[key] = None
        return data

    def stage(self, chunk: list[PendingRecord], problems: list[Problem]) -> list[StagedRecord]:
        """Look the chunk's associations up, apply the kind's rules, and check natural keys.
        Returns the rows that are new; problems are added to ``problems``."""
        codes = {p.uscc for p in chunk}
        found = {
            a.uscc: a
            for a in map(
                _Registered._make,
                Association.objects.filter(uscc__in=codes).values_list(
                    "uscc", "pk", "authority_id", "founded_on", "name"
                ),
            )
        }
        checked: list[_Checked] = []
        for pending in chunk:
            association = found.get(pending.uscc)
            if association is None:
                problems.append(_unknown_association(pending))
                continue
            row_problems: list[Problem] = []
            data = self._check(pending, association, row_problems)
            if row_problems:
                problems.extend(row_problems)
                continue
            key = import_key(association.id, pending.kind, data)
            short = int(key[:16], 16)
            first = self.seen.get(short)
            if first is not None:
                problems.append(
                    Problem(
                        pending.row, "", _("与本批次第 %(row)d 行是同一条记录（重复）。") % {"row": first}
                    )
                )
                continue
            self.seen[short] = pending.row
            checked.append(_Checked(pending, association, key, data))
        existing = existing_records(c.key for c in checked)
        staged = []
        for item in checked:
            pending, data = item.pending, item.data
            current = existing.get(item.key)
            if current is not None:
                if same_record(current, data):
                    self.present += 1
                else:
                    problems.append(conflict(pending.row, current))
                continue
            if not pending.confidentiality:  # a confidential record is not public at all
                for column in KINDS[pending.kind].columns:
                    label = column_label(BatchTarget.RECORDS, column, pending.kind)
                    if warning := personal_data_warning(pending.row, label, data[column]):
                        self.warnings.append(warning)
            staged.append(
                StagedRecord(
                    row=pending.row,
                    association_id=item.association.id,
                    authority_id=item.association.authority_id,
                    kind=pending.kind,
                    key=item.key,
                    values=tuple(data[c] for c in DATA_COLUMNS),
                    confidentiality=pending.confidentiality,
                    evidence=pending.evidence,
                    recorded_at=pending.recorded_at,
                )
            )
        return staged

    def _check(
        self, pending: PendingRecord, association: _Registered, row_problems: list[Problem]
    ) -> dict[str, Any] | None:
        """The rules that need the association: its authority, its name, the kind's data."""

        def fail(key: str, message: str) -> None:
            row_problems.append(
                Problem(pending.row, column_label(BatchTarget.RECORDS, key, pending.kind), message)
            )

        sub = self.ctx.submitter
        if not sub.is_department and association.authority_id != sub.authority_id:
            fail("association_uscc", _("该协会不在你所在的登记管理机关登记，不能为其记录信用信息。"))
        if pending.name and normalize_text(pending.name) != normalize_text(association.name):
            fail(
                "association_name",
                _("协会名称与统一社会信用代码不符：该代码登记的名称是“%(name)s”。")
                % {"name": association.name},
            )
        try:
            data = clean_record_data(
                kind=pending.kind, data=pending.data, today=self.ctx.today, founded_on=association.founded_on
            )
        except ValidationError as exc:
            for key, messages in messages_of(exc):
                fail(key, " ".join(messages))
            return None
        for key in KINDS[pending.kind].columns:
            limit = CreditRecord._meta.get_field(key).max_length
            if limit and isinstance(data[key], str) and len(data[key]) > limit:
                fail(key, _("不能超过 %(n)d 个字符。") % {"n": limit})
        if pending.recorded_at is not None:
            try:
                check_recorded_at(pending.recorded_at, event_date=data["event_date"], now=self.ctx.now)
            except RecordedAtError as exc:
                fail("recorded_at", exc.messages[0])
        return data


def _unknown_association(pending: PendingRecord) -> Problem:
    try:
        validate_uscc(pending.uscc)
    except ValidationError as exc:
        return Problem(pending.row, pending.uscc_column, " ".join(exc.messages))
    return Problem(
        pending.row,
        pending.uscc_column,
        _("没有以统一社会信用代码 %(code)s 登记的协会。") % {"code": pending.uscc},
    )
