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
segment 3 among the second kind for each of its bigrams. The search reads the shortest such
list: lengths are counted from the index up to ``SMALL_PROBE``; when every list is longer (a
query of common bigrams, 软件行业协会), they are estimated from a sample of names and the two
likeliest counted up to ``PROBE_LIMIT``, unless one is clearly the shortest (``_rarest``).

The lists hold no positions: a name on all of them may still not hold the query (北京件行业软件协会
is on every list of 软件行业), so each row read is kept only when its name, looked up in the large
table, holds the query. Before that, a row of a long list is looked up on up to ``CHECKS`` other
lists of the query, those that the sample says most names on the first list are not on
(``_plan``): every list is in display order, so these look-ups stay near each other, and cheap.

A segment's matches are read, in no order, up to ``COUNT_LIMIT`` + 1, which counts it; up to
``SMALL`` of them are then put in display order once, by their ids; a larger segment is walked
in display order through its list, keeping the matches, until the page is full (past a stretch
without matches in one jump along its first check's list, ``_walk``). Counts are exact
up to ``COUNT_LIMIT``; beyond it the page says "more than" and only the first ``COUNT_LIMIT``
matches can be paged through (a longer query narrows them).

Vendor SQL lives here only (docs/architecture.md). Every query reads one bigram list by its index
and looks rows up from there (``_kept``), on SQLite and PostgreSQL alike: no join is left for a
planner to turn around.
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
WALK_CHUNK = 64  # rows of a list a walk reads first (then twice as many each time)
PROBES = 12  # bigrams of a long query whose frequency is looked at: …
SMALL_PROBE = 1_000  # … counted up to here (index only); when all are past it, …
SAMPLE_ROWS = 2_048  # … estimated from a sample of names read in …
SAMPLE_WINDOWS = 16  # … runs of ids, and …
ESTIMATED = 2  # … the lists estimated shortest (unless one is estimated …
CLEAR = 2  # … this many times shorter than the others) …
PROBE_LIMIT = 10_000  # … counted up to here
CHECKS = 3  # lists a row of a long list is looked up in before its name is, chosen from …
SAMPLE_HITS = 8  # … what the sample's names on the long list (if this many) are on too, …
TELLING = 0.9  # … leaving out lists holding this share of them

Posting = tuple[str, bool]  # a bigram list: (bigram, start)

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
        lengths = _Lengths()
        return [
            _Fixed(code_match),
            _Exact(text, exclude),
            _Prefix(text, exclude, *_plan([(text[:2], True), *later], lengths)),
            _rest(text, exclude, *_plan([(text[:2], False), *later], lengths)),
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


def _bounded_ids(sql: str, params: list) -> list[int]:
    """The ids ``sql`` (a SELECT of ids) yields, in no order, read far enough to tell whether the
    segment is small and whether the total passes COUNT_LIMIT."""
    bound = max(COUNT_LIMIT, SMALL) + 1  # SMALL is patched in tests
    return [row[0] for row in _fetch(f"{sql} LIMIT {bound}", params)]


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def _contains(column: str) -> str:
    return f"instr({column}, %s) > 0" if _sqlite() else f"strpos({column}, %s) > 0"


def _starts(column: str, text: str) -> str:
    n = len(text)
    return f"substr({column}, 1, {n}) = %s" if _sqlite() else f"left({column}, {n}) = %s"


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
    """A segment given by ``indexed`` (SELECT … id … FROM … WHERE, served by an index) and, for
    when it is large, a walk through the bigram list ``posting``, keeping the associations ``a``
    for which ``where`` holds (and, first, that are on each of the lists ``checks`` too).
    A small segment's ids, read once to count it, are sorted once when a page needs them."""

    def __init__(self, *, indexed, params, posting, where, where_params, checks=()):
        self.walk = (posting, where, where_params, list(checks))
        self._found = _bounded_ids(indexed, params)
        self.count = len(self._found)

    @cached_property
    def _sorted(self) -> list[int]:
        if not self._found:
            return []
        marks = ", ".join(["%s"] * len(self._found))
        sql = f"SELECT id FROM {ASSOCIATIONS} WHERE id IN ({marks}) ORDER BY name, id"
        return [row[0] for row in _fetch(sql, self._found)]

    def ids(self, offset, limit):
        if self.count <= SMALL:
            return self._sorted[offset : offset + limit]
        return _walk(*self.walk, offset + limit)[offset:]


def _on_list(checks: list[Posting], alias: str = "g") -> tuple[str, list]:
    """SQL true when the bigram row ``alias``'s association is also on each of the lists
    ``checks``: one lookup by the whole primary key per list (``OFFSET 0`` keeps PostgreSQL from
    reading a whole list into a hash instead)."""
    sql = [
        f"EXISTS (SELECT 1 FROM {GRAMS} h{i} WHERE h{i}.gram = %s AND h{i}.start = %s "
        f"AND h{i}.name = {alias}.name AND h{i}.association_id = {alias}.association_id LIMIT 1 OFFSET 0)"
        for i in range(len(checks))
    ]
    return " AND ".join(sql) or "1 = 1", [value for check in checks for value in check]


def _kept(where: str, params: list, checks: list[Posting]) -> tuple[str, list]:
    """SQL 1 when the bigram row ``g`` is on each of the lists ``checks`` and ``where`` holds for
    its association ``a``, else 0. A CASE stops at its first true WHEN, so the association is only
    looked up for rows on the lists; and, not being a join, it cannot be planned as one: a
    planner misled on a list's length (PostgreSQL counts a bigram's rows, not a bigram's rows of
    one kind) would hash the whole table rather than look up a few rows."""
    on_list, on_list_params = _on_list(checks)
    match = (
        f"EXISTS (SELECT 1 FROM {ASSOCIATIONS} a WHERE a.id = g.association_id AND {where} LIMIT 1 OFFSET 0)"
    )
    return f"CASE WHEN NOT ({on_list}) THEN 0 WHEN {match} THEN 1 ELSE 0 END", [*on_list_params, *params]


def _walk(posting: Posting, where: str, params: list, checks: list[Posting], needed: int) -> list[int]:
    """The first ``needed`` associations in display order among one bigram list's rows for which
    ``where`` holds for the association ``a``, read in growing chunks after the last (name, id)
    seen; the condition is evaluated by the database, as in the scan, and only for the rows that
    are on the ``checks`` lists too.

    After a chunk without a match, the walk goes on from the next row of the first ``checks``
    list instead: no match lies between (every match is on that list), and a stretch of names
    that are not there (重庆市东城区… for 重庆市海淀区) is passed in one lookup."""
    kept, kept_params = _kept(where, params, checks)
    found: list[int] = []
    after: tuple[str, tuple] = ("", ())  # bound on (name, association_id)
    size = WALK_CHUNK
    while len(found) < needed:
        rows = _fetch(
            f"SELECT g.association_id, g.name, {kept} "
            f"FROM (SELECT association_id, name FROM {GRAMS} WHERE gram = %s AND start = %s{after[0]} "
            f"ORDER BY name, association_id LIMIT {size}) g ORDER BY g.name, g.association_id",
            [*kept_params, *posting, *after[1]],  # in the order of the text
        )
        hits = [pk for pk, _name, hit in rows if hit]
        found += hits
        if len(rows) < size:
            break
        last = (rows[-1][1], rows[-1][0])  # (name, id), as the list is ordered
        after, size = (" AND (name, association_id) > (%s, %s)", last), min(size * 2, 8192)
        if checks and not hits:
            following = _fetch(
                f"SELECT name, association_id FROM {GRAMS} WHERE gram = %s AND start = %s "
                "AND (name, association_id) > (%s, %s) ORDER BY name, association_id LIMIT 1",
                [*checks[0], *last],
            )
            if not following:
                break
            after, size = (" AND (name, association_id) >= (%s, %s)", following[0]), WALK_CHUNK
    return found[:needed]


def _Exact(text: str, exclude: int | None) -> _Sql:
    extra, extra_params = _not(exclude)
    return _Sql(
        indexed=f"SELECT id FROM {ASSOCIATIONS} WHERE name_normalized = %s{extra}",
        params=[text, *extra_params],
        posting=(text[:2], True),
        where=f"a.name_normalized = %s{_not(exclude, 'a.id')[0]}",
        where_params=[text, *extra_params],
    )


def _Prefix(text: str, exclude: int | None, posting: Posting, checks: list[Posting]) -> _Sql:
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
        posting=posting,
        where=f"{_starts('a.name_normalized', text)} AND a.name_normalized <> %s{a_extra}",
        where_params=exact_params,
        checks=checks,
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


def _rest(text: str, exclude: int | None, posting: Posting, checks: list[Posting]) -> _Segment:
    extra, extra_params = _not(exclude, "a.id")
    where = f"{_contains('a.name_normalized')} AND NOT {_starts('a.name_normalized', text)}{extra}"
    where_params = [text, text, *extra_params]
    kept, kept_params = _kept(where, where_params, checks)
    return _Sql(
        # "<> 0": PostgreSQL then guesses that most rows are kept, so that the LIMIT ends the read
        # early, and does not compile the query (JIT) for a read of the whole list.
        indexed=f"SELECT g.association_id FROM {GRAMS} g WHERE g.gram = %s AND g.start = %s AND {kept} <> 0",
        params=[*posting, *kept_params],
        posting=posting,
        where=where,
        where_params=where_params,
        checks=checks,
    )


def _plan(postings: list[Posting], lengths: "_Lengths") -> tuple[Posting, list[Posting]]:
    """The list a segment is read through (the shortest) and, when it is long, up to CHECKS lists
    its rows are looked up in before their names are: the lists that most names of the sample on
    the first one are not on (件行 comes with 软件: a useless check; 开发区 and 区食 tell apart).
    A lookup is cheap, as every list is in display order and the rows looked up follow each
    other; a name is a row of the large table, anywhere."""
    best = _rarest(postings, lengths)
    at = postings.index(best)
    others = {p: abs(i - at) <= 1 for i, p in enumerate(postings) if p != best}  # overlapping?
    if not others or lengths.count(best, SMALL_PROBE) <= SMALL_PROBE:
        return best, []
    return best, lengths.telling(best, others)[:CHECKS]


def _rarest(postings: list[Posting], lengths: "_Lengths | None" = None) -> Posting:
    """The shortest of these bigram lists, looking at up to PROBES of them spread over the query:
    lengths counted from the index up to SMALL_PROBE; when every list is past that, estimated from
    a sample of names, and the ESTIMATED lists estimated shortest counted up to PROBE_LIMIT
    unless the shortest is CLEAR."""
    lengths = lengths or _Lengths()
    postings = list(dict.fromkeys(postings))
    if len(postings) > PROBES:
        step = len(postings) / PROBES
        postings = [postings[int(i * step)] for i in range(PROBES)]
    # From the query's end: on a tie the later bigram is kept, as names sharing a beginning
    # (北京市…) cluster in display order and a walk through the first bigram's list would pass
    # all of them.
    postings.reverse()
    if len(postings) == 1:
        return postings[0]
    counted = {}
    for posting in postings:
        counted[posting] = lengths.count(posting, SMALL_PROBE)
        if counted[posting] == 0:
            return posting
    shorter = [p for p in postings if counted[p] <= SMALL_PROBE]
    if shorter:
        return min(shorter, key=counted.__getitem__)
    likely = sorted(postings, key=lengths.estimate)[:ESTIMATED]
    if lengths.estimate(likely[0]) * CLEAR <= lengths.estimate(likely[-1]):
        return likely[0]
    counted = {p: lengths.count(p, PROBE_LIMIT) for p in likely}
    return min(likely, key=counted.__getitem__)  # both past PROBE_LIMIT: the one estimated shorter


class _Lengths:
    """Lengths of bigram lists for one search (the prefix and the rest share most bigrams), and
    what a sample of names tells of them."""

    def __init__(self):
        self._counted: dict[tuple[Posting, int], int] = {}

    def count(self, posting: Posting, limit: int) -> int:
        """Exact up to ``limit``; ``limit + 1`` means more."""
        key = (posting, limit)
        if key not in self._counted:
            self._counted[key] = _posting_length(posting, limit)
        return self._counted[key]

    def estimate(self, posting: Posting) -> int:
        """Names of the sample on the list, scaled alike for every list (occurrences, not names,
        for a bigram further in: near enough to compare)."""
        gram, start = posting
        text = self._text
        return text.count("\n" + gram) if start else text.count(gram) - text.count("\n" + gram)

    def telling(self, best: Posting, others: dict[Posting, bool]) -> list[Posting]:
        """``others`` (each marked when its bigram overlaps ``best``'s in the query) ordered by the
        share of the sample's names on ``best`` that are on them too, fewest first, leaving out
        those holding nearly all; by their own lengths, apart ones first, when the sample holds
        too few names on ``best`` to tell."""
        hits = [name for name in self._names if _on(best, name)]
        if len(hits) < SAMPLE_HITS:
            return sorted(others, key=lambda p: (others[p], self.estimate(p)))
        share = {p: sum(_on(p, name) for name in hits) / len(hits) for p in others}
        return sorted((p for p in others if share[p] < TELLING), key=share.__getitem__)

    @cached_property
    def _names(self) -> list[str]:
        """SAMPLE_ROWS normalised names from SAMPLE_WINDOWS runs of ids spread over the table (ids
        follow the order of registration, which may follow the place)."""
        top = _fetch(f"SELECT MAX(id) FROM {ASSOCIATIONS}", [])[0][0] or 0
        width = max(1, SAMPLE_ROWS // SAMPLE_WINDOWS)
        starts = sorted({top * i // SAMPLE_WINDOWS for i in range(SAMPLE_WINDOWS)})
        runs = " OR ".join(["(id > %s AND id <= %s)"] * len(starts))
        rows = _fetch(
            f"SELECT name_normalized FROM {ASSOCIATIONS} WHERE {runs}",
            [bound for start in starts for bound in (start, start + width)],
        )
        return [name for (name,) in rows]

    @cached_property
    def _text(self) -> str:
        return "".join("\n" + name for name in self._names)


def _on(posting: Posting, name: str) -> bool:
    gram, start = posting
    return name.startswith(gram) if start else name.find(gram, 1) >= 0


def _posting_length(posting: Posting, limit: int = PROBE_LIMIT) -> int:
    sql = f"SELECT 1 FROM {GRAMS} WHERE gram = %s AND start = %s LIMIT {limit + 1}"
    return _fetch(f"SELECT COUNT(*) FROM ({sql}) bounded", list(posting))[0][0]
