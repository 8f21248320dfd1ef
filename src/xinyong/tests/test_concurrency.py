"""Rule 5, concurrent edits: several processes writing at once lose nothing and never fork the
history chain, on the engine under test (SQLite's write lock, PostgreSQL's row and advisory locks).
"""

import json
import subprocess
import sys

from xinyong.testing.scratchdb import XINYONG, scratch_database

WRITERS = 4
EACH = 15


def _run(env, *args) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "xinyong.testing.concurrent_writer", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_concurrent_writers_lose_nothing_and_keep_one_chain(tmp_path):
    with scratch_database(tmp_path, label="concurrency") as env:
        start = _run(env, "setup")
        assert set(start) == {"association", "shared"}
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "xinyong.testing.concurrent_writer", "run", str(EACH), f"w{n}"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(WRITERS)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
        after = _run(env, "report")
        rounds = WRITERS * EACH
        # setup: authority + account + association + record + evidence = 5 entries; each round: record,
        # evidence, modification of the shared record, change of basic information.
        assert after["records"] == 1 + rounds
        assert after["shared_modifications"] == rounds and after["shared_version"] == 1 + rounds
        assert after["basic_changes"] == rounds and after["association_version"] == 1 + rounds
        assert after["entries"] == 5 + rounds * 4
        verify = subprocess.run([XINYONG, "verify_history"], env=env, capture_output=True, text=True)
        assert verify.returncode == 0, verify.stderr
        assert "verify_history: OK" in verify.stdout
