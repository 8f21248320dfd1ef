"""What a batch came to (``Outcome``), and how a long run reports its progress."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.utils.translation import gettext as _

from . import storage
from .models import ImportBatch


class Progress(Protocol):
    def phase(self, name: str, total: int | None) -> None: ...

    def advance(self, count: int) -> None: ...


class NoProgress:
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


def warnings_message(count: int) -> str:
    """What the clerk is told about a batch's warnings (they are listed in its report)."""
    if not count:
        return ""
    return _(
        "有 %(n)d 处文字似乎含有身份证号或手机号（公示时会以＊＊＊遮盖，但原文会保存）："
        "请查看报告逐条核对，必要时改正或标记为“个人隐私”。"
    ) % {"n": count}
