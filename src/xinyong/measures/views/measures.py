"""Measure pages: list, detail, apply (from an association or a proposal) and lift (R-MEA-1)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinyong.accounts.models import Role
from xinyong.accounts.views import submit
from xinyong.history.selectors import entries_for
from xinyong.measures.history_types import ObjectType
from xinyong.registry.models import Association, normalize_text
from xinyong.registry.uscc import validate_uscc

from .. import permissions
from ..choices import MeasureState, ProposalStatus
from ..forms import ApplyForm, AssociationPickForm, LiftForm, MeasureFilterForm, basis_label
from ..selectors import basis_candidates, kinds_applicable_by, measures_visible_to, state_filter
from ..services import measure_apply, measure_lift
from .common import PAGE_SIZE, measures_view, office_only, visible_measure, visible_proposal


@measures_view
def measure_list(request):
    user = request.user
    office_only(user)
    today = timezone.localdate()
    measures = measures_visible_to(user)
    form = MeasureFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["direction"]:
            measures = measures.filter(kind__direction=data["direction"])
        if data["kind"]:
            measures = measures.filter(kind=data["kind"])
        if data["state"]:
            measures = state_filter(measures, data["state"], on=today)
        q = data["q"].strip()
        if q:
            measures = measures.filter(
                Q(association__uscc=q.upper()) | Q(association__name_normalized__contains=normalize_text(q))
            )
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "measures/measure_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(m, m.state_on(today)) for m in page],
            "query": query.urlencode(),
            "can_apply": permissions.may_apply_somewhere(user),
        },
    )


@measures_view
def measure_detail(request, pk: int):
    return _detail(request, pk)


def _detail(request, pk: int, lift_form=None, status: int = 200):
    user = request.user
    measure = visible_measure(user, pk)
    today = timezone.localdate()
    state = measure.state_on(today)
    can_lift = permissions.can_lift(user, measure) and state in (MeasureState.IN_FORCE, MeasureState.UPCOMING)
    full = user.role != Role.DEPARTMENT
    basis = [(r, basis_label(r, full=full)) for r in measure.basis_records.order_by("-event_date", "id")]
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "state": state,
            "basis": basis,
            "link_records": full,
            "link_association": user.role != Role.DEPARTMENT,
            "can_lift": can_lift,
            "lift_form": lift_form or (LiftForm(initial={"version": measure.version}) if can_lift else None),
            "entries": entries_for(object_type=ObjectType.MEASURE, object_id=measure.pk),
        },
        status=status,
    )


@measures_view
@require_POST
def measure_lift_view(request, pk: int):
    measure = visible_measure(request.user, pk)
    form = LiftForm(request.POST)
    status = 200
    if form.is_valid():
        done, status = submit(
            form,
            measure_lift,
            actor=request.user,
            measure=measure,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        if done is not None:
            messages.success(request, _("措施已解除，解除理由已记入修改记录，协会已收到通知。"))
            return redirect("measures:detail", pk=pk)
    return _detail(request, pk, lift_form=form, status=status)


def _refuse_apply(user, association: Association | None) -> None:
    if not permissions.may_apply_somewhere(user):
        raise PermissionDenied(_("只有登记管理机关工作人员和获授权的相关部门可以实施激励惩戒措施。"))
    if not kinds_applicable_by(user, association).exists():
        if user.role == Role.DEPARTMENT:
            raise PermissionDenied(_("本部门尚未获授权实施任何激励惩戒措施；请联系系统管理员授权。"))
        raise PermissionDenied(
            _("只有该协会的登记管理机关（%(authority)s）或获授权的相关部门可以对其实施激励惩戒措施。")
            % {"authority": association.authority.name}
        )


def _pick_association(request):
    """No association named yet: ask for its code (departments reach any association this way)."""
    user = request.user
    _refuse_apply(user, None)
    form = AssociationPickForm(request.GET if "uscc" in request.GET else None)
    if form.is_valid():
        try:
            code = validate_uscc(form.cleaned_data["uscc"])
        except ValidationError as exc:
            form.add_error("uscc", exc)
        else:
            association = Association.objects.filter(uscc=code).first()
            if association is None:
                form.add_error("uscc", _("没有统一社会信用代码为 %(code)s 的协会。") % {"code": code})
            else:
                return redirect(f"{request.path}?association={association.pk}")
    return render(request, "measures/measure_pick.html", {"form": form})


@measures_view
def measure_apply_view(request):
    user = request.user
    today = timezone.localdate()
    proposal = None
    raw_proposal = request.GET.get("proposal", "")
    raw_association = request.GET.get("association", "")
    if raw_proposal:
        proposal = visible_proposal(user, int(raw_proposal) if raw_proposal.isdigit() else 0)
        if not permissions.can_decide(user, proposal):
            raise PermissionDenied(
                _("只有该协会的登记管理机关或获授权实施该措施的相关部门可以处理这项建议。")
            )
        if proposal.status != ProposalStatus.PENDING:
            messages.error(
                request, _("该措施建议已经处理过（%(status)s）。") % {"status": proposal.get_status_display()}
            )
            return redirect("measures:proposals")
        association = proposal.association
    elif raw_association:
        association = get_object_or_404(
            Association.objects.select_related("authority"),
            pk=raw_association if raw_association.isdigit() else 0,
        )
    else:
        return _pick_association(request)
    _refuse_apply(user, association)
    kinds = kinds_applicable_by(user, association)
    initial = {"start_on": today}
    if proposal is not None:
        initial |= {
            "kind": proposal.kind_id,
            "basis_records": list(proposal.basis_records.values_list("pk", flat=True)),
            "end_on": today + timedelta(days=proposal.duration_days - 1),
            "reason": _("依据规则“%(rule)s”的建议实施。") % {"rule": proposal.rule.name},
        }
    form = ApplyForm(
        request.POST or None,
        kinds=kinds,
        records=basis_candidates(user, association),
        full_labels=user.role != Role.DEPARTMENT,
        initial=initial,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        measure, status = submit(
            form,
            measure_apply,
            actor=user,
            association=association,
            kind=data["kind"],
            basis_records=list(data["basis_records"]),
            start_on=data["start_on"],
            end_on=data["end_on"],
            reason=data["reason"],
            decision_number=data["decision_number"],
            proposal=proposal,
        )
        if measure is not None:
            messages.success(
                request,
                _("已对%(name)s实施“%(kind)s”（%(start)s 至 %(end)s），协会已收到通知。")
                % {
                    "name": association.name,
                    "kind": measure.kind.name,
                    "start": measure.start_on.isoformat(),
                    "end": measure.end_on.isoformat(),
                },
            )
            return redirect("measures:detail", pk=measure.pk)
    return render(
        request,
        "measures/measure_apply.html",
        {
            "form": form,
            "association": association,
            "proposal": proposal,
            "link_association": user.role == Role.STAFF,
        },
        status=status,
    )
