"""The numbers that tune the search, in one place.

Every module of the search reads them from ``TUNING`` when it runs (``tuning.TUNING.small``, never
a copy taken at import), so that a test can put another instance in its place for a while::

    mock.patch.object(tuning, "TUNING", dataclasses.replace(tuning.TUNING, small=0))

Lowered, they make every path of the planner run on a handful of names (the tests compare the
answer with a plain substring scan for each). None changes *what* is found, except
``count_limit``, which bounds how far results are counted and paged. The figures in
docs/performance.md were measured with these defaults.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tuning:
    count_limit: int = 1_000
    """Counts are exact up to here; beyond it the page says "more than" (the API ``count_capped``)
    and only the first ``count_limit`` matches can be paged through: a longer query narrows them.
    It bounds the work of every query of two common characters: each segment's ids are read up to
    this many (+ 1) to count it, never the whole table."""

    small: int = 1_000
    """A segment of up to this many matches is put in display order once, by sorting the ids
    already read to count it (one read by primary key); a larger one is walked through its bigram
    list in display order until the page is full. Equal to ``count_limit``, so only a segment
    that alone passes the count is walked: the ids read to count it are then an arbitrary
    ``count_limit`` + 1 of its matches, which cannot give its first page."""

    walk_chunk: int = 64
    """Rows of a bigram list a walk reads first, and again after each jump: small, as a page holds
    20 and a dense segment fills it at once; a sparse one reads twice as many rows each time ..."""

    walk_chunk_max: int = 8_192
    """... up to this many, which bounds the memory and the latency of one read."""

    probes: int = 12
    """Bigrams of a long query whose lists are measured (spread over the query): a query of up
    to 13 characters is measured whole, and a pasted full name costs at most this many counts."""

    small_probe: int = 1_000
    """A list's length is counted from the index up to here (an index-only read); a list no
    longer is read as it is, with no checks planned, as looking up its few rows' names is cheap.
    When every measured list is longer (a query of common bigrams, 软件行业协会) ..."""

    sample_rows: int = 2_048
    """... the lengths are estimated from this many normalised names, read once per search ..."""

    sample_windows: int = 16
    """... in this many runs of consecutive ids spread over the table: ids follow the order of
    registration, which may follow the place, so one run would hold one district's names."""

    estimated: int = 2
    """This many of the lists estimated shortest are then counted up to ``probe_limit`` ..."""

    clear: int = 2
    """... unless the shortest is estimated this many times shorter than the last of them: then
    it is taken without counting (the sample is clear enough)."""

    probe_limit: int = 10_000
    """The bound of those counts: past it two lists are both long, and the one estimated shorter
    is taken. Also the bound of the counts by which ``search_queryset`` picks its bigram."""

    checks: int = 3
    """Lists a row of a long list is looked up in before its name is. Each look-up reads the small
    bigram table by its whole primary key, near the previous one (every list is in display
    order); a name is a row of the large table, anywhere. Each check costs one look-up per row
    read, so they are few, and the lists chosen are those the sample says tell most names apart."""

    sample_hits: int = 8
    """The sample must hold this many names on the list read for the shares below to choose the
    checks; with fewer, the other lists are taken by their own estimated length, those not
    overlapping the list read first."""

    telling: float = 0.9
    """A list holding this share of the sample's names on the list read is no check (件行 comes
    with 软件: nearly every name on one is on the other), so it is left out."""


TUNING = Tuning()
