"""Issue 13, open-data downloads patched while they stream: rows per second of
``opendata.serving``'s JSON Lines and CSV filters over a synthetic export file, with one row in
97 left out (changed or withdrawn since the export). No database is read: this is the cost a
download pays per row on top of reading the file.

    .venv/bin/python bench/patch_bench.py              # 300,000 rows
    .venv/bin/python bench/patch_bench.py --rows 1000000
"""

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")

import django

django.setup()

from xinyong.opendata import serving  # noqa: E402
from xinyong.opendata.export import RECORD_COLUMNS, csv_cells, encode_line  # noqa: E402

ROW = {
    "association": "51110000100000059Y",
    "category": "dishonesty",
    "fields": {
        "event_date": "2026-01-01",
        "misconduct": "未按规定报送年度工作报告，情节较轻",
        "penalty": "警告",
        "legal_basis": "《社会团体登记管理条例》第三十条",
        "recorded_by": "北京市东城区民政局",
    },
    "kind": "dishonesty",
    "published_until": "2031-01-01",
    "published_until_withheld": False,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        with (
            open(directory / "records.jsonl", "w", encoding="utf-8") as jsonl,
            open(directory / "records.csv", "w", encoding="utf-8-sig", newline="") as text,
        ):
            writer = csv.writer(text)
            writer.writerow(RECORD_COLUMNS)
            for n in range(1, rows + 1):
                row = dict(ROW, id=n)
                jsonl.write(encode_line(row) + "\n")
                writer.writerow(csv_cells(row, RECORD_COLUMNS))
        keys = frozenset(range(1, rows + 1, 97))
        filters = {
            "jsonl": lambda: serving._jsonl(directory / "records.jsonl", serving._RECORD_KEY, True, keys, []),
            "csv": lambda: serving._csv(directory / "records.csv", RECORD_COLUMNS, 0, int, keys, []),
        }
        for name, stream in filters.items():
            started = time.perf_counter()
            size = sum(len(chunk) for chunk in stream())
            seconds = time.perf_counter() - started
            print(
                f"{name}: {rows:,} rows, {len(keys):,} left out, {seconds:.2f} s, "
                f"{rows / seconds:,.0f} rows/s, {size / seconds / 1e6:.0f} MB/s"
            )


if __name__ == "__main__":
    main()
