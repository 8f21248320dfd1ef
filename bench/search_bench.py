"""Issue 7, public search: latency of ``registry.search.search_associations`` (count + first
page of 20, as the page needs them) at national scale, next to the plain substring scan it
replaces (the old path, and the floor a bare ``LIKE '%q%'`` gives).

    .venv/bin/python bench/search_bench.py [N]        # default N = 1,000,000 associations

Fills a scratch SQLite database (or the PostgreSQL database BENCH_DATABASE_URL names — dropped
and created afresh) with N associations through raw inserts, names like 北京市海淀区<字号>软件行业协会
from 300 places (北京 in about a quarter of them), builds the bigram index with the migration's own
``rebuild`` (timed), then times 2-, 3- and 4+-character fragments, common and rare, and USCCs:
p50/p95 in ms, server-side. Stand-alone: does not use bench/generate.py.

BENCH_REUSE=path keeps the SQLite database at that path: built there when absent, reused as is
(no fill, no rebuild) when present. With BENCH_DATABASE_URL, BENCH_REUSE=1 reuses the PostgreSQL
database when it already holds associations. N must be the N the database was built with.
BENCH_REPEAT (default 200) and BENCH_SCAN_REPEAT (default 10; 0 skips the scan's timing) set
how often each row is timed.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

REUSE = os.environ.get("BENCH_REUSE", "")
DB_FILE = (
    Path(REUSE).resolve()
    if REUSE and "BENCH_DATABASE_URL" not in os.environ
    else Path(tempfile.mkdtemp(prefix="xinyong-search-bench-")) / "bench.sqlite3"
)
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DB_FILE}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")
os.environ.setdefault("XINYONG_LOG_LEVEL", "WARNING")
os.environ.setdefault("XINYONG_DEBUG", "0")  # DEBUG would log every query
os.environ.setdefault("XINYONG_SECRET_KEY", "bench-" + "x" * 60)

if os.environ["DATABASE_URL"].startswith("postgres"):
    import psycopg

    base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (REUSE and exists):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Case, IntegerField, Q, Value, When  # noqa: E402

from xinyong.rawinsert import Inserter  # noqa: E402
from xinyong.registry.models import Association, Authority, normalize_text  # noqa: E402
from xinyong.registry.search import parse, search_associations  # noqa: E402
from xinyong.registry.search_index import rebuild  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_ASSOCIATIONS", "1000000"))
CITIES = [
    "北京市",
    "上海市",
    "天津市",
    "重庆市",
    "广州市",
    "深圳市",
    "杭州市",
    "南京市",
    "武汉市",
    "成都市",
    "西安市",
    "沈阳市",
    "长沙市",
    "郑州市",
    "济南市",
    "青岛市",
    "大连市",
    "厦门市",
    "苏州市",
    "宁波市",
    "合肥市",
    "福州市",
    "昆明市",
    "南宁市",
    "贵阳市",
    "兰州市",
    "太原市",
    "石家庄市",
    "哈尔滨市",
    "长春市",
]
DISTRICTS = [
    "海淀区",
    "朝阳区",
    "东城区",
    "西城区",
    "丰台区",
    "城关区",
    "高新区",
    "经开区",
    "滨海新区",
    "开发区",
]
PLACES = [c + d for c in CITIES for d in DISTRICTS]  # 300
INDUSTRIES = [
    "软件",
    "餐饮",
    "物流",
    "建筑",
    "教育",
    "文化",
    "体育",
    "慈善",
    "旅游",
    "医药",
    "环保",
    "法律",
    "金融",
    "农业",
    "科技",
    "设计",
    "出版",
    "家政",
    "电商",
    "养老",
    "汽车",
    "服装",
    "食品",
    "茶叶",
    "钢铁",
    "能源",
    "化工",
    "纺织",
    "印刷",
    "广告",
    "会展",
    "保险",
    "证券",
    "律师",
    "会计",
    "测绘",
    "园林",
    "物业",
    "家具",
    "珠宝",
]
SUFFIXES = ["协会", "商会", "学会", "促进会"]
BRAND_CHARS = "华中国新兴瑞德宏泰丰盛安康永嘉明光远达益和信诚金银天地恒通利顺昌源兴博联创业鑫悦佳美"


def name(rng: random.Random) -> str:
    city = "北京市" if rng.random() < 0.25 else rng.choice(CITIES)
    district = rng.choice(DISTRICTS) if rng.random() < 0.9 else ""
    brand = "".join(rng.choice(BRAND_CHARS) for _ in range(2)) if rng.random() < 0.7 else ""
    trade = rng.choice(INDUSTRIES) + ("行业" if rng.random() < 0.5 else "")
    return f"{city}{district}{brand}{trade}{rng.choice(SUFFIXES)}"


def fill(n: int) -> list[str]:
    rng = random.Random(7)
    authority = Authority.objects.create(code="110000", name="北京市民政局", level="municipal")
    now = datetime.now(UTC)
    out = Inserter(Association)
    names: list[str] = []
    with transaction.atomic():
        for start in range(0, n, 20_000):
            rows = []
            for i in range(start + 1, min(n, start + 20_000) + 1):
                text = name(rng)
                names.append(text)
                rows.append(
                    {
                        "id": i,
                        "uscc": f"51110000{i:09d}X",
                        "name": text,
                        "name_normalized": normalize_text(text),
                        "address": "北京市",
                        "legal_representative": "张三",
                        "staff_count": 1,
                        "registration_type": "social_group",
                        "registered_capital": "1.00",
                        "business_scope": "行业自律",
                        "branches": [],
                        "authority_id": authority.pk,
                        "founded_on": date(2010, 1, 1),
                        "status": "active",
                        "confidential_fields": {},
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            out.insert(rows)
    return names


def scan(raw: str) -> tuple[int, list]:
    """The old path: the plain substring scan, ordered by rank, name, id."""
    q = parse(raw)
    matches = Q(name_normalized__contains=q.text)
    if len(q.code) == 18:
        matches |= Q(uscc=q.code)
    qs = (
        Association.objects.filter(matches)
        .select_related("authority")
        .annotate(
            rank=Case(
                When(uscc=q.code, then=Value(0)),
                When(name_normalized=q.text, then=Value(1)),
                When(name_normalized__startswith=q.text, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "name", "id")
    )
    return qs.count(), list(qs[:20])


def indexed(raw: str) -> tuple[int, list]:
    results = search_associations(raw)
    return results.count(), list(results[:20])


def pct(samples: list[float], p: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1] if len(samples) > 1 else samples[0]


def timed(fn, queries: list[str], repeat: int) -> list[float]:
    samples = []
    for i in range(repeat):
        q = queries[i % len(queries)]
        start = time.perf_counter()
        fn(q)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def build() -> list[str]:
    call_command("migrate", verbosity=0)
    if REUSE and Association.objects.exists():
        names = list(Association.objects.order_by("pk").values_list("name", flat=True))
        print(f"engine {connection.vendor}, reusing {len(names):,} associations")
        return names
    t0 = time.perf_counter()
    names = fill(N)
    t1 = time.perf_counter()
    rows = rebuild()
    t2 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    print(f"engine {connection.vendor}, {N:,} associations inserted in {t1 - t0:.1f}s")
    print(f"bigram index: {rows:,} rows built in {t2 - t1:.1f}s ({rows / N:.1f} per association)")
    return names


def main() -> None:
    names = build()
    if connection.vendor == "sqlite":
        size = sum(p.stat().st_size for p in DB_FILE.parent.glob(DB_FILE.name + "*")) / 1e6
        print(f"database file {size:,.0f} MB")

    rng = random.Random(11)
    sample = rng.sample(names, 200)
    rare2 = [n[5:7] for n in sample if len(n) > 8][:20]  # inside the 字号 or the trade: rarer
    queries = {
        "2 chars, common (协会/北京/海淀/软件)": ["协会", "北京", "海淀", "软件", "行业", "商会"],
        "2 chars, rarer (from names)": rare2,
        "3 chars, common (海淀区/行业协/北京市)": ["海淀区", "行业协", "北京市", "促进会"],
        "3 chars, rare (from names)": [n[6:9] for n in sample][:20],
        "4+ chars, common (北京市海淀/行业协会)": [
            "北京市海淀",
            "行业协会",
            "北京市海淀区",
            "软件行业协会",
            "北京市软件",
        ],
        "4+ chars, common, late in name order (重庆市…)": [
            "重庆市海淀区",
            "西安市高新区",
            "重庆市朝阳",
            "长沙市滨海新区",
        ],
        "4+ chars, rare (from names)": [n[4:10] for n in sample][:20],
        "whole name": sample[:20],
        "USCC": [f"51110000{rng.randint(1, len(names)):09d}x" for _ in range(20)],
        "no match": ["没有这个", "不存在的协会", "查无此名"],
    }
    for qs in queries.values():  # the same answers, before timing anything
        for q in qs[:3]:
            assert [a.pk for a in indexed(q)[1]] == [a.pk for a in scan(q)[1]], q
    print("\nms, server-side: count + first page of 20 with authorities; count is the first query's")
    print(f"\n{'query':44} {'index p50':>10} {'p95':>8} {'max':>8} {'scan p50':>10} {'p95':>8}   count")
    for label, qs in queries.items():
        fast = timed(indexed, qs, int(os.environ.get("BENCH_REPEAT", "200")))
        slow = timed(scan, qs, int(os.environ.get("BENCH_SCAN_REPEAT", "10"))) or [float("nan")]
        first = search_associations(qs[0])
        count, more = first.count(), first.capped
        print(
            f"{label:44} {pct(fast, 50):10.1f} {pct(fast, 95):8.1f} {max(fast):8.1f} "
            f"{pct(slow, 50):10.1f} {pct(slow, 95):8.1f}   {count:,}{'+' if more else ''} ({qs[0]})"
        )


if __name__ == "__main__":
    main()
