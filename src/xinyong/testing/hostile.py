"""Hostile files for the import's limits (issue 13), built small and fast.

A zip member that inflates to a gibibyte is written without compressing a gibibyte: its deflate
stream is the compression of one piece, ended with a full flush (which resets the compressor's
window, so every repetition compresses to the same bytes), repeated. Only the CRC is computed
over the whole inflated content. The archives are otherwise genuine XLSX files made by openpyxl,
so that only the part under test is hostile.

Used by ``exchange/tests/test_hostile.py`` and by ``bench/hostile_files.py``, which measures the
peak memory and time of ``xinyong import`` on each.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Repeated:
    """``head`` + ``piece`` × ``count`` + ``tail``, compressed without being built."""

    head: bytes
    piece: bytes
    count: int
    tail: bytes

    @property
    def size(self) -> int:
        return len(self.head) + len(self.piece) * self.count + len(self.tail)

    def deflate(self) -> tuple[bytes, int]:
        """(raw deflate stream, CRC-32) of the whole content."""
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        first = compressor.compress(self.head) + compressor.flush(zlib.Z_FULL_FLUSH)
        segment = compressor.compress(self.piece) + compressor.flush(zlib.Z_FULL_FLUSH)
        again = compressor.compress(self.piece) + compressor.flush(zlib.Z_FULL_FLUSH)
        assert segment == again, "a full flush should make every repetition compress the same"
        last = compressor.compress(self.tail) + compressor.flush()
        crc = zlib.crc32(self.head)
        for _ in range(self.count):
            crc = zlib.crc32(self.piece, crc)
        crc = zlib.crc32(self.tail, crc)
        return first + segment * self.count + last, crc


def write_zip(path: Path, members: dict[str, bytes | Repeated]) -> Path:
    """A zip file (deflate, no zip64: members under 4 GiB) of ``members`` in order."""
    local, central, offset = [], [], 0
    for name, content in members.items():
        if isinstance(content, Repeated):
            data, crc = content.deflate()
            size = content.size
        else:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            data = compressor.compress(content) + compressor.flush()
            crc, size = zlib.crc32(content), len(content)
        encoded = name.encode()
        header = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
        )
        local.append(header + encoded + data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
        offset += len(local[-1])
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
    with path.open("wb") as fh:
        for chunk in local:
            fh.write(chunk)
        fh.write(directory + end)
    return path


def workbook_parts(header: list[str], rows: list[list] = ()) -> dict[str, bytes]:
    """The parts of a genuine one-sheet workbook written by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    with zipfile.ZipFile(out) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _with(header, replace: dict[str, bytes | Repeated], rows=()) -> dict[str, bytes | Repeated]:
    parts: dict[str, bytes | Repeated] = dict(workbook_parts(header, rows))
    if "xl/sharedStrings.xml" in replace and "xl/sharedStrings.xml" not in parts:
        # openpyxl wrote its strings inline; declare the table so that readers read it.
        types = parts["[Content_Types].xml"]
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
        parts["[Content_Types].xml"] = types.replace(b"</Types>", override.encode() + b"</Types>")
    parts.update(replace)
    return parts


def shared_strings_bomb(path: Path, header: list[str], *, inflated: int = 1024 * MIB) -> Path:
    """A workbook whose shared strings inflate to ``inflated`` bytes (one long string after the
    header's), about 1 MB on disk for 1 GiB."""
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">'
        + "".join(f"<si><t>{h}</t></si>" for h in header)
        + "<si><t>"
    ).encode()
    tail = b"</t></si></sst>"
    piece = b"A" * MIB
    count = max(1, (inflated - len(head) - len(tail)) // len(piece))
    return write_zip(path, _with(header, {"xl/sharedStrings.xml": Repeated(head, piece, count, tail)}))


def _sheet(rows_xml: bytes, *, dimension: str | None = None) -> tuple[bytes, bytes]:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">{dim}<sheetData>'.encode()
    return head + rows_xml, b"</sheetData></worksheet>"


def _header_row(header: list[str]) -> bytes:
    cells = "".join(
        f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in header
    )  # inline: no shared strings needed
    return f'<row r="1">{cells}</row>'.encode()


def many_rows(path: Path, header: list[str], *, rows: int = 20_000_000, dimension: str | None = None) -> Path:
    """A workbook whose sheet has ``rows`` empty rows after the header (``<row/>`` each)."""
    piece = b"<row/>" * 65536
    head, tail = _sheet(_header_row(header), dimension=dimension)
    sheet = Repeated(head, piece, max(1, rows // 65536), tail)
    return write_zip(path, _with(header, {"xl/worksheets/sheet1.xml": sheet}))


def many_cells(path: Path, header: list[str], *, rows: int, columns: int = 8, noise: bool = False) -> Path:
    """A workbook of ``rows`` rows of ``columns`` numbers each. With ``noise``, every row differs
    (numbers from a counter), so the sheet compresses like real data and passes the ratio limit."""
    head, tail = _sheet(_header_row(header))
    if not noise:
        row = ("<row>" + "<c><v>1</v></c>" * columns + "</row>").encode()
        sheet: bytes | Repeated = Repeated(head, row * 1024, max(1, rows // 1024), tail)
    else:
        body = bytearray(head)
        for n in range(rows):
            body += (
                b"<row>"
                + b"".join(b"<c><v>%d</v></c>" % (n * columns + i) for i in range(columns))
                + b"</row>"
            )
        sheet = bytes(body) + tail
    return write_zip(path, _with(header, {"xl/worksheets/sheet1.xml": sheet}))


def _laughs() -> str:
    """A DTD whose last entity expands to 10^10 characters (ten levels of ten references)."""
    entities = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 11)]
    return "".join(entities)


def entity_bomb(path: Path, header: list[str], *, part: str = "xl/sharedStrings.xml") -> Path:
    """ "Billion laughs" in one part: the shared strings (read by the import itself) or a part
    openpyxl reads (``xl/workbook.xml``, ``xl/styles.xml``)."""
    if part == "xl/sharedStrings.xml":
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [{_laughs()}]><sst xmlns="{MAIN_NS}">'
            + "".join(f"<si><t>{h}</t></si>" for h in header)
            + "<si><t>&a10;</t></si></sst>"
        ).encode()
    else:
        original = workbook_parts(header)[part].decode()
        root = original.index("<", original.index("?>") + 2 if original.startswith("<?") else 0)
        name = original[root + 1 :].split(None, 1)[0].split(">")[0]
        # Declared only: a parser that allows declarations would expand them where referenced.
        xml = (original[:root] + f"<!DOCTYPE {name} [{_laughs()}]>" + original[root:]).encode()
    return write_zip(path, _with(header, {part: xml}))


def many_parts(path: Path, header: list[str], *, parts: int = 5000) -> Path:
    """A workbook with ``parts`` extra (tiny, unused) parts."""
    extra = {f"xl/media/image{n}.bin": b"x" for n in range(parts)}
    return write_zip(path, _with(header, extra))


def long_cell(path: Path, header: list[str], *, chars: int = 1_000_000) -> Path:
    """A workbook whose second row holds one inline string of ``chars`` characters."""
    row = f'<row r="2"><c t="inlineStr"><is><t>{"长" * chars}</t></is></c></row>'.encode()
    head, tail = _sheet(_header_row(header) + row)
    return write_zip(path, _with(header, {"xl/worksheets/sheet1.xml": head + tail}))


def deep_json(depth: int = 100_000, *, lines: bool = False) -> bytes:
    """A JSON array (or a JSON Lines line) whose first object nests ``depth`` arrays."""
    item = b'{"a": ' + b"[" * depth + b"]" * depth + b"}"
    return item + b"\n" if lines else b"[" + item + b"]"
