"""`make bench-accounts`: what accounts and their security cost (issue 14), on a scratch database.

Through the real views (Django's test client, in process, production settings):
- sign-in: the password form (Argon2) and the second factor (TOTP), p50/p95;
- a signed-in back-office page (/accounts/): time and SQL queries per request, with the second
  factor verified, against the same page for a session made with XINYONG_REQUIRE_2FA off;
- the password rules (Django's validators + zxcvbn) per password set;
- `verify_history --skip-files` over many accounts (each account's snapshot asks whether a second
  factor is set).

BENCH_ACCOUNTS (default 2000) accounts; BENCH_DATABASE_URL selects the engine (default SQLite).
"""

import contextlib
import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

SCRATCH = Path(tempfile.mkdtemp(prefix="xinyong-bench-accounts-"))
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ.update(
    DJANGO_SETTINGS_MODULE="xinyong.settings",
    XINYONG_LOG_LEVEL="WARNING",
    XINYONG_DEBUG="0",
    XINYONG_SSL_REDIRECT="0",
    XINYONG_SECRET_KEY=secrets.token_urlsafe(48),
    XINYONG_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
if os.environ["DATABASE_URL"].startswith("postgres"):
    sys.path.insert(0, str(Path(__file__).parent))
    from run import _fresh_postgres

    _fresh_postgres(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import password_validation  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp.oath import TOTP  # noqa: E402

from xinyong.accounts import two_factor  # noqa: E402
from xinyong.accounts.history import account_history  # noqa: E402
from xinyong.accounts.models import Role, User  # noqa: E402
from xinyong.history.choices import Action  # noqa: E402
from xinyong.testing import factories as f  # noqa: E402

N_ACCOUNTS = int(os.environ.get("BENCH_ACCOUNTS", "2000"))
PASSWORD = "银杏 鼓楼 胡同 灯笼 1421"
SAMPLES = ["Passw0rd!", "zhangwei19800101", "海淀区民政局2026", PASSWORD, "correct horse battery staple"]


def pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1]


def line(label: str, samples: list[float]) -> None:
    print(f"{label:<52} p50 {pct(samples, 50):8.1f} ms   p95 {pct(samples, 95):8.1f} ms")


def token(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def main() -> None:
    call_command("migrate", verbosity=0)
    # Sign-in is slowed after failures, never after successes; nothing here fails.
    settings.XINYONG_LOGIN_THROTTLE = {**settings.XINYONG_LOGIN_THROTTLE, "pair": 10**9, "address": 10**9}
    city = f.authority()
    with transaction.atomic():
        clerk = f.user(role=Role.STAFF, authority=city, username="bench-clerk")
    clerk.set_password(PASSWORD)
    clerk.save()
    device = two_factor.second_factor_begin(user=clerk)
    two_factor.second_factor_confirm(user=clerk, device=device, token=token(device))
    device.refresh_from_db()

    sign_in, second = [], []
    for i in range(30):
        client = Client(REMOTE_ADDR=f"10.1.{i // 250}.{i % 250}")
        start = time.perf_counter()
        response = client.post("/accounts/login/", {"username": "bench-clerk", "password": PASSWORD})
        sign_in.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
        # django-otp refuses a code already used; step the device's record back for the next round.
        device.refresh_from_db()
        device.last_t = -1
        device.throttling_failure_count = 0
        device.save()
        start = time.perf_counter()
        response = client.post("/accounts/two-factor/verify/", {"token": token(device), "next": "/accounts/"})
        second.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, (response.status_code, response.content[:300])
    print(f"engine: {connection.vendor}; accounts: {N_ACCOUNTS}")
    line("sign-in: password (Argon2)", sign_in)
    line("sign-in: second factor (TOTP)", second)

    page, queries = [], []
    for _ in range(200):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/accounts/")
        page.append((time.perf_counter() - start) * 1000)
        queries.append(len(captured))
        assert response.status_code == 200
    line("signed-in page /accounts/ (second factor verified)", page)
    print(f"{'  SQL queries per request':<52} {statistics.median(queries):.0f} (max {max(queries)})")

    plain = Client()
    association_user = f.user(role=Role.ASSOCIATION, association=f.association(actor=f.staff(city)))
    plain.force_login(association_user)
    page, queries = [], []
    for _ in range(200):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            plain.get("/accounts/")
        page.append((time.perf_counter() - start) * 1000)
        queries.append(len(captured))
    line("same page, association account (no second factor)", page)
    print(f"{'  SQL queries per request':<52} {statistics.median(queries):.0f} (max {max(queries)})")

    checks = []
    for _ in range(40):
        for sample in SAMPLES:
            start = time.perf_counter()
            # A refusal costs the same as an acceptance: both are measured.
            with contextlib.suppress(ValidationError):
                password_validation.validate_password(sample, clerk)
            checks.append((time.perf_counter() - start) * 1000)
    line("password rules (validators + zxcvbn)", checks)

    start = time.perf_counter()
    with transaction.atomic():
        for i in range(N_ACCOUNTS):
            user = User(username=f"clerk-{i}", role=Role.STAFF, authority=city, email=f"c{i}@example.cn")
            user.set_unusable_password()  # as user_create leaves it; the holder sets it later
            user.save()
            account_history(actor=None, user=user, action=Action.USER_CREATE, before=None, reason="bench")
    made = time.perf_counter() - start
    print(f"{'accounts created with history':<52} {N_ACCOUNTS / made:8.0f} /s")
    start = time.perf_counter()
    call_command("verify_history", "--skip-files", stdout=io.StringIO())
    took = time.perf_counter() - start
    print(f"{'verify_history --skip-files':<52} {took:8.2f} s ({User.objects.count()} accounts)")


if __name__ == "__main__":
    main()
