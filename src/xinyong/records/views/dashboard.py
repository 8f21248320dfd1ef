"""The back-office start page: what needs the clerk's attention."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from xinyong.accounts.models import Role
from xinyong.accounts.views import department_message
from xinyong.history.selectors import recent_entries_visible_to
from xinyong.records.selectors import drafts_without_evidence
from xinyong.registry.selectors import associations_visible_to

RECENT = 15


@login_required
def dashboard(request):
    user = request.user
    if user.role == Role.DEPARTMENT:
        return render(request, "records/dashboard.html", {"department_message": department_message()})
    associations = associations_visible_to(user)
    return render(
        request,
        "records/dashboard.html",
        {
            "association_count": associations.count(),
            "own_association": associations.first() if user.role == Role.ASSOCIATION else None,
            "entries": recent_entries_visible_to(user)[:RECENT],
            "drafts": drafts_without_evidence(user)[:50],
        },
    )
