"""Checking a report: is the number with this code on the register, and is a file the one issued?

A file is the issued one when its SHA-256 equals the register's. When it is not, the number the
PDF carries in its metadata (subject and keywords, see pdf.py) says which report it claims to be,
so the page can tell "altered" from "a different report" and "not a report of this system".

Authenticity is always confirmed; the report's *content* is shown only while the publication
rules would still print every item of it as stated (``content_currency``): a report issued last
year is no licence to show today what has since been corrected, revoked, marked confidential or
has left publication (R-RET-5). The full version is never shown: it holds what is not public.
"""

import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from .choices import ReportVersion
from .codes import NUMBER_RE, codes_match, sha256_hex
from .content import build_content
from .models import IssuedReport
from .pdf import KEYWORD_PREFIX

CHUNK = 64 * 1024
RAW_KEYWORD_RE = re.compile(rb"\(" + KEYWORD_PREFIX.encode() + rb"(XY\d{8}-\d{6})")


class FileVerdict(StrEnum):
    UNALTERED = "unaltered"  # byte for byte the file that was issued
    ALTERED = "altered"  # claims to be this report, but its bytes differ
    OTHER_REPORT = "other_report"  # carries another report's number
    UNKNOWN = "unknown"  # no report number can be read: not a report of this system (or mangled)


@dataclass(frozen=True)
class FileCheck:
    verdict: FileVerdict
    sha256: str
    claimed_number: str | None


def genuine_report(number: str, code: str) -> IssuedReport | None:
    """The register's row when ``number`` was issued with ``code``; None otherwise (the caller
    must not reveal which of the two was wrong)."""
    report = (
        IssuedReport.objects.select_related("association", "association__authority")
        .filter(number=number.strip().upper())
        .first()
    )
    if report is None or not codes_match(report.verification_code, code):
        return None
    return report


def register_intact(report: IssuedReport) -> bool:
    """The stored content still hashes to the stored hash (the rows cannot be updated, but a
    database administrator could disable the triggers)."""
    return sha256_hex(report.content) == report.content_sha256


def stored_content(report: IssuedReport) -> dict[str, Any]:
    return json.loads(report.content)


@dataclass(frozen=True)
class Currency:
    """Whether a report's content may be shown now, and if not, why."""

    shown: bool
    full_version: bool = False
    outdated: int = 0  # items no longer published as the report states them


def content_currency(report: IssuedReport, content: dict[str, Any], *, on: date | None = None) -> Currency:
    """Compare each item a public report states (basic-information rows, branches, credit
    records) with what the public version would state on ``on``; count those no longer there."""
    if report.version != ReportVersion.PUBLIC:
        return Currency(shown=False, full_version=True)
    now = build_content(report.association, version=ReportVersion.PUBLIC, as_of=on or timezone.localdate())
    outdated = _missing(_items(content), _items(now))
    return Currency(shown=outdated == 0, outdated=outdated)


def _items(content: dict[str, Any]) -> Counter[str]:
    """Each item of a report as comparable text; objection notes are left out (they say what is
    being verified, not what is published)."""
    items: Counter[str] = Counter()
    basic = content.get("basic") or {}
    for row in basic.get("rows", []):
        items[_key("basic", row["label"], row["value"])] += 1
    branches = basic.get("branches") or {}
    for row in branches.get("rows", []):
        items[_key("branch", row)] += 1
    for section in content.get("sections", []):
        for item in section.get("items", []):
            items[_key(section["key"], {k: v for k, v in item.items() if k != "notes"})] += 1
    return items


def _key(*parts: Any) -> str:
    return json.dumps(parts, ensure_ascii=False, sort_keys=True)


def _missing(stated: Counter[str], current: Counter[str]) -> int:
    return sum((stated - current).values())


def check_file(report: IssuedReport, upload) -> FileCheck:
    """Compare an uploaded file with the issued report (``upload``: a Django UploadedFile)."""
    digest = hashlib.sha256()
    data = io.BytesIO()
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
        data.write(chunk)
    sha = digest.hexdigest()
    if sha == report.pdf_sha256:
        return FileCheck(FileVerdict.UNALTERED, sha, report.number)
    claimed = claimed_number(data.getvalue())
    if claimed == report.number:
        verdict = FileVerdict.ALTERED
    elif claimed:
        verdict = FileVerdict.OTHER_REPORT
    else:
        verdict = FileVerdict.UNKNOWN
    return FileCheck(verdict, sha, claimed)


def claimed_number(data: bytes) -> str | None:
    """The report number a PDF's metadata names, if it can be read at all.

    pypdf reads the document information; a file cut short has no trailer to find it from, so
    the keyword fpdf2 writes as plain ASCII (see pdf.KEYWORD_PREFIX) is also looked for in the
    raw bytes."""
    text = ""
    try:
        metadata = PdfReader(io.BytesIO(data), strict=False).metadata or {}
        text = " ".join(str(metadata.get(k) or "") for k in ("/Keywords", "/Subject", "/Title"))
    except Exception:
        pass
    match = NUMBER_RE.search(text)
    if match:
        return match.group(0)
    raw = RAW_KEYWORD_RE.search(data)
    return raw.group(1).decode() if raw else None
