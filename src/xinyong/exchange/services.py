"""Bulk delivery and import (R-EXC-1, R-INF-10, R-INF-1): receive → validate → apply.

``batch_import`` is the one entry point for the API, the back-office upload and ``xinyong
import``. A batch is

1. **received**: the file is copied to private storage while its SHA-256 is computed (refused past
   ``XINYONG_IMPORT_MAX_BYTES``, 64 MB by default, for the back office and the API, whose clients
   wait for the answer; ``XINYONG_IMPORT_COMMAND_MAX_BYTES``, 4 GB, for ``xinyong import``). The
   batch key is SHA-256 over the submitting organisation, the batch's kind and the file's
   checksum; if a batch with that key was applied already, that batch is returned and nothing
   else happens (re-sending is idempotent).
2. **validated whole**, streaming: rows are read one at a time, checked, and the valid ones staged
   in chunks to a private scratch file; every problem goes to the per-row report (row, column,
   message). Memory does not grow with the file, except for one 64-bit digest per row to find
   duplicate rows within the batch.
3. **applied all or nothing**, only if no row has a problem: one transaction, holding the history
   chain's lock from the first row to the last, inserts records, evidence and history in chunks
   (``apply.py``). A failure anywhere rolls everything back; the batch is then marked failed.

Rows that already exist with the same content (natural keys, ``rows.IDENTITY``) are counted as
"already present" and skipped, so a corrected re-delivery that repeats earlier rows does not
duplicate them.

**Evidence (R-EVD-1).** Each row names its evidence: 材料类型 (default by category), 文号, 出具机关
(for a department's delivery, the department by default) and 出具日期. The file is either one of the
documents uploaded with the batch (the 材料文件 column names it when there are several), stored
once, content-addressed, by ``records.evidence_files``; or, when none is uploaded, the delivered
data file itself, stored the same way. Every imported record gets one ``Evidence`` row pointing at
that file.
"""

import hashlib
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xinyong.errors import NotAllowed
from xinyong.history.services import chain_lock
from xinyong.records import evidence_files
from xinyong.records.choices import Category, Kind

from . import formats, rows, storage
from .apply import BatchChanged, apply_associations, apply_records
from .associations import AssociationRows
from .bulk import sqlite_cache
from .choices import BatchChannel, BatchStatus, BatchTarget, FileFormat
from .columns import header_map, normalize_header
from .models import ImportBatch
from .report import ReportWriter
from .submitter import Submitter

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


class Progress(Protocol):
    def phase(self, name: str, total: int | None) -> None: ...

    def advance(self, count: int) -> None: ...


class _NoProgress:
    def phase(self, name: str, total: int | None) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


@dataclass
class Outcome:
    status: str
    batch: ImportBatch | None = None  # None for a dry run
    duplicate: bool = False  # the same batch had been applied before: nothing was done
    target: str = ""
    rows_total: int = 0
    created: int = 0
    present: int = 0
    rows_rejected: int = 0
    error_count: int = 0
    report: Path | None = None
    preview: list[dict] = field(default_factory=list)
    message: str = ""
    warning_count: int = 0  # things for the clerk to check that did not refuse a row (in the report)
    warnings_preview: list[dict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # time spent validating, applying
    # The code of the limit a refused file broke (a zip bomb, too many cells, JSON too deep …):
    # the batch is rejected as usual, and the API answers 400 with this code, the command one line.
    refused: str = ""

    @property
    def warnings_text(self) -> str:
        return warnings_message(self.warning_count)

    @classmethod
    def of(cls, batch: ImportBatch, *, duplicate: bool = False) -> "Outcome":
        return cls(
            status=batch.status,
            batch=batch,
            duplicate=duplicate,
            target=batch.target,
            rows_total=batch.rows_total,
            created=batch.rows_created,
            present=batch.rows_present,
            rows_rejected=batch.rows_rejected,
            error_count=batch.error_count,
            report=report_path(batch),
            preview=batch.errors_preview,
            message=batch.message,
        )


def report_path(batch: ImportBatch) -> Path | None:
    return storage.absolute(batch.report_file) if batch.report_file else None


def clean_kind(kind: str | None) -> str:
    """ "" (each row names its kind), ``basic`` (associations) or a record kind."""
    kind = (kind or "").strip()
    if not kind or kind == Category.BASIC:
        return kind
    folded = normalize_header(kind)
    for value, label in Kind.choices:
        if folded in (
            normalize_header(value),
            normalize_header(label),
            normalize_header(str(label).removesuffix("信息")),
        ):
            return value
    raise ValidationError({"kind": _("未知的信息类型“%(kind)s”。") % {"kind": kind}})


def batch_key(*, submitter: Submitter, kind: str, sha256: str) -> str:
    return hashlib.sha256(f"{submitter.organisation_key}|{kind}|{sha256}".encode()).hexdigest()


def batch_import(
    *,
    submitter: Submitter,
    source: BinaryIO,
    file_name: str,
    channel: str = BatchChannel.COMMAND,
    kind: str = "",
    evidence: list[Attachment] | tuple[Attachment, ...] = (),
    reason: str = "",
    dry_run: bool = False,
    report_to: Path | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Receive, validate and apply one batch (R-EXC-1). See the module docstring.

    Raises ``NotAllowed`` when the submitter may not send this kind of batch at all, ``TooLarge``
    past the size limit, ``ValidationError`` for an unknown kind. Everything wrong with the file
    or its rows ends in a rejected batch with a report, not in an exception; a file refused
    because it breaks a limit that protects the server also sets ``Outcome.refused``.
    """
    kind = clean_kind(kind)
    if kind == Category.BASIC:
        submitter.check_target(BatchTarget.ASSOCIATIONS, "")
    elif kind:
        submitter.check_target(BatchTarget.RECORDS, kind)
    file_name = os.path.basename(file_name or "") or "upload"
    limit = storage.max_bytes(command=channel == BatchChannel.COMMAND)
    received = storage.receive(source, name=file_name, limit=limit, keep=not dry_run)
    key = batch_key(submitter=submitter, kind=kind, sha256=received.sha256)
    batch = None
    try:
        if not dry_run:
            existing = ImportBatch.objects.filter(batch_key=key, status=BatchStatus.APPLIED).first()
            if existing is not None:
                return Outcome.of(existing, duplicate=True)
            batch = ImportBatch.objects.create(
                target=BatchTarget.ASSOCIATIONS if kind == Category.BASIC else BatchTarget.RECORDS,
                kind=kind,
                channel=channel,
                department=submitter.department,
                authority_id=submitter.authority_id,
                submitted_by=submitter.user,
                submitted_via=submitter.via[:200],
                file_name=file_name[:255],
                size=received.size,
                sha256=received.sha256,
                batch_key=key,
                stored_file=received.relative,
                reason=reason,
                received_at=timezone.now(),
            )
        run = _Run(
            submitter=submitter,
            batch=batch,
            received=received,
            file_name=file_name,
            kind=kind,
            reason=reason,
            report_to=report_to,
            progress=progress or _NoProgress(),
        )
        return run.execute(evidence)
    finally:
        if dry_run:
            received.path.unlink(missing_ok=True)


class _Run:
    def __init__(self, *, submitter, batch, received, file_name, kind, reason, report_to, progress):
        self.submitter = submitter
        self.batch = batch
        self.received = received
        self.file_name = file_name
        self.kind = kind
        self.reason = reason
        self.progress = progress
        self.now = timezone.now()
        self.report_to = Path(report_to) if report_to is not None else None
        if batch is not None:
            self.report = storage.absolute(storage.report_relative(batch.pk))
        else:
            self.report = self.report_to or storage.scratch_file("report-")
        self.target = batch.target if batch else ""
        self.file_format = ""
        self.encoding = ""
        self.total = 0
        self.seconds: dict[str, float] = {}
        self.present = 0
        # Set when the file broke a limit that protects the server (formats.FileRefused).
        self.refused = ""
        self.message = ""

    def execute(self, attachments) -> Outcome:
        writer = ReportWriter(self.report)
        staging = storage.scratch_file("staging-")
        try:
            try:
                with staging.open("wb") as staged:
                    sources = self._sources(attachments, writer)
                    if not writer.count:
                        self._validate(sources, writer, staged)
            except BaseException:
                # A crash (or Ctrl-C) while validating: nothing was written, and the batch must
                # not stay "received, being validated" for ever.
                self._finish(
                    BatchStatus.FAILED,
                    writer,
                    message=_("校验时发生内部错误或被中断，没有写入任何数据。请稍后重新提交。"),
                )
                raise
            writer.close()
            if writer.count:
                if self.report_to is not None and self.report_to != self.report:
                    shutil.copyfile(self.report, self.report_to)
                return self._finish(BatchStatus.REJECTED, writer, message=self.message)
            if writer.warnings and self.batch is not None:
                # The batch keeps its report, which lists the warnings (the command copies it too).
                if self.report_to is not None and self.report_to != self.report:
                    shutil.copyfile(self.report, self.report_to)
            elif self.report != self.report_to:
                self.report.unlink(missing_ok=True)
            if self.batch is None:
                return self._outcome(
                    BatchStatus.RECEIVED, writer, message=_("校验通过（试运行，未写入任何数据）。")
                )
            if not attachments:
                sources = [self._store_data_file_as_evidence()]
            return self._apply(staging, sources, writer)
        finally:
            writer.close()
            staging.unlink(missing_ok=True)

    # --- evidence ---------------------------------------------------------------------------

    def _sources(self, attachments, writer: ReportWriter) -> list[rows.EvidenceSource]:
        if not attachments:
            # Placeholder for the data file itself; stored only if the batch is applied.
            return [rows.EvidenceSource(self.file_name, "", self.received.sha256, self.received.size, "")]
        sources = []
        for attachment in attachments:
            name = os.path.basename(attachment.name or "") or "evidence"
            try:
                if self.batch is None:
                    _check_evidence_type(attachment.file, name)
                    stored = evidence_files.StoredFile("", "", 0, "")
                else:
                    stored = evidence_files.store(attachment.file, name=name)
            except ValidationError as exc:
                writer.add(rows.Problem(None, _("证明材料文件"), " ".join(exc.messages)))
                continue
            sources.append(
                rows.EvidenceSource(name, stored.path, stored.sha256, stored.size, stored.content_type)
            )
        return sources

    def _store_data_file_as_evidence(self) -> rows.EvidenceSource:
        extension, content_type = DATA_FILE_TYPES[self.file_format]
        relative = f"{self.received.sha256[:2]}/{self.received.sha256}.{extension}"
        target = evidence_files.absolute_path(relative)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".import-{target.name}")
            shutil.copyfile(self.received.path, partial)
            os.replace(partial, target)
        return rows.EvidenceSource(
            self.file_name, relative, self.received.sha256, self.received.size, content_type
        )

    # --- validation -------------------------------------------------------------------------

    def _validate(self, sources, writer: ReportWriter, staged) -> None:
        start = time.perf_counter()
        try:
            self._read(sources, writer, staged)
        finally:
            self.seconds["validate"] = time.perf_counter() - start

    def _read(self, sources, writer: ReportWriter, staged) -> None:
        try:
            table = formats.open_table(self.received.path)
        except formats.FileProblem as exc:
            self._unreadable(exc, writer)
            return
        try:
            self.file_format, self.encoding = table.format, table.encoding
            self._validate_table(table, sources, writer, staged)
        except formats.FileProblem as exc:
            self._unreadable(exc, writer)
        finally:
            if table.close:
                table.close()

    def _unreadable(self, exc: formats.FileProblem, writer: ReportWriter) -> None:
        writer.add(rows.Problem(None, "", str(exc)))
        if isinstance(exc, formats.FileRefused):
            self.refused, self.message = exc.code, str(exc)

    def _validate_table(self, table: formats.Table, sources, writer: ReportWriter, staged) -> None:
        target = self._target(table.header)
        self.target = target
        try:
            self.submitter.check_target(target, self.kind)
        except NotAllowed as exc:
            writer.add(rows.Problem(None, "", str(exc)))
            return
        header = rows.read_header(target, table.header)
        problems = header.problems + rows.missing_columns(
            target, header, kind=self.kind, submitter=self.submitter
        )
        for problem in problems:
            writer.add(problem)
        if problems:
            return
        ctx = rows.RowContext(
            submitter=self.submitter,
            kind=self.kind,
            evidence=sources,
            today=timezone.localdate(),
            now=self.now,
        )
        if target == BatchTarget.ASSOCIATIONS:
            checker = AssociationRows(ctx, header, self.submitter.user.authority)
        else:
            checker = rows.RecordRows(ctx, header)
        mapping = header_map(target)
        self.progress.phase(_("校验"), None)
        pending: list = []
        problems = []
        read = 0

        def flush() -> None:
            nonlocal pending, problems, read
            staged_rows = checker.finish(pending, problems) if pending else []
            if staged_rows and not writer.count and not problems:
                pickle.dump(staged_rows, staged, protocol=pickle.HIGHEST_PROTOCOL)
            for problem in sorted(problems, key=lambda p: p.row or 0):
                writer.add(problem)
            for warning in checker.warnings:
                writer.warn(warning)
            checker.warnings.clear()
            self.progress.advance(read)
            pending, problems, read = [], [], 0

        for number, raw in table.rows:
            cells = rows.split_row(header, number, raw, mapping)
            if cells is None:
                continue
            self.total += 1
            read += 1
            item, row_problems = checker.pending(cells)
            problems.extend(row_problems)
            if item is not None:
                pending.append(item)
            if read >= rows.CHUNK:
                flush()
        flush()
        self.present = checker.present
        if self.total == 0:
            writer.add(rows.Problem(None, "", _("文件中只有表头，没有任何数据行。")))

    def _target(self, header_cells: list[str]) -> str:
        if self.kind == Category.BASIC:
            return BatchTarget.ASSOCIATIONS
        if self.kind:
            return BatchTarget.RECORDS
        association_map = header_map(BatchTarget.ASSOCIATIONS)
        keys = {association_map[n].key for n in map(normalize_header, header_cells) if n in association_map}
        if {"registration_type", "founded_on"} <= keys:
            return BatchTarget.ASSOCIATIONS
        return BatchTarget.RECORDS

    # --- applying ---------------------------------------------------------------------------

    def _chunks(self, staging: Path) -> Iterator[list[tuple]]:
        with staging.open("rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return

    def _reason(self) -> Callable[[int], str]:
        batch = self.batch
        with translation.override(settings.LANGUAGE_CODE):
            if self.submitter.is_department:
                head = _("相关部门报送：%(department)s") % {"department": self.submitter.department.name}
                if self.submitter.via:
                    head += f"（{self.submitter.via}）"
                if self.reason:
                    head += f"；{self.reason}"
            else:
                head = self.reason or _("批量导入")
            middle = _("批次 #%(batch)d，文件“%(file)s”，SHA-256 %(sha)s，第 ") % {
                "batch": batch.pk,
                "file": self.file_name,
                "sha": batch.sha256,
            }
            tail = _(" 行")
        prefix = f"{head}；{middle}"
        return lambda row: f"{prefix}{row}{tail}"

    def _apply(self, staging: Path, sources, writer: ReportWriter) -> Outcome:
        start = time.perf_counter()
        try:
            return self._write(staging, sources, writer)
        finally:
            self.seconds["apply"] = time.perf_counter() - start

    def _write(self, staging: Path, sources, writer: ReportWriter) -> Outcome:
        batch = self.batch
        from xinyong.opendata.services import note_changed

        self.progress.phase(_("导入"), self.total - self.present)

        def on_chunk(ids: list[int], count: int) -> None:
            if self.target == BatchTarget.ASSOCIATIONS:
                note_changed(associations=ids)
            else:
                note_changed(records=ids)
            self.progress.advance(count)

        try:
            cache_mb = settings.XINYONG_IMPORT_SQLITE_CACHE_MB
            with transaction.atomic(durable=True), sqlite_cache(cache_mb):
                chain_lock()
                # Recorded (and in the history) as of now, when the batch holds the chain.
                self.now = timezone.now()
                earlier = ImportBatch.objects.filter(
                    batch_key=batch.batch_key, status=BatchStatus.APPLIED
                ).first()
                if earlier is not None:
                    raise BatchChanged(
                        _("同一批次（#%(id)d）已在此期间导入，本次未写入任何数据。") % {"id": earlier.pk}
                    )
                common = {
                    "chunks": self._chunks(staging),
                    "reason": self._reason(),
                    "now": self.now,
                    "on_chunk": on_chunk,
                }
                if self.target == BatchTarget.ASSOCIATIONS:
                    created, present = apply_associations(submitter=self.submitter, **common)
                else:
                    created, present = apply_records(
                        batch=batch, submitter=self.submitter, sources=sources, **common
                    )
                self.present += present
                self._store(BatchStatus.APPLIED, writer, created=created, evidence=sources)
        except BatchChanged as exc:
            return self._finish(BatchStatus.FAILED, writer, message=str(exc))
        except BaseException:
            self._finish(
                BatchStatus.FAILED,
                writer,
                message=_("导入时发生内部错误，没有写入任何数据。请稍后重新提交。"),
            )
            raise
        return self._outcome(BatchStatus.APPLIED, writer, created=created)

    # --- results ----------------------------------------------------------------------------

    def _store(
        self, status: str, writer: ReportWriter, *, created: int = 0, message: str = "", evidence=()
    ) -> None:
        batch = self.batch
        batch.status = status
        batch.target = self.target or batch.target
        batch.file_format = self.file_format
        batch.encoding = self.encoding
        batch.rows_total = self.total
        batch.rows_created = created
        batch.rows_present = self.present if status == BatchStatus.APPLIED else 0
        batch.rows_rejected = writer.rows
        batch.error_count = writer.count
        batch.errors_preview = writer.preview
        batch.message = message or (
            warnings_message(writer.warnings) if status == BatchStatus.APPLIED else ""
        )
        batch.report_file = storage.report_relative(batch.pk) if writer.count or writer.warnings else ""
        batch.evidence_files = [
            {"name": s.name, "path": s.path, "sha256": s.sha256, "size": s.size} for s in evidence
        ]
        batch.finished_at = timezone.now()
        batch.save()

    def _finish(self, status: str, writer: ReportWriter, *, message: str = "") -> Outcome:
        if self.batch is not None:
            self._store(status, writer, message=message)
        return self._outcome(status, writer, message=message)

    def _outcome(self, status: str, writer: ReportWriter, *, created: int = 0, message: str = "") -> Outcome:
        report = self.report_to or self.report
        return Outcome(
            status=status,
            batch=self.batch,
            target=self.target,
            rows_total=self.total,
            created=created,
            present=self.present,
            rows_rejected=writer.rows,
            error_count=writer.count,
            report=report if (writer.count or writer.warnings) and report.exists() else None,
            preview=writer.preview,
            message=message,
            seconds=self.seconds,
            warning_count=writer.warnings,
            warnings_preview=writer.warnings_preview,
            refused=self.refused,
        )


def warnings_message(count: int) -> str:
    """What the clerk is told about a batch's warnings (they are listed in its report)."""
    if not count:
        return ""
    return _(
        "有 %(n)d 处文字似乎含有身份证号或手机号（公示时会以＊＊＊遮盖，但原文会保存）："
        "请查看报告逐条核对，必要时改正或标记为“个人隐私”。"
    ) % {"n": count}


def _check_evidence_type(file: BinaryIO, name: str) -> None:
    """The checks ``evidence_files.store`` makes, without storing (for a dry run)."""
    extension = Path(name).suffix.lower().lstrip(".")
    accepted = evidence_files.ACCEPTED.get(extension)
    head = file.read(16)
    if accepted is None or not accepted[1](head):
        raise ValidationError(
            _("文件“%(name)s”的类型不支持；请上传 %(types)s 文件。")
            % {"name": name, "types": evidence_files.accepted_extensions()}
        )
