"""The open-data export (R-QRY-3): everything currently published, as JSON Lines and CSV, with a
manifest that lets anyone check the files and detect a rewritten history.

Layout under ``settings.XINYONG_OPENDATA_ROOT``: one directory per export, named by its time
(``20261125T201500Z``), written under a temporary name and renamed when complete, and a file
``LATEST`` naming the newest one (replaced atomically). The last ``KEEP`` exports are kept.

Consistency: the manifest's ``feed_cursor`` and ``history_head`` are read before any data. On
PostgreSQL the whole export reads one REPEATABLE READ snapshot. On SQLite each query sees the
latest committed data, so a change committed during the export may or may not be in the files;
either way it is in the change feed after ``feed_cursor``, and replaying the feed from there
(idempotent: each event carries the full public form) brings a mirror to the current state.
"""

import csv
import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from xinyong.disclosure.selectors import public_basic_rows, public_record_rows
from xinyong.history.selectors import chain_head
from xinyong.records.kinds import DATA_COLUMNS, KINDS
from xinyong.records.publication import published_records
from xinyong.registry.models import BASIC_FIELDS, Association
from xinyong.spreadsheet import FORMULA_START, safe_cell

from .models import PublicationChange
from .services import ensure_synced

FORMAT = "xinyong-open-data/1"
KEEP = 3
LATEST = "LATEST"
FILES = ("associations.jsonl", "associations.csv", "records.jsonl", "records.csv")
ASSOCIATION_COLUMNS = tuple(f for f in BASIC_FIELDS if f != "confidential_fields")
RECORD_COLUMNS = ("id", "association", "category", "kind", "published_until", *DATA_COLUMNS, "recorded_by")
CHUNK = 5000  # rows per database round trip and per write
# One encoder for every line: json.dumps would build a new one per call for these options.
# (check_circular=False: the public form is plain data, built fresh for each row.)
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, check_circular=False).encode


@dataclass(frozen=True)
class Export:
    directory: Path
    manifest: dict[str, Any]


def root() -> Path:
    return Path(settings.XINYONG_OPENDATA_ROOT)


def latest() -> Export | None:
    """The newest complete export, or None."""
    try:
        name = (root() / LATEST).read_text().strip()
        directory = root() / name
        manifest = json.loads((directory / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    return Export(directory, manifest)


def export_open_data(*, progress=None) -> Export:
    """Write a new export and make it the latest; returns it."""
    ensure_synced()
    now = timezone.now()
    name = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    work = base / f".tmp-{name}-{os.getpid()}"
    work.mkdir()
    try:
        with _snapshot(), translation.override(settings.LANGUAGE_CODE):
            head = chain_head()
            cursor = PublicationChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
            today = timezone.localdate(now)
            counts = {
                "associations": _write(work, "associations", _associations(), ASSOCIATION_COLUMNS, progress),
                "records": _write(work, "records", _records(today), RECORD_COLUMNS, progress),
            }
        manifest = {
            "format": FORMAT,
            "as_of": timezone.localtime(now).isoformat(),  # Beijing time, with its offset
            "published_on": today.isoformat(),
            "counts": counts,
            "files": [_describe(work / f) for f in FILES],
            "history_head": {"id": head[0], "hash": head[1]} if head else None,
            "feed_cursor": cursor,
            "columns": _column_labels(),
            "notice": (
                "依据《中关村国检电子商务数据产业协会信用信息管理办法》公示的协会信用信息。"
                "涉及国家秘密、商业秘密、个人隐私的内容不在其中。"
            ),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        target = base / name
        if target.exists():  # two exports in the same second: the later one wins
            shutil.rmtree(target)
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _point_latest_to(name)
    _prune()
    return Export(base / name, manifest)


class _snapshot:
    """One consistent read on PostgreSQL (REPEATABLE READ); plain reads elsewhere (see above)."""

    def __enter__(self):
        self.atomic = None
        # Inside a caller's transaction (a test, say) its snapshot rules apply instead.
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return self

    def __exit__(self, *exc):
        if self.atomic is not None:
            return self.atomic.__exit__(*exc)
        return False


def _associations() -> Iterator[dict[str, Any]]:
    return public_basic_rows(Association.objects.order_by("uscc"), chunk_size=CHUNK)


def _records(today) -> Iterator[dict[str, Any]]:
    return public_record_rows(published_records(on=today).order_by("id"), chunk_size=CHUNK)


def _write(work: Path, stem: str, rows: Iterator[dict], columns: tuple[str, ...], progress) -> int:
    n = 0
    with (
        open(work / f"{stem}.jsonl", "w", encoding="utf-8", newline="\n") as jsonl,
        open(work / f"{stem}.csv", "w", encoding="utf-8-sig", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow(columns)
        lines: list[str] = []
        cells: list[list[Any]] = []
        for data in rows:
            lines.append(_encode(data))
            cells.append(csv_cells(data, columns))
            n += 1
            if len(lines) == CHUNK:
                _flush(jsonl, writer, lines, cells)
            if progress and n % 10_000 == 0:
                progress(stem, n)
        _flush(jsonl, writer, lines, cells)
    return n


def _flush(jsonl, writer, lines: list[str], cells: list[list[Any]]) -> None:
    if lines:
        jsonl.write("\n".join(lines) + "\n")
        writer.writerows(cells)
        lines.clear()
        cells.clear()


def encode_line(data: dict[str, Any]) -> str:
    """One JSON Lines line (without its newline) of a public form."""
    return _encode(data)


def csv_cells(data: dict[str, Any], columns: tuple[str, ...]) -> list[Any]:
    """One CSV row of a public form: a record's fields are columns of their own; text that would
    start a spreadsheet formula is quoted (``spreadsheet.safe_cell``, tested inline: most cells
    need nothing)."""
    flat = data | data["fields"] if "fields" in data else data
    return [
        v if ((t := type(v)) is str and v[:1] not in FORMULA_START) or t in _AS_IS else _cell(v)
        for v in map(flat.get, columns)
    ]


# What csv writes as _cell would (None: ""); text too, unless it could start a formula.
_AS_IS = frozenset((int, float, type(None)))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    if isinstance(value, list | dict):
        return _encode(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _describe(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    lines = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
            lines += chunk.count(b"\n")
    return {"name": path.name, "bytes": path.stat().st_size, "sha256": digest.hexdigest(), "lines": lines}


def _column_labels() -> dict[str, dict[str, str]]:
    """The Chinese name of every column, for people reading the CSV files."""
    association = {f: str(Association._meta.get_field(f).verbose_name) for f in ASSOCIATION_COLUMNS}
    labels: dict[str, str] = {}
    for spec in KINDS.values():
        for field in spec.fields:
            labels.setdefault(field.column, str(field.label))
    record = {
        "id": "记录编号",
        "association": "统一社会信用代码",
        "category": "信息类别",
        "kind": "信息类型",
        "published_until": "公示截止",
        **{c: labels.get(c, c) for c in DATA_COLUMNS},
        "recorded_by": "记录机关",
    }
    return {"associations": association, "records": record}


def _point_latest_to(name: str) -> None:
    pointer = root() / f".{LATEST}.{os.getpid()}"
    pointer.write_text(name + "\n")
    os.replace(pointer, root() / LATEST)


def _prune() -> None:
    exports = sorted(p for p in root().iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in exports[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)


def read_file(export: Export, name: str) -> io.BufferedReader:
    if name not in (*FILES, "manifest.json"):
        raise FileNotFoundError(name)
    return open(export.directory / name, "rb")
