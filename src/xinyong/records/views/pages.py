"""Recording a credit record (R-INF-2..8) and reading it in the back office."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xinyong.accounts.views import office_view, refuse, submit
from xinyong.errors import NotAllowed
from xinyong.records import permissions
from xinyong.records.choices import RecordStatus
from xinyong.records.forms import EVIDENCE_FIELD_MAP, RecordForm
from xinyong.records.kinds import KINDS, spec_for
from xinyong.records.models import CreditRecord
from xinyong.records.services import record_create
from xinyong.registry.choices import Confidentiality
from xinyong.registry.views.access import association_for

from .status import publication_notes


def record_for(user, pk: int) -> CreditRecord:
    """The record, if the user may see everything about it (R-ACT-2, R-ACT-3, R-ACT-5)."""
    record = get_object_or_404(CreditRecord.objects.select_related("association", "recorded_by"), pk=pk)
    if not permissions.can_view_internal(user, record):
        raise PermissionDenied(
            _("你无权查看该信用记录：只有记录机关、该协会的登记管理机关、监督机关和该协会本身可以查看。")
        )
    return record


@office_view
def record_create_view(request, association_id: int, kind: str):
    if kind not in KINDS:
        raise Http404
    association = association_for(request.user, association_id)
    try:
        permissions.ensure_can_record_for(request.user, association)
    except NotAllowed as exc:
        raise refuse(exc) from exc
    form = RecordForm(request.POST or None, request.FILES or None, kind=kind, creating=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        evidence = form.evidence_input()
        record, status = submit(
            form,
            record_create,
            field_map=EVIDENCE_FIELD_MAP,
            actor=request.user,
            association=association,
            kind=kind,
            data=form.record_data(),
            reason=form.cleaned_data["reason"],
            evidence=[evidence] if evidence else [],
            confidentiality=form.cleaned_data["confidentiality"],
            confidential_fields=form.marks(),
            draft=request.POST.get("action") == "draft",
        )
        if record is not None:
            if record.status == RecordStatus.DRAFT:
                messages.success(request, _("已保存为草稿。草稿不会公示；添加证明材料后可转为正式记录。"))
            else:
                messages.success(request, _("已正式记录。"))
            return redirect("records:detail", pk=record.pk)
    return render(
        request,
        "records/record_form.html",
        {
            "form": form,
            "association": association,
            "kind_label": spec_for(kind).kind.label,
            "creating": True,
            "file_lost": bool(request.FILES) and bool(form.errors),
        },
        status=status,
    )


@office_view
def record_detail(request, pk: int):
    record = record_for(request.user, pk)
    spec = spec_for(record.kind)
    marks = dict(Confidentiality.choices)
    fields = []
    for fs in spec.fields:
        value = getattr(record, fs.column)
        display = getattr(record, f"get_{fs.column}_display", None)
        if display and value:
            value = display()
        fields.append(
            {
                "label": fs.label,
                "value": value,
                "is_bool": fs.column == "long_term",
                "mark": marks.get(record.confidential_fields.get(fs.column)),
            }
        )
    today = timezone.localdate()
    can_change = permissions.can_change(request.user, record)
    return render(
        request,
        "records/record_detail.html",
        {
            "record": record,
            "fields": fields,
            "mark": marks.get(record.confidentiality),
            "evidence": list(record.evidence.all()),
            "publication": publication_notes([record], on=today)[record.pk],
            "gap_days": (timezone.localtime(record.recorded_at).date() - record.event_date).days,
            "event_label": spec.label("event_date"),
            "can_change": can_change and record.status != RecordStatus.REVOKED,
            "can_finalize": can_change and record.status == RecordStatus.DRAFT,
        },
    )
