"""Which bigram list a segment is read through, and which other lists its rows are checked on.

The shortest list of the query is read (``rarest``): lengths counted from the index up to
``small_probe``; when every list is longer, estimated from a sample of names, and the likeliest
counted up to ``probe_limit``. A long list's rows are first looked up on up to ``checks`` other
lists, those the sample says most of its names are not on (``plan``). The numbers are
``tuning.TUNING``'s.
"""

from functools import cached_property

from . import store, tuning
from .store import ASSOCIATIONS, Posting


def some_grams(text: str) -> list[str]:
    """Up to ``probes`` distinct bigrams of ``text``, spread over it."""
    probes = tuning.TUNING.probes
    grams = list(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))
    return grams[:: max(1, len(grams) // probes)][:probes]


def plan(postings: list[Posting], lengths: "Lengths") -> tuple[Posting, list[Posting]]:
    """The list a segment is read through (the shortest) and, when it is long, up to ``checks``
    lists its rows are looked up in before their names are: the lists that most names of the
    sample on the first one are not on (件行 comes with 软件: a useless check; 开发区 and 区食 tell
    apart). A lookup is cheap, as every list is in display order and the rows looked up follow
    each other; a name is a row of the large table, anywhere."""
    tuned = tuning.TUNING
    best = rarest(postings, lengths)
    at = postings.index(best)
    others = {p: abs(i - at) <= 1 for i, p in enumerate(postings) if p != best}  # overlapping?
    if not others or lengths.count(best, tuned.small_probe) <= tuned.small_probe:
        return best, []
    return best, lengths.telling(best, others)[: tuned.checks]


def rarest(postings: list[Posting], lengths: "Lengths | None" = None) -> Posting:
    """The shortest of these bigram lists, looking at up to ``probes`` of them spread over the
    query: lengths counted from the index up to ``small_probe``; when every list is past that,
    estimated from a sample of names, and the ``estimated`` lists estimated shortest counted up
    to ``probe_limit`` unless the shortest is ``clear``."""
    tuned = tuning.TUNING
    lengths = lengths or Lengths()
    postings = list(dict.fromkeys(postings))
    if len(postings) > tuned.probes:
        step = len(postings) / tuned.probes
        postings = [postings[int(i * step)] for i in range(tuned.probes)]
    # From the query's end: on a tie the later bigram is kept, as names sharing a beginning
    # (北京市…) cluster in display order and a walk through the first bigram's list would pass
    # all of them.
    postings.reverse()
    if len(postings) == 1:
        return postings[0]
    counted = {}
    for posting in postings:
        counted[posting] = lengths.count(posting, tuned.small_probe)
        if counted[posting] == 0:
            return posting
    shorter = [p for p in postings if counted[p] <= tuned.small_probe]
    if shorter:
        return min(shorter, key=counted.__getitem__)
    likely = sorted(postings, key=lengths.estimate)[: tuned.estimated]
    if lengths.estimate(likely[0]) * tuned.clear <= lengths.estimate(likely[-1]):
        return likely[0]
    counted = {p: lengths.count(p, tuned.probe_limit) for p in likely}
    return min(likely, key=counted.__getitem__)  # both past probe_limit: the one estimated shorter


class Lengths:
    """Lengths of bigram lists for one search (the prefix and the rest share most bigrams), and
    what a sample of names tells of them."""

    def __init__(self):
        self._counted: dict[tuple[Posting, int], int] = {}

    def count(self, posting: Posting, limit: int) -> int:
        """Exact up to ``limit``; ``limit + 1`` means more."""
        key = (posting, limit)
        if key not in self._counted:
            self._counted[key] = store.posting_length(posting, limit)
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
        tuned = tuning.TUNING
        hits = [name for name in self._names if on(best, name)]
        if len(hits) < tuned.sample_hits:
            return sorted(others, key=lambda p: (others[p], self.estimate(p)))
        share = {p: sum(on(p, name) for name in hits) / len(hits) for p in others}
        return sorted((p for p in others if share[p] < tuned.telling), key=share.__getitem__)

    @cached_property
    def _names(self) -> list[str]:
        """``sample_rows`` normalised names from ``sample_windows`` runs of ids spread over the
        table (ids follow the order of registration, which may follow the place)."""
        tuned = tuning.TUNING
        top = store.fetch(f"SELECT MAX(id) FROM {ASSOCIATIONS}", [])[0][0] or 0
        width = max(1, tuned.sample_rows // tuned.sample_windows)
        starts = sorted({top * i // tuned.sample_windows for i in range(tuned.sample_windows)})
        runs = " OR ".join(["(id > %s AND id <= %s)"] * len(starts))
        rows = store.fetch(
            f"SELECT name_normalized FROM {ASSOCIATIONS} WHERE {runs}",
            [bound for start in starts for bound in (start, start + width)],
        )
        return [name for (name,) in rows]

    @cached_property
    def _text(self) -> str:
        return "".join("\n" + name for name in self._names)


def on(posting: Posting, name: str) -> bool:
    """Whether ``name`` is on the list ``posting``, as the index would have it."""
    gram, start = posting
    return name.startswith(gram) if start else name.find(gram, 1) >= 0
