"""Back-office pages for bulk import (R-EXC-1, R-INF-1): upload, the list of batches, one batch,
its report, and the templates. Thin: the work is ``services.batch_import``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from xinyong.accounts.forms import add_service_errors
from xinyong.accounts.views import office_view, refuse
from xinyong.errors import DomainError, NotAllowed

from . import permissions, selectors, storage, template_files
from .choices import BatchChannel, BatchStatus
from .forms import ImportForm
from .services import Attachment, batch_import, report_path
from .submitter import Submitter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@office_view
def batch_list(request):
    if not permissions.can_read_batches(request.user):
        raise PermissionDenied(_("只有登记管理机关工作人员、监督机关和系统管理员可以查看导入批次。"))
    can_import = permissions.can_import(request.user)
    form = ImportForm(request.POST or None, request.FILES or None) if can_import else None
    status = 200
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied(_("只有登记管理机关工作人员可以导入数据。"))
        if form.is_valid():
            outcome, status = _submit(request, form)
            if outcome is not None:
                if outcome.batch is None:
                    return _dry_run_result(request, form, outcome)
                return redirect("exchange:detail", pk=outcome.batch.pk)
    page = Paginator(selectors.batches_visible_to(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/batch_list.html",
        {
            "form": form,
            "page": page,
            "templates": template_files.names(),
            "max_mb": storage.max_bytes() // 2**20,
        },
        status=status,
    )


def _submit(request, form):
    data = form.cleaned_data
    upload = data["file"]
    try:
        outcome = batch_import(
            submitter=Submitter.staff(request.user),
            source=upload,
            file_name=upload.name,
            channel=BatchChannel.OFFICE,
            kind=data["kind"],
            evidence=[Attachment(f.name, f) for f in data["evidence"]],
            reason=data["reason"],
            dry_run=data["dry_run"],
        )
    except NotAllowed as exc:
        raise refuse(exc) from exc
    except DomainError as exc:
        form.add_error("file", str(exc))
        return None, exc.status_code
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, 200
    if outcome.refused:
        # A file beyond the limits that protect the server: said at the file field, like a file
        # that is too large.
        form.add_error("file", outcome.message)
        return None, 400
    if outcome.duplicate:
        messages.info(
            request,
            _("这个文件此前已经导入（批次 #%(id)d），本次没有新增任何数据。") % {"id": outcome.batch.pk},
        )
    elif outcome.status == BatchStatus.APPLIED:
        messages.success(
            request,
            _("已导入：新增 %(created)d 条，已存在 %(present)d 条。")
            % {"created": outcome.created, "present": outcome.present},
        )
        if outcome.warning_count:
            messages.warning(request, outcome.warnings_text)
    elif outcome.status == BatchStatus.REJECTED:
        messages.error(request, _("文件有误，已退回，没有写入任何数据：请下载错误报告，改正后重新提交。"))
    elif outcome.status == BatchStatus.FAILED:
        messages.error(request, outcome.message)
    return outcome, 200


def _dry_run_result(request, form, outcome):
    return render(
        request,
        "exchange/dry_run.html",
        {"outcome": outcome, "form": form, "report_name": outcome.report.name if outcome.report else ""},
        status=200,
    )


def _batch_for(user, pk: int):
    if not permissions.can_read_batches(user):
        raise PermissionDenied(_("只有登记管理机关工作人员、监督机关和系统管理员可以查看导入批次。"))
    return get_object_or_404(selectors.batches_visible_to(user), pk=pk)


@office_view
def batch_detail(request, pk: int):
    batch = _batch_for(request.user, pk)
    return render(
        request, "exchange/batch_detail.html", {"batch": batch, "has_report": bool(batch.report_file)}
    )


@office_view
def batch_report(request, pk: int):
    batch = _batch_for(request.user, pk)
    path = report_path(batch)
    if path is None or not path.is_file():
        raise Http404(_("该批次没有错误报告。"))
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=f"batch-{batch.pk}-report.csv", content_type="text/csv"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@office_view
def template_download(request, name: str, ext: str):
    if not permissions.can_read_batches(request.user):
        raise PermissionDenied(_("只有登记管理机关工作人员、监督机关和系统管理员可以查看导入批次。"))
    try:
        if ext == "csv":
            body, content_type = template_files.template_csv(name), "text/csv; charset=utf-8"
        elif ext == "xlsx":
            body, content_type = template_files.template_xlsx(name), XLSX
        else:
            raise Http404
    except KeyError as exc:
        raise Http404 from exc
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="xinyong-template-{name}.{ext}"'
    return response
