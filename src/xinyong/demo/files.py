"""Small but well-formed PDF and PNG files for demo evidence, built without any dependency.

The files only have to pass the evidence store's content checks and open in an ordinary viewer;
each carries a serial so that no two are identical (the store is content-addressed).
"""

import functools
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The bars are laid out for this size.
PNG_WIDTH, PNG_HEIGHT = 240, 168
PAPER, RED, GREY = (250, 244, 226), (196, 30, 36), (120, 120, 120)


def pdf_bytes(*, title: str, lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` (ASCII) in Helvetica; ``title`` (any text) goes in /Info.

    The cross-reference table carries the real byte offsets, so strict readers accept the file.
    """
    if not all(line.isascii() for line in lines):
        raise ValueError("the standard Type 1 font only shows ASCII text")
    text = ["BT", "/F1 12 Tf", "16 TL", "72 770 Td"]
    text += [f"({_pdf_escape(line)}) Tj T*" for line in lines]
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    title_hex = ("\ufeff" + title).encode("utf-16-be").hex().upper()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Title <%s> /Producer (Xinyong demo data) >>" % title_hex.encode("ascii"),
    ]
    # The second line's high bytes tell transfer tools the file is binary (PDF 1.7, 7.5.2).
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF" % xref_at
    return bytes(out)


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def png_bytes(*, serial: int) -> bytes:
    """An RGB picture of a certificate: cream paper, red frame, grey text bars and a red seal.

    The bar lengths follow ``serial``, which makes every picture different.
    """
    width, height = PNG_WIDTH, PNG_HEIGHT
    rows = list(_blank_certificate(width, height))
    for i in range(5):
        length, top = 40 + (serial >> (3 * i)) % 8 * 12, 40 + i * 18
        for y in range(top, top + 6):
            row = bytearray(rows[y])
            start = 1 + 28 * 3  # after the filter byte, from x = 28
            row[start : start + 3 * length] = bytes(GREY) * length
            rows[y] = bytes(row)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


@functools.cache
def _blank_certificate(width: int, height: int) -> tuple[bytes, ...]:
    """Scanlines of the picture without its text bars; drawn pixel by pixel once per size."""
    seal_x, seal_y, seal_r = width - 52, height - 44, 26
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type 0 (None) for each scanline
        for x in range(width):
            colour = PAPER
            d2 = (x - seal_x) ** 2 + (y - seal_y) ** 2
            if (
                min(x, y, width - 1 - x, height - 1 - y) < 6
                or (seal_r - 4) ** 2 <= d2 <= seal_r**2
                or d2 <= 36
            ):
                colour = RED
            row += bytes(colour)
        rows.append(bytes(row))
    return tuple(rows)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
