"""Public pages (R-ACT-1, R-QRY-1): free, without an account.

Everything shown about records comes from disclosure.selectors, the one place that decides what
is published on a date (R-RET-*, R-SEC-*); these views never read records themselves.
"""

import hashlib
from datetime import date
from urllib.parse import urlencode

from django.core.cache import caches
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xinyong.history.models import HistoryEntry
from xinyong.objections.selectors import UnderObjection, under_objection
from xinyong.records.choices import Category, Kind
from xinyong.records.publication import PUBLIC_CATEGORIES, published_counts
from xinyong.registry.models import Association, AssociationStatus, RegistrationType
from xinyong.registry.search import MIN_QUERY_LENGTH, parse, search_associations
from xinyong.registry.uscc import normalize as normalize_code
from xinyong.security.throttle import public_rate_limit

from .selectors import PublicRecord, public_basic_info, public_profile

PAGE_SIZE = 20
PROFILE_CACHE_SECONDS = 24 * 3600  # the key changes with the day anyway


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
        # Labels translated once per page, not once per result.
        shown = _("%(label)s：%(value)s")
        labels = {c: str(Category(c).label) for c in PUBLIC_CATEGORIES}
        types = {value: str(label) for value, label in RegistrationType.choices}
        statuses = {value: str(label) for value, label in AssociationStatus.choices}
        for association in page:
            association.public_counts = [
                shown % {"label": labels[c], "value": counts[association.pk][c]} for c in PUBLIC_CATEGORIES
            ]
            association.type_label = types.get(association.registration_type, association.registration_type)
            association.status_label = statuses.get(association.status, association.status)
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
    context = {
        "association": association,
        "body": _profile_body(association, timezone.localdate()),
        "generated_at": timezone.now(),
    }
    return render(request, "disclosure/profile.html", context)


def _profile_body(association: Association, today: date) -> str:
    """The published part of the profile, rendered once per state of the association.

    The key holds everything that part depends on: the association's last history entry (every
    change to it, its records, their evidence and its objections writes one, tagged with the
    association: history.services, history.bulk), its row version and authority's name, the day
    (publication periods end by date) and the language. A withdrawn or newly confidential record
    is therefore gone on the next view, whichever server process answers; each process keeps its
    own copies (the "pages" cache), so there is nothing to invalidate.
    """
    last = (
        HistoryEntry.objects.filter(association_id=association.pk)
        .order_by("-id")
        .values_list("id", "hash")
        .first()
    )
    state = (association.pk, association.version, association.authority.name, last, today, get_language())
    key = "profile:" + hashlib.sha256(repr(state).encode()).hexdigest()
    pages = caches["pages"]
    body = pages.get(key)
    if body is None:
        records = public_profile(association, on=today)
        under = under_objection(association.pk)
        performance: dict[str, list] = {}
        for item in records[Category.PERFORMANCE]:
            performance.setdefault(item.record.kind, []).append(_card(item, under))
        info = public_basic_info(association)
        body = render_to_string(
            "disclosure/_profile_body.html",
            {
                "info": info,
                "basic": _basic_rows(info, under),
                "branches": info.get("branches"),
                "performance": [(Kind(k).label, items) for k, items in performance.items()],
                "honour": [_card(item, under) for item in records[Category.HONOUR]],
                "dishonesty": [_card(item, under) for item in records[Category.DISHONESTY]],
            },
        )
        pages.set(key, body, timeout=PROFILE_CACHE_SECONDS)
    return mark_safe(body)  # rendered by the template engine above, escaped there


def _card(item: PublicRecord, under: UnderObjection) -> dict:
    return {
        "kind": item.record.get_kind_display(),
        "fields": item.fields,
        "show_last_day": not item.last_public_day_withheld,
        "last_day": item.last_public_day,
        # R-OBJ-1: published as recorded while the authority verifies; the label says so.
        "objection_due": under.records.get(item.record.pk),
    }


def _basic_rows(info: dict, under: UnderObjection) -> list[tuple[str, object, date | None]]:
    return [
        (Association._meta.get_field(key).verbose_name, value, under.basic_fields.get(key))
        for key, value in info.items()
        if key != "branches"
    ]
