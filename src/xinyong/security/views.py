"""The security log for administrators and auditors (等级保护: audit records can be reviewed and
exported by the audit administrator), and every user's own list of signed-in sessions."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinyong.accounts.rules import can_read_security_log
from xinyong.accounts.views import office_view
from xinyong.spreadsheet import safe_row

from .events import security_event
from .forms import SecurityLogFilterForm
from .models import EventKind
from .selectors import security_events
from .sessions import (
    active_sessions,
    browser_summary,
    current_row_id,
    idle_limit,
    lifetime,
    sessions_end_others,
)

PAGE_SIZE = 50


def _readers_only(request) -> None:
    if not can_read_security_log(request.user):
        raise PermissionDenied(_("只有系统管理员和安全审计员可以查看安全日志。"))


def _filtered(form: SecurityLogFilterForm):
    data = form.cleaned_data
    return security_events(
        kind=data.get("kind") or "",
        username=(data.get("username") or "").strip(),
        exact=data.get("match") == "exact",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        client_ip=(data.get("client_ip") or "").strip(),
    )


@office_view
def log_list(request):
    _readers_only(request)
    form = SecurityLogFilterForm(request.GET or None)
    # A filter that does not validate shows its errors above no rows, rather than the whole log
    # under a filter that looks applied.
    if form.is_bound and not form.is_valid():
        events = security_events().none()
    else:
        events = _filtered(form) if form.is_bound else security_events()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "security/log.html", {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(events):
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    # The BOM makes Excel read the file as UTF-8 (Chinese names); every cell is formula-safe.
    yield "\ufeff" + writer.writerow(
        [
            _("编号"),
            _("时间"),
            _("事件"),
            _("事件代码"),
            _("用户名"),
            _("账号编号"),
            _("来源地址"),
            _("浏览器"),
            _("说明"),
        ]
    )
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(
            safe_row(
                [
                    event.pk,
                    timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    event.get_kind_display(),
                    event.kind,
                    event.username,
                    event.user_id or "",
                    event.client_ip,
                    event.user_agent,
                    event.detail,
                ]
            )
        )


def _filter_words(request) -> str:
    return " ".join(f"{name}={value}" for name, value in request.GET.items() if value) or "-"


@office_view
def log_export(request):
    """The filtered rows as CSV, streamed row by row so memory stays bounded however many match.
    The export itself is logged, with its filter."""
    _readers_only(request)
    form = SecurityLogFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "security/log.html", {"form": form, "page": None, "query": ""}, status=400)
    events = _filtered(form)
    security_event(
        kind=EventKind.SECURITY_LOG_EXPORTED,
        request=request,
        user=request.user,
        detail=_filter_words(request),
    )
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="security-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def session_list(request):
    """Open to every role (departments too): anyone may see where they are signed in."""
    current = current_row_id(request)
    rows = [
        (row, browser_summary(row.user_agent), row.pk == current) for row in active_sessions(request.user)
    ]
    context = {
        "rows": rows,
        "idle_minutes": idle_limit(request.user) // 60,
        "max_hours": lifetime() // 3600,
    }
    return render(request, "security/sessions.html", context)


@login_required
@require_POST
def session_end_others(request):
    sessions_end_others(actor=request.user, request=request)
    messages.success(request, _("已退出其他所有会话：在其他设备或浏览器上需要重新登录。"))
    return redirect("accounts:sessions")
