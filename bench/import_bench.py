"""`make bench`, bulk import (issue 5, issue 7): rows per second and peak memory of `xinyong import`
on a generated CSV, on a scratch database of the engine BENCH_DATABASE_URL names (default SQLite).

1. Registers BENCH_IMPORT_ASSOCIATIONS associations (default 10,000) across 16 district
   authorities by importing one association batch per authority (R-INF-1): associations/s.
2. Writes a CSV of BENCH_IMPORT_ROWS valid 承接政府购买服务 evaluations (default 100,000; the
   issue's figure is 1,000,000: BENCH_IMPORT_ROWS=1000000) for those associations, UTF-8, the
   Chinese template header, and imports it as a partner department's delivery with one evidence
   PDF, in a child process: validation, records, evidence, history chain, all or nothing.
   Reports rows/s and the child's peak RSS. Everything an import does is measured, the change
   feed's sync (R-QRY-3) included.
3. Sends the big file again (idempotent: nothing new) and times that.
4. Floor: the same CSV parsed and inserted with one executemany into a bare 12-column table.
"""

import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SCRATCH = Path(tempfile.mkdtemp(prefix="xinyong-import-bench-"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
if DATABASE_URL.startswith("postgres"):
    DATABASE_URL = DATABASE_URL.rsplit("/", 1)[0] + "/xinyong_bench_import"
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "XINYONG_EVIDENCE_ROOT": str(SCRATCH / "evidence"),
    "DJANGO_SETTINGS_MODULE": "xinyong.settings",
    "XINYONG_LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)

N_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
N_ASSOC = int(os.environ.get("BENCH_IMPORT_ASSOCIATIONS", "10000"))
DEPARTMENT = "北京市财政局"
HEADER = [
    "统一社会信用代码",
    "承接项目名称",
    "委托政府部门",
    "绩效评价情况",
    "评价日期",
    "文号",
    "出具机关",
    "出具日期",
]
ASSOCIATION_HEADER = [
    "名称",
    "统一社会信用代码",
    "登记类型",
    "住所（地址）",
    "法定代表人",
    "工作人员数",
    "注册（开办或原始）资金（万元）",
    "业务范围",
    "成立登记日期",
]
WORDS = list("软件养老餐饮物流建筑教育文化体育慈善旅游医药环保法律金融农业科技设计出版家政电商")
PROJECTS = [
    "社区养老服务",
    "居家照护",
    "行业统计调查",
    "职业技能培训",
    "垃圾分类宣传",
    "法律援助",
    "青少年体育",
]
EVALUATIONS = ["优秀", "良好", "合格", "基本合格"]


def fresh_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


if DATABASE_URL.startswith("postgres"):
    fresh_postgres(DATABASE_URL)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from xinyong.exchange.services import batch_import  # noqa: E402
from xinyong.exchange.submitter import Submitter  # noqa: E402
from xinyong.registry.models import Association  # noqa: E402
from xinyong.registry.uscc import make_uscc  # noqa: E402
from xinyong.testing import factories as f  # noqa: E402


def register_associations(rng: random.Random) -> float:
    city = f.authority()
    districts = [
        f.authority(code=f"1101{n:02d}", name=f"北京市第{n}区民政局", parent=city) for n in range(1, 17)
    ]
    serial = 0
    start = time.perf_counter()
    for district in districts:
        clerk = f.staff(district, username=f"bench-{district.code}")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(ASSOCIATION_HEADER)
        for _ in range(N_ASSOC // len(districts)):
            serial += 1
            founded = date(2000, 1, 1) + timedelta(days=rng.randrange(5000))
            writer.writerow(
                [
                    f"北京市{''.join(rng.sample(WORDS, 4))}{serial}行业协会",
                    make_uscc(
                        registration_type="social_group", division=district.code, org_body=f"{serial:08d}"
                    ),
                    "社会团体",
                    f"北京市第{district.code[-2:]}区某路{serial}号",
                    "张三",
                    rng.randrange(1, 200),
                    rng.randrange(3, 500),
                    "行业自律、交流培训、咨询服务",
                    founded.isoformat(),
                ]
            )
        outcome = batch_import(
            submitter=Submitter.staff(clerk),
            source=io.BytesIO(out.getvalue().encode()),
            file_name=f"{district.code}.csv",
            kind="basic",
        )
        assert outcome.status == "applied", outcome.preview[:3]
    return Association.objects.count() / (time.perf_counter() - start)


def write_records(path: Path, rows: int, rng: random.Random, *, offset: int = 0) -> None:
    codes = list(Association.objects.values_list("uscc", flat=True))
    today = timezone.localdate()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for n in range(offset, offset + rows):
            day = (today - timedelta(days=rng.randrange(1, 1400))).isoformat()
            writer.writerow(
                [
                    rng.choice(codes),
                    f"{rng.choice(PROJECTS)}项目（{n}）",
                    DEPARTMENT,
                    rng.choice(EVALUATIONS),
                    day,
                    f"京财评〔2025〕{n}号",
                    DEPARTMENT,
                    day,
                ]
            )


def run_import(path: Path) -> dict:
    pdf = SCRATCH / "评价报告.pdf"
    pdf.write_bytes(f.MINIMAL_PDF)
    command = [
        sys.executable,
        str(Path(__file__).with_name("import_child.py")),
        str(path),
        "--department",
        DEPARTMENT,
        "--kind",
        "purchased_service",
        "--evidence",
        str(pdf),
        "--no-progress",
    ]
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, check=False)
    result = json.loads(done.stderr.strip().splitlines()[-1])
    if result["exit"] != 0:
        raise SystemExit(f"import failed:\n{done.stdout}\n{done.stderr}")
    result["stdout"] = done.stdout.strip()
    return result


def floor(path: Path) -> float:
    """Parse the same CSV and insert it with executemany into a bare table: no validation,
    no history, no indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_floor (" + ", ".join(f"c{i} TEXT" for i in range(len(HEADER))) + ")"
        )
    start = time.perf_counter()
    with transaction.atomic(), path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        marks = ", ".join(["%s"] * len(HEADER))
        with connection.cursor() as cursor:
            batch = []
            for cells in reader:
                batch.append(cells)
                if len(batch) == 10_000:
                    cursor.executemany(f"INSERT INTO bench_floor VALUES ({marks})", batch)
                    batch = []
            if batch:
                cursor.executemany(f"INSERT INTO bench_floor VALUES ({marks})", batch)
    return N_ROWS / (time.perf_counter() - start)


def main() -> None:
    rng = random.Random(2026)
    call_command("migrate", verbosity=0)
    f.department(DEPARTMENT)
    assoc_rate = register_associations(rng)
    big = SCRATCH / "delivery.csv"
    start = time.perf_counter()
    write_records(big, N_ROWS, rng)
    generated = time.perf_counter() - start
    size_mb = big.stat().st_size / 1024**2
    main_run = run_import(big)
    again = run_import(big)
    floor_rate = floor(big)
    print(
        f"\nXinyong import bench: {connection.vendor}, {N_ROWS:,} rows ({size_mb:,.0f} MB CSV, "
        f"generated in {generated:.1f} s), {Association.objects.count():,} associations"
    )
    rows = [
        ("associations imported (R-INF-1, with history and change feed)", f"{assoc_rate:,.0f} /s"),
        (
            f"import {N_ROWS:,} rows (validate + records + evidence + history + change feed)",
            f"{N_ROWS / main_run['seconds']:,.0f} rows/s, {main_run['seconds']:,.1f} s, "
            f"peak RSS {main_run['peak_rss_mb']:,.0f} MB",
        ),
        ("  of which: " + main_run["stdout"].rsplit("(", 1)[-1].rstrip(")"), ""),
        (
            "  the same file sent again (idempotent, nothing new)",
            f"{again['seconds']:,.1f} s, peak RSS {again['peak_rss_mb']:,.0f} MB",
        ),
        ("floor: csv + executemany into a bare table", f"{floor_rate:,.0f} rows/s"),
    ]
    for label, figure in rows:
        print(f"  {label:78} {figure}")
    # For bench/compare.py's table.
    result = {
        "engine": connection.vendor,
        "rows": N_ROWS,
        "rows_per_s": N_ROWS / main_run["seconds"],
        "seconds": main_run["seconds"],
        "peak_rss_mb": main_run["peak_rss_mb"],
        "floor_rows_per_s": floor_rate,
    }
    print("BENCH_RESULT " + json.dumps(result))


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(SCRATCH, ignore_errors=True)
        if DATABASE_URL.startswith("postgres"):
            import psycopg

            base, name = DATABASE_URL.rsplit("/", 1)
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
