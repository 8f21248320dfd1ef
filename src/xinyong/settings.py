"""Settings. Environment variables override the development defaults (see README)."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("XINYONG_VAR_DIR", PROJECT_DIR / "var"))


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
DEBUG = os.environ.get("XINYONG_DEBUG", "1") == "1"
# What the deployment is, as configured; unlike DEBUG, which Django's test runner turns off, it
# stays what XINYONG_DEBUG says (demo data and the demo password are refused in production).
XINYONG_PRODUCTION = not DEBUG
SECRET_KEY = os.environ.get("XINYONG_SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = _env_list("XINYONG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("XINYONG_CSRF_TRUSTED_ORIGINS")  # e.g. https://xinyong.example.cn
# Refuse to start rather than sign sessions with a known or guessable key (Django's own
# security.W009 rule, made fatal outside development).
if not DEBUG and (
    SECRET_KEY == DEV_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "XINYONG_DEBUG=0 needs XINYONG_SECRET_KEY set to a random secret of at least 50 characters "
        "(not the development key), e.g. the output of: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "xinyong.accounts",
    "xinyong.registry",
    "xinyong.records",
    "xinyong.history",
    "xinyong.disclosure",
    "xinyong.demo",
    "xinyong.security",
    "xinyong.notices",
    "xinyong.objections",
    "xinyong.api",
    "xinyong.exchange",
    "xinyong.opendata",
    "xinyong.workdays",
    "xinyong.measures",
    "xinyong.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "xinyong.security.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xinyong.middleware.ChineseFirstLocaleMiddleware",
    "xinyong.security.middleware.RefuseBadCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A session that owes its second factor is anonymous everywhere but the two-factor pages.
    "xinyong.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "xinyong.security.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "xinyong.urls"
WSGI_APPLICATION = "xinyong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xinyong.notices.views.unread_count",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xinyong.sqlite3'}"),
        conn_max_age=int(os.environ.get("XINYONG_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one failing
    # half-way; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "records:dashboard"
LOGOUT_REDIRECT_URL = "disclosure:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "xinyong.accounts.passwords.StrengthValidator"},
    {"NAME": "xinyong.accounts.passwords.NotDemoPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["xinyong.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-wide stylesheet lives beside the project templates, not in one app.
STATICFILES_DIRS = [BASE_DIR / "static"]

# Evidence files (书面证明材料) are never public: they live outside any served directory
# and are streamed only through a permission-checked view.
EVIDENCE_ROOT = Path(os.environ.get("XINYONG_EVIDENCE_ROOT", VAR_DIR / "evidence"))
# Open-data exports (xinyong export_open_data), served at /open-data/.
XINYONG_OPENDATA_ROOT = Path(os.environ.get("XINYONG_OPENDATA_ROOT", VAR_DIR / "opendata"))
# Bulk delivery (exchange): received files, rejection reports and staging, private like evidence.
XINYONG_IMPORT_ROOT = Path(os.environ.get("XINYONG_IMPORT_ROOT", EVIDENCE_ROOT.parent / "imports"))
# Uploads through the back office and the API are processed while the client waits (64 MB is
# about 400,000 CSV rows); `xinyong import` reads a local file and may take longer (4 GB).
XINYONG_IMPORT_MAX_BYTES = int(os.environ.get("XINYONG_IMPORT_MAX_BYTES", str(64 * 1024**2)))
XINYONG_IMPORT_COMMAND_MAX_BYTES = int(os.environ.get("XINYONG_IMPORT_COMMAND_MAX_BYTES", str(4 * 1024**3)))
# What a delivered file may hold, checked before and while it is parsed (exchange.xlsx,
# exchange.formats; README's configuration table). The defaults keep a worker under about 300 MB
# whatever the file; an honest batch beyond them can be split or sent as CSV.
XINYONG_IMPORT_MAX_CELLS = int(os.environ.get("XINYONG_IMPORT_MAX_CELLS", "2000000"))
XINYONG_IMPORT_MAX_CELL_CHARS = int(os.environ.get("XINYONG_IMPORT_MAX_CELL_CHARS", "32767"))
XINYONG_IMPORT_XLSX_MAX_PARTS = int(os.environ.get("XINYONG_IMPORT_XLSX_MAX_PARTS", "1000"))
XINYONG_IMPORT_XLSX_MAX_UNZIPPED_BYTES = int(
    os.environ.get("XINYONG_IMPORT_XLSX_MAX_UNZIPPED_BYTES", str(256 * 1024**2))
)
XINYONG_IMPORT_XLSX_MAX_PART_BYTES = int(
    os.environ.get("XINYONG_IMPORT_XLSX_MAX_PART_BYTES", str(64 * 1024**2))
)
XINYONG_IMPORT_XLSX_MAX_XML_BYTES = int(os.environ.get("XINYONG_IMPORT_XLSX_MAX_XML_BYTES", str(4 * 1024**2)))
XINYONG_IMPORT_XLSX_MAX_RATIO = float(os.environ.get("XINYONG_IMPORT_XLSX_MAX_RATIO", "100"))
XINYONG_IMPORT_JSON_MAX_OBJECT_BYTES = int(
    os.environ.get("XINYONG_IMPORT_JSON_MAX_OBJECT_BYTES", str(16 * 1024**2))
)
# JSON from outside (API bodies, import files): nesting depth and the size of an API body.
XINYONG_JSON_MAX_DEPTH = int(os.environ.get("XINYONG_JSON_MAX_DEPTH", "32"))
XINYONG_API_JSON_MAX_BYTES = int(os.environ.get("XINYONG_API_JSON_MAX_BYTES", str(2 * 1024**2)))
# SQLite page cache while a batch is written (see rawinsert.sqlite_cache).
XINYONG_IMPORT_SQLITE_CACHE_MB = int(os.environ.get("XINYONG_IMPORT_SQLITE_CACHE_MB", "128"))
EVIDENCE_MAX_BYTES = int(os.environ.get("XINYONG_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Public retention (记录期限), in years, counted under the Civil Code (民法典 第二百零一、二百零二条).
# The seed's values are the defaults (R-RET-1..4).
XINYONG_RETENTION_YEARS = {
    "performance": int(os.environ.get("XINYONG_RETENTION_PERFORMANCE_YEARS", "5")),
    "dishonesty": int(os.environ.get("XINYONG_RETENTION_DISHONESTY_YEARS", "5")),
}
# Recording counts as timely (R-REC-1, 及时记录) within this many days of the event.
XINYONG_TIMELY_DAYS = int(os.environ.get("XINYONG_TIMELY_DAYS", "30"))

# Accounts (issue 14). Administrators, supervisors, authority staff and auditors must sign in
# with a second factor (TOTP) when this is on: the default in production, off for the demo.
XINYONG_REQUIRE_2FA = os.environ.get("XINYONG_REQUIRE_2FA", "0" if DEBUG else "1") == "1"
# A session ends after this many minutes without a request (staff-like roles, and the others),
# and in any case this many hours after sign-in.
XINYONG_IDLE_MINUTES_STAFF = int(os.environ.get("XINYONG_IDLE_MINUTES_STAFF", "30"))
XINYONG_IDLE_MINUTES_OTHER = int(os.environ.get("XINYONG_IDLE_MINUTES_OTHER", "120"))
XINYONG_SESSION_MAX_HOURS = int(os.environ.get("XINYONG_SESSION_MAX_HOURS", "8"))
# Activation and password-reset links stay valid this long (Django's PASSWORD_RESET_TIMEOUT).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("XINYONG_ACCOUNT_LINK_HOURS", "72")) * 3600
OTP_TOTP_ISSUER = os.environ.get("XINYONG_OTP_ISSUER", "协会信用信息管理系统")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = XINYONG_SESSION_MAX_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere: every page uses only the site's own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("XINYONG_SSL_REDIRECT", "1") == "1"
    if os.environ.get("XINYONG_PROXY_SSL_HEADER", "0") == "1":
        # Only behind a reverse proxy that sets X-Forwarded-Proto itself and strips the client's.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("XINYONG_HSTS_PRELOAD", "0") == "1"
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a request to browser vendors that is hard to take back (for the whole
        # domain); it is the operator's decision, not a default. Hence its warning is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Throttles (xinyong.security.throttle) count in this cache. The database cache is shared by
# every server process and needs no other service; its table is made by a migration
# (security/0001). A per-process LocMem cache would let each process count on its own.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "xinyong_cache",
        # Large enough that nobody can push a lockout out by filling the table (culling).
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    # Rendered public profiles (disclosure.views), per server process; keys hold the state they
    # were rendered from, so a copy is never stale and processes need not share them.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "xinyong-pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("XINYONG_PAGE_CACHE_ENTRIES", "2000"))},
    },
}
# Reverse proxies in front of the server that append the client's address to X-Forwarded-For;
# 0 means clients connect directly and REMOTE_ADDR is the client.
XINYONG_TRUSTED_PROXIES = int(os.environ.get("XINYONG_TRUSTED_PROXIES", "0"))
# Sign-in (accounts.login): no lockout, progressive delays. Free failures per (username, client
# address) and per address; each further failure doubles the wait before the next attempt (1 s,
# 2 s, 4 s, …) up to max_delay seconds. A username failed username_attack times from anywhere
# leaves each address only pair_under_attack free failures for it. Counts are forgotten
# `forget` seconds after their last failure (longer than max_delay, so waiting does not reset).
XINYONG_LOGIN_THROTTLE = {
    "pair": 5,
    "address": 20,
    "username_attack": 20,
    "pair_under_attack": 1,
    "max_delay": 15 * 60,
    "forget": 60 * 60,
}


# Anonymous requests per client address within the window (seconds), each kind counted on its
# own: search and profile (pages and public API apart), the change feed (/api/v1/feed) and the
# /open-data/ page from XINYONG_PUBLIC_RATE_LIMIT; the open-data files, which can be large, from
# XINYONG_DOWNLOAD_RATE_LIMIT. "requests/seconds", or "off" where a reverse proxy limits instead
# (each counted request is a cache write, on SQLite a write transaction).
def _rate(name: str, default: str) -> tuple[int, int] | None:
    text = os.environ.get(name, default)
    if text.strip().lower() == "off":
        return None
    requests, _, seconds = text.partition("/")
    if not (requests.strip().isdigit() and seconds.strip().isdigit() and int(seconds) > 0):
        raise ValueError(f"{name}: {text!r} is not requests/seconds (e.g. 60/60) or off")
    return int(requests), int(seconds)


_PUBLIC_RATE = _rate("XINYONG_PUBLIC_RATE_LIMIT", "60/60")
_DOWNLOAD_RATE = _rate("XINYONG_DOWNLOAD_RATE_LIMIT", "30/3600")
_RATES = {
    **dict.fromkeys(("search", "profile", "feed", "open-data"), _PUBLIC_RATE),
    "download": _DOWNLOAD_RATE,
}
XINYONG_PUBLIC_RATE_LIMITS = {scope: rate for scope, rate in _RATES.items() if rate}

# E-mail (Django's mail framework). Development prints messages on the server's console; in
# production set XINYONG_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the SMTP
# settings below. Every message is also an in-app notice (xinyong.notices).
EMAIL_BACKEND = os.environ.get(
    "XINYONG_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("XINYONG_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("XINYONG_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("XINYONG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("XINYONG_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("XINYONG_EMAIL_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("XINYONG_EMAIL_SSL", "0") == "1"
# For django.core.mail.backends.filebased.EmailBackend: one file per message in this folder.
EMAIL_FILE_PATH = os.environ.get("XINYONG_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("XINYONG_EMAIL_FROM", "xinyong@localhost")
# The address people reach the site at, for links in e-mails.
XINYONG_SITE_URL = os.environ.get("XINYONG_SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XINYONG_LOG_LEVEL", "INFO")},
}

# The API (xinyong.api): JSON only, no browsable pages. Each view names its own authentication
# (none for the public API, xinyong.api.auth.ApiKeyAuthentication for departments), so a view
# that names none is closed to anonymous callers by default.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    # DRF's parsers with limits: size, depth, no NUL or lone surrogates (xinyong.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "xinyong.api.parsers.JSONParser",
        "xinyong.api.parsers.FormParser",
        "xinyong.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [],
    "EXCEPTION_HANDLER": "xinyong.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "协会信用信息管理系统 API",
    "DESCRIPTION": (
        "公众查询（免费、无需账号，按来源地址限速）与部门共享查询（接口密钥、查询目的、每次查询留痕）。"
        "返回的内容与公示页面相同，涉及国家秘密、商业秘密、个人隐私的内容一律不返回。"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TAGS": [
        {"name": "public", "description": "公众查询：免费，无需账号，与公示页面相同，按来源地址限速。"},
        {
            "name": "shared",
            "description": "部门共享（依法查询）：需要具有查询权限的接口密钥和查询目的；每次查询都有记录。",
        },
    ],
}
# Calls per department API key (xinyong.api.throttles), e.g. "600/min", "20000/day".
XINYONG_API_KEY_RATE = os.environ.get("XINYONG_API_KEY_RATE", "600/min")
# Refused API keys (unknown, malformed or revoked) per client address, e.g. "10/15min": the one
# that reaches the count is the last answered and logged; later refusals get 429 until the
# window has passed (xinyong.api.auth).
XINYONG_API_KEY_FAILURE_LIMIT = os.environ.get("XINYONG_API_KEY_FAILURE_LIMIT", "10/15min")
