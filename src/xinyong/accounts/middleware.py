"""The second factor at the door: a signed-in session counts only once it has passed it.

A session *owes* a second factor when its user is signed in with a password but the session is
not OTP-verified, and either the user has enrolled (a confirmed authenticator or recovery codes:
then always, whatever the setting) or ``settings.XINYONG_REQUIRE_2FA`` is on and the role must
have one (``User.needs_second_factor``: staff, supervisors, administrators, auditors). Such a
request is handled by one rule:

1. The two-factor sign-in pages themselves (verify, and setup while not enrolled) and sign-out
   see the real user; each of those views checks the user's state itself.
2. Every other request is served as to an anonymous visitor: ``request.user`` is replaced by
   AnonymousUser before any view runs. The public site works as for anyone; nothing that needs
   an account can be read or changed (no office page, evidence file or form post), whether or not
   its path is listed anywhere, because every such view already refuses anonymous visitors.
3. For convenience, the back office (``/office/``, the rest of ``/accounts/two-factor/``) and any
   page that answers an anonymous visitor with the sign-in page instead send the user to the
   verify page (enrolled) or the setup page (not yet), with ``next`` for a GET. The back office
   is redirected before its view runs.

Partner departments and association accounts that have not enrolled owe nothing; one that has
enrolled verifies like everyone else.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse

from .two_factor import has_second_factor

BACK_OFFICE_PREFIXES = ("/office/",)


def owed_page(request) -> str | None:
    """The URL name of the page the session must pass first, or None when it owes nothing."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if has_second_factor(user):
        return "accounts:two_factor_verify"
    if settings.XINYONG_REQUIRE_2FA and user.needs_second_factor:
        return "accounts:two_factor_setup"
    return None


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware (which tells whether the session is verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = getattr(request, "_xy_owed_page", None)
        if page and self._is_sign_in_redirect(response):
            return self._send_to(page, request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # In process_view, not before: the request has passed RefuseBadCharactersMiddleware, so a
        # session cookie holding a NUL is refused before any session is looked up with it.
        owed = owed_page(request)
        if owed is None:
            return None
        page = reverse(owed)
        if request.path in (page, reverse("accounts:logout")):
            return None
        if request.path.startswith((*BACK_OFFICE_PREFIXES, reverse("accounts:two_factor"))):
            return self._send_to(page, request)
        anonymous = AnonymousUser()
        request.user = anonymous

        async def auser():
            return anonymous

        request.auser = auser
        request._xy_owed_page = page
        return None

    @staticmethod
    def _send_to(page: str, request) -> HttpResponseRedirect:
        if request.method in ("GET", "HEAD"):
            page = f"{page}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(page)

    @staticmethod
    def _is_sign_in_redirect(response) -> bool:
        if response.status_code != 302:
            return False
        return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
