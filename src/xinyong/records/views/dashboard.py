"""The back-office start page: what needs the clerk's attention."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import render

from xinyong.accounts.models import Role
from xinyong.accounts.views import department_message
from xinyong.history.models import HistoryEntry
from xinyong.records.choices import RecordStatus
from xinyong.records.models import Evidence
from xinyong.registry.views.access import office_associations, office_records

RECENT = 15


def recent_entries(user):
    # A read history.selectors does not offer yet: the latest entries a role may see.
    entries = HistoryEntry.objects.order_by("-id")
    if user.reads_everything:
        return entries[:RECENT]
    if user.role == Role.STAFF:
        return entries.filter(authority_id=user.authority_id)[:RECENT]
    if user.role == Role.ASSOCIATION:
        return entries.filter(association_id=user.association_id)[:RECENT]
    return entries.none()


def drafts_without_evidence(user):
    # A read the selectors do not offer yet: drafts that cannot be finalised until evidence is added.
    has_evidence = Exists(Evidence.objects.filter(record=OuterRef("pk"), revoked=False))
    records = office_records(user).filter(status=RecordStatus.DRAFT).exclude(has_evidence)
    if user.role == Role.STAFF:
        records = records.filter(recorded_by_id=user.authority_id)
    return records.order_by("-recorded_at")


@login_required
def dashboard(request):
    user = request.user
    if user.role == Role.DEPARTMENT:
        return render(request, "records/dashboard.html", {"department_message": department_message()})
    associations = office_associations(user)
    return render(
        request,
        "records/dashboard.html",
        {
            "association_count": associations.count(),
            "own_association": associations.first() if user.role == Role.ASSOCIATION else None,
            "entries": recent_entries(user),
            "drafts": drafts_without_evidence(user)[:50],
        },
    )
