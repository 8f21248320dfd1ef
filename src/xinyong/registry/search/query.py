"""A query as typed, parsed once; the public search (``search_associations``) and the same matches
as a queryset (``search_queryset``)."""

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from xinyong.registry.models import Association, NameGram, normalize_text
from xinyong.registry.uscc import normalize as normalize_code

from . import planner, segments, store, tuning

MIN_QUERY_LENGTH = 2


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
    their authority), ``capped`` when more than ``count_limit`` match."""
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
        (
            (g, store.posting_length((g, True)) + store.posting_length((g, False)))
            for g in planner.some_grams(text)
        ),
        key=lambda r: r[1],
    )
    if rare[1] <= tuning.TUNING.small:
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


class SearchResults:
    def __init__(self, query: Query):
        self.query = query

    @cached_property
    def _segments(self) -> list[segments.Segment]:
        q = self.query
        if not q.usable:
            return []
        code_match = []
        if len(q.code) == 18:
            code_match = list(Association.objects.filter(uscc=q.code).values_list("pk", flat=True))
        exclude = code_match[0] if code_match else None
        text = q.text
        later = [(text[i : i + 2], False) for i in range(1, len(text) - 1)]
        lengths = planner.Lengths()
        return [
            segments.Fixed(code_match),
            segments.exact(text, exclude),
            segments.prefix(text, exclude, *planner.plan([(text[:2], True), *later], lengths)),
            segments.rest(text, exclude, *planner.plan([(text[:2], False), *later], lengths)),
        ]

    @cached_property
    def _total(self) -> int:
        return sum(s.count for s in self._segments)  # each bounded: enough to know "more than"

    @property
    def capped(self) -> bool:
        return self._total > tuning.TUNING.count_limit

    def count(self) -> int:
        return min(self._total, tuning.TUNING.count_limit)

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
