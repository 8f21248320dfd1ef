"""The public name search's bigram index (issue 7), kept equal to the names on every write path.

``NameGram`` holds, for each association, the pair of characters its ``name_normalized`` begins
with (``start``) and every distinct pair found further in (``start`` false), with the name itself
as sort key. A name shorter than two characters has no rows: no query of two or more
characters can be inside it.

Writers: ``registry.services`` (create, modify: ``index_name``), ``exchange.apply`` (bulk import:
``gram_rows`` through the same raw ``Inserter``, in the same transaction), migration
``registry/0003`` and ``xinyong rebuild_search_index`` (``rebuild``); ``mismatches`` checks it.
"""

from collections.abc import Iterator

from django.db import connections, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Length

from xinyong.rawinsert import Inserter

from .models import Association, NameGram

CHUNK = 5_000


def grams(normalized: str) -> set[str]:
    return {normalized[i : i + 2] for i in range(len(normalized) - 1)}


def gram_rows(association_id: int, name: str, normalized: str) -> list[dict]:
    """One row for the bigram the name starts with (``start``), one for each distinct bigram found
    further in (a bigram both first and further in has both)."""
    inner = sorted({normalized[i : i + 2] for i in range(1, len(normalized) - 1)})
    kinds = [(normalized[:2], True)] if len(normalized) >= 2 else []
    return [
        {"gram": g, "start": start, "name": name, "association_id": association_id}
        for g, start in kinds + [(g, False) for g in inner]
    ]


def index_name(*, association_id: int, old: tuple[str, str] | None, new: tuple[str, str]) -> None:
    """Bring one association's rows from its old (name, normalised name) to the new ones, in the
    caller's transaction. The name is the rows' sort key: any change of it rewrites them."""
    if old == new:
        return
    for row in gram_rows(association_id, *old) if old else []:
        NameGram.objects.filter(**row).delete()  # by the whole primary key
    NameGram.objects.bulk_create(NameGram(**row) for row in gram_rows(association_id, *new))


def _names(association_model, using: str) -> Iterator[list[tuple[int, str]]]:
    last = 0
    while True:
        chunk = list(
            association_model.objects.using(using)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "name", "name_normalized")[:CHUNK]
        )
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


def rebuild(*, association_model=Association, gram_model=NameGram, using: str = "default") -> int:
    """Replace the whole index with what the names imply; returns the number of rows written."""
    connection = connections[using]
    written = 0
    with transaction.atomic(using=using):
        if connection.vendor == "sqlite":
            _sqlite_without_rowid(connection, gram_model._meta.db_table)
        gram_model.objects.using(using).all().delete()
        out = Inserter(gram_model)
        for chunk in _names(association_model, using):
            rows = [row for pk, name, normalized in chunk for row in gram_rows(pk, name, normalized)]
            out.insert(rows)
            written += len(rows)
    return written


def _sqlite_without_rowid(connection, table: str) -> None:
    """On SQLite the table is its primary key (no rowid, no second copy of every row): half the
    space. Recreated from Django's own DDL, so the columns and the foreign key stay as declared."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        (ddl,) = cursor.fetchone()
        if "WITHOUT ROWID" in ddl.upper():
            return
        cursor.execute(f'DROP TABLE "{table}"')
        cursor.execute(ddl + " WITHOUT ROWID")


def mismatches(limit: int = 10) -> list[str]:
    """Where the index differs from what the names imply (at most ``limit`` bigrams named).

    Compares, per (bigram, start), the number of rows, the sum of their association ids and the
    sum of their names' lengths with the same figures computed from the names: one pass over
    each table, no per-row lookups."""
    expected: dict[tuple[str, bool], list[int]] = {}
    for chunk in _names(Association, "default"):
        for pk, name, normalized in chunk:
            for row in gram_rows(pk, name, normalized):
                figures = expected.setdefault((row["gram"], row["start"]), [0, 0, 0])
                figures[0] += 1
                figures[1] += pk
                figures[2] += len(name)
    stored = {
        (gram, start): [n, ids, lengths]
        for gram, start, n, ids, lengths in NameGram.objects.values_list("gram", "start")
        .annotate(n=Count("*"), ids=Sum("association_id"), lengths=Sum(Length("name")))
        .order_by()
        .values_list("gram", "start", "n", "ids", "lengths")
    }
    wrong = sorted(key for key in expected.keys() | stored.keys() if expected.get(key) != stored.get(key))
    return [
        f"bigram {gram!r}{' (first)' if start else ''}: {stored.get((gram, start), [0])[0]} rows, "
        f"the names imply {expected.get((gram, start), [0])[0]}"
        for gram, start in wrong[:limit]
    ]
