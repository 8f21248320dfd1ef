"""Serving the open-data export as the publication rules allow at the moment of serving (R-QRY-3).

An export is a snapshot; content can be withdrawn (revoked, marked confidential, corrected,
expired) a minute after it is written. Every download therefore looks at the change feed after
the export's ``feed_cursor``: if nothing changed, the file is served as written and matches the
manifest's checksum; otherwise it is **patched while it streams** — every row of an object that
changed since the export is left out, and the objects' current public forms (``feed.
current_forms``, the publication selector) are appended at the end, so the download holds exactly
what is published now. The served manifest says how many objects were patched, and that the
checksums are those of the export as written. A fresh ``xinyong export_open_data`` (daily) makes
patching unnecessary again.

Rows are found without parsing JSON: in a records line the top-level ``"id": N, "kind":`` (keys are
sorted, and a quote inside a string value is always escaped), in an associations line its
``"uscc":"…"``; CSV is read with the csv module, so quoted line breaks stay inside their row.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from .export import ASSOCIATION_COLUMNS, RECORD_COLUMNS, Export, csv_cells, encode_line
from .feed import ASSOCIATION, RECORD, current_forms
from .models import PublicationChange
from .services import ensure_synced

CHUNK_BYTES = 256 * 1024
_RECORD_KEY = re.compile(rb'"id": ?(\d+), ?"kind":')
_USCC_KEY = re.compile(rb'"uscc": ?"([0-9A-Z]{18})"')


@dataclass(frozen=True)
class SinceExport:
    """What changed in the feed after an export was written."""

    records: frozenset[int]
    associations: frozenset[int]
    usccs: frozenset[str]  # every code the changed associations were published under

    def __len__(self) -> int:
        return len(self.records) + len(self.associations)


def since_export(export: Export) -> SinceExport:
    """The objects with feed events after the export (today's expiries included)."""
    ensure_synced()
    events = PublicationChange.objects.filter(id__gt=export.manifest.get("feed_cursor") or 0)
    records = frozenset(events.filter(subject=RECORD).values_list("object_id", flat=True).iterator())
    associations = frozenset(events.filter(subject=ASSOCIATION).values_list("object_id", flat=True))
    usccs: frozenset[str] = frozenset()
    if associations:
        usccs = frozenset(
            PublicationChange.objects.filter(subject=ASSOCIATION, object_id__in=associations).values_list(
                "association_uscc", flat=True
            )
        )
    return SinceExport(records, associations, usccs)


def served_manifest(export: Export, changes: SinceExport) -> dict[str, Any]:
    """The manifest as served now: the export's, and what downloads patch."""
    manifest = dict(export.manifest)
    manifest["served_at"] = timezone.localtime().isoformat()
    manifest["changed_since_export"] = {
        "associations": len(changes.associations),
        "records": len(changes.records),
        "note": (
            "下载时已按当前公示规则更新：自导出以来变更或撤下的内容已移除，其当前公示内容附在文件末尾；"
            "因此下载的文件与 files 中的校验值不同（校验值是导出时的文件）。"
            if changes
            else "自导出以来没有变更，下载的文件与 files 中的校验值一致。"
        ),
    }
    return manifest


def patched(export: Export, name: str, changes: SinceExport, *, on: date | None = None) -> Iterator[bytes]:
    """The file ``name`` of ``export`` without the rows of the objects in ``changes``, followed
    by those objects' public forms on ``on`` (those still public)."""
    on = on or timezone.localdate()
    stem, suffix = name.rsplit(".", 1)
    if stem == "records":
        keys, columns = changes.records, RECORD_COLUMNS
        forms = current_forms(((RECORD, i) for i in changes.records), on=on)
    else:
        keys, columns = changes.usccs, ASSOCIATION_COLUMNS
        forms = current_forms(((ASSOCIATION, i) for i in changes.associations), on=on)
    fresh = [forms[k] for k in sorted(forms)]
    path = export.directory / name
    if suffix == "jsonl":
        return _jsonl(path, _RECORD_KEY if stem == "records" else _USCC_KEY, stem == "records", keys, fresh)
    if stem == "records":
        return _csv(path, columns, columns.index("id"), int, keys, fresh)
    return _csv(path, columns, columns.index("uscc"), str, keys, fresh)


def _jsonl(path, pattern: re.Pattern, numeric: bool, keys, fresh: list[dict]) -> Iterator[bytes]:
    out: list[bytes] = []
    size = 0
    with open(path, "rb") as f:
        for line in f:
            match = pattern.search(line)
            if match is None:
                continue  # fail closed: a line whose key cannot be read is never served unchecked
            key = int(match.group(1)) if numeric else match.group(1).decode()
            if key in keys:
                continue
            out.append(line)
            size += len(line)
            if size >= CHUNK_BYTES:
                yield b"".join(out)
                out, size = [], 0
    out += [(encode_line(data) + "\n").encode() for data in fresh]
    if out:
        yield b"".join(out)


def _csv(
    path, columns: tuple[str, ...], key_column: int, key_type, keys, fresh: list[dict]
) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()  # the BOM Excel needs, as in the file
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        writer.writerow(next(reader))
        for row in reader:
            if key_type(row[key_column]) in keys:
                continue
            writer.writerow(row)
            if buffer.tell() >= CHUNK_BYTES:
                yield _drain(buffer)
    writer.writerows(csv_cells(data, columns) for data in fresh)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    return data
