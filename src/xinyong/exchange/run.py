"""Running one received batch (R-EXC-1): validate it whole, streaming, then apply it all or
nothing, then save what came of it. See ``services`` for the whole story."""

import pickle
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xinyong.errors import NotAllowed
from xinyong.history.services import chain_lock
from xinyong.rawinsert import sqlite_cache
from xinyong.records.choices import Category

from . import formats, storage
from .apply import BatchChanged, apply_associations, apply_records
from .associations import AssociationRows
from .choices import BatchStatus, BatchTarget
from .columns import header_map, normalize_header
from .evidence import EvidenceSource, data_file_placeholder, store_attachments, store_data_file
from .header import missing_columns, read_header, split_row
from .models import ImportBatch
from .outcome import Outcome, warnings_message
from .problems import Problem
from .record_rows import CHUNK, RecordRows, RowContext
from .report import ReportWriter


class BatchRun:
    """One batch after it is received: validate (streaming, to a staging file), then apply or
    reject, then save the batch's result. One method per phase."""

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

    def run(self, attachments) -> Outcome:
        writer = ReportWriter(self.report)
        staging = storage.scratch_file("staging-")
        try:
            try:
                with staging.open("wb") as staged:
                    sources = self._collect_evidence(attachments, writer)
                    if not writer.count:
                        self._validate(sources, writer, staged)
            except BaseException:
                # A crash (or Ctrl-C) while validating: nothing was written, and the batch must
                # not stay "received, being validated" for ever.
                self._conclude(
                    BatchStatus.FAILED,
                    writer,
                    message=_("校验时发生内部错误或被中断，没有写入任何数据。请稍后重新提交。"),
                )
                raise
            writer.close()
            if writer.count:
                if self.report_to is not None and self.report_to != self.report:
                    shutil.copyfile(self.report, self.report_to)
                return self._conclude(BatchStatus.REJECTED, writer, message=self.message)
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
                sources = [store_data_file(self.received, self.file_name, self.file_format)]
            return self._apply(staging, sources, writer)
        finally:
            writer.close()
            staging.unlink(missing_ok=True)

    # --- evidence ---------------------------------------------------------------------------

    def _collect_evidence(self, attachments, writer: ReportWriter) -> list[EvidenceSource]:
        if not attachments:
            # Placeholder for the data file itself; stored only if the batch is applied.
            return [data_file_placeholder(self.received, self.file_name)]
        return store_attachments(attachments, dry_run=self.batch is None, report=writer.add)

    # --- validation -------------------------------------------------------------------------

    def _validate(self, sources, writer: ReportWriter, staged) -> None:
        start = time.perf_counter()
        try:
            self._check_file(sources, writer, staged)
        finally:
            self.seconds["validate"] = time.perf_counter() - start

    def _check_file(self, sources, writer: ReportWriter, staged) -> None:
        try:
            table = formats.open_table(self.received.path)
        except formats.FileProblem as exc:
            self._report_unreadable(exc, writer)
            return
        try:
            self.file_format, self.encoding = table.format, table.encoding
            self._check_rows(table, sources, writer, staged)
        except formats.FileProblem as exc:
            self._report_unreadable(exc, writer)
        finally:
            if table.close:
                table.close()

    def _report_unreadable(self, exc: formats.FileProblem, writer: ReportWriter) -> None:
        writer.add(Problem(None, "", str(exc)))
        if isinstance(exc, formats.FileRefused):
            self.refused, self.message = exc.code, str(exc)

    def _check_rows(self, table: formats.Table, sources, writer: ReportWriter, staged) -> None:
        target = self._target_of(table.header)
        self.target = target
        try:
            self.submitter.check_target(target, self.kind)
        except NotAllowed as exc:
            writer.add(Problem(None, "", str(exc)))
            return
        header = read_header(target, table.header)
        problems = header.problems + missing_columns(target, header, kind=self.kind, submitter=self.submitter)
        for problem in problems:
            writer.add(problem)
        if problems:
            return
        ctx = RowContext(
            submitter=self.submitter,
            kind=self.kind,
            evidence=sources,
            today=timezone.localdate(),
            now=self.now,
        )
        if target == BatchTarget.ASSOCIATIONS:
            checker = AssociationRows(ctx, header, self.submitter.user.authority)
        else:
            checker = RecordRows(ctx, header)
        mapping = header_map(target)
        self.progress.phase(_("校验"), None)
        pending: list = []
        problems = []
        read = 0

        def flush() -> None:
            nonlocal pending, problems, read
            staged_rows = checker.stage(pending, problems) if pending else []
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
            cells = split_row(header, number, raw, mapping)
            if cells is None:
                continue
            self.total += 1
            read += 1
            item, row_problems = checker.read(cells)
            problems.extend(row_problems)
            if item is not None:
                pending.append(item)
            if read >= CHUNK:
                flush()
        flush()
        self.present = checker.present
        if self.total == 0:
            writer.add(Problem(None, "", _("文件中只有表头，没有任何数据行。")))

    def _target_of(self, header_cells: list[str]) -> str:
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

    def _staged_chunks(self, staging: Path) -> Iterator[list]:
        with staging.open("rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return

    def _reason_for_row(self) -> Callable[[int], str]:
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
            return self._insert(staging, sources, writer)
        finally:
            self.seconds["apply"] = time.perf_counter() - start

    def _insert(self, staging: Path, sources, writer: ReportWriter) -> Outcome:
        batch = self.batch
        self.progress.phase(_("导入"), self.total - self.present)
        # The change feed (opendata) follows through history's ``entries_appended`` signal.
        on_chunk = self.progress.advance

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
                    "chunks": self._staged_chunks(staging),
                    "reason": self._reason_for_row(),
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
                self._save_batch(BatchStatus.APPLIED, writer, created=created, evidence=sources)
        except BatchChanged as exc:
            return self._conclude(BatchStatus.FAILED, writer, message=str(exc))
        except BaseException:
            self._conclude(
                BatchStatus.FAILED,
                writer,
                message=_("导入时发生内部错误，没有写入任何数据。请稍后重新提交。"),
            )
            raise
        return self._outcome(BatchStatus.APPLIED, writer, created=created)

    # --- results ----------------------------------------------------------------------------

    def _save_batch(
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

    def _conclude(self, status: str, writer: ReportWriter, *, message: str = "") -> Outcome:
        if self.batch is not None:
            self._save_batch(status, writer, message=message)
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
