"""A fresh database of the engine under test, for tests that run the app in other processes.

pytest-django's test database lives inside one transaction of the test process; a browser or a
set of concurrent writers needs a real database of its own, migrated like production.
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.conf import settings

from .liveserver import XINYONG


@contextmanager
def scratch_database(tmp: Path, *, label: str) -> Iterator[dict[str, str]]:
    """Yield an environment whose DATABASE_URL is a fresh, migrated database; drop it afterwards."""
    db = settings.DATABASES["default"]
    admin_url = None
    if db["ENGINE"].endswith("postgresql"):
        name = f"xinyong_{label}_{os.getpid()}"
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        base = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        admin_url = f"{base}/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{base}/{name}"
    else:
        url = f"sqlite:///{tmp / f'{label}.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "XINYONG_EVIDENCE_ROOT": str(tmp / "evidence")}
    subprocess.run([XINYONG, "migrate", "--noinput", "-v0"], env=env, check=True)
    try:
        yield env
    finally:
        if admin_url:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
