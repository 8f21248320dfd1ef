"""The back-office start page: what needs the clerk's attention."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from xinyong.accounts.models import Role
from xinyong.accounts.views import department_message
from xinyong.extensions import page_context
from xinyong.records.selectors import drafts_without_evidence, recent_entries_visible_to, records_visible_to
from xinyong.records.timeliness import late_records, timely_days
from xinyong.registry.selectors import associations_visible_to

RECENT = 15


def _late_for(user):
    """Staff: what their own authority recorded late in the last 90 days (R-REC-1)."""
    if user.role != Role.STAFF:
        return None
    since = timezone.localdate() - timedelta(days=90)
    mine = records_visible_to(user).filter(recorded_by_id=user.authority_id)
    return late_records(mine, since=since)[:20]


@login_required
def dashboard(request):
    user = request.user
    if user.role == Role.DEPARTMENT:
        return render(request, "records/dashboard.html", {"department_message": department_message()})
    associations = associations_visible_to(user)
    today = timezone.localdate()
    return render(
        request,
        "records/dashboard.html",
        {
            "association_count": associations.count(),
            "own_association": associations.first() if user.role == Role.ASSOCIATION else None,
            "entries": recent_entries_visible_to(user)[:RECENT],
            "drafts": drafts_without_evidence(user)[:50],
            "late": _late_for(user),
            "timely_days": timely_days(),
            **page_context("records.dashboard", request, today=today),
        },
    )
