"""The shape of an API key: ``xy_<prefix>_<secret>``.

``prefix`` is 8 lower-case hex characters, stored in clear to find the key's row and to name the
key in lists and logs; ``secret`` is 32 random bytes in URL-safe base64. Only SHA-256 of the whole
key is stored. The key has 256 bits of entropy, so a fast hash cannot be brute-forced and no
password hash (argon2) is needed; comparison is constant-time.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

SCHEME = "xy"
PREFIX_LENGTH = 8


@dataclass(frozen=True)
class NewKey:
    prefix: str
    plaintext: str  # shown once, never stored
    secret_hash: str


def hash_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def generate() -> NewKey:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    plaintext = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewKey(prefix=prefix, plaintext=plaintext, secret_hash=hash_key(plaintext))


def split(plaintext: str) -> str | None:
    """The prefix of a well-formed key, or None."""
    parts = plaintext.split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or len(parts[1]) != PREFIX_LENGTH or not parts[2]:
        return None
    if any(c not in "0123456789abcdef" for c in parts[1]):
        return None
    return parts[1]


def digest(presented: str) -> str:
    """A short fingerprint of a refused key for the query log: HMAC keyed with SECRET_KEY, so it
    cannot be compared with the stored SHA-256 of a real key nor checked against guesses."""
    return salted_hmac("xinyong.api.refused-key", presented, algorithm="sha256").hexdigest()[:16]


def matches(plaintext: str, secret_hash: str) -> bool:
    return hmac.compare_digest(hash_key(plaintext), secret_hash)
