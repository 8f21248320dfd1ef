"""The SQL the search sends on both vendors, and the one door it goes through (``fetch``).

Every query reads one bigram list by its index and looks rows up from there (``kept``): no join
is left for a planner to turn around. Callers use ``store.fetch`` and ``store.posting_length`` through
the module, so that a test can watch or count what is read.
"""

from django.db import connection

from xinyong.registry.models import Association, NameGram

from . import tuning

Posting = tuple[str, bool]  # a bigram list: (bigram, start)

ASSOCIATIONS = Association._meta.db_table
GRAMS = NameGram._meta.db_table


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def bounded_ids(sql: str, params: list) -> list[int]:
    """The ids ``sql`` (a SELECT of ids) yields, in no order, read far enough to tell whether the
    segment is small and whether the total passes ``count_limit``."""
    tuned = tuning.TUNING
    bound = max(tuned.count_limit, tuned.small) + 1  # tests lower either alone
    return [row[0] for row in fetch(f"{sql} LIMIT {bound}", params)]


def posting_length(posting: Posting, limit: int | None = None) -> int:
    """Rows of one bigram list, exact up to ``limit`` (``probe_limit`` unless given); ``limit`` + 1
    means more. An index-only read."""
    limit = tuning.TUNING.probe_limit if limit is None else limit
    sql = f"SELECT 1 FROM {GRAMS} WHERE gram = %s AND start = %s LIMIT {limit + 1}"
    return fetch(f"SELECT COUNT(*) FROM ({sql}) bounded", list(posting))[0][0]


def excluding(exclude: int | None, column: str = "id") -> tuple[str, list]:
    """SQL leaving out the association found by its code (it is ranked first already)."""
    return ("", []) if exclude is None else (f" AND {column} <> %s", [exclude])


def on_list(checks: list[Posting], alias: str = "g") -> tuple[str, list]:
    """SQL true when the bigram row ``alias``'s association is also on each of the lists
    ``checks``: one lookup by the whole primary key per list (``OFFSET 0`` keeps PostgreSQL from
    reading a whole list into a hash instead)."""
    sql = [
        f"EXISTS (SELECT 1 FROM {GRAMS} h{i} WHERE h{i}.gram = %s AND h{i}.start = %s "
        f"AND h{i}.name = {alias}.name AND h{i}.association_id = {alias}.association_id LIMIT 1 OFFSET 0)"
        for i in range(len(checks))
    ]
    return " AND ".join(sql) or "1 = 1", [value for check in checks for value in check]


def kept(where: str, params: list, checks: list[Posting]) -> tuple[str, list]:
    """SQL 1 when the bigram row ``g`` is on each of the lists ``checks`` and ``where`` holds for
    its association ``a``, else 0. A CASE stops at its first true WHEN, so the association is only
    looked up for rows on the lists; and, not being a join, it cannot be planned as one: a
    planner misled on a list's length (PostgreSQL counts a bigram's rows, not a bigram's rows of
    one kind) would hash the whole table rather than look up a few rows."""
    on_list_sql, on_list_params = on_list(checks)
    match = (
        f"EXISTS (SELECT 1 FROM {ASSOCIATIONS} a WHERE a.id = g.association_id AND {where} LIMIT 1 OFFSET 0)"
    )
    return f"CASE WHEN NOT ({on_list_sql}) THEN 0 WHEN {match} THEN 1 ELSE 0 END", [*on_list_params, *params]
