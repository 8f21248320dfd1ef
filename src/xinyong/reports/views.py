"""Report pages (R-QRY-4): issue from the public profile or the back office, and verify.

Thin adapters over ``services.report_issue`` and ``verification``: the public button issues the
public version as of today (a POST, limited per client address for anonymous visitors); signed-in
association accounts and staff choose version and date; anyone checks a number and code, and may
upload the PDF to see whether it is byte for byte the file that was issued.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_POST

from xinyong.accounts.views import office_view, submit
from xinyong.errors import NotAllowed
from xinyong.registry.models import Association
from xinyong.registry.uscc import normalize as normalize_uscc
from xinyong.registry.views.access import association_for
from xinyong.security.throttle import Rule, client_ip, too_many_requests

from . import conf
from .choices import ReportVersion
from .forms import ReportRequestForm, UploadForm, VerifyStartForm
from .models import IssuedReport
from .permissions import can_issue_full, ensure_can_issue
from .services import Issued, report_issue
from .verification import check_file, content_currency, genuine_report, register_intact, stored_content

RECENT_REPORTS = 20


def _throttled(request, scope: str) -> HttpResponse | None:
    """The 429 page when this client address is over the limit of ``scope``; else count the hit."""
    limits = conf.rate_limits().get(scope)
    if not limits:
        return None
    rule = Rule(f"report-{scope}", *limits)
    ident = client_ip(request)
    wait = rule.retry_after(ident)
    if wait:
        return too_many_requests(request, wait)
    rule.hit(ident)
    return None


def _pdf_response(issued: Issued) -> HttpResponse:
    response = HttpResponse(issued.pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"信用报告-{issued.report.number}.pdf"
    )
    response["Cache-Control"] = "no-store"
    return response


def _unavailable(request, message: str) -> HttpResponse:
    return render(request, "reports/unavailable.html", {"message": message}, status=503)


@require_POST
def public_issue(request, uscc: str):
    """The public profile's button: the public version as of today, for anyone."""
    association = get_object_or_404(
        Association.objects.select_related("authority"), uscc=normalize_uscc(uscc)
    )
    if not request.user.is_authenticated and (refused := _throttled(request, "issue")):
        return refused
    try:
        issued = report_issue(actor=request.user, association=association, version=ReportVersion.PUBLIC)
    except NotAllowed as exc:  # not raised for the public version; kept so a rule change fails closed
        raise PermissionDenied(str(exc)) from exc
    except conf.ReportUnavailable as exc:
        return _unavailable(request, str(exc))
    return _pdf_response(issued)


@office_view
def issue_form(request, pk: int):
    """Back office: choose version and as-of date (the full version only for those allowed)."""
    association = association_for(request.user, pk)
    full_allowed = can_issue_full(request.user, association)
    if request.method == "POST":
        try:
            ensure_can_issue(request.user, association, request.POST.get("version", ""))
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
    form = ReportRequestForm(request.POST or None, full_allowed=full_allowed)
    status = 200
    if request.method == "POST" and form.is_valid():
        issued, status = submit(
            form,
            report_issue,
            actor=request.user,
            association=association,
            version=form.cleaned_data["version"],
            as_of=form.cleaned_data["as_of"],
        )
        if issued is not None:
            return _pdf_response(issued)
    reports = None
    if full_allowed:
        reports = IssuedReport.objects.filter(association=association).select_related("requested_by")
        reports = reports[:RECENT_REPORTS]
    return render(
        request,
        "reports/issue_form.html",
        {"association": association, "form": form, "full_allowed": full_allowed, "reports": reports},
        status=status,
    )


def verify_start(request):
    """Type the number and code printed on the report."""
    form = VerifyStartForm(request.GET or None, initial={"number": request.GET.get("number", "")})
    if request.GET.get("code") and form.is_valid():
        url = reverse("reports:verify", args=[form.cleaned_data["number"]])
        return redirect(f"{url}?{urlencode({'code': form.cleaned_data['code']})}")
    return render(request, "reports/verify_start.html", {"form": form})


def verify(request, number: str):
    """Whether ``number`` with ``code`` was issued here, what it says, and whether a file is it."""
    if refused := _throttled(request, "verify"):
        return refused
    code = (request.POST if request.method == "POST" else request.GET).get("code", "")
    if not code:
        form = VerifyStartForm(initial={"number": number})
        return render(request, "reports/verify_start.html", {"form": form})
    report = genuine_report(number, code)
    if report is None:
        # Wrong number and wrong code look the same, so the page reveals nothing about either.
        return render(request, "reports/not_genuine.html", {"number": number}, status=404)
    check = None
    if request.method == "POST":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            check = check_file(report, upload.cleaned_data["file"])
    else:
        upload = UploadForm(initial={"code": code})
    content = stored_content(report)
    return render(
        request,
        "reports/verify.html",
        {
            "report": report,
            "content": content,
            "currency": content_currency(report, content),
            "intact": register_intact(report),
            "upload": upload,
            "check": check,
            "code": code,
            "verify_url": f"{reverse('reports:verify', args=[report.number])}?{urlencode({'code': code})}",
        },
    )
