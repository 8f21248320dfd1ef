"""The SQL that differs between SQLite and PostgreSQL: a substring test, a prefix test, and how the
names starting with a text are read through the index of ``name_normalized``. Everything else the
search sends is the same on both (``store``)."""

from typing import Protocol

from django.db import connection


class Vendor(Protocol):
    def contains(self, column: str) -> str:
        """SQL true when ``column`` holds the parameter."""

    def starts(self, column: str, text: str) -> str:
        """SQL true when ``column`` starts with the parameter, which is ``text``."""

    def prefix_range(self, text: str) -> tuple[str, list]:
        """SQL (and its parameters) selecting, through the index, the names starting with ``text``."""


class SQLite:
    def contains(self, column: str) -> str:
        return f"instr({column}, %s) > 0"

    def starts(self, column: str, text: str) -> str:
        return f"substr({column}, 1, {len(text)}) = %s"

    def prefix_range(self, text: str) -> tuple[str, list]:
        # Code-point order is SQLite's (BINARY) order: the names starting with the text are a range.
        return "name_normalized >= %s AND name_normalized < %s", [text, successor(text)]


class PostgreSQL:
    def contains(self, column: str) -> str:
        return f"strpos({column}, %s) > 0"

    def starts(self, column: str, text: str) -> str:
        return f"left({column}, {len(text)}) = %s"

    def prefix_range(self, text: str) -> tuple[str, list]:
        # Served by the varchar_pattern_ops index.
        return "name_normalized LIKE %s", [connection.ops.prep_for_like_query(text) + "%"]


def current() -> Vendor:
    return SQLite() if connection.vendor == "sqlite" else PostgreSQL()


def successor(text: str) -> str:
    """The least string above every string that starts with ``text`` (or a looser bound)."""
    while text:
        last = ord(text[-1]) + 1
        if last == 0xD800:
            last = 0xE000  # surrogates cannot be stored
        if last <= 0x10FFFF:
            return text[:-1] + chr(last)
        text = text[:-1]
    return "\U0010ffff" * 2
