"""Public search of associations by any part of the name, or by 统一社会信用代码 (R-QRY-1).

Names and queries are normalised the same way (registry.models.normalize_text). Ranking: exact
code, then exact name, then names starting with the query, then the rest; each by name, then id.
Only basic information that is always public (name, code) is searched, so confidential fields
cannot leak through search.

The answer is exactly what a substring scan (``name_normalized LIKE '%q%'``) ordered that way
gives; the tests compare the two. It is read through indexes instead (issue 7), in four segments
(``segments``):

0. the association with the code (unique index on ``uscc``);
1. names equal to the query (index on ``name_normalized``);
2. names starting with it (a range of that index);
3. the rest: names holding the query further in.

``registry.NameGram`` keeps, per bigram, the names starting with it and the names holding it
further in, each in display order (name, id). Every name of segment 2 is among the first kind
for the query's first bigram and among the second kind for each later one; every name of
segment 3 among the second kind for each of its bigrams. The search reads the shortest such
list: lengths are counted from the index up to ``small_probe``; when every list is longer (a
query of common bigrams, 软件行业协会), they are estimated from a sample of names and the two
likeliest counted up to ``probe_limit``, unless one is clearly the shortest (``planner.rarest``).

The lists hold no positions: a name on all of them may still not hold the query (北京件行业软件协会
is on every list of 软件行业), so each row read is kept only when its name, looked up in the large
table, holds the query. Before that, a row of a long list is looked up on up to ``checks`` other
lists of the query, those that the sample says most names on the first list are not on
(``planner.plan``): every list is in display order, so these look-ups stay near each other, and
cheap.

A segment's matches are read, in no order, up to ``count_limit`` + 1, which counts it; up to
``small`` of them are then put in display order once, by their ids; a larger segment is walked
in display order through its list, keeping the matches, until the page is full (past a stretch
without matches in one jump along its first check's list, ``segments.walk``). Counts are exact
up to ``count_limit``; beyond it the page says "more than" and only the first ``count_limit``
matches can be paged through (a longer query narrows them).

The numbers named here are the fields of ``tuning.Tuning``. Vendor SQL lives in this package only
(docs/architecture.md): what differs between SQLite and PostgreSQL in ``vendors``, the rest in
``store``. Every query reads one bigram list by its index and looks rows up from there
(``store.kept``), on SQLite and PostgreSQL alike: no join is left for a planner to turn around.
"""

from .query import MIN_QUERY_LENGTH, Query, SearchResults, parse, search_associations, search_queryset
from .tuning import Tuning

__all__ = [
    "MIN_QUERY_LENGTH",
    "Query",
    "SearchResults",
    "Tuning",
    "parse",
    "search_associations",
    "search_queryset",
]
