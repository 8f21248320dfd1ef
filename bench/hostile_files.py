"""Peak memory and time of ``xinyong import`` on each hostile file of issue 13 (findings 4, 5).

    .venv/bin/python bench/hostile_files.py                  # a scratch SQLite database with the demo
    DATABASE_URL=postgres://… .venv/bin/python bench/hostile_files.py   # a migrated database with the demo

Each file is built under BENCH_DATA/hostile (default ``bench/.data/hostile``): the issue's two
(shared strings inflating to 1 GiB in a 1 MB workbook; 20 million empty rows in 1.5 MB, written
here as Excel writes rows, ``<row r="N" spans="1:8"/>``, so it takes a minute to build once), the
others of ``xinyong.testing.hostile``, JSON nested 100,000 deep, and an honest 1,000-row
workbook for comparison. Each is delivered with ``/usr/bin/time -v xinyong import FILE
--department 北京市财政局 --kind purchased_service --dry-run --no-progress`` (a dry run reads and
checks the whole file as an import does, and writes nothing); the table gives the exit code, the
lines on standard error, wall time and peak resident memory (the whole process: Python, Django
and the import). The issue's bound is < 10 s and < 300 MB.
"""

import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")

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


def excel_rows(path: Path, rows: int) -> Path:
    """A workbook whose sheet has ``rows`` empty rows numbered as Excel numbers them."""
    from xinyong.testing import hostile

    parts = hostile.workbook_parts(HEADER)
    head, tail = hostile._sheet(hostile._header_row(HEADER))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head)
            step = 100_000
            for start in range(2, rows + 2, step):
                stop = min(start + step, rows + 2)
                sheet.write(b"".join(b'<row r="%d" spans="1:8"/>' % n for n in range(start, stop)))
            sheet.write(tail)
    return path


def files(directory: Path, uscc: str) -> dict[str, Path]:
    from datetime import date

    from xinyong.testing import hostile

    directory.mkdir(parents=True, exist_ok=True)
    built = {}

    def once(name: str, make) -> None:
        path = directory / name
        if not path.exists():
            make(path)
        built[name] = path

    once("shared-strings-1gib.xlsx", lambda p: hostile.shared_strings_bomb(p, HEADER))
    once("rows-20m-excel.xlsx", lambda p: excel_rows(p, 20_000_000))
    once("rows-20m-minimal.xlsx", lambda p: hostile.many_rows(p, HEADER))
    once("rows-20m-declared.xlsx", lambda p: hostile.many_rows(p, HEADER, dimension="A1:H20000001"))
    once("entities.xlsx", lambda p: hostile.entity_bomb(p, HEADER))
    once("parts-5000.xlsx", lambda p: hostile.many_parts(p, HEADER))
    once("cell-1m-chars.xlsx", lambda p: hostile.long_cell(p, HEADER))
    once("deep.json", lambda p: p.write_bytes(hostile.deep_json()))
    once("deep.jsonl", lambda p: p.write_bytes(hostile.deep_json(lines=True)))
    row = [uscc, "项目", "北京市财政局", "优秀", date.today().isoformat(), "文号1", "北京市财政局"]
    row.append(date.today().isoformat())
    once("honest-1000-rows.xlsx", lambda p: p.write_bytes(_honest(HEADER, row, 1000)))
    return built


def _honest(header, row, count) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for n in range(count):
        sheet.append([row[0], f"{row[1]}{n}", *row[2:5], f"京财评〔2025〕{n}号", *row[6:]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def database(env: dict) -> dict:
    if env.get("DATABASE_URL"):
        return env
    scratch = Path(tempfile.mkdtemp(prefix="xinyong-hostile-"))
    env = {**env, "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3", "XINYONG_VAR_DIR": str(scratch)}
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--if-empty"]):
        subprocess.run([BIN / "xinyong", *command], env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def measure(path: Path, env: dict) -> tuple[int, int, float, float, str]:
    done = subprocess.run(
        [
            "/usr/bin/time", "-v", BIN / "xinyong", "import", path, "--department", "北京市财政局",
            "--kind", "purchased_service", "--dry-run", "--no-progress",
        ],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    err = done.stderr
    timing = err[err.rfind("\tCommand being timed") :]
    mine = [
        line
        for line in err[: err.rfind("\tCommand being timed")].strip().splitlines()
        if not line.startswith("Command exited with non-zero status")
    ]
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", timing)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1)) / 1024
    said = (mine[0] if mine else done.stdout.strip().splitlines()[0])[:90]
    return done.returncode, len(mine), seconds, peak, said


def main() -> None:
    data = Path(os.environ.get("BENCH_DATA", ROOT / "bench" / ".data")) / "hostile"
    env = database(dict(os.environ))
    os.environ.update(env)
    import django

    django.setup()
    from xinyong.registry.models import Association

    built = files(data, Association.objects.order_by("pk").values_list("uscc", flat=True).first())
    print("| file | size | exit | stderr lines | wall s | peak RSS MB | says |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, path in built.items():
        code, lines, seconds, peak, said = measure(path, env)
        size = path.stat().st_size
        print(f"| {name} | {size / 1024:,.0f} KB | {code} | {lines} | {seconds:.2f} | {peak:.0f} | {said} |")


if __name__ == "__main__":
    main()
