"""Validating a batch row by row (R-EXC-1) with the same rules as the services.

Record rows are checked by ``records.validation.clean_record_data`` (the kind's fields, event
date between the association's founding and today …) and evidence the way ``records.services``
checks it (associations' rows: ``associations.py``). Rows are read one at a time and finished in
chunks: the associations a chunk names are looked up by code in one query, and its natural keys
are checked against the database in one more.

Natural keys make a batch idempotent row by row: a record is the same record when it is about the
same association, of the same kind, and agrees on the kind's identifying columns (``IDENTITY``).
A row whose record exists with the same content is "already present" and skipped; one whose record
exists with different content is refused (corrections go through the recording authority,
R-REC-2).
"""

import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.dates import EARLIEST
from xinyong.personal import personal_number_in
from xinyong.records.choices import (
    EvaluationGrade,
    EvidenceKind,
    HonourLevel,
    InspectionConclusion,
    Kind,
    RecordStatus,
)
from xinyong.records.forms import DEFAULT_EVIDENCE_KIND
from xinyong.records.kinds import DATA_COLUMNS, KINDS
from xinyong.records.models import CreditRecord
from xinyong.records.validation import clean_record_data
from xinyong.registry.choices import Confidentiality
from xinyong.registry.models import Association, normalize_text
from xinyong.registry.uscc import normalize as normalize_uscc
from xinyong.registry.uscc import validate_uscc
from xinyong.text import clean_text

from . import values
from .choices import BatchTarget
from .columns import (
    ASSOCIATION_COLUMNS,
    DEPARTMENT_KINDS,
    RECORD_HEAD,
    RECORD_TAIL,
    Target,
    column_label,
    header_map,
    normalize_header,
)
from .submitter import Submitter

CHUNK = 2000

# The columns that say which record a row is, per kind (beside the association and the kind).
IDENTITY = {
    Kind.ANNUAL_INSPECTION: ("inspection_year",),
    Kind.EVALUATION: ("event_date",),
    Kind.COMMENDATION: ("title", "counterpart", "event_date"),
    Kind.PURCHASED_SERVICE: ("title", "counterpart", "event_date"),
    Kind.TRANSFERRED_FUNCTION: ("title", "counterpart", "event_date"),
    Kind.HONOUR: ("title", "counterpart", "event_date"),
    Kind.DISHONESTY: ("event_date", "misconduct"),
}
_KIND_EXTRA = {normalize_header(str(label).removesuffix("信息")): value for value, label in Kind.choices}


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    column: str
    message: str


def personal_data_warning(row: int, column: str, text: Any) -> Problem | None:
    """A warning for the report when public text seems to hold an identity or mobile number
    (R-SEC-2): the row is imported (the public pages mask the number), but the clerk should check."""
    if not isinstance(text, str) or not personal_number_in(text):
        return None
    return Problem(
        row,
        column,
        _(
            "似乎含有身份证号或手机号：公示时会以＊＊＊遮盖，但原文会保存。请核对，必要时改正或标记为“个人隐私”。"
        ),
    )


@dataclass
class EvidenceSource:
    """A stored file the batch's evidence rows point at."""

    name: str
    path: str
    sha256: str
    size: int
    content_type: str


@dataclass
class Header:
    targets: list[Target | None]
    texts: list[str]
    problems: list[Problem] = field(default_factory=list)

    def keys(self) -> set[str]:
        return {t.key for t in self.targets if t is not None}


def read_header(target: str, cells: list[str]) -> Header:
    mapping = header_map(target)
    targets: list[Target | None] = []
    problems = []
    unknown = []
    seen: dict[tuple, str] = {}
    for text in cells:
        norm = normalize_header(text)
        if not norm:
            targets.append(None)
            continue
        found = mapping.get(norm)
        if found is None:
            unknown.append(str(text))
        elif (found.key, found.kinds) in seen:
            problems.append(
                Problem(
                    1,
                    str(text),
                    _("列“%(a)s”与列“%(b)s”重复。") % {"a": text, "b": seen[(found.key, found.kinds)]},
                )
            )
        else:
            seen[(found.key, found.kinds)] = str(text)
        targets.append(found)
    for text in unknown:
        problems.append(
            Problem(1, text, _("无法识别的列“%(column)s”：请使用模板中的列名。") % {"column": text})
        )
    return Header(targets, [str(c) for c in cells], problems)


def missing_columns(target: str, header: Header, *, kind: str, submitter: Submitter) -> list[Problem]:
    keys = header.keys()
    if target == BatchTarget.ASSOCIATIONS:
        required = [c for c in ASSOCIATION_COLUMNS if c.required]
        return [
            Problem(1, str(c.label), _("缺少必需的列“%(column)s”。") % {"column": c.label})
            for c in required
            if c.key not in keys
        ]
    needed = [c for c in (*RECORD_HEAD, *RECORD_TAIL) if c.required]
    problems = []
    for column in needed:
        if column.key == "kind" and kind:
            continue
        if column.key == "evidence_issuer" and submitter.is_department:
            continue
        if column.key not in keys:
            problems.append(
                Problem(1, str(column.label), _("缺少必需的列“%(column)s”。") % {"column": column.label})
            )
    if kind:
        spec = KINDS[kind]
        for spec_field in spec.fields:
            if not spec_field.required or (
                spec_field.column == "valid_until" and "long_term" in spec.columns
            ):
                continue
            if not any(
                t is not None and t.key == spec_field.column and (t.kinds is None or kind in t.kinds)
                for t in header.targets
            ):
                problems.append(
                    Problem(
                        1,
                        str(spec_field.label),
                        _("缺少必需的列“%(column)s”。") % {"column": spec_field.label},
                    )
                )
    return problems


@dataclass
class Cells:
    """One row's cells by column key: [(target, header text, value)], several when aliases repeat."""

    row: int
    by_key: dict[str, list[tuple[Target, str, Any]]]
    problems: list[Problem]

    def value(self, key: str) -> tuple[str, Any]:
        """(header text, value) of the first non-empty cell for ``key``, or (label, None)."""
        for _target, text, value in self.by_key.get(key, ()):
            if value not in (None, ""):
                return text, value
        entries = self.by_key.get(key)
        return (entries[0][1] if entries else key), None


def split_row(header: Header, number: int, raw: list | dict, mapping: dict[str, Target]) -> Cells | None:
    """The row's cells by key; None for a row with nothing in it."""
    by_key: dict[str, list[tuple[Target, str, Any]]] = {}
    problems = []
    if isinstance(raw, dict):
        items = []
        for key, value in raw.items():
            found = mapping.get(normalize_header(key))
            if found is None:
                if value not in (None, "", [], {}):
                    problems.append(
                        Problem(number, str(key), _("无法识别的列“%(column)s”。") % {"column": key})
                    )
                continue
            items.append((found, str(key), value))
    elif isinstance(raw, list):
        items = []
        for index, value in enumerate(raw):
            target = header.targets[index] if index < len(header.targets) else None
            if target is None:
                if value not in (None, "") and (
                    index >= len(header.targets) or not isinstance(value, str) or value.strip()
                ):
                    problems.append(
                        Problem(number, "", _("第 %(n)d 列有内容但没有列名。") % {"n": index + 1})
                    )
                continue
            items.append((target, header.texts[index], value))
    else:
        return Cells(number, {}, [Problem(number, "", _('这一项应为对象（{"列名": 值, …}）。'))])
    if not problems and all(
        value is None or (isinstance(value, str) and not value.strip()) for _t, _h, value in items
    ):
        return None
    for target, text, value in items:
        by_key.setdefault(target.key, []).append((target, text, value))
    return Cells(number, by_key, problems)


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


def _typed(key: str, raw: Any) -> Any:
    return PARSERS[key](raw)


@dataclass
class PendingRecord:
    row: int
    uscc: str
    uscc_column: str
    name: str
    kind: str
    data: dict[str, Any]
    confidentiality: str
    evidence: tuple  # (kind, number, issuer, issued_on, source index)
    recorded_at: datetime | None


class RecordRows:
    """Turns a record batch into staged tuples ready to insert, and problems."""

    def __init__(self, ctx: RowContext, header: Header):
        self.ctx = ctx
        self.header = header
        self.mapping = header_map(BatchTarget.RECORDS)
        self.seen: dict[int, int] = {}  # 64-bit digest of a natural key -> first row
        self.present = 0
        self.warnings: list[Problem] = []  # of staged rows; taken by the caller after each chunk

    def pending(self, cells: Cells) -> tuple[PendingRecord | None, list[Problem]]:
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
        uscc_text, uscc_raw = cells.value("association_uscc")
        try:
            uscc = normalize_uscc(values.text(uscc_raw))
        except values.CellError as exc:
            fail("association_uscc", str(exc), uscc_text)
            uscc = None
        if uscc == "":
            fail("association_uscc", _("请填写协会的统一社会信用代码。"), uscc_text)
        name = cell("association_name") or ""
        data: dict[str, Any] = {}
        if kind:
            spec = KINDS[kind]
            for key in DATA_COLUMNS:
                for target, text, raw in cells.by_key.get(key, ()):
                    if raw in (None, ""):
                        continue
                    if key not in spec.columns or (target.kinds is not None and kind not in target.kinds):
                        fail(
                            key,
                            _("列“%(column)s”不适用于“%(kind)s”。")
                            % {"column": text, "kind": spec.kind.label},
                            text,
                        )
                        continue
                    if key in data:
                        fail(key, _("同一项在两列中都填写了。"), text)
                        continue
                    try:
                        data[key] = _typed(key, raw)
                    except values.CellError as exc:
                        fail(key, str(exc), text)
                        data[key] = None
        confidentiality = cell("confidentiality", lambda v: values.parse_choice(v, Confidentiality)) or ""
        evidence = self._evidence(cells, kind, fail, cell)
        recorded_at = None
        if cells.value("recorded_at")[1] not in (None, ""):
            if self.ctx.submitter.is_department:
                fail("recorded_at", _("记录时间由系统填写：相关部门报送时不填此列。"))
            else:
                naive = cell("recorded_at", values.parse_datetime)
                if naive is not None:
                    recorded_at = timezone.make_aware(naive) if timezone.is_naive(naive) else naive
                    if recorded_at > self.ctx.now:
                        fail("recorded_at", _("记录时间不能晚于现在。"))
        if problems or not kind:
            return None, problems
        return PendingRecord(
            row, uscc, uscc_text, name, kind, data, confidentiality, evidence, recorded_at
        ), problems

    def _evidence(self, cells: Cells, kind: str, fail, cell) -> tuple | None:
        category = KINDS[kind].category if kind else None
        ev_kind = cell(
            "evidence_kind", lambda v: values.parse_choice(v, EvidenceKind)
        ) or DEFAULT_EVIDENCE_KIND.get(category, EvidenceKind.OTHER)
        # Stored as evidence_add stores them (single-line text).
        number, issuer = (
            None if value is None else clean_text(value)
            for value in (cell("evidence_number"), cell("evidence_issuer"))
        )
        if not issuer and self.ctx.submitter.is_department:
            issuer = self.ctx.submitter.department.name
        issued_on = cell("evidence_issued_on", values.parse_date)
        for key, value, limit in (("evidence_number", number, 100), ("evidence_issuer", issuer, 200)):
            if value is None:
                continue
            if not value:
                fail(key, _("“%(label)s”为必填项。") % {"label": column_label(BatchTarget.RECORDS, key)})
            elif len(value) > limit:
                fail(key, _("不能超过 %(n)d 个字符。") % {"n": limit})
        if issued_on is None and cells.value("evidence_issued_on")[1] in (None, ""):
            fail("evidence_issued_on", _("“%(label)s”为必填项。") % {"label": _("出具日期")})
        elif issued_on is not None and issued_on > self.ctx.today:
            fail("evidence_issued_on", _("出具日期不能晚于今天。"))
        elif issued_on is not None and issued_on < EARLIEST:
            fail("evidence_issued_on", _("出具日期不能早于1949年10月1日。"))
        file_name = cell("evidence_file") or ""
        if file_name:
            index = self.ctx.evidence_by_name.get(normalize_header(file_name))
            if index is None:
                fail("evidence_file", _("本批次没有上传名为“%(name)s”的证明材料文件。") % {"name": file_name})
        elif len(self.ctx.evidence) > 1:
            fail("evidence_file", _("本批次上传了多份证明材料：请在“材料文件”列写明本行对应的文件名。"))
            index = None
        else:
            index = 0
        return (ev_kind, number, issuer, issued_on, index)

    def finish(self, chunk: list[PendingRecord], problems: list[Problem]) -> list[tuple]:
        """Look the chunk's associations up, apply the kind's rules, and check natural keys.
        Returns the staged tuples of the rows that are new."""
        codes = {p.uscc for p in chunk}
        found = {
            a[0]: a
            for a in Association.objects.filter(uscc__in=codes).values_list(
                "uscc", "pk", "authority_id", "founded_on", "name"
            )
        }
        ready = []
        for pending in chunk:
            association = found.get(pending.uscc)
            row_problems: list[Problem] = []

            def fail(key: str, message: str, pending=pending, row_problems=row_problems) -> None:
                row_problems.append(
                    Problem(pending.row, column_label(BatchTarget.RECORDS, key, pending.kind), message)
                )

            if association is None:
                try:
                    validate_uscc(pending.uscc)
                except ValidationError as exc:
                    row_problems.append(Problem(pending.row, pending.uscc_column, " ".join(exc.messages)))
                else:
                    row_problems.append(
                        Problem(
                            pending.row,
                            pending.uscc_column,
                            _("没有以统一社会信用代码 %(code)s 登记的协会。") % {"code": pending.uscc},
                        )
                    )
                problems.extend(row_problems)
                continue
            _code, association_id, authority_id, founded_on, registered_name = association
            sub = self.ctx.submitter
            if not sub.is_department and authority_id != sub.authority_id:
                fail("association_uscc", _("该协会不在你所在的登记管理机关登记，不能为其记录信用信息。"))
            if pending.name and normalize_text(pending.name) != normalize_text(registered_name):
                fail(
                    "association_name",
                    _("协会名称与统一社会信用代码不符：该代码登记的名称是“%(name)s”。")
                    % {"name": registered_name},
                )
            try:
                data = clean_record_data(
                    kind=pending.kind, data=pending.data, today=self.ctx.today, founded_on=founded_on
                )
            except ValidationError as exc:
                for key, messages in messages_of(exc):
                    fail(key, " ".join(messages))
                data = None
            if data is not None:
                for key in KINDS[pending.kind].columns:
                    limit = CreditRecord._meta.get_field(key).max_length
                    if limit and isinstance(data[key], str) and len(data[key]) > limit:
                        fail(key, _("不能超过 %(n)d 个字符。") % {"n": limit})
                if (
                    pending.recorded_at is not None
                    and timezone.localdate(pending.recorded_at) < data["event_date"]
                ):
                    fail("recorded_at", _("记录时间应在事件日期之后、当前时间之前。"))
            if row_problems:
                problems.extend(row_problems)
                continue
            key = import_key(association_id, pending.kind, data)
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
            ready.append((pending, association_id, authority_id, key, data))
        existing = existing_records(k for *_rest, k, _d in ready)
        staged = []
        for pending, association_id, authority_id, key, data in ready:
            current = existing.get(key)
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
                (
                    pending.row,
                    association_id,
                    authority_id,
                    pending.kind,
                    key,
                    tuple(data[c] for c in DATA_COLUMNS),
                    pending.confidentiality,
                    pending.evidence,
                    pending.recorded_at,
                )
            )
        return staged


def messages_of(exc: ValidationError) -> Iterator[tuple[str, list[str]]]:
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            yield key, [m for e in errors for m in e.messages]
    else:
        yield "", exc.messages


def import_key(association_id: int, kind: str, data: dict[str, Any]) -> str:
    """128 bits of SHA-256 over the association, the kind and the kind's identifying values.
    Stored with each imported record: changing this layout would make earlier imports
    unrecognisable to later ones."""
    parts = [association_id, kind]
    for column in IDENTITY[kind]:
        value = data[column]
        if isinstance(value, str):
            value = key_text(value)
        elif isinstance(value, date):
            value = value.isoformat()
        parts.append(value)
    blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def key_text(value: str) -> str:
    """Text as a natural key compares it: NFKC (full-width = half-width), case-folded, without
    white space (cells never hold control characters: values.text refuses them)."""
    return "".join(unicodedata.normalize("NFKC", value).casefold().split())


def existing_records(keys) -> dict[str, dict]:
    keys = list(keys)
    if not keys:
        return {}
    rows = CreditRecord.objects.filter(import_key__in=keys).values(
        "pk", "import_key", "status", *DATA_COLUMNS
    )
    return {row["import_key"]: row for row in rows}


def same_record(existing: dict, data: dict) -> bool:
    """Same content, text compared as the natural key compares it (width, case, spaces)."""
    return all(_comparable(existing[c]) == _comparable(data[c]) for c in DATA_COLUMNS)


def _comparable(value: Any) -> Any:
    return key_text(value) if isinstance(value, str) else value


def conflict(row: int, existing: dict) -> Problem:
    state = _("已撤销") if existing["status"] == RecordStatus.REVOKED else _("已记录")
    return Problem(
        row,
        "",
        _(
            "该记录已于此前导入（信用记录 #%(id)d，%(state)s），但内容与本行不同："
            "已导入的记录只能由记录机关修改。请删去本行，或与记录机关联系更正。"
        )
        % {"id": existing["pk"], "state": state},
    )
