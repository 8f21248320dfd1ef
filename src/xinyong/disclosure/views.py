"""Public pages (R-ACT-1, R-QRY-1): free, without an account.

Everything shown about records comes from disclosure.selectors, the one place that decides what
is published on a date (R-RET-*, R-SEC-*); these views never read records themselves.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.records.choices import Category, Kind
from xinyong.registry.models import Association
from xinyong.registry.uscc import normalize as normalize_code
from xinyong.security.throttle import public_rate_limit

from .search import MIN_QUERY_LENGTH, parse, search_associations
from .selectors import (
    PUBLIC_CATEGORIES,
    PublicRecord,
    public_basic_info,
    public_profile,
    published_counts,
)

PAGE_SIZE = 20


def home(request):
    return render(request, "disclosure/home.html", {"min_length": MIN_QUERY_LENGTH})


@public_rate_limit("search")
def search(request):
    raw = request.GET.get("q", "").strip()
    notice = ""
    page = None
    if raw and not parse(raw).usable:
        notice = _("请输入至少两个字：协会名称的任意部分，或18位统一社会信用代码。")
    elif raw:
        page = Paginator(search_associations(raw), PAGE_SIZE).get_page(request.GET.get("page"))
        counts = published_counts(association_ids=[a.pk for a in page], on=timezone.localdate())
        for association in page:
            association.public_counts = [
                (Category(c).label, counts[association.pk][c]) for c in PUBLIC_CATEGORIES
            ]
    return render(
        request,
        "disclosure/search.html",
        {"q": raw, "page": page, "notice": notice, "page_query": urlencode({"q": raw})},
    )


@public_rate_limit("profile")
def profile(request, uscc: str):
    association = get_object_or_404(
        Association.objects.select_related("authority"), uscc=normalize_code(uscc)
    )
    today = timezone.localdate()
    records = public_profile(association, on=today)
    performance: dict[str, list] = {}
    for item in records[Category.PERFORMANCE]:
        performance.setdefault(item.record.kind, []).append(_card(item))
    info = public_basic_info(association)
    return render(
        request,
        "disclosure/profile.html",
        {
            "association": association,
            "info": info,
            "basic": _basic_rows(info),
            "branches": info.get("branches"),
            "performance": [(Kind(k).label, items) for k, items in performance.items()],
            "honour": [_card(item) for item in records[Category.HONOUR]],
            "dishonesty": [_card(item) for item in records[Category.DISHONESTY]],
            "generated_at": timezone.now(),
        },
    )


def _card(item: PublicRecord) -> dict:
    return {
        "kind": item.record.get_kind_display(),
        "fields": item.fields,
        "show_last_day": not item.last_public_day_withheld,
        "last_day": item.last_public_day,
    }


def _basic_rows(info: dict) -> list[tuple[str, object]]:
    return [
        (Association._meta.get_field(key).verbose_name, value)
        for key, value in info.items()
        if key != "branches"
    ]
