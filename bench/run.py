"""`make bench`: figures for the foundation, on a scratch database.

Measures, through the real services and selectors:
- recording throughput: associations and credit records (each with evidence and history) per second;
- `verify_history`: entries verified per second (chain, live tables, evidence files);
- public search latency (p50/p95) for 2-, 3- and 4+-character name fragments and for a USCC;
- public profile assembly latency (p50/p95).

Scale with BENCH_ASSOCIATIONS / BENCH_RECORDS; BENCH_DATABASE_URL selects the engine (default: a
fresh SQLite file). Issue 7 brings the national-scale comparison; this is the baseline.
"""

import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

SCRATCH = Path(tempfile.mkdtemp(prefix="xinyong-bench-"))
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ["XINYONG_EVIDENCE_ROOT"] = str(SCRATCH / "evidence")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")
os.environ.setdefault("XINYONG_LOG_LEVEL", "WARNING")
os.environ.setdefault("XINYONG_DEBUG", "0")  # DEBUG would log every query
os.environ.setdefault("XINYONG_SECRET_KEY", "bench-" + "x" * 60)  # production settings refuse the dev key


def _fresh_postgres(url: str) -> None:
    """Benchmarks start from an empty database: drop and create the one named in the URL."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


if os.environ["DATABASE_URL"].startswith("postgres"):
    _fresh_postgres(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from xinyong.disclosure.selectors import public_basic_info, public_profile  # noqa: E402
from xinyong.history.models import HistoryEntry  # noqa: E402
from xinyong.records.kinds import KINDS as KINDS_SPEC  # noqa: E402
from xinyong.registry.models import Association  # noqa: E402
from xinyong.registry.search import search_associations  # noqa: E402
from xinyong.testing import factories as f  # noqa: E402

N_ASSOC = int(os.environ.get("BENCH_ASSOCIATIONS", "2000"))
N_RECORDS = int(os.environ.get("BENCH_RECORDS", "10000"))
BATCH = 500
KINDS = list(KINDS_SPEC)
WORDS = list("软件养老餐饮物流建筑教育文化体育慈善旅游医药环保法律金融农业科技设计出版家政电商")


def percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100)[int(q) - 1] if len(samples) > 1 else samples[0]


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    rng = random.Random(2026)
    call_command("migrate", verbosity=0)
    city = f.authority()
    districts = [
        f.authority(code=f"1101{n:02d}", name=f"北京市第{n}区民政局", parent=city) for n in range(1, 17)
    ]
    hasher_users = {}
    for authority in [city, *districts]:
        # Through the factory, so the account has its creation entry (verify_history checks accounts).
        hasher_users[authority.pk] = f.staff(authority, username=f"bench-{authority.code}")

    start = time.perf_counter()
    associations = []
    for lo in range(0, N_ASSOC, BATCH):
        with transaction.atomic():
            for i in range(lo, min(lo + BATCH, N_ASSOC)):
                authority = rng.choice(districts)
                name = f"北京市{''.join(rng.sample(WORDS, 4))}{i}行业协会"
                associations.append(f.association(actor=hasher_users[authority.pk], name=name))
    assoc_secs = time.perf_counter() - start

    start = time.perf_counter()
    for lo in range(0, N_RECORDS, BATCH):
        with transaction.atomic():
            for _ in range(lo, min(lo + BATCH, N_RECORDS)):
                assoc = rng.choice(associations)
                f.record(
                    actor=hasher_users[assoc.authority_id], association_obj=assoc, kind=rng.choice(KINDS)
                )
    record_secs = time.perf_counter() - start
    entries = HistoryEntry.objects.count()

    start = time.perf_counter()
    try:
        call_command("verify_history", stdout=io.StringIO(), stderr=sys.stderr)
    except SystemExit as exc:
        raise SystemExit(f"verify_history failed on bench data: {exc.code}") from exc
    verify_secs = time.perf_counter() - start

    today = timezone.localdate()
    names = list(Association.objects.values_list("name", "uscc"))
    queries = {
        "name, 2 chars": [n[3:5] for n, _ in rng.sample(names, 50)],
        "name, 3 chars": [n[3:6] for n, _ in rng.sample(names, 50)],
        "name, 4+ chars": [n[3:9] for n, _ in rng.sample(names, 50)],
        "USCC": [c for _, c in rng.sample(names, 50)],
    }
    search_rows = []
    for label, qs in queries.items():
        it = iter(qs * 4)
        samples = timed(lambda it=it: list(search_associations(next(it))[:20]), 200)
        search_rows.append((label, percentile(samples, 50), percentile(samples, 95)))
    sample = rng.sample(associations, 100)
    it = iter(sample * 2)

    def profile():
        a = next(it)
        public_basic_info(a)
        public_profile(a, on=today)

    profile_samples = timed(profile, 200)
    rows = [
        ("associations recorded (service + history)", f"{N_ASSOC / assoc_secs:,.0f} /s"),
        ("records recorded (+ evidence file + history)", f"{N_RECORDS / record_secs:,.0f} /s"),
        (
            "verify_history (chain, tables, files)",
            f"{entries / verify_secs:,.0f} entries/s ({entries:,} entries)",
        ),
        *((f"search {label} p50 / p95", f"{p50:.2f} / {p95:.2f} ms") for label, p50, p95 in search_rows),
        (
            "profile (selector) p50 / p95",
            f"{percentile(profile_samples, 50):.2f} / {percentile(profile_samples, 95):.2f} ms",
        ),
    ]
    print(f"\nXinyong foundation bench: {connection.vendor}, {N_ASSOC:,} associations, {N_RECORDS:,} records")
    for label, figure in rows:
        print(f"  {label:46} {figure}")


if __name__ == "__main__":
    main()
