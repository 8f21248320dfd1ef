"""Issue 7, open-data export: rows per second of ``opendata.export.export_open_data`` (R-QRY-3),
next to a raw ``SELECT`` floor (the same rows and columns read with a bare cursor, nothing done).

    .venv/bin/python bench/export_bench.py                          # 20,000 + 200,000, scratch SQLite
    .venv/bin/python bench/export_bench.py --associations 100000 --records 1000000 --repeat 3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinyong_bench .venv/bin/python bench/export_bench.py
    .venv/bin/python bench/export_bench.py --profile /tmp/export.prof  # also a cProfile run, top 30

With ``DATABASE_URL`` set, the database it names is used as it is (filled by ``bench/generate.py``,
say; nothing is generated). Otherwise a scratch SQLite file in a temporary directory is migrated
and filled by ``bench/generate.py``'s ``generate()`` (``--associations`` / ``--records``, or
BENCH_EXPORT_ASSOCIATIONS / BENCH_EXPORT_RECORDS; ``--keep PATH`` keeps that file at PATH and
reuses it when it already exists). Exports go to a temporary directory unless
XINYONG_OPENDATA_ROOT says otherwise.

What is timed:
- the change feed's daily sync (``ensure_synced``) runs first, once, untimed by the export figure
  (it is reported on its own line): on a freshly generated database it may have a day of expiries
  to record, which is not export work;
- ``export_open_data()`` as a whole (both tables, JSON Lines and CSV, manifest with sha256):
  rows = associations + records exported, rows/s, and the peak RSS during the export;
- floor: the same rows read with ``connection.chunked_cursor()`` (a server-side cursor on
  PostgreSQL, as the export's ``iterator()`` uses) from the SQL of the same querysets reduced to
  the columns the export needs (associations with their authority's name; records published on
  the day, with their association's USCC and recording authority's name), rows only counted;
- floor + CSV: the same, each raw tuple written with ``csv.writer`` to a file: what reading and
  writing cost before any public-form work (choice labels, confidentiality, redaction, JSON).

Each figure is the best of ``--repeat`` runs (default 1); the load average is printed with them.
"""

import argparse
import atexit
import contextlib
import cProfile
import csv
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

SCRATCH = Path(tempfile.mkdtemp(prefix="xinyong-export-bench-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)  # --keep keeps its file elsewhere
GIVEN_DATABASE = "DATABASE_URL" in os.environ
os.environ.setdefault("XINYONG_OPENDATA_ROOT", str(SCRATCH / "opendata"))
os.environ.setdefault("XINYONG_EVIDENCE_ROOT", str(SCRATCH / "evidence"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")
os.environ.setdefault("XINYONG_LOG_LEVEL", "WARNING")
os.environ.setdefault("XINYONG_DEBUG", "0")  # DEBUG would keep every query in memory
if os.environ["XINYONG_DEBUG"] == "0":
    os.environ.setdefault("XINYONG_SECRET_KEY", "bench-" + "x" * 60)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--associations", type=int, default=int(os.environ.get("BENCH_EXPORT_ASSOCIATIONS", "20000"))
    )
    parser.add_argument("--records", type=int, default=int(os.environ.get("BENCH_EXPORT_RECORDS", "200000")))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each figure; the best is shown")
    parser.add_argument("--keep", help="scratch SQLite path: generated there if absent, reused if present")
    parser.add_argument("--profile", help="write a cProfile of one more export here and print its top")
    return parser.parse_args()


ARGS = _arguments()
if not GIVEN_DATABASE:
    db_file = Path(ARGS.keep).resolve() if ARGS.keep else SCRATCH / "bench.sqlite3"
    REUSE = db_file.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"

sys.path.insert(0, str(Path(__file__).resolve().parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from xinyong.disclosure.selectors import PUBLIC_BASIC_COLUMNS, PUBLIC_RECORD_COLUMNS  # noqa: E402
from xinyong.opendata.export import export_open_data  # noqa: E402
from xinyong.opendata.services import ensure_synced  # noqa: E402
from xinyong.records.publication import published_records  # noqa: E402
from xinyong.registry.models import Association  # noqa: E402

CHUNK = 5000


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def reset_peak_rss() -> None:
    with contextlib.suppress(OSError):  # Linux: "5" resets VmHWM to the current RSS
        Path("/proc/self/clear_refs").write_text("5")


def rss_mb(key: str = "VmHWM") -> float:
    """Peak (VmHWM) or current (VmRSS) resident memory of this process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def floor_querysets(today):
    """The export's two querysets, reduced to the columns it reads (the selectors' own lists)."""
    associations = Association.objects.order_by("uscc").values_list(*PUBLIC_BASIC_COLUMNS)
    records = (
        published_records(on=today).order_by("id").values_list(*PUBLIC_RECORD_COLUMNS, "confidential_fields")
    )
    return associations, records


def floor(today, out: Path | None) -> int:
    """Rows read (and, with ``out``, written as raw CSV) through a bare cursor."""
    n = 0
    with transaction.atomic(), contextlib.ExitStack() as files:
        for i, qs in enumerate(floor_querysets(today)):
            sql, params = qs.query.sql_with_params()
            writer = None
            if out:
                writer = csv.writer(
                    files.enter_context(open(out / f"floor{i}.csv", "w", encoding="utf-8", newline=""))
                )
            with connection.chunked_cursor() as cursor:
                cursor.execute(sql, params)
                while rows := cursor.fetchmany(CHUNK):
                    n += len(rows)
                    if writer:
                        writer.writerows(rows)
    return n


def best(runs: int, fn):
    """(best seconds, result of that run)."""
    results = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        results.append((time.perf_counter() - started, result))
    return min(results, key=lambda r: r[0])


def main() -> None:
    print(f"export bench: {connection.vendor}, {load()}", flush=True)
    if not GIVEN_DATABASE and not REUSE:
        from generate import generate

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        generate(associations=ARGS.associations, records=ARGS.records, seed=ARGS.seed, publication="end")
        print(
            f"generated {ARGS.associations:,} associations + {ARGS.records:,} records "
            f"in {time.perf_counter() - started:,.1f} s (seed {ARGS.seed})",
            flush=True,
        )
    started = time.perf_counter()
    ensure_synced()
    print(f"ensure_synced (not in the export figure): {time.perf_counter() - started:,.2f} s", flush=True)
    today = timezone.localdate()

    peaks, starts = [], []

    def one_export():
        reset_peak_rss()
        starts.append(rss_mb("VmRSS"))
        export = export_open_data()
        peaks.append(rss_mb())
        return export

    seconds, export = best(ARGS.repeat, one_export)
    counts = export.manifest["counts"]
    rows = sum(counts.values())
    size = sum(f["bytes"] for f in export.manifest["files"])
    print(
        f"export: {rows:,} rows ({counts['associations']:,} associations + {counts['records']:,} records, "
        f"{size / 1e6:,.1f} MB) in {seconds:.2f} s = {rows / seconds:,.0f} rows/s, "
        f"peak RSS {max(peaks):,.0f} MB (from {min(starts):,.0f} MB before it; "
        f"best of {ARGS.repeat}; {load()})",
        flush=True,
    )
    export_seconds = seconds
    seconds, n = best(ARGS.repeat, lambda: floor(today, None))
    assert n == rows, f"the floor read {n:,} rows, the export wrote {rows:,}"
    floor_seconds = seconds
    print(f"floor, raw SELECT: {n:,} rows in {seconds:.2f} s = {n / seconds:,.0f} rows/s", flush=True)
    seconds, n = best(ARGS.repeat, lambda: floor(today, SCRATCH))
    print(f"floor + csv.writer of raw rows: {n:,} rows in {seconds:.2f} s = {n / seconds:,.0f} rows/s")
    print(f"target 200,000 rows/s; {load()}", flush=True)
    result = {
        "engine": connection.vendor,
        "rows": rows,
        "rows_per_s": rows / export_seconds,
        "peak_rss_mb": max(peaks),
        "floor_rows_per_s": rows / floor_seconds,
        "floor_csv_rows_per_s": n / seconds,
    }
    print("BENCH_RESULT " + json.dumps(result), flush=True)  # for bench/compare.py's table
    if ARGS.profile:
        profiler = cProfile.Profile()
        profiler.runcall(export_open_data)
        profiler.dump_stats(ARGS.profile)
        stats = pstats.Stats(ARGS.profile)
        stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
