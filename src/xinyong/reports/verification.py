"""Checking a report: is the number with this code on the register, and is a file the one issued?

A file is the issued one when its SHA-256 equals the register's. When it is not, the number the
PDF carries in its metadata (subject and keywords, see pdf.py) says which report it claims to be,
so the page can tell "altered" from "a different report" and "not a report of this system".
"""

import hashlib
import io
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pypdf import PdfReader

from .codes import NUMBER_RE, codes_match, sha256_hex
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
