"""`make bench`: Xinyong at national scale, side by side with Datasette, in one run (issue 7).

    .venv/bin/python bench/compare.py                      # what `make bench` runs
    BENCH_ASSOCIATIONS=100000 BENCH_RECORDS=100000 .venv/bin/python bench/compare.py   # quicker

1. **Data.** ``bench/generate.py`` fills a SQLite file (and a PostgreSQL database when one is
   reachable) with BENCH_ASSOCIATIONS associations (default 1,000,000) and BENCH_RECORDS credit
   records (default 1,000,000; BENCH_PG_RECORDS for PostgreSQL alone) with their history. Both
   are kept under BENCH_DATA (default ``bench/.data``) and reused by the next run; a file or
   database left half-written by an interrupted run is made again.
2. **The peer.** Datasette, installed from PyPI into ``bench/.venv-datasette`` from its own lock
   (``bench/requirements-datasette.lock``), serves a SQLite file holding the same associations'
   public columns and their published records, with its own full-text search: an FTS5 table with
   the trigram tokenizer (``_search=``; SQLite's default tokenizer cannot split Chinese at all).
   A trigram cannot serve a two-character query, so those go to ``name__contains`` (a ``LIKE``
   scan), which is what a Datasette publisher would fall back to. Datasette runs as it is meant
   to be deployed (one uvicorn process, immutable database, ``default_page_size`` 20, facet
   suggestions off, SQL time limit raised to 20 s so that no query is cut off).
3. **Search** by name fragment (2, 3 and 4+ characters drawn from real names, plus the commonest
   fragments) and by USCC: p50/p95 in milliseconds, server-side (in process: Xinyong's search
   itself and its whole page through Django's test client; Datasette's page through its ASGI
   client) and over HTTP (Xinyong under gunicorn, 2 sync workers; Datasette under its uvicorn),
   next to the raw SQL: the ``LIKE`` scan and the FTS5 ``MATCH`` (count and first 20 rows).
4. **Profile**: requests per second with BENCH_CLIENTS (8) concurrent keep-alive clients for
   BENCH_SECONDS (15) each, Xinyong's public profile vs Datasette's row page.
5. **Import** (bench/import_bench.py, BENCH_IMPORT_ROWS rows, 100,000 by default; the issue's
   figure is 1,000,000), **export** (bench/export_bench.py) and **verify_history** over the
   generated history (BENCH_RECORDS=4500000 gives about 10,000,000 entries).
6. The same search and profile figures on PostgreSQL (Xinyong only: Datasette reads SQLite).

Prints one table (Markdown) and writes it to BENCH_DATA/results.md; docs/performance.md holds the
figures of a full run. The load generator runs on the same two cores as the servers, for both.
"""

import http.client
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = Path(os.environ.get("BENCH_DATA", BENCH / ".data")).resolve()
PYTHON = sys.executable
DS_VENV = BENCH / ".venv-datasette"
DS_PYTHON = DS_VENV / "bin" / "python"
N_ASSOC = int(os.environ.get("BENCH_ASSOCIATIONS", "1000000"))
N_RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
N_PG_RECORDS = int(os.environ.get("BENCH_PG_RECORDS", str(N_RECORDS)))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
PER_CLASS = int(os.environ.get("BENCH_QUERIES", "30"))
PG_BASE = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SEED = 2026
PAGE = 20
DATASETTE_SETTINGS = {
    "default_page_size": PAGE,
    "sql_time_limit_ms": 20_000,
    "suggest_facets": False,
    "facet_time_limit_ms": 200,
}
# Xinyong as deployed behind a TLS-terminating proxy that also rate-limits (so no per-request
# throttle write here, and Datasette has none either); persistent database connections.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "xinyong.settings",
    "XINYONG_DEBUG": "0",
    "XINYONG_SECRET_KEY": "bench-" + "k" * 60,
    "XINYONG_LOG_LEVEL": "WARNING",
    "XINYONG_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "XINYONG_PUBLIC_RATE_LIMIT": "off",
    "XINYONG_SSL_REDIRECT": "0",
    "XINYONG_PROXY_SSL_HEADER": "1",
    "XINYONG_CONN_MAX_AGE": "600",
}
HTTPS = {"X-Forwarded-Proto": "https"}
COMMON = ["协会", "行业协会", "服务中心", "促进会", "研究会", "软件行业协会", "养老服务中心"]


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data


@dataclass
class Dataset:
    engine: str
    url: str
    evidence: Path
    generate_s: float | None = None  # None: reused from an earlier run


def _env(url: str, evidence: Path) -> dict[str, str]:
    return {**os.environ, **SERVER_ENV, "DATABASE_URL": url, "XINYONG_EVIDENCE_ROOT": str(evidence)}


def _generate(url: str, evidence: Path, records: int) -> float:
    log(f"generating {N_ASSOC:,} associations and {records:,} records into {url} …")
    start = time.perf_counter()
    subprocess.run(
        [PYTHON, str(BENCH / "generate.py"), "--migrate", "--associations", str(N_ASSOC),
         "--records", str(records), "--seed", str(SEED)],
        env=_env(url, evidence), check=True, stdout=sys.stderr,
    )  # fmt: skip
    return time.perf_counter() - start


def sqlite_dataset() -> Dataset:
    tag = f"{N_ASSOC}-{N_RECORDS}"
    path, done = DATA / f"national-{tag}.sqlite3", DATA / f"national-{tag}.done"
    evidence = DATA / f"evidence-{tag}"
    url = f"sqlite:///{path}"
    if done.exists() and path.exists():
        return Dataset("sqlite", url, evidence)
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(evidence, ignore_errors=True)
    seconds = _generate(url, evidence, N_RECORDS)
    done.write_text(f"{seconds:.1f}\n")
    return Dataset("sqlite", url, evidence, seconds)


def postgres_dataset() -> Dataset | None:
    try:
        import psycopg
    except ImportError:
        return None
    name = f"xinyong_national_{N_ASSOC}_{N_PG_RECORDS}"
    done, evidence = DATA / f"{name}.done", DATA / f"evidence-pg-{N_ASSOC}-{N_PG_RECORDS}"
    try:
        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and done.exists():
                return Dataset("postgresql", f"{PG_BASE}/{name}", evidence)
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        log(f"PostgreSQL not reachable at {PG_BASE} ({exc}); its rows are left out")
        return None
    done.unlink(missing_ok=True)
    shutil.rmtree(evidence, ignore_errors=True)
    seconds = _generate(f"{PG_BASE}/{name}", evidence, N_PG_RECORDS)
    done.write_text(f"{seconds:.1f}\n")
    return Dataset("postgresql", f"{PG_BASE}/{name}", evidence, seconds)


def datasette_env() -> None:
    """bench/.venv-datasette from its lock (once; again when the lock changes)."""
    lock = BENCH / "requirements-datasette.lock"
    stamp = DS_VENV / ".installed"
    if stamp.exists() and stamp.read_text() == lock.read_text():
        return
    log("installing Datasette into bench/.venv-datasette …")
    shutil.rmtree(DS_VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(DS_VENV)], check=True)
    subprocess.run(
        [str(DS_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--require-hashes", "-r", str(lock)],
        check=True,
    )  # fmt: skip
    stamp.write_text(lock.read_text())


def datasette_db(source: Path) -> tuple[Path, float | None]:
    """The peer's database: the associations' public columns and the published records, as a
    team publishing this data with Datasette would lay it out, with FTS5 (trigram) on names."""
    target = DATA / source.name.replace("national-", "datasette-")
    if target.exists():
        return target, None
    start = time.perf_counter()
    work = target.with_suffix(".tmp")
    work.unlink(missing_ok=True)
    db = sqlite3.connect(work)
    db.executescript(
        f"""
        PRAGMA journal_mode = OFF;
        ATTACH DATABASE '{source}' AS xy;
        CREATE TABLE authorities (id INTEGER PRIMARY KEY, code TEXT, name TEXT);
        INSERT INTO authorities SELECT id, code, name FROM xy.registry_authority;
        CREATE TABLE associations (
            id INTEGER PRIMARY KEY, uscc TEXT UNIQUE, name TEXT, registration_type TEXT,
            founded_on TEXT, status TEXT, address TEXT, legal_representative TEXT,
            business_scope TEXT, authority_id INTEGER REFERENCES authorities(id));
        INSERT INTO associations
            SELECT id, uscc, name, registration_type, founded_on, status, address,
                   legal_representative, business_scope, authority_id
            FROM xy.registry_association ORDER BY id;
        CREATE TABLE records (
            id INTEGER PRIMARY KEY, association_id INTEGER REFERENCES associations(id),
            category TEXT, kind TEXT, event_date TEXT, title TEXT, grade TEXT, conclusion TEXT,
            honour_level TEXT, valid_until TEXT);
        INSERT INTO records
            SELECT id, association_id, category, kind, event_date, title, grade, conclusion,
                   honour_level, valid_until
            FROM xy.records_creditrecord
            WHERE status = 'recorded' AND confidentiality = '' ORDER BY id;
        CREATE INDEX records_association ON records(association_id);
        CREATE INDEX associations_authority ON associations(authority_id);
        CREATE VIRTUAL TABLE associations_fts USING fts5(
            name, content='associations', content_rowid='id', tokenize='trigram');
        INSERT INTO associations_fts(associations_fts) VALUES ('rebuild');
        DETACH DATABASE xy;
        ANALYZE;
        """
    )
    db.close()
    work.rename(target)
    return target, time.perf_counter() - start


# ---------------------------------------------------------------- queries


def sample(source: Path) -> tuple[dict[str, list[str]], list[tuple[int, str]]]:
    """Query classes drawn from real names, and associations (id, uscc) to open profiles of."""
    db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    (high,) = db.execute("SELECT max(id) FROM registry_association").fetchone()
    rng = random.Random(SEED)
    rows = []
    while len(rows) < 4 * PER_CLASS:
        row = db.execute(
            "SELECT id, uscc, name FROM registry_association WHERE id >= ? ORDER BY id LIMIT 1",
            [rng.randint(1, high)],
        ).fetchone()
        if row:
            rows.append(row)
    db.close()

    def fragment(name: str, low: int, high: int) -> str:
        size = rng.randint(low, min(high, len(name)))
        start = rng.randint(0, len(name) - size)
        return name[start : start + size]

    names = [r[2] for r in rows]
    queries = {
        "2 字": [fragment(n, 2, 2) for n in names[:PER_CLASS]],
        "3 字": [fragment(n, 3, 3) for n in names[PER_CLASS : 2 * PER_CLASS]],
        "4+ 字": [fragment(n, 4, 10) for n in names[2 * PER_CLASS : 3 * PER_CLASS]],
        "常见片段": COMMON,
        "全称": names[3 * PER_CLASS :],
        "统一社会信用代码": [r[1] for r in rows[:PER_CLASS]],
    }
    return queries, [(r[0], r[1]) for r in rows]


def datasette_path(label: str, q: str) -> str:
    quoted = urllib.parse.quote
    if label == "统一社会信用代码":
        return f"/data/associations?uscc__exact={quoted(q)}"
    if len(q) < 3:  # the trigram index has nothing for two characters
        return f"/data/associations?name__contains={quoted(q)}"
    return f"/data/associations?_search={quoted(q)}"


def sql_floor(source: Path, peer: Path, queries: dict[str, list[str]]) -> dict[str, dict[str, list[float]]]:
    """The bare SQL: a LIKE scan over the names (count + first 20 by name) on Xinyong's file, and
    the FTS5 MATCH (count + first 20) on the peer's."""
    xy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    ds = sqlite3.connect(f"file:{peer}?mode=ro", uri=True)
    out: dict[str, dict[str, list[float]]] = {}
    for label, items in queries.items():
        like, fts = [], []
        for q in items:
            if label == "统一社会信用代码":
                like.append(_ms(lambda q=q: xy.execute(
                    "SELECT id, name FROM registry_association WHERE uscc = ?", [q]).fetchall()))  # fmt: skip
                continue
            pattern = f"%{q}%"
            like.append(_ms(lambda p=pattern: (
                xy.execute("SELECT count(*) FROM registry_association WHERE name_normalized LIKE ?",
                           [p]).fetchone(),
                xy.execute("SELECT id, name FROM registry_association WHERE name_normalized LIKE ? "
                           "ORDER BY name_normalized, id LIMIT 20", [p]).fetchall(),
            )))  # fmt: skip
            if len(q) >= 3:
                phrase = '"' + q.replace('"', '""') + '"'
                fts.append(_ms(lambda m=phrase: (
                    ds.execute("SELECT count(*) FROM associations_fts WHERE associations_fts MATCH ?",
                               [m]).fetchone(),
                    ds.execute("SELECT rowid FROM associations_fts WHERE associations_fts MATCH ? "
                               "LIMIT 20", [m]).fetchall(),
                )))  # fmt: skip
        out[label] = {"like": like, "fts": fts}
    xy.close()
    ds.close()
    return out


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


# ---------------------------------------------------------------- servers and HTTP


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], probe: str):
        self.name, self.port = name, free_port()
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.log = DATA / f"{name}.log"
        self.proc = subprocess.Popen(argv, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"{name} did not start; see {self.log}")
            try:
                status, _ = request(self.port, probe)
                if status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{name} did not answer within 120 s; see {self.log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def request(port: int, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=HTTPS)
        response = conn.getresponse()
        body = response.read()
        if response.getheader("Connection", "").lower() == "close":
            conn.close()  # reconnects on the next request (gunicorn's sync workers close)
        return response.status, body
    finally:
        if own:
            conn.close()


def latencies(port: int, paths: list[str]) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for path in paths[:10]:
        request(port, path, conn)
    out = []
    for _ in range(REPEAT):
        for path in paths:
            start = time.perf_counter()
            status, _ = request(port, path, conn)
            out.append((time.perf_counter() - start) * 1000)
            if status != 200:
                raise SystemExit(f"HTTP {status} for {path} on port {port}")
    conn.close()
    return out


def throughput(port: int, paths: list[str]) -> dict[str, float]:
    """CLIENTS threads, each with its own keep-alive connection, for SECONDS."""
    done, errors, samples = [0] * CLIENTS, [0] * CLIENTS, [[] for _ in range(CLIENTS)]
    stop = time.monotonic() + SECONDS

    def client(i: int) -> None:
        rng = random.Random(i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop:
            path = rng.choice(paths)
            start = time.perf_counter()
            try:
                status, _ = request(port, path, conn)
            except (OSError, http.client.HTTPException):
                conn.close()
                errors[i] += 1
                continue
            samples[i].append((time.perf_counter() - start) * 1000)
            if status == 200:
                done[i] += 1
            else:
                errors[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    flat = [s for per in samples for s in per]
    return {"rps": sum(done) / elapsed, "errors": sum(errors), "p50": pct(flat, 50), "p95": pct(flat, 95)}


def pct(samples: list[float], q: int) -> float:
    if not samples:
        return float("nan")
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


# ---------------------------------------------------------------- the parts


@dataclass
class Results:
    search: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # label -> column -> ms
    profile: dict[str, dict[str, float]] = field(default_factory=dict)  # column -> figures
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # what, figure, compared with


def probe(python: Path | str, script: str, args: list[str], env: dict, job: dict) -> dict:
    result = subprocess.run(
        [str(python), str(BENCH / script), *args], input=json.dumps(job), env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"{script} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def xinyong_search_and_profile(data: Dataset, queries, profiles, results: Results, tag: str) -> None:
    env = _env(data.url, data.evidence)
    job = {"queries": queries, "profiles": [u for _, u in profiles], "repeat": REPEAT}
    log(f"{tag}: in-process search and profile …")
    inproc = probe(PYTHON, "probe_xinyong.py", [], env, job)
    for label, columns in inproc["search"].items():
        results.search.setdefault(label, {})[f"Xinyong {tag} 检索本身"] = columns["core"]
        results.search[label][f"Xinyong {tag} 页面（进程内）"] = columns["page"]
    results.profile[f"Xinyong {tag} 进程内"] = {
        "p50": pct(inproc["profile"]["page"], 50), "p95": pct(inproc["profile"]["page"], 95),
    }  # fmt: skip
    log(f"{tag}: gunicorn, 2 workers …")
    server = Server(
        f"gunicorn-{tag}",
        [PYTHON, "-m", "gunicorn", "xinyong.wsgi:application", "--workers", "2",
         "--bind", "127.0.0.1:{port}", "--log-level", "warning"],
        env, "/",
    )  # fmt: skip
    try:
        for label, items in queries.items():
            paths = ["/search?" + urllib.parse.urlencode({"q": q}) for q in items]
            results.search[label][f"Xinyong {tag} HTTP"] = latencies(server.port, paths)
        results.profile[f"Xinyong {tag} HTTP"] = throughput(server.port, [f"/org/{u}" for _, u in profiles])
    finally:
        server.stop()


def datasette_search_and_profile(peer: Path, queries, profiles, results: Results) -> None:
    paths = {label: [datasette_path(label, q) for q in items] for label, items in queries.items()}
    rows = [f"/data/associations/{pk}" for pk, _ in profiles]
    # Datasette names a database after its file; the paths say /data/.
    link = DATA / "data.sqlite3"
    link.unlink(missing_ok=True)
    link.symlink_to(peer)
    log("Datasette: in-process …")
    inproc = probe(
        DS_PYTHON, "probe_datasette.py", [str(link), json.dumps(DATASETTE_SETTINGS)], dict(os.environ),
        {"queries": paths, "profiles": rows, "repeat": REPEAT},
    )  # fmt: skip
    for label, columns in inproc["search"].items():
        results.search[label]["Datasette 页面（进程内）"] = columns["page"]
    results.profile["Datasette 进程内"] = {
        "p50": pct(inproc["profile"]["page"], 50), "p95": pct(inproc["profile"]["page"], 95),
    }  # fmt: skip
    log("Datasette: uvicorn …")
    argv = [
        str(DS_VENV / "bin" / "datasette"),
        "serve",
        "-i",
        str(link),
        "--port",
        "{port}",
        "--host",
        "127.0.0.1",
    ]
    for key, value in DATASETTE_SETTINGS.items():
        argv += ["--setting", key, str(value).lower() if isinstance(value, bool) else str(value)]
    server = Server("datasette", argv, dict(os.environ), "/data/associations/1")
    try:
        for label, items in paths.items():
            results.search[label]["Datasette HTTP"] = latencies(server.port, items)
        results.profile["Datasette HTTP"] = throughput(server.port, rows)
    finally:
        server.stop()


def run_script(script: str, env: dict) -> dict | None:
    result = subprocess.run([PYTHON, str(BENCH / script)], env=env, capture_output=True, text=True)
    sys.stderr.write(result.stdout[-4000:])
    if result.returncode != 0:
        log(f"{script} failed:\n{result.stderr[-3000:]}")
        return None
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return json.loads(line.removeprefix("BENCH_RESULT "))
    return None


def verify(data: Dataset) -> tuple[int, float, float]:
    env = _env(data.url, data.evidence)
    count = subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); from xinyong.history.models import HistoryEntry; "
         "print(HistoryEntry.objects.count())"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    start = time.perf_counter()
    # In a process of its own, which then reports its peak memory.
    code = (
        "import resource, sys, django; django.setup(); from django.core.management import call_command; "
        "status = 0\ntry: call_command('verify_history', '--skip-files', stdout=open('/dev/null', 'w'))\n"
        "except SystemExit as exc: status = exc.code or 0\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(status)"
    )
    result = subprocess.run([PYTHON, "-c", code], env=env, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        log(f"verify_history failed:\n{result.stderr[-2000:]}")
    peak_kb = result.stderr.strip().rsplit("\n", 1)[-1]
    return int(count), seconds, int(peak_kb) / 1024 if peak_kb.isdigit() else float("nan")


# ---------------------------------------------------------------- the table


def render(results: Results, header: list[str]) -> str:
    out = header[:]
    columns = []
    for per in results.search.values():
        columns += [c for c in per if c not in columns]
    out.append("\n### 按名称片段和统一社会信用代码检索（毫秒，p50 / p95）\n")
    out.append("| 查询 | " + " | ".join(columns) + " |")
    out.append("|---|" + "---|" * len(columns))
    for label, per in results.search.items():
        cells = [f"{pct(per[c], 50):.1f} / {pct(per[c], 95):.1f}" if per.get(c) else "—" for c in columns]
        out.append(f"| {label} ({len(next(iter(per.values())))}) | " + " | ".join(cells) + " |")
    out.append(f"\n### 公示页：每秒请求数（{CLIENTS} 个并发客户端，{SECONDS:.0f} 秒）\n")
    out.append("| | req/s | p50 ms | p95 ms | 错误 |")
    out.append("|---|---|---|---|---|")
    for name, fig in results.profile.items():
        if "rps" in fig:
            out.append(
                f"| {name} | {fig['rps']:.0f} | {fig['p50']:.1f} | {fig['p95']:.1f} | {fig['errors']} |"
            )
        else:
            out.append(f"| {name}（单个请求） | — | {fig['p50']:.1f} | {fig['p95']:.1f} | — |")
    out.append("\n### 其他\n")
    out.append("| | 结果 | 对照 |")
    out.append("|---|---|---|")
    out += [f"| {a} | {b} | {c} |" for a, b, c in results.lines]
    return "\n".join(out) + "\n"


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    datasette_env()
    sq = sqlite_dataset()
    source = Path(sq.url.removeprefix("sqlite:///"))
    peer, peer_s = datasette_db(source)
    queries, profiles = sample(source)
    results = Results()
    if sq.generate_s:
        results.lines.append(("生成数据（SQLite）", f"{sq.generate_s:,.0f} s", ""))
    if peer_s:
        results.lines.append(("Datasette 数据库（含 FTS5 trigram）", f"{peer_s:,.0f} s", ""))
    floor = sql_floor(source, peer, queries)
    for label in queries:
        results.search[label] = {}
    xinyong_search_and_profile(sq, queries, profiles, results, "SQLite")
    datasette_search_and_profile(peer, queries, profiles, results)
    for label, per in floor.items():
        results.search[label]["SQL: LIKE 扫描"] = per["like"]
        results.search[label]["SQL: FTS5 trigram"] = per["fts"]
    pg = postgres_dataset() if os.environ.get("BENCH_POSTGRES", "1") == "1" else None
    if pg:
        xinyong_search_and_profile(pg, queries, profiles, results, "PostgreSQL")
    if os.environ.get("BENCH_VERIFY", "1") == "1":
        entries, seconds, peak = verify(sq)
        results.lines.append(
            (f"verify_history --skip-files, {entries:,} 条历史（SQLite）",
             f"{seconds:,.0f} s，{entries / seconds:,.0f} 条/s，峰值内存 {peak:,.0f} MB", ""))  # fmt: skip
    for engine, data in [("SQLite", sq), ("PostgreSQL", pg)]:
        if data is None:
            continue
        if os.environ.get("BENCH_IMPORT", "1") == "1":
            # A scratch database of its own: 10,000 associations, then the CSV.
            scratch = {"BENCH_DATABASE_URL": f"{PG_BASE}/xinyong_bench"} if engine == "PostgreSQL" else {}
            imp = run_script("import_bench.py", {**os.environ, **scratch})
            if imp:
                results.lines.append((
                    f"批量导入 {imp['rows']:,} 行（校验、证据、历史、变更流），{engine}",
                    f"{imp['rows_per_s']:,.0f} 行/s，峰值内存 {imp['peak_rss_mb']:,.0f} MB",
                    f"csv + executemany 下限 {imp['floor_rows_per_s']:,.0f} 行/s",
                ))  # fmt: skip
        if os.environ.get("BENCH_EXPORT", "1") == "1":
            # The national data set itself: every association and every published record.
            exp = run_script("export_bench.py", _env(data.url, data.evidence))
            if exp:
                results.lines.append((
                    f"开放数据导出 {exp['rows']:,} 行（JSON Lines + CSV），{engine}",
                    f"{exp['rows_per_s']:,.0f} 行/s，峰值内存 {exp['peak_rss_mb']:,.0f} MB",
                    f"SELECT 下限 {exp['floor_rows_per_s']:,.0f} 行/s；"
                    f"SELECT + csv.writer {exp['floor_csv_rows_per_s']:,.0f} 行/s",
                ))  # fmt: skip
    load = os.getloadavg()
    header = [
        f"## Xinyong vs Datasette — {N_ASSOC:,} 个协会，{N_RECORDS:,} 条信用记录",
        "",
        f"{os.cpu_count()} 核，load {load[0]:.1f}；Python {sys.version.split()[0]}；"
        f"SQLite {sqlite3.sqlite_version}；Datasette {_datasette_version()}；"
        f"每类查询重复 {REPEAT} 次；本次 {time.perf_counter() - started:,.0f} s。",
    ]
    table = render(results, header)
    (DATA / "results.md").write_text(table)
    print(table)


def _datasette_version() -> str:
    out = subprocess.run([str(DS_VENV / "bin" / "datasette"), "--version"], capture_output=True, text=True)
    return out.stdout.strip().rsplit(" ", 1)[-1]


if __name__ == "__main__":
    main()
