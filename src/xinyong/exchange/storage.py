"""Private storage of delivered files and their reports (never served directly).

Delivered files are kept content-addressed under the import root (``files/ab/abcdef….csv``), so a
re-sent file is stored once and the batch's SHA-256 names it; reports are ``reports/batch-N.csv``.
The root is ``XINYONG_IMPORT_ROOT``, by default ``imports/`` beside the evidence root.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from xinyong.errors import DomainError

_CHUNK = 1024 * 1024


class TooLarge(DomainError):
    status_code = 413


def max_bytes(*, command: bool = False) -> int:
    """The size limit (settings: ``XINYONG_IMPORT_MAX_BYTES`` for uploads through the back office
    and the API, ``XINYONG_IMPORT_COMMAND_MAX_BYTES`` for ``xinyong import``)."""
    if command:
        return int(settings.XINYONG_IMPORT_COMMAND_MAX_BYTES)
    return int(settings.XINYONG_IMPORT_MAX_BYTES)


def too_large_message(limit: int | None = None) -> str:
    limit = limit or max_bytes()
    return _("文件超过大小上限 %(mb)d MB：请拆分为几个批次，或使用 xinyong import 命令导入。") % {
        "mb": limit // (1024 * 1024)
    }


def root() -> Path:
    path = Path(settings.XINYONG_IMPORT_ROOT)
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Received:
    path: Path  # absolute
    relative: str
    sha256: str
    size: int


def receive(stream: BinaryIO, *, name: str, limit: int, keep: bool = True) -> Received:
    """Copy an uploaded stream to private storage, hashing it; refuse it past ``limit`` bytes.

    With ``keep=False`` (a dry run) the copy is a temporary file the caller deletes."""
    base = root()
    (base / "tmp").mkdir(exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(dir=base / "tmp", delete=False, prefix="upload-") as tmp:
        try:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(too_large_message(limit))
                digest.update(chunk)
                tmp.write(chunk)
        except BaseException:
            tmp.close()
            os.unlink(tmp.name)
            raise
    sha = digest.hexdigest()
    if not keep:
        return Received(Path(tmp.name), "", sha, size)
    suffix = "".join(c for c in Path(name).suffix.lower()[:8] if c.isalnum() or c == ".") or ".bin"
    relative = f"files/{sha[:2]}/{sha}{suffix}"
    target = base / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        os.unlink(tmp.name)
    else:
        os.replace(tmp.name, target)
    return Received(target, relative, sha, size)


def absolute(relative: str) -> Path:
    return root() / relative


def report_relative(batch_id: int) -> str:
    (root() / "reports").mkdir(exist_ok=True)
    return f"reports/batch-{batch_id}.csv"


def scratch_file(prefix: str) -> Path:
    (root() / "tmp").mkdir(exist_ok=True)
    fd, name = tempfile.mkstemp(dir=root() / "tmp", prefix=prefix)
    os.close(fd)
    return Path(name)
