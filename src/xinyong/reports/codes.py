"""Report numbers, canonical JSON and verification codes (R-QRY-4).

The verification code is HMAC-SHA256, keyed by ``XINYONG_REPORT_KEY`` (default SECRET_KEY), over
the report number and the SHA-256 of the canonical content: 60 bits, written as 12 characters of
an alphabet without look-alikes (no I, O, 0 or 1), in groups of four (``ABCD-EFGH-JKLM``).
Without the key nobody can make a code for a number; the register keeps every issued code.
"""

import hashlib
import hmac
import json
import re
from datetime import date
from typing import Any

from . import conf

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols, 5 bits each
CODE_LENGTH = 12
NUMBER_RE = re.compile(r"XY\d{8}-\d{6}")


def report_number(issued_on: date, serial: int) -> str:
    """``XY`` + the Beijing date of issue + ``-`` + the day's serial, e.g. XY20260115-000042."""
    return f"XY{issued_on:%Y%m%d}-{serial:06d}"


def canonical_json(content: Any) -> str:
    """One text for one content: sorted keys, no spaces, UTF-8 characters kept."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def verification_code(number: str, content_sha256: str) -> str:
    digest = hmac.new(conf.key(), f"{number}\n{content_sha256}".encode(), hashlib.sha256).digest()
    bits = int.from_bytes(digest[:8], "big") >> (64 - 5 * CODE_LENGTH)
    symbols = [ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(CODE_LENGTH))]
    return "-".join("".join(symbols[i : i + 4]) for i in range(0, CODE_LENGTH, 4))


def normalize_code(typed: str) -> str:
    """What someone typed from the paper, in the printed form: case, spaces and dashes ignored."""
    plain = re.sub(r"[\s\-－—_]", "", (typed or "").upper())
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def codes_match(stored: str, typed: str) -> bool:
    return hmac.compare_digest(stored.encode(), normalize_code(typed).encode())
