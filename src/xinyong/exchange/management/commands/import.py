"""`xinyong import FILE`: load a batch of credit records or associations' basic information
(R-EXC-1, R-INF-1) from CSV (UTF-8 or GB18030), XLSX or JSON / JSON Lines.

    xinyong import records.csv --authority-user clerk            # as a registration authority's clerk
    xinyong import evaluations.xlsx --department 北京市财政局     # a partner department's delivery
    xinyong import associations.csv --kind basic --authority-user clerk
    xinyong import records.csv --authority-user clerk --dry-run --report problems.csv

Exit code 0 when the batch was applied (or, with --dry-run, is valid), 1 when it was rejected or
failed; the per-row report's path is printed then. A progress bar goes to standard error.
"""

import os
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from xinyong.accounts.models import User
from xinyong.errors import DomainError
from xinyong.exchange.choices import BatchChannel, BatchStatus
from xinyong.exchange.services import Attachment, batch_import
from xinyong.exchange.submitter import Submitter
from xinyong.registry.models import Department
from xinyong.untrusted import bad_character, bad_character_message


def _file_name(path: Path) -> str:
    """The name as kept with the batch: a name that is not UTF-8 on disk keeps U+FFFD for each
    byte that cannot be read (not the lone surrogates Python decodes it to)."""
    return os.fsencode(path.name).decode("utf-8", "replace")


class TqdmProgress:
    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def phase(self, name: str, total: int | None) -> None:
        self.close()
        if self.enabled:
            self.bar = tqdm(
                total=total, desc=name, unit="行", file=sys.stderr, dynamic_ncols=True, mininterval=0.5
            )

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = "Import a batch of credit records or associations (CSV, XLSX, JSON) all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--kind",
            default="",
            help="the kind of every row (purchased_service, 承接政府购买服务信息 …); basic: associations",
        )
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--authority-user", metavar="USERNAME", help="a registration authority's clerk")
        who.add_argument("--department", metavar="NAME", help="a partner department (相关部门) delivering")
        parser.add_argument(
            "--evidence",
            action="append",
            type=Path,
            default=[],
            metavar="FILE",
            help="an evidence document for the rows (PDF, OFD, PNG, JPG); repeatable",
        )
        parser.add_argument("--reason", default="", help="the reason kept in the history (default: 批量导入)")
        parser.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
        parser.add_argument("--report", type=Path, help="also write the per-row report here")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        for option in ("kind", "authority_user", "department", "reason"):
            # Arguments that are not UTF-8 arrive with lone surrogates (Python's surrogateescape),
            # which no database can store.
            if options[option] and (kind := bad_character(options[option])):
                raise CommandError(bad_character_message(kind, f"--{option.replace('_', '-')} "))
        submitter = self._submitter(options)
        progress = TqdmProgress(enabled=not options["no_progress"])
        handles = []
        try:
            attachments = []
            for evidence in options["evidence"]:
                if not evidence.is_file():
                    raise CommandError(f"no such evidence file: {evidence}")
                handle = evidence.open("rb")
                handles.append(handle)
                attachments.append(Attachment(_file_name(evidence), handle))
            with path.open("rb") as source:
                outcome = batch_import(
                    submitter=submitter,
                    source=source,
                    file_name=_file_name(path),
                    channel=BatchChannel.COMMAND,
                    kind=options["kind"],
                    evidence=attachments,
                    reason=options["reason"],
                    dry_run=options["dry_run"],
                    report_to=options["report"],
                    progress=progress,
                )
        except (DomainError, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        finally:
            progress.close()
            for handle in handles:
                handle.close()
        if outcome.refused:
            # A file beyond the limits (zip bomb, too many cells, JSON too deep): one line, exit 1.
            raise CommandError(outcome.message)
        self._print(outcome, dry_run=options["dry_run"])

    def _submitter(self, options) -> Submitter:
        if options["authority_user"]:
            user = User.objects.select_related("authority").filter(username=options["authority_user"]).first()
            if user is None:
                raise CommandError(f"no such user: {options['authority_user']}")
            try:
                return Submitter.staff(user)
            except DomainError as exc:
                raise CommandError(str(exc)) from exc
        department = Department.objects.filter(name=options["department"]).first()
        if department is None:
            raise CommandError(f"no such department: {options['department']}")
        return Submitter.for_department(department, via="xinyong import")

    def _print(self, outcome, *, dry_run: bool) -> None:
        batch = outcome.batch
        label = f"batch #{batch.pk}" if batch else "dry run"
        counts = (
            f"{outcome.rows_total} rows, {outcome.created} created, {outcome.present} already present, "
            f"{outcome.error_count} problem(s) in {outcome.rows_rejected} row(s)"
        )
        if outcome.duplicate:
            self.stdout.write(
                f"{label}: this file was imported before (status {batch.status}); nothing new: {counts}"
            )
            return
        timing = ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in outcome.seconds.items())
        if timing:
            counts += f" ({timing})"
        if outcome.status == BatchStatus.APPLIED or (dry_run and not outcome.error_count):
            self.stdout.write(self.style.SUCCESS(f"{label}: {outcome.status}: {counts}"))
            if outcome.warning_count:
                self.stdout.write(self.style.WARNING(outcome.warnings_text))
                if outcome.report:
                    self.stdout.write(f"report: {outcome.report}")
            return
        self.stderr.write(self.style.ERROR(f"{label}: {outcome.status}: {counts}"))
        if outcome.message:
            self.stderr.write(outcome.message)
        for item in outcome.preview[:10]:
            row = item["row"] if item["row"] is not None else "-"
            self.stderr.write(f"  row {row} {item['column']}: {item['message']}")
        if outcome.report:
            self.stderr.write(f"report: {outcome.report}")
        sys.exit(1)
