"""Response headers Django does not set itself (CSP comes from django-csp, the rest from
SecurityMiddleware), the refusal of text no database column can hold, and the end of idle or
too-old sessions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinyong.untrusted import bad_character, bad_character_message, printable

from . import receivers, sessions
from .models import EndReason

# The site uses none of these browser features; nothing embedded in it may either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseBadCharactersMiddleware:
    """A NUL (or a lone surrogate) in the URL, a query parameter, a header, a cookie or, for the
    pages, a form field is refused with 400 and a sentence naming where it was,
    before the view runs (issue 13).

    PostgreSQL cannot hold NUL in text, so such a value reaching a query was a 500 wherever a view
    forgot to check it; no value of this system may contain one, so one rule at the door covers
    every view, present and future. API bodies are checked by the API's parsers
    (``xinyong.api.parsers``), which also see JSON, where lone surrogates can be written.

    A view class with ``refuses_bad_characters_itself`` (the department queries, which log every
    call, refusals included, R-QRY-2) is let through with the sentence in
    ``request.bad_characters`` and must refuse it itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        problem = self._problem(request)
        if problem is None:
            return None
        if getattr(getattr(view_func, "cls", None), "refuses_bad_characters_itself", False):
            request.bad_characters = problem
            return None
        return self._refuse(request, problem)

    def _problem(self, request) -> str | None:
        if kind := bad_character(request.path):
            return bad_character_message(kind, _("网址"))
        for name, values in request.GET.lists():
            for text in (name, *values):
                if kind := bad_character(text):
                    return bad_character_message(
                        kind, _("查询参数“%(name)s”") % {"name": printable(name)[:50]}
                    )
        for name, value in request.COOKIES.items():
            if kind := bad_character(f"{name}{value}"):
                return bad_character_message(kind, _("Cookie “%(name)s”") % {"name": printable(name)[:50]})
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and (kind := bad_character(value)):
                header = key.removeprefix("HTTP_").replace("_", "-").title()
                return bad_character_message(kind, _("请求头 %(name)s ") % {"name": header})
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and request.content_type in FORM_TYPES
            and not request.path.startswith("/api/")
        ):
            return form_problem(request.POST)
        return None

    def _refuse(self, request, message: str):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": message, "code": "invalid_characters"},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        # Rendered without the request, whose address, cookie or session may be what is refused
        # (the page must neither echo it nor look the session up); the header's forms still get
        # a CSRF token, which comes from the cookie and is checked for format.
        return HttpResponseBadRequest(
            render_to_string("400.html", {"message": message, "csrf_token": get_token(request)})
        )


def form_problem(data) -> str | None:
    """The sentence for the first form field holding a character no column can hold. (Uploaded
    files' names need no check: Django drops non-printable characters from them.)"""
    for name, values in data.lists():
        for text in (name, *values):
            if isinstance(text, str) and (kind := bad_character(text)):
                return bad_character_message(kind, _("表单字段“%(name)s”") % {"name": printable(name)[:50]})
    return None


class SessionTimeoutMiddleware:
    """Ends a signed-in session that has been idle too long (settings.XINYONG_IDLE_MINUTES_STAFF
    for staff, supervisors, administrators and auditors; XINYONG_IDLE_MINUTES_OTHER for
    associations and departments) or signed in for more than XINYONG_SESSION_MAX_HOURS: logs
    SESSION_EXPIRED, signs out and sends the browser to the sign-in page with a message.

    Whatever the method: a form posted after the timeout is not processed (what was typed is lost;
    the sign-in page returns to the page the form was on); CSRF is checked first, so a post with a
    bad token is still refused as such. Must come after AuthenticationMiddleware (and the OTP
    middleware, which replaces ``request.user``), MessageMiddleware and
    RefuseBadCharactersMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # In process_view, after RefuseBadCharactersMiddleware's: a session cookie it refuses
        # is never looked up. Without a session cookie nobody is signed in; not touching the
        # session then keeps public responses free of "Vary: Cookie".
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            ended = sessions.expiry(request)
            if ended is not None:
                return self._expire(request, ended)
            sessions.session_touch(request)
        return None

    def _expire(self, request, ended: tuple[str, str]):
        setattr(request, receivers.END_REASON, ended)
        logout(request)
        if ended[0] == EndReason.IDLE:
            message = _("长时间未操作，已自动退出登录，请重新登录。")
        else:
            hours = settings.XINYONG_SESSION_MAX_HOURS
            message = ngettext(
                "登录已超过%(n)s小时，请重新登录。", "登录已超过%(n)s小时，请重新登录。", hours
            ) % {"n": hours}
        messages.warning(request, message)
        if request.method in ("GET", "HEAD"):
            next_url = request.get_full_path()
        elif request.path == reverse("accounts:logout"):
            return redirect(settings.LOGIN_URL)
        else:
            # The page the form was posted to; its GET shows the form again.
            next_url = request.path
        return redirect_to_login(next_url, resolve_url(settings.LOGIN_URL))
