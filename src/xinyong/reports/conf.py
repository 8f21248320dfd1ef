"""The reports app's settings, each with its default here (settings.py may override any of them).

- ``XINYONG_REPORT_FONT``: the CJK font the PDF is set in (an OpenType collection or a single
  font); default Debian's ``fonts-noto-cjk``, else whatever ``fc-match`` finds for Simplified
  Chinese. ``XINYONG_REPORT_FONT_BOLD``: its bold face (default: the same path with Bold for
  Regular, or the regular face). ``XINYONG_REPORT_FONT_INDEX``: the face in a collection
  (2 = Noto Sans CJK SC).
- ``XINYONG_REPORT_KEY``: the HMAC key of verification codes (default SECRET_KEY). Changing it
  does not invalidate issued codes (the register keeps them), it only changes new ones.
- ``XINYONG_REPORT_RATE_LIMITS``: per client address, anonymous ``issue`` and everyone's
  ``verify``, as (hits, seconds).
- ``XINYONG_REPORT_UPLOAD_MAX_BYTES``: the largest PDF the verification page accepts.
"""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from xinyong.errors import DomainError

DEBIAN_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_INDEX = 2  # Noto Sans CJK SC in Debian's collection (JP, KR, SC, TC, HK, then the Mono faces)


class ReportUnavailable(DomainError):
    """The report cannot be produced on this server (a missing font): nothing was issued."""

    status_code = 503


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    index: int


def key() -> bytes:
    return str(getattr(settings, "XINYONG_REPORT_KEY", "") or settings.SECRET_KEY).encode()


def rate_limits() -> dict[str, tuple[int, int]]:
    return {"issue": (10, 3600), "verify": (60, 60), **getattr(settings, "XINYONG_REPORT_RATE_LIMITS", {})}


def upload_max_bytes() -> int:
    return int(getattr(settings, "XINYONG_REPORT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def site_url() -> str:
    return str(getattr(settings, "XINYONG_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def font_files() -> FontFiles:
    """The font to set the report in; ReportUnavailable, naming the Debian package, when absent."""
    configured = getattr(settings, "XINYONG_REPORT_FONT", None)
    index = getattr(settings, "XINYONG_REPORT_FONT_INDEX", None)
    if configured:
        regular = Path(configured)
        if not regular.is_file():
            raise ReportUnavailable(
                _("找不到设置 XINYONG_REPORT_FONT 指定的中文字体文件 %(path)s。") % {"path": regular}
            )
    else:
        regular, found_index = _default_font()
        index = found_index if index is None else index
    bold_setting = getattr(settings, "XINYONG_REPORT_FONT_BOLD", None)
    bold = Path(bold_setting) if bold_setting else regular.with_name(regular.name.replace("Regular", "Bold"))
    if not bold.is_file():
        bold = regular
    if index is None:
        index = SC_INDEX if regular.suffix.lower() == ".ttc" else 0
    return FontFiles(regular, bold, int(index))


def _default_font() -> tuple[Path, int | None]:
    if Path(DEBIAN_FONT).is_file():
        return Path(DEBIAN_FONT), SC_INDEX
    fc_match = shutil.which("fc-match")
    if fc_match:
        found = subprocess.run(
            [fc_match, "-f", "%{file}\t%{index}", "Noto Sans CJK SC:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        path, _sep, index = found.partition("\t")
        # fc-match always answers with some font; only a CJK one can set the report.
        if path and "CJK" in Path(path).name and Path(path).is_file():
            return Path(path), int(index) if index.isdigit() else None
    raise ReportUnavailable(
        _(
            "找不到生成信用报告所需的中文字体（Noto Sans CJK SC）。请在服务器上安装 Debian 软件包 "
            "fonts-noto-cjk（apt-get install fonts-noto-cjk），或用设置 XINYONG_REPORT_FONT 指定字体文件。"
        )
    )
