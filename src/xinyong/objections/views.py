"""Objection pages: filing and following (association), handling (authority), oversight (R-OBJ-1..4).

Corrections are made on the normal record and 基本信息 pages, opened from the objection with
``?objection=<id>``; those views call the objection's correction services instead of the plain
ones (see ``correction_for``), so the change is linked to the objection in the history.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinyong.accounts.models import Role
from xinyong.accounts.views import office_view, submit
from xinyong.history.selectors import entries_for
from xinyong.objections.history_types import ObjectType
from xinyong.records import evidence_files
from xinyong.registry.models import Association

from .choices import DECIDED_STATUSES, OPEN_STATUSES, ObjectionStatus
from .deadlines import countdown
from .forms import ConcludeForm, ObjectionForm, VerifyForm, WithdrawForm, record_summary
from .models import Objection, ObjectionAttachment
from .permissions import can_file_for, can_handle, can_view
from .selectors import objections_visible_to
from .services import (
    Attachment,
    objection_conclude,
    objection_file,
    objection_verify,
    objection_withdraw,
)

PAGE_SIZE = 20
FILTERS = {
    "open": lambda qs, today: qs.filter(status__in=OPEN_STATUSES),
    "overdue": lambda qs, today: qs.filter(status__in=OPEN_STATUSES, due_on__lt=today),
    "decided": lambda qs, today: qs.filter(status__in=DECIDED_STATUSES),
    "withdrawn": lambda qs, today: qs.filter(status=ObjectionStatus.WITHDRAWN),
    "all": lambda qs, today: qs,
}


@office_view
def objection_list(request):
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    if show not in FILTERS:
        show = "open"
    objections = FILTERS[show](objections_visible_to(request.user), today)
    if show in ("open", "overdue"):
        objections = objections.order_by("due_on", "id")
    page = Paginator(objections, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(o, countdown(o, today=today) if o.is_open else None) for o in page]
    user = request.user
    return render(
        request,
        "objections/objection_list.html",
        {
            "page": page,
            "rows": rows,
            "show": show,
            "filters": [
                ("open", _("未办结")),
                ("overdue", _("已超期")),
                ("decided", _("已办结")),
                ("withdrawn", _("已撤回")),
                ("all", _("全部")),
            ],
            "query": f"show={show}",
            "can_file": user.role == Role.ASSOCIATION,
        },
    )


@office_view
def objection_create(request):
    user = request.user
    if user.role != Role.ASSOCIATION or not user.association_id:
        raise PermissionDenied(_("只有协会本身的账号可以对其信用信息提出异议。"))
    association = get_object_or_404(Association, pk=user.association_id)
    initial = {"records": [r for r in request.GET.getlist("record") if r.isdigit()]}
    form = ObjectionForm(
        request.POST or None, request.FILES or None, association=association, initial=initial
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        objection, status = submit(
            form,
            objection_file,
            field_map={"items": "records"},
            actor=user,
            association=association,
            records=list(data["records"]),
            basic_fields=data["basic_fields"],
            statement=data["statement"],
            attachments=[Attachment(file=f, name=f.name) for f in data["attachments"]],
        )
        if objection is not None:
            messages.success(
                request,
                _("异议已提交（编号 %(number)s）。%(authority)s 应在 %(due)s 前核实并答复。")
                % {
                    "number": objection.number,
                    "authority": objection.authority.name,
                    "due": objection.due_on.isoformat(),
                },
            )
            return redirect("objections:detail", pk=objection.pk)
    return render(
        request,
        "objections/objection_form.html",
        {
            "form": form,
            "association": association,
            "file_lost": bool(request.FILES) and bool(form.errors),
        },
        status=status,
    )


def visible_objection(user, pk: int) -> Objection:
    objection = get_object_or_404(Objection.objects.select_related("association", "authority"), pk=pk)
    if not can_view(user, objection):
        raise PermissionDenied(_("只有提出异议的协会、收到异议的登记管理机关和监督机关可以查看该异议。"))
    return objection


@office_view
def objection_detail(request, pk: int):
    return _detail(request, pk)


def _detail(request, pk: int, forms: dict | None = None, status: int = 200):
    objection = visible_objection(request.user, pk)
    user = request.user
    today = timezone.localdate()
    items = []
    for item in objection.items.select_related("record"):
        if item.record_id:
            items.append({"item": item, "label": record_summary(item.record), "record": item.record})
        else:
            field = Association._meta.get_field(item.basic_field)
            items.append({"item": item, "label": field.verbose_name, "record": None})
    handler = can_handle(user, objection)
    filer = can_file_for(user, objection.association)
    version = {"version": objection.version}
    forms = forms or {}
    context = {
        "objection": objection,
        "items": items,
        "countdown": countdown(objection, today=today) if objection.is_open else None,
        "attachments": objection.attachments.all(),
        "corrections": objection.corrections.select_related("entry"),
        "entries": entries_for(object_type=ObjectType.OBJECTION, object_id=objection.pk),
        "handler": handler,
        "filer": filer,
        "withdraw_form": forms.get("withdraw") or (WithdrawForm(initial=version) if filer else None),
        "verify_form": forms.get("verify") or (VerifyForm(initial=version) if handler else None),
        "conclude_form": forms.get("conclude") or (ConcludeForm(initial=version) if handler else None),
        "verifying": objection.status == ObjectionStatus.VERIFYING,
    }
    return render(request, "objections/objection_detail.html", context, status=status)


def _act(request, pk: int, name: str, form_class, service, success: str, **fields):
    objection = visible_objection(request.user, pk)
    form = form_class(request.POST)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        done, status = submit(
            form,
            service,
            actor=request.user,
            objection=objection,
            expected_version=data["version"],
            **{key: data[field] for key, field in fields.items()},
        )
        if done is not None:
            messages.success(request, success)
            return redirect("objections:detail", pk=pk)
    return _detail(request, pk, forms={name: form}, status=status)


@office_view
@require_POST
def objection_withdraw_view(request, pk: int):
    return _act(request, pk, "withdraw", WithdrawForm, objection_withdraw, _("异议已撤回。"), reason="reason")


@office_view
@require_POST
def objection_verify_view(request, pk: int):
    return _act(
        request,
        pk,
        "verify",
        VerifyForm,
        objection_verify,
        _("已开始核实，协会已收到通知。需要更正的，请在下面逐项更正。"),
        note="note",
    )


@office_view
@require_POST
def objection_conclude_view(request, pk: int):
    return _act(
        request,
        pk,
        "conclude",
        ConcludeForm,
        objection_conclude,
        _("异议已办结，核实结果已告知协会。"),
        outcome="outcome",
        explanation="explanation",
    )


def correction_objection(request, association_id: int) -> Objection | None:
    """The objection named by ``?objection=<id>`` on a record or 基本信息 page, when the change made
    there answers it; None without the parameter. Refused clearly when it cannot be used."""
    raw = request.GET.get("objection", "")
    if not raw:
        return None
    objection = get_object_or_404(
        Objection.objects.select_related("authority"), pk=raw if raw.isdigit() else 0
    )
    if not can_handle(request.user, objection) or objection.association_id != association_id:
        raise PermissionDenied(_("只有收到该异议的登记管理机关可以据此更正信息。"))
    return objection


def corrected(request, objection: Objection):
    messages.success(
        request,
        _("已依异议 %(number)s 更正，更正前后的内容已记入修改记录。全部更正后，请办结异议。")
        % {"number": objection.number},
    )
    return redirect("objections:detail", pk=objection.pk)


@office_view
def attachment_download(request, pk: int):
    attachment = get_object_or_404(ObjectionAttachment.objects.select_related("objection"), pk=pk)
    visible_objection(request.user, attachment.objection_id)
    return evidence_files.private_download(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        missing=_("文件不存在。"),
    )
