"""Proposals from the rules (R-MEA-2): review, accept (the apply form, pre-filled) or dismiss."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from xinyong.accounts.models import Role
from xinyong.accounts.views import submit

from ..choices import ProposalStatus
from ..forms import DismissForm, basis_label
from ..permissions import can_decide, can_propose
from ..selectors import proposals_visible_to
from ..services import proposal_dismiss, propose_measures
from .common import PAGE_SIZE, measures_view, office_only, visible_proposal


@measures_view
def proposal_list(request):
    user = request.user
    office_only(user)
    show = request.GET.get("show")
    if show not in (*ProposalStatus.values, "all"):
        show = ProposalStatus.PENDING.value
    proposals = proposals_visible_to(user).prefetch_related("basis_records")
    if show != "all":
        proposals = proposals.filter(status=show)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    full = user.role != Role.DEPARTMENT
    rows = [
        {
            "proposal": p,
            "basis": [basis_label(r, full=full) for r in p.basis_records.all()],
            "can_decide": p.status == ProposalStatus.PENDING and can_decide(user, p),
        }
        for p in page
    ]
    return render(
        request,
        "measures/proposal_list.html",
        {
            "page": page,
            "rows": rows,
            "show": show,
            "filters": [*ProposalStatus.choices, ("all", _("全部"))],
            "query": f"show={show}",
            "can_propose": can_propose(user),
        },
    )


@measures_view
@require_POST
def proposals_run(request):
    if not can_propose(request.user):
        raise PermissionDenied(_("只有登记管理机关、相关部门和系统管理员可以生成措施建议。"))
    created = propose_measures(on=timezone.localdate(), actor=request.user)
    visible = proposals_visible_to(request.user).filter(pk__in=[p.pk for p in created]).count()
    messages.success(
        request,
        ngettext(
            "已按规则检查，新增 %(n)d 条措施建议。",
            "已按规则检查，新增 %(n)d 条措施建议。",
            visible,
        )
        % {"n": visible},
    )
    return redirect("measures:proposals")


@measures_view
def proposal_dismiss_view(request, pk: int):
    user = request.user
    proposal = visible_proposal(user, pk)
    if not can_decide(user, proposal):
        raise PermissionDenied(_("只有该协会的登记管理机关或获授权实施该措施的相关部门可以处理这项建议。"))
    form = DismissForm(request.POST or None, initial={"version": proposal.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = submit(
            form,
            proposal_dismiss,
            actor=user,
            proposal=proposal,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        if done is not None:
            messages.success(request, _("已不予采纳该建议，理由已记入修改记录。"))
            return redirect("measures:proposals")
    full = user.role != Role.DEPARTMENT
    return render(
        request,
        "measures/proposal_dismiss.html",
        {
            "proposal": proposal,
            "basis": [basis_label(r, full=full) for r in proposal.basis_records.all()],
            "form": form,
        },
        status=status,
    )
