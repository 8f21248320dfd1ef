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

Rows that already exist with the same content (natural keys, ``natural_keys.IDENTITY``) are counted as
"already present" and skipped, so a corrected re-delivery that repeats earlier rows does not
duplicate them.

**Evidence (R-EVD-1)**: see ``evidence.py``. Every imported record gets one ``Evidence`` row
pointing at the batch's evidence file.

Where things are: ``run.BatchRun`` (the phases), ``header``/``record_rows``/``associations``
(reading and checking rows), ``natural_keys``, ``evidence``, ``apply`` (writing), ``outcome``.
"""

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.records.choices import Category, Kind

from . import storage
from .choices import BatchChannel, BatchStatus, BatchTarget
from .columns import normalize_header
from .evidence import Attachment
from .models import ImportBatch
from .outcome import NoProgress, Outcome, Progress, report_path, warnings_message
from .run import BatchRun
from .submitter import Submitter

__all__ = [
    "Attachment",
    "Outcome",
    "Progress",
    "batch_import",
    "batch_key",
    "clean_kind",
    "report_path",
    "warnings_message",
]


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
        run = BatchRun(
            submitter=submitter,
            batch=batch,
            received=received,
            file_name=file_name,
            kind=kind,
            reason=reason,
            report_to=report_to,
            progress=progress or NoProgress(),
        )
        return run.run(evidence)
    finally:
        if dry_run:
            received.path.unlink(missing_ok=True)
