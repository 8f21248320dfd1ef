"""Back-office pages: department API keys (administrators) and the query log (R-ACT-6, R-QRY-2).

Issuing shows the key once, in the answer to the form, with ``Cache-Control: no-store``; it is
never put in the session, a message or a URL.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from xinyong.accounts.views import office_view, submit

from . import selectors
from .forms import ApiKeyIssueForm, ApiKeyRevokeForm, QueryLogFilterForm
from .permissions import can_manage_keys, can_read_query_log
from .services import api_key_issue, api_key_revoke

LOG_PAGE_SIZE = 50


def _admin_only(request) -> None:
    if not can_manage_keys(request.user):
        raise PermissionDenied(_("只有系统管理员可以管理接口密钥。"))


@office_view
def key_list(request):
    _admin_only(request)
    return render(request, "api/key_list.html", {"keys": selectors.api_keys()})


@office_view
def key_issue(request):
    _admin_only(request)
    form = ApiKeyIssueForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        issued, status = submit(
            form,
            api_key_issue,
            actor=request.user,
            department=form.cleaned_data["department"],
            label=form.cleaned_data["label"],
            can_query=form.cleaned_data["can_query"],
            can_deliver=form.cleaned_data["can_deliver"],
        )
        if issued is not None:
            response = render(request, "api/key_issued.html", {"issued": issued})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/key_issue.html", {"form": form}, status=status)


@office_view
def key_revoke(request, pk: int):
    _admin_only(request)
    api_key = get_object_or_404(selectors.api_keys(), pk=pk)
    form = ApiKeyRevokeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        revoked, status = submit(
            form, api_key_revoke, actor=request.user, api_key=api_key, reason=form.cleaned_data["reason"]
        )
        if revoked is not None:
            messages.success(
                request,
                _("接口密钥“%(label)s”（%(prefix)s）已吊销，此后用它的请求都会被拒绝。")
                % {"label": revoked.label, "prefix": revoked.display_prefix},
            )
            return redirect("api:keys")
    return render(request, "api/key_revoke.html", {"form": form, "key": api_key}, status=status)


@office_view
def log_list(request):
    if not can_read_query_log(request.user):
        raise PermissionDenied(_("只有系统管理员和北京市民政局可以查看部门查询记录。"))
    form = QueryLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.query_log(
        department=filters.get("department"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "api/query_log.html",
        {"form": form, "page": page, "query": query.urlencode(), "can_manage": can_manage_keys(request.user)},
    )
