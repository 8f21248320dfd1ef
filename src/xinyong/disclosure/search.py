"""Public search of associations by any part of the name, or by 统一社会信用代码 (R-QRY-1).

Names and queries are normalised the same way (registry.models.normalize_text). Ranking: exact
code, then exact name, then names starting with the query, then the rest; each by name, then id.
Only basic information that is always public (name, code) is searched, so confidential fields
cannot leak through search.

The answer is exactly what a substring scan (``name_normalized LIKE '%q%'``) ordered that way
gives; the tests compare the two. It is read through indexes instead (issue 7), in four segments:

0. the association with the code (unique index on ``uscc``);
1. names equal to the query (index on ``name_normalized``);
2. names starting with it (a range of that index);
3. the rest: names holding the query further in.

``registry.NameGram`` keeps, per bigram, the names starting with it and the names holding it
further in, each in display order (name, id). Every name of segment 2 is among the first kind
for the query's first bigram and among the second kind for each later one; every name of
segment 3 among the second kind for each of its bigrams. The search uses the smallest such list
(its length counted, up to a bound, from the index alone).

A segment of at most ``SMALL`` rows is read whole and sorted; a larger one is walked in display
order through the bigram rows, keeping the matches, until the page is full. Counts are exact up
to ``COUNT_LIMIT``; beyond it the page says "more than" and only the first ``COUNT_LIMIT`` matches
can be paged through (a longer query narrows them).

Vendor SQL lives here only (docs/architecture.md): SQLite's ``+column`` and ``CROSS JOIN`` pin
the index each query must use; PostgreSQL's planner chooses from its statistics.
"""

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from xinyong.registry.models import Association, NameGram, normalize_text
from xinyong.registry.uscc import normalize as normalize_code

MIN_QUERY_LENGTH = 2
COUNT_LIMIT = 1_000  # counts are exact up to here, "more than" beyond
SMALL = COUNT_LIMIT  # a segment up to this size is read whole and sorted; a larger one is walked
PROBES = 12  # bigrams of a long query whose frequency is looked at …
PROBE_LIMIT = 10_000  # … counted up to here (index only)

ASSOCIATIONS = Association._meta.db_table
GRAMS = NameGram._meta.db_table


@dataclass(frozen=True)
class Query:
    text: str
    code: str
    typed: int  # visible characters as typed (NFKC may expand one, e.g. ¾ → 3⁄4)

    @property
    def usable(self) -> bool:
        return len(self.text) >= MIN_QUERY_LENGTH and self.typed >= MIN_QUERY_LENGTH


def parse(raw: str) -> Query:
    typed = sum(1 for ch in raw if not ch.isspace() and unicodedata.category(ch) != "Cc")
    return Query(text=normalize_text(raw)[:100], code=normalize_code(raw)[:18], typed=typed)


def search_associations(raw: str) -> "SearchResults":
    """The public search: a sequence for ``Paginator`` (``count()``, slices of associations with
    their authority), ``capped`` when more than ``COUNT_LIMIT`` match."""
    return SearchResults(parse(raw))


def search_queryset(raw: str) -> QuerySet[Association]:
    """The same matches as a queryset in the same order (rank annotated), for callers that filter
    or page it further: the back-office list, the departments' cursor pages. Narrowed to one rare
    bigram's rows when the query has one; otherwise a scan (these are not public pages)."""
    query = parse(raw)
    if not query.usable:
        return Association.objects.none()
    text = query.text
    matches = Q(name_normalized__contains=text)
    rare = min(
        ((g, _posting_length((g, True)) + _posting_length((g, False))) for g in _some_grams(text)),
        key=lambda r: r[1],
    )
    if rare[1] <= SMALL:
        matches &= Q(pk__in=NameGram.objects.filter(gram=rare[0]).values("association_id"))
    if len(query.code) == 18:
        matches |= Q(uscc=query.code)
    return (
        Association.objects.filter(matches)
        .select_related("authority")
        .annotate(
            rank=Case(
                When(uscc=query.code, then=Value(0)),
                When(name_normalized=query.text, then=Value(1)),
                When(name_normalized__startswith=query.text, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "name", "id")
    )


def _some_grams(text: str) -> list[str]:
    grams = list(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))
    return grams[:: max(1, len(grams) // PROBES)][:PROBES]


class SearchResults:
    def __init__(self, query: Query):
        self.query = query

    @cached_property
    def _segments(self) -> list["_Segment"]:
        q = self.query
        if not q.usable:
            return []
        code_match = []
        if len(q.code) == 18:
            code_match = list(Association.objects.filter(uscc=q.code).values_list("pk", flat=True))
        exclude = code_match[0] if code_match else None
        text = q.text
        later = [(text[i : i + 2], False) for i in range(1, len(text) - 1)]
        return [
            _Fixed(code_match),
            _Exact(text, exclude),
            _Prefix(text, exclude, _rarest([(text[:2], True), *later])),
            _rest(text, exclude, _rarest([(text[:2], False), *later])),
        ]

    @cached_property
    def _total(self) -> int:
        return sum(s.count for s in self._segments)  # each bounded: enough to know "more than"

    @property
    def capped(self) -> bool:
        return self._total > COUNT_LIMIT

    def count(self) -> int:
        return min(self._total, COUNT_LIMIT)

    def __len__(self) -> int:
        return self.count()

    def first(self) -> Association | None:
        page = self[:1]
        return page[0] if page else None

    def __iter__(self):
        return iter(self[: self.count()])

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop, step = key.indices(self.count())
        if step != 1:
            raise ValueError("search results are sliced without a step")
        ids: list[int] = []
        offset = 0
        for segment in self._segments:
            lo, hi = max(start - offset, 0), min(stop - offset, segment.count)
            if lo < hi:
                ids += segment.ids(lo, hi - lo)
            offset += segment.count
        found = Association.objects.select_related("authority").in_bulk(ids)
        return [found[pk] for pk in ids]


# --- segments -----------------------------------------------------------------------------------


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _bounded_count(sql: str, params: list) -> int:
    """Rows of ``sql`` (a SELECT), counted far enough to tell whether the segment is small and
    whether the total passes COUNT_LIMIT."""
    bound = max(COUNT_LIMIT, SMALL) + 1  # SMALL is patched in tests
    return _fetch(f"SELECT COUNT(*) FROM ({sql} LIMIT {bound}) bounded", params)[0][0]


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def _contains(column: str) -> str:
    return f"instr({column}, %s) > 0" if _sqlite() else f"strpos({column}, %s) > 0"


def _starts(column: str, text: str) -> str:
    n = len(text)
    return f"substr({column}, 1, {n}) = %s" if _sqlite() else f"left({column}, {n}) = %s"


def _sorted(alias: str = "") -> str:
    """ORDER BY for a set read whole; on SQLite ``+`` keeps it off the display-order index (same
    collation: the column's)."""
    plus = "+" if _sqlite() else ""
    return f"{plus}{alias}name, {plus}{alias}id"


def _not(exclude: int | None, column: str = "id") -> tuple[str, list]:
    return ("", []) if exclude is None else (f" AND {column} <> %s", [exclude])


class _Segment:
    count: int

    def ids(self, offset: int, limit: int) -> list[int]:
        raise NotImplementedError


class _Fixed(_Segment):
    def __init__(self, ids: list[int]):
        self._ids = ids
        self.count = len(ids)

    def ids(self, offset, limit):
        return self._ids[offset : offset + limit]


class _Sql(_Segment):
    """A segment given by ``indexed`` (SELECT … id … FROM … WHERE, served by an index: sorted when
    small) and, for when it is large, a walk through the bigram list ``posting``, keeping the
    associations ``a`` for which ``where`` holds."""

    def __init__(self, *, indexed, params, order, posting, where, where_params, count_sql=None):
        self.indexed, self.params, self.order = indexed, params, order
        self.walk = (posting, where, where_params)
        self.count = _bounded_count(*(count_sql or (self.indexed, self.params)))

    def ids(self, offset, limit):
        if self.count <= SMALL:
            sql = f"{self.indexed} ORDER BY {self.order} LIMIT %s OFFSET %s"
            return [row[0] for row in _fetch(sql, [*self.params, limit, offset])]
        return _walk(*self.walk, offset + limit)[offset:]


def _walk(posting: tuple[str, bool], where: str, params: list, needed: int) -> list[int]:
    """The first ``needed`` associations in display order among one bigram list's rows for which
    ``where`` holds for the association ``a``, read in growing chunks after the last (name, id)
    seen; the condition is evaluated by the database, as in the scan."""
    found: list[int] = []
    last: tuple | None = None
    size = 64
    while len(found) < needed:
        after = "" if last is None else " AND (name, association_id) > (%s, %s)"
        rows = _fetch(
            f"SELECT g.association_id, g.name, CASE WHEN {where} THEN 1 ELSE 0 END "
            f"FROM (SELECT association_id, name FROM {GRAMS} WHERE gram = %s AND start = %s{after} "
            f"ORDER BY name, association_id LIMIT {size}) g "
            f"{_join()} {ASSOCIATIONS} a ON a.id = g.association_id ORDER BY g.name, g.association_id",
            [*params, *posting, *(last or ())],  # the condition comes first in the text
        )
        found += [pk for pk, _name, hit in rows if hit]
        if len(rows) < size:
            break
        last = (rows[-1][1], rows[-1][0])  # (name, id), as the list is ordered
        size = min(size * 4, 8192)
    return found[:needed]


def _join() -> str:
    return "CROSS JOIN" if _sqlite() else "JOIN"  # SQLite: the bigram's rows drive the join


def _Exact(text: str, exclude: int | None) -> _Sql:
    extra, extra_params = _not(exclude)
    return _Sql(
        indexed=f"SELECT id FROM {ASSOCIATIONS} WHERE name_normalized = %s{extra}",
        params=[text, *extra_params],
        order=_sorted(),
        posting=(text[:2], True),
        where=f"a.name_normalized = %s{_not(exclude, 'a.id')[0]}",
        where_params=[text, *extra_params],
    )


def _Prefix(text: str, exclude: int | None, posting: tuple[str, bool]) -> _Sql:
    extra, extra_params = _not(exclude)
    exact = f"{_starts('name_normalized', text)} AND name_normalized <> %s{extra}"
    exact_params = [text, text, *extra_params]
    if _sqlite():
        # Code-point order is SQLite's (BINARY) order: the names starting with the text are a range.
        indexed_on, range_params = "name_normalized >= %s AND name_normalized < %s", [text, _successor(text)]
    else:
        indexed_on = "name_normalized LIKE %s"  # served by the varchar_pattern_ops index
        range_params = [connection.ops.prep_for_like_query(text) + "%"]
    a_extra = _not(exclude, "a.id")[0]
    return _Sql(
        indexed=f"SELECT id FROM {ASSOCIATIONS} WHERE {indexed_on} AND {exact}",
        params=[*range_params, *exact_params],
        order=_sorted(),
        posting=posting,
        where=f"{_starts('a.name_normalized', text)} AND a.name_normalized <> %s{a_extra}",
        where_params=exact_params,
    )


def _successor(text: str) -> str:
    """The least string above every string that starts with ``text`` (or a looser bound)."""
    while text:
        last = ord(text[-1]) + 1
        if last == 0xD800:
            last = 0xE000  # surrogates cannot be stored
        if last <= 0x10FFFF:
            return text[:-1] + chr(last)
        text = text[:-1]
    return "\U0010ffff" * 2


def _rest(text: str, exclude: int | None, posting: tuple[str, bool]) -> _Segment:
    extra, extra_params = _not(exclude, "a.id")
    where = f"{_contains('a.name_normalized')} AND NOT {_starts('a.name_normalized', text)}{extra}"
    where_params = [text, text, *extra_params]
    return _Sql(
        indexed=f"SELECT a.id FROM {GRAMS} g {_join()} {ASSOCIATIONS} a ON a.id = g.association_id "
        f"WHERE g.gram = %s AND g.start = %s AND {where}",
        params=[*posting, *where_params],
        order=_sorted("a."),
        posting=posting,
        where=where,
        where_params=where_params,
    )


def _rarest(postings: list[tuple[str, bool]]) -> tuple[str, bool]:
    """The shortest of these bigram lists (lengths counted up to PROBE_LIMIT + 1, from the index),
    looking at up to PROBES of them spread over the query."""
    postings = list(dict.fromkeys(postings))
    if len(postings) > PROBES:
        step = len(postings) / PROBES
        postings = [postings[int(i * step)] for i in range(PROBES)]
    best, fewest = postings[-1], None
    # From the query's end: when several lists pass the bound, the later bigram is kept, as names
    # sharing a beginning (北京市…) cluster in display order and a walk through the first
    # bigram's list would pass all of them.
    for posting in reversed(postings):
        n = _posting_length(posting)
        if fewest is None or n < fewest:
            best, fewest = posting, n
        if n == 0:
            break
    return best


def _posting_length(posting: tuple[str, bool]) -> int:
    sql = f"SELECT 1 FROM {GRAMS} WHERE gram = %s AND start = %s LIMIT {PROBE_LIMIT + 1}"
    return _fetch(f"SELECT COUNT(*) FROM ({sql}) bounded", list(posting))[0][0]
