"""Private storage of evidence files (R-EVD-1, R-EVD-2).

Files are stored content-addressed under ``EVIDENCE_ROOT`` (``ab/abcdef….pdf``): the same file
uploaded twice is stored once, a file is never overwritten, and a file left behind by a rolled-back
transaction is harmless. The type is decided by the file's content, not by its name.
"""

import hashlib
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# extension -> (content type, magic-number test)
ACCEPTED = {
    "pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    "png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    # OFD (GB/T 33190), the format of Chinese official electronic documents: a zip with OFD.xml.
    "ofd": ("application/ofd", lambda head: head.startswith(b"PK\x03\x04")),
}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class StoredFile:
    path: str
    sha256: str
    size: int
    content_type: str


def accepted_extensions() -> str:
    return pgettext("list separator", "、").join(sorted({ext.upper() for ext in ACCEPTED if ext != "jpeg"}))


def store(upload: BinaryIO, *, name: str) -> StoredFile:
    """Check and store one uploaded file; raise ValidationError with a clear message if refused."""
    ext = Path(name).suffix.lower().lstrip(".")
    if ext not in ACCEPTED:
        raise ValidationError(
            _("文件“%(name)s”的类型不支持；请上传 %(types)s 文件。")
            % {"name": name, "types": accepted_extensions()},
            code="evidence_type",
        )
    content_type, looks_right = ACCEPTED[ext]
    limit = settings.EVIDENCE_MAX_BYTES
    root = Path(settings.EVIDENCE_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    head = b""
    with tempfile.NamedTemporaryFile(dir=root, delete=False, prefix=".upload-") as tmp:
        try:
            for chunk in iter(lambda: upload.read(_CHUNK), b""):
                if len(head) < 16:
                    head += chunk[: 16 - len(head)]
                size += len(chunk)
                if size > limit:
                    raise ValidationError(
                        _("文件“%(name)s”超过大小上限 %(limit)s MB。")
                        % {"name": name, "limit": limit // (1024 * 1024)},
                        code="evidence_size",
                    )
                digest.update(chunk)
                tmp.write(chunk)
            if size == 0:
                raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": name}, code="evidence_empty")
            if not looks_right(head) or (ext == "ofd" and not _is_ofd(tmp.name)):
                raise ValidationError(
                    _("文件“%(name)s”的内容不是有效的 %(type)s 文件（文件可能已损坏或扩展名有误）。")
                    % {"name": name, "type": ext.upper()},
                    code="evidence_content",
                )
        except BaseException:
            tmp.close()
            os.unlink(tmp.name)
            raise
    sha = digest.hexdigest()
    relative = f"{sha[:2]}/{sha}.{'jpg' if ext == 'jpeg' else ext}"
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        os.unlink(tmp.name)
    else:
        os.replace(tmp.name, target)
    return StoredFile(path=relative, sha256=sha, size=size, content_type=content_type)


def store_bytes(content: bytes, *, name: str) -> StoredFile:
    return store(io.BytesIO(content), name=name)


def absolute_path(relative: str) -> Path:
    return Path(settings.EVIDENCE_ROOT) / relative


def file_matches(relative: str, sha256: str) -> bool:
    """True if the stored file exists and still has the checksum recorded for it (R-EVD-2)."""
    path = absolute_path(relative)
    if not path.is_file():
        return False
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def _is_ofd(path: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.upper().endswith("OFD.XML") for n in archive.namelist())
    except zipfile.BadZipFile:
        return False


def private_download(relative: str, *, filename: str, content_type: str, missing: str) -> FileResponse:
    """A stored file as a download that no cache keeps; the caller has checked permission.
    ``missing`` is the message of the 404 when the file is gone."""
    path = absolute_path(relative)
    if not path.is_file():
        raise Http404(missing)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
