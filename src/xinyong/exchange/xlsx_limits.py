"""The limits a delivered XLSX file is held to before and while it is read (steps 1 and 3 of
``xlsx``'s docstring): the zip directory, then the inflated bytes of the first sheet and of the
shared strings. Breaking one raises ``Refused`` with a ``code`` and a sentence saying what to do;
a file that is not a workbook raises ``Broken``."""

import re
import zipfile
from dataclasses import dataclass

from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.xml.constants import SHARED_STRINGS, WORKSHEET_TYPE

from xinyong.untrusted import printable

MB = 1024 * 1024
# A part smaller than this may compress as well as it likes: small parts prove nothing.
RATIO_FLOOR = MB
# Elements inside one cell or one shared string (rich-text runs and their formatting).
MAX_ELEMENTS_PER_CELL = 1000

# Start tags, with or without a namespace prefix (<row …>, <x:c …>). A start tag cannot be
# written any other way, so counting these over-counts at worst (in a comment), never under.
_PREFIX = rb"<(?:[A-Za-z_][\w.\-]*:)?"
_ROW_TAG = re.compile(_PREFIX + rb"row[\s/>]")
_CELL_TAG = re.compile(_PREFIX + rb"c[\s/>]")
_STRING_TAG = re.compile(_PREFIX + rb"si[\s/>]")
_DIMENSION = re.compile(_PREFIX + rb'dimension\s+ref\s*=\s*["\']([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?')
_SHEET_DATA = re.compile(_PREFIX + rb"sheetData[\s/>]")
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([^"']*)""")


class Broken(ValueError):
    """The file is not a readable workbook."""


class Refused(ValueError):
    """The file breaks one of the limits; ``code`` names which."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Limits:
    parts: int  # parts in the zip
    unzipped: int  # bytes, all parts inflated
    part: int  # bytes, one worksheet or the shared strings inflated
    xml_part: int  # bytes, any other XML part (parsed whole)
    ratio: float  # inflated / compressed, for parts above RATIO_FLOOR
    cells: int  # rows × columns of the sheet
    cell_chars: int  # characters in one cell

    @classmethod
    def current(cls) -> "Limits":
        return cls(
            parts=int(settings.XINYONG_IMPORT_XLSX_MAX_PARTS),
            unzipped=int(settings.XINYONG_IMPORT_XLSX_MAX_UNZIPPED_BYTES),
            part=int(settings.XINYONG_IMPORT_XLSX_MAX_PART_BYTES),
            xml_part=int(settings.XINYONG_IMPORT_XLSX_MAX_XML_BYTES),
            ratio=float(settings.XINYONG_IMPORT_XLSX_MAX_RATIO),
            cells=int(settings.XINYONG_IMPORT_MAX_CELLS),
            cell_chars=int(settings.XINYONG_IMPORT_MAX_CELL_CHARS),
        )


def _mb(size: int) -> str:
    return f"{size / MB:,.1f}"


def _split_hint() -> str:
    return _("如确属正常数据，请拆分为几个批次，或另存为 CSV 后提交。")


def zip_bomb(detail: str) -> Refused:
    return Refused(
        _("XLSX 文件解压后过大，可能是“压缩炸弹”，未予处理：%(detail)s。") % {"detail": detail}
        + _split_hint(),
        "xlsx_too_large",
    )


def part_too_large(name: str, size: int, limit: int) -> Refused:
    return zip_bomb(
        _("部件 %(name)s 解压后 %(size)s MB，上限为 %(limit)s MB")
        % {"name": printable(name[:100]), "size": _mb(size), "limit": _mb(limit)}
    )


def too_many_cells(detail: str, limit: int) -> Refused:
    return Refused(
        _("工作表过大：%(detail)s，超过上限 %(limit)s 个单元格（行数 × 列数，空行按一个计），未予处理。")
        % {"detail": detail, "limit": f"{limit:,}"}
        + _split_hint(),
        "too_many_cells",
    )


def cell_too_long(where: str, limit: int) -> Refused:
    return Refused(
        _("%(where)s的内容超过 %(limit)s 个字符，未予处理。") % {"where": where, "limit": f"{limit:,}"},
        "cell_too_long",
    )


def too_complex() -> Refused:
    return Refused(_("XLSX 文件中有单元格结构异常复杂（元素过多），未予处理。"), "xlsx_too_complex")


def entities_refused() -> Refused:
    return Refused(
        _("XLSX 文件的 XML 中含有实体或文档类型声明（可被用来耗尽服务器资源），未予处理。"),
        "xml_entities",
    )


# --- 1. the zip directory ----------------------------------------------------------------------


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an archive whose directory promises too much, before any part is inflated."""
    infos = archive.infolist()
    if len(infos) > limits.parts:
        raise zip_bomb(
            _("含有 %(n)s 个部件，上限为 %(limit)s 个")
            % {"n": f"{len(infos):,}", "limit": f"{limits.parts:,}"}
        )
    total = sum(info.file_size for info in infos)
    if total > limits.unzipped:
        raise zip_bomb(
            _("解压后共 %(size)s MB，上限为 %(limit)s MB")
            % {"size": _mb(total), "limit": _mb(limits.unzipped)}
        )
    streamed = _streamed_parts(archive, limits)
    for info in infos:
        whole = info.filename not in streamed and info.filename.lower().endswith((".xml", ".rels", ".vml"))
        limit = limits.xml_part if whole else limits.part
        if info.file_size > limit:
            raise part_too_large(info.filename, info.file_size, limit)
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise zip_bomb(
                _("部件 %(name)s 的压缩比为 %(ratio)s:1，上限为 %(limit)s:1")
                % {
                    "name": printable(info.filename[:100]),
                    "ratio": f"{info.file_size / max(info.compress_size, 1):,.0f}",
                    "limit": f"{limits.ratio:,.0f}",
                }
            )


def _streamed_parts(archive: zipfile.ZipFile, limits: Limits) -> set[str]:
    """The worksheets and the shared strings, as [Content_Types].xml names them."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.functions import fromstring

    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError as exc:
        raise Broken("no [Content_Types].xml") from exc
    if info.file_size > limits.xml_part:
        raise part_too_large(info.filename, info.file_size, limits.xml_part)
    manifest = Manifest.from_tree(fromstring(archive.read(info)))
    return {
        part.PartName.lstrip("/")
        for part in manifest.Override
        if part.ContentType in (WORKSHEET_TYPE, SHARED_STRINGS)
    }


def unwrap(exc: BaseException) -> BaseException | None:
    """The refusal or XML attack behind a wrapping error, if any."""
    seen = exc
    while seen is not None:
        if isinstance(seen, Refused | DefusedXmlException):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


# --- 3. sizes, over the bytes -----------------------------------------------------------------


def _scan(archive: zipfile.ZipFile, path: str, patterns: list[re.Pattern], limit: int, head=None):
    """Count each pattern's matches over the inflated part, refusing a DOCTYPE, an encoding other
    than UTF-8 and, once any count passes ``limit``, stopping with the counts so far.
    ``head(first_bytes)`` sees the start of the part (up to the first 64 KiB)."""
    counts = [0] * len(patterns)
    carry = b""
    first = True
    with archive.open(path) as src:
        while chunk := src.read(MB):
            buffer = carry + chunk
            if first:
                _check_encoding(buffer[:200])
                if head is not None:
                    head(buffer[: 64 * 1024])
                first = False
            # Every tag starts with "<": scanning up to the last one never splits a tag.
            cut = buffer.rfind(b"<")
            cut = len(buffer) if cut < 0 or len(buffer) - cut > 4096 else cut
            if b"<!DOCTYPE" in buffer[: cut + 9]:
                raise entities_refused()
            for n, pattern in enumerate(patterns):
                counts[n] += len(pattern.findall(buffer, 0, cut))
            if max(counts) > limit:
                break
            carry = buffer[cut:]
    return counts


def _check_encoding(start: bytes) -> None:
    if start.startswith((b"\xfe\xff", b"\xff\xfe")) or b"\x00" in start[:4]:
        raise Broken("not UTF-8")
    declared = _ENCODING.match(start.removeprefix(b"\xef\xbb\xbf"))
    if declared and declared.group(1).strip().lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise Broken("not UTF-8")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper()[:4]:
        number = number * 26 + letter - 64
    return number


def check_sizes(reader, limits: Limits) -> None:
    """Refuse a sheet with more cells than the limit (declared or counted), or more shared strings
    than that; see step 3 of the module docstring."""
    limit = limits.cells

    def dimension(start: bytes) -> None:
        end = _SHEET_DATA.search(start)
        found = _DIMENSION.search(start, 0, end.start() if end else len(start))
        if not found:
            return
        last_column, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
        rows, columns = int(last_row or 1), _column_number(last_column or b"A")
        if rows * columns > limit:
            raise too_many_cells(
                _("工作表声明的范围为 %(rows)s 行 × %(columns)s 列")
                % {"rows": f"{rows:,}", "columns": f"{columns:,}"},
                limit,
            )

    rows, cells = _scan(reader.archive, reader.sheet_path, [_ROW_TAG, _CELL_TAG], limit, head=dimension)
    if max(rows, cells) > limit:
        raise too_many_cells(_("工作表有超过 %(n)s 行或单元格") % {"n": f"{limit:,}"}, limit)
    if reader.strings_path:
        (strings,) = _scan(reader.archive, reader.strings_path, [_STRING_TAG], limit)
        if strings > limit:
            # More strings than the sheet may have cells: no honest workbook needs them.
            raise too_many_cells(_("共享字符串超过 %(n)s 项") % {"n": f"{limit:,}"}, limit)


def refusal_from(exc: BaseException) -> Refused | None:
    """The refusal an error is, if it is one (possibly wrapped by openpyxl)."""
    cause = unwrap(exc)
    if isinstance(cause, Refused):
        return cause
    if isinstance(cause, DefusedXmlException):
        return entities_refused()
    return None
