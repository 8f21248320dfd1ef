"""Public search of associations by any part of the name, or by 统一社会信用代码 (R-QRY-1).

Names and queries are normalised the same way (registry.models.normalize_text). Ranking: exact
code, then exact name, then names starting with the query, then the rest by name. Only basic
information that is always public (name, code) is searched, so confidential fields cannot leak
through search. Issue 7 replaces the substring scan with indexes that give the same answers.
"""

import unicodedata
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from xinyong.registry.models import Association, normalize_text
from xinyong.registry.uscc import normalize as normalize_code

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


def search_associations(raw: str) -> QuerySet[Association]:
    query = parse(raw)
    if not query.usable:
        return Association.objects.none()
    matches = Q(name_normalized__contains=query.text)
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
