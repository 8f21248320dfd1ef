"""The four segments of a search's answer, in rank order (exact code, exact name, names starting
with the query, the rest), each read through an index: counted up to ``count_limit``, then paged
by sorting the ids read (a small segment) or by walking a bigram list in display order."""

from functools import cached_property

from . import store, tuning, vendors
from .store import ASSOCIATIONS, GRAMS, Posting


class Segment:
    count: int

    def ids(self, offset: int, limit: int) -> list[int]:
        raise NotImplementedError


class Fixed(Segment):
    def __init__(self, ids: list[int]):
        self._ids = ids
        self.count = len(ids)

    def ids(self, offset, limit):
        return self._ids[offset : offset + limit]


class Indexed(Segment):
    """A segment given by ``indexed`` (SELECT … id … FROM … WHERE, served by an index) and, for
    when it is large, a walk through the bigram list ``posting``, keeping the associations ``a``
    for which ``where`` holds (and, first, that are on each of the lists ``checks`` too).
    A small segment's ids, read once to count it, are sorted once when a page needs them."""

    def __init__(self, *, indexed, params, posting, where, where_params, checks=()):
        self.walk = (posting, where, where_params, list(checks))
        self._found = store.bounded_ids(indexed, params)
        self.count = len(self._found)

    @cached_property
    def _sorted(self) -> list[int]:
        if not self._found:
            return []
        marks = ", ".join(["%s"] * len(self._found))
        sql = f"SELECT id FROM {ASSOCIATIONS} WHERE id IN ({marks}) ORDER BY name, id"
        return [row[0] for row in store.fetch(sql, self._found)]

    def ids(self, offset, limit):
        if self.count <= tuning.TUNING.small:
            return self._sorted[offset : offset + limit]
        return walk(*self.walk, offset + limit)[offset:]


def walk(posting: Posting, where: str, params: list, checks: list[Posting], needed: int) -> list[int]:
    """The first ``needed`` associations in display order among one bigram list's rows for which
    ``where`` holds for the association ``a``, read in growing chunks after the last (name, id)
    seen; the condition is evaluated by the database, as in the scan, and only for the rows that
    are on the ``checks`` lists too.

    After a chunk without a match, the walk goes on from the next row of the first ``checks``
    list instead: no match lies between (every match is on that list), and a stretch of names
    that are not there (重庆市东城区… for 重庆市海淀区) is passed in one lookup."""
    tuned = tuning.TUNING
    kept, kept_params = store.kept(where, params, checks)
    found: list[int] = []
    after: tuple[str, tuple] = ("", ())  # bound on (name, association_id)
    size = tuned.walk_chunk
    while len(found) < needed:
        rows = store.fetch(
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
        after, size = (" AND (name, association_id) > (%s, %s)", last), min(size * 2, tuned.walk_chunk_max)
        if checks and not hits:
            following = store.fetch(
                f"SELECT name, association_id FROM {GRAMS} WHERE gram = %s AND start = %s "
                "AND (name, association_id) > (%s, %s) ORDER BY name, association_id LIMIT 1",
                [*checks[0], *last],
            )
            if not following:
                break
            after, size = (" AND (name, association_id) >= (%s, %s)", following[0]), tuned.walk_chunk
    return found[:needed]


def exact(text: str, exclude: int | None) -> Indexed:
    extra, extra_params = store.excluding(exclude)
    return Indexed(
        indexed=f"SELECT id FROM {ASSOCIATIONS} WHERE name_normalized = %s{extra}",
        params=[text, *extra_params],
        posting=(text[:2], True),
        where=f"a.name_normalized = %s{store.excluding(exclude, 'a.id')[0]}",
        where_params=[text, *extra_params],
    )


def prefix(text: str, exclude: int | None, posting: Posting, checks: list[Posting]) -> Indexed:
    vendor = vendors.current()
    extra, extra_params = store.excluding(exclude)
    exact_sql = f"{vendor.starts('name_normalized', text)} AND name_normalized <> %s{extra}"
    exact_params = [text, text, *extra_params]
    indexed_on, range_params = vendor.prefix_range(text)
    a_extra = store.excluding(exclude, "a.id")[0]
    return Indexed(
        indexed=f"SELECT id FROM {ASSOCIATIONS} WHERE {indexed_on} AND {exact_sql}",
        params=[*range_params, *exact_params],
        posting=posting,
        where=f"{vendor.starts('a.name_normalized', text)} AND a.name_normalized <> %s{a_extra}",
        where_params=exact_params,
        checks=checks,
    )


def rest(text: str, exclude: int | None, posting: Posting, checks: list[Posting]) -> Indexed:
    vendor = vendors.current()
    extra, extra_params = store.excluding(exclude, "a.id")
    where = (
        f"{vendor.contains('a.name_normalized')} AND NOT {vendor.starts('a.name_normalized', text)}{extra}"
    )
    where_params = [text, text, *extra_params]
    kept, kept_params = store.kept(where, where_params, checks)
    return Indexed(
        # "<> 0": PostgreSQL then guesses that most rows are kept, so that the LIMIT ends the read
        # early, and does not compile the query (JIT) for a read of the whole list.
        indexed=f"SELECT g.association_id FROM {GRAMS} g WHERE g.gram = %s AND g.start = %s AND {kept} <> 0",
        params=[*posting, *kept_params],
        posting=posting,
        where=where,
        where_params=where_params,
        checks=checks,
    )
