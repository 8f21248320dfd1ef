"""The evidence of a batch's records (R-EVD-1).

Each row names its evidence: 材料类型 (default by category), 文号, 出具机关 (for a department's
delivery, the department by default) and 出具日期, checked by ``records.validation``'s rule. The
file is either one of the documents uploaded with the batch (the 材料文件 column names it when
there are several), stored once, content-addressed, by ``records.evidence_files``; or, when none
is uploaded, the delivered data file itself, stored the same way.
"""

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xinyong.records import evidence_files
from xinyong.records.choices import EvidenceKind
from xinyong.records.forms import DEFAULT_EVIDENCE_KIND
from xinyong.records.kinds import KINDS
from xinyong.records.validation import EvidenceDateError, check_evidence_issued_on
from xinyong.text import clean_text

from . import values
from .choices import BatchTarget, FileFormat
from .columns import column_label, normalize_header
from .header import Cells
from .problems import Problem
from .storage import Received

DATA_FILE_TYPES = {
    FileFormat.CSV: ("csv", "text/csv"),
    FileFormat.XLSX: ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    FileFormat.JSON: ("json", "application/json"),
    FileFormat.JSONL: ("jsonl", "application/x-ndjson"),
}


@dataclass(frozen=True)
class Attachment:
    """An evidence document uploaded with the batch."""

    name: str
    file: BinaryIO


@dataclass
class EvidenceSource:
    """A stored file the batch's evidence rows point at."""

    name: str
    path: str
    sha256: str
    size: int
    content_type: str


class StagedEvidence(NamedTuple):
    """A row's evidence, checked (a named tuple: staged rows are pickled by the million)."""

    kind: str
    number: str | None
    issuer: str | None
    issued_on: date | None
    source: int | None  # index into the batch's ``EvidenceSource`` list


def read_evidence(
    cells: Cells,
    kind: str,
    *,
    submitter,
    sources_by_name: dict[str, int],
    source_count: int,
    today: date,
    fail: Callable[[str, str], None],
    cell: Callable[..., Any],
) -> StagedEvidence:
    """The row's evidence columns, each problem reported through ``fail(column, message)``."""
    category = KINDS[kind].category if kind else None
    ev_kind = cell(
        "evidence_kind", lambda v: values.parse_choice(v, EvidenceKind)
    ) or DEFAULT_EVIDENCE_KIND.get(category, EvidenceKind.OTHER)
    # Stored as evidence_add stores them (single-line text).
    number, issuer = (
        None if value is None else clean_text(value)
        for value in (cell("evidence_number"), cell("evidence_issuer"))
    )
    if not issuer and submitter.is_department:
        issuer = submitter.department.name
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
    elif issued_on is not None:
        try:
            check_evidence_issued_on(issued_on, today=today)
        except EvidenceDateError as exc:
            fail("evidence_issued_on", exc.messages[0])
    file_name = cell("evidence_file") or ""
    if file_name:
        index = sources_by_name.get(normalize_header(file_name))
        if index is None:
            fail("evidence_file", _("本批次没有上传名为“%(name)s”的证明材料文件。") % {"name": file_name})
    elif source_count > 1:
        fail("evidence_file", _("本批次上传了多份证明材料：请在“材料文件”列写明本行对应的文件名。"))
        index = None
    else:
        index = 0
    return StagedEvidence(ev_kind, number, issuer, issued_on, index)


def store_attachments(
    attachments, *, dry_run: bool, report: Callable[[Problem], None]
) -> list[EvidenceSource]:
    """Store the uploaded documents (a dry run only checks their type); a refused one is reported."""
    sources = []
    for attachment in attachments:
        name = os.path.basename(attachment.name or "") or "evidence"
        try:
            if dry_run:
                check_evidence_type(attachment.file, name)
                stored = evidence_files.StoredFile("", "", 0, "")
            else:
                stored = evidence_files.store(attachment.file, name=name)
        except ValidationError as exc:
            report(Problem(None, _("证明材料文件"), " ".join(exc.messages)))
            continue
        sources.append(EvidenceSource(name, stored.path, stored.sha256, stored.size, stored.content_type))
    return sources


def data_file_placeholder(received: Received, file_name: str) -> EvidenceSource:
    """The delivered data file as the evidence, before it is stored (only if the batch is applied)."""
    return EvidenceSource(file_name, "", received.sha256, received.size, "")


def store_data_file(received: Received, file_name: str, file_format: str) -> EvidenceSource:
    """Store the delivered data file as the batch's evidence, content-addressed."""
    extension, content_type = DATA_FILE_TYPES[file_format]
    relative = f"{received.sha256[:2]}/{received.sha256}.{extension}"
    target = evidence_files.absolute_path(relative)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".import-{target.name}")
        shutil.copyfile(received.path, partial)
        os.replace(partial, target)
    return EvidenceSource(file_name, relative, received.sha256, received.size, content_type)


def check_evidence_type(file: BinaryIO, name: str) -> None:
    """The checks ``evidence_files.store`` makes, without storing (for a dry run)."""
    extension = Path(name).suffix.lower().lstrip(".")
    accepted = evidence_files.ACCEPTED.get(extension)
    head = file.read(16)
    if accepted is None or not accepted[1](head):
        raise ValidationError(
            _("文件“%(name)s”的类型不支持；请上传 %(types)s 文件。")
            % {"name": name, "types": evidence_files.accepted_extensions()}
        )
