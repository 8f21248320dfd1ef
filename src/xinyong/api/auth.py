"""Authentication of partner departments by API key (R-ACT-4, R-QRY-2, R-EXC-1).

A request carries its key as ``Authorization: Bearer xy_<prefix>_<secret>`` (or, for clients
that cannot set Authorization, ``X-API-Key: xy_…``). On success ``request.auth`` is the
``ApiKey`` row and ``request.user`` a ``DepartmentPrincipal``: the department acting through
that key. It is deliberately not a ``User``: a key belongs to a department, not to a person, and
departments may have no user account at all. Services that record an actor (for example the
history chain) get ``pk = None`` and a name that names the department and the key.

A missing key gives 401 from the permission classes; a malformed, unknown or revoked key gives 401
here, with a message saying which, and is written to the query log; too many of them from one
client address give 429 (``ApiKeyAuthentication``).
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from xinyong.accounts.models import Role
from xinyong.security.throttle import client_ip

from . import keys, params
from .models import ApiKey
from .services import query_log_refused_key
from .throttles import key_failure_rule

# last_used_at is written at most this often per key, so a busy key costs no write per request.
TOUCH_EVERY = timedelta(minutes=1)


class DepartmentPrincipal:
    """``request.user`` for a request made with a department's API key. Not a person's account."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None
    role = Role.DEPARTMENT
    authority = None
    authority_id = None
    association = None
    association_id = None
    reads_everything = False
    is_staff_of_authority = False

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key
        self.department = api_key.department
        self.department_id = api_key.department_id

    def get_username(self) -> str:
        return f"{self.department.name} · xy_{self.api_key.prefix}"

    def __str__(self) -> str:
        return self.get_username()

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perm_list, obj=None) -> bool:
        return False

    def has_module_perms(self, module) -> bool:
        return False


class KeyRefused(exceptions.AuthenticationFailed):
    """401 for a presented key, carrying what the query log needs to name it."""

    def __init__(self, detail, code: str, *, presented: str, api_key: ApiKey | None = None):
        super().__init__(detail, code)
        self.presented = presented
        self.api_key = api_key


def _invalid(presented: str) -> KeyRefused:
    return KeyRefused(
        _("接口密钥无效：请核对密钥是否完整（形如 xy_xxxxxxxx_…），或向系统管理员申请新的密钥。"),
        "invalid_key",
        presented=presented,
    )


class ApiKeyAuthentication(BaseAuthentication):
    """Finds the key's department; refuses and logs a malformed, unknown or revoked key.

    Refusals are counted per client address (``api.throttles.key_failure_rule``): up to the limit
    each is answered 401 and written to the query log; beyond it, until the window has passed,
    the address's refusals are answered 429 with Retry-After and not logged, so nobody can flood
    the append-only log. A valid key is served whatever its address has failed before: the
    count protects the log and the server's work, not the keys, which cannot be guessed (256
    random bits), and a department's good key must not be locked out by a stale one running
    beside it or by someone else behind the same address.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        try:
            return self._authenticate(request)
        except KeyRefused as refusal:
            raise self._refused(request, refusal) from None

    def _authenticate(self, request):
        raw = self._presented_key(request)
        if raw is None:
            return None
        prefix = keys.split(raw)
        api_key = None
        if prefix:
            api_key = ApiKey.objects.select_related("department", "created_by").filter(prefix=prefix).first()
        if api_key is None or not keys.matches(raw, api_key.secret_hash):
            raise _invalid(raw)
        if api_key.is_revoked:
            raise KeyRefused(
                _("该接口密钥已于 %(when)s 吊销，不能再使用。请向系统管理员申请新的密钥。")
                % {"when": timezone.localtime(api_key.revoked_at).strftime("%Y-%m-%d %H:%M")},
                "revoked_key",
                presented=raw,
                api_key=api_key,
            )
        if not api_key.created_by.is_active:
            # A key answers for the account that issued it (issue 14): when that account is
            # deactivated its keys stop too; the deactivation page lists them to re-issue first.
            raise KeyRefused(
                _("签发该接口密钥的账号已停用，密钥随之失效。请向系统管理员申请新的密钥。"),
                "issuer_deactivated",
                presented=raw,
                api_key=api_key,
            )
        _touch(api_key)
        return DepartmentPrincipal(api_key), api_key

    def _refused(self, request, refusal: KeyRefused) -> exceptions.APIException:
        """Count and log the refusal; or, over the address's limit, 429 instead."""
        rule, address = key_failure_rule(), client_ip(request)
        if rule is not None:
            if wait := rule.retry_after(address):
                return exceptions.Throttled(wait)
            rule.hit(address)
        query_log_refused_key(
            api_key=refusal.api_key,
            presented=refusal.presented,
            purpose=params.stated_purpose(request),
            method=request.method,
            path=request.get_full_path(),
            status_code=refusal.status_code,
            client_ip=address,
        )
        return refusal

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) when the key is missing or refused.
        return f'{self.keyword} realm="xinyong"'

    def _presented_key(self, request) -> str | None:
        header = get_authorization_header(request).split()
        if header and header[0].lower() == self.keyword.lower().encode():
            if len(header) != 2:
                raise KeyRefused(
                    _("Authorization 请求头格式应为：Bearer <接口密钥>。"),
                    "malformed_header",
                    presented=b" ".join(header[1:]).decode("latin-1"),
                )
            try:
                return header[1].decode("ascii")
            except UnicodeDecodeError:
                raise _invalid(header[1].decode("latin-1")) from None
        other = request.META.get("HTTP_X_API_KEY", "").strip()
        return other or None


def _touch(api_key: ApiKey) -> None:
    """Note when the key was last used (shown to administrators). Not part of the recorded data,
    so a plain UPDATE of this one column is enough."""
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= TOUCH_EVERY:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
