"""Changes to a recorded record and its evidence, and the private evidence download.

Only the recording authority may change a record (R-REC-2). The pages check it first so that a
refused user sees the refusal, not a form; the services check it again inside their transaction.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinyong.accounts.views import office_view, refuse, submit
from xinyong.errors import NotAllowed
from xinyong.extensions import correction_for
from xinyong.history.merge import merge_after_refusal
from xinyong.records import evidence_files, permissions
from xinyong.records.forms import (
    EVIDENCE_FIELD_MAP,
    EvidenceForm,
    EvidenceRevokeForm,
    ReasonForm,
    RecordForm,
    RevokeForm,
    record_initial,
)
from xinyong.records.history_types import ObjectType
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.services import (
    evidence_add,
    evidence_revoke,
    record_finalize,
    record_modify,
    record_revoke,
)


def changeable_record(user, pk: int) -> CreditRecord:
    record = get_object_or_404(CreditRecord.objects.select_related("association", "recorded_by"), pk=pk)
    try:
        permissions.ensure_can_change(user, record)
    except NotAllowed as exc:
        raise refuse(exc) from exc
    return record


def _render(request, template, record, form, status, **extra):
    return render(request, template, {"record": record, "form": form, **extra}, status=status)


@office_view
def record_modify_view(request, pk: int):
    record = changeable_record(request.user, pk)
    correction = correction_for(request, record.association_id)

    def make_form(data=None, initial=None):
        return RecordForm(data, initial=initial, kind=record.kind, creating=False)

    form = make_form(request.POST or None, record_initial(record))
    status, merge = 200, None
    if request.method == "POST" and form.is_valid():
        changed, status = submit(
            form,
            correction.modify_record if correction else record_modify,
            actor=request.user,
            record=record,
            changes=form.record_data(),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            confidentiality=form.cleaned_data["confidentiality"],
            confidential_fields=form.marks(),
        )
        if changed is not None:
            if correction:
                return correction.done(request)
            messages.success(request, _("修改已保存，修改前后的内容已记入修改记录。"))
            return redirect("records:detail", pk=record.pk)
        if status == 409:
            merge = merge_after_refusal(
                form, make_form=make_form, obj=record, object_type=ObjectType.RECORD, initial=record_initial
            )
            form = merge.form if merge else form
    return _render(
        request,
        "records/record_form.html",
        record,
        form,
        status,
        association=record.association,
        kind_label=record.get_kind_display(),
        creating=False,
        merge=merge,
        objection=correction.subject if correction else None,
    )


# Actions that take only a reason (and the version the clerk saw): form, service, success message.
REASONED_ACTIONS = {
    "finalize": (ReasonForm, record_finalize, gettext_lazy("已转为正式记录。")),
    "revoke": (
        RevokeForm,
        record_revoke,
        gettext_lazy("记录已撤销。它不再公示，但仍保留在系统和修改记录中。"),
    ),
}


def _reasoned_action(request, pk: int, action: str):
    record = changeable_record(request.user, pk)
    form_class, service, success = REASONED_ACTIONS[action]
    correction = correction_for(request, record.association_id) if action == "revoke" else None
    if correction:
        service = correction.revoke_record
    form = form_class(request.POST or None, initial={"version": record.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = submit(
            form,
            service,
            actor=request.user,
            record=record,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        if done is not None:
            if correction:
                return correction.done(request)
            messages.success(request, success)
            return redirect("records:detail", pk=record.pk)
    objection = correction.subject if correction else None
    return _render(
        request, "records/record_action.html", record, form, status, action=action, objection=objection
    )


@office_view
def record_finalize_view(request, pk: int):
    return _reasoned_action(request, pk, "finalize")


@office_view
def record_revoke_view(request, pk: int):
    return _reasoned_action(request, pk, "revoke")


@office_view
def evidence_add_view(request, pk: int):
    record = changeable_record(request.user, pk)
    form = EvidenceForm(request.POST or None, request.FILES or None, category=record.category)
    status = 200
    if request.method == "POST" and form.is_valid():
        added, status = submit(
            form,
            evidence_add,
            field_map=EVIDENCE_FIELD_MAP,
            actor=request.user,
            record=record,
            item=form.evidence_input(),
            reason=form.cleaned_data["reason"],
        )
        if added is not None:
            messages.success(request, _("证明材料已添加。"))
            return redirect("records:detail", pk=record.pk)
    return _render(
        request,
        "records/evidence_form.html",
        record,
        form,
        status,
        file_lost=bool(request.FILES) and bool(form.errors),
    )


@office_view
def evidence_revoke_view(request, pk: int):
    evidence = get_object_or_404(Evidence, pk=pk)
    record = changeable_record(request.user, evidence.record_id)
    form = EvidenceRevokeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = submit(
            form, evidence_revoke, actor=request.user, evidence=evidence, reason=form.cleaned_data["reason"]
        )
        if done is not None:
            messages.success(request, _("证明材料已撤销。"))
            return redirect("records:detail", pk=record.pk)
    return _render(request, "records/evidence_revoke.html", record, form, status, evidence=evidence)


@office_view
def evidence_download(request, pk: int):
    """Evidence is never public (R-EVD-2): only users who see everything about the record get it."""
    evidence = get_object_or_404(Evidence.objects.select_related("record__association"), pk=pk)
    if not permissions.can_view_internal(request.user, evidence.record):
        raise PermissionDenied(
            _("证明材料不公开：只有记录机关、该协会的登记管理机关、监督机关和该协会本身可以下载。")
        )
    return evidence_files.private_download(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
        missing=_("证明材料文件不存在。"),
    )
