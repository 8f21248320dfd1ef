"""In-process timings of Datasette for bench/compare.py (run by it, in bench/.venv-datasette).

    probe_datasette.py DATABASE.sqlite3 < job.json

Same job as probe_xinyong.py, but each "query" is already a Datasette path (the compare script
decides which of Datasette's search features serves each query). Requests go through
``Datasette.client`` (the ASGI app in process, no network), with the settings ``compare.py``
serves it with.
"""

import asyncio
import json
import sys
import time

from datasette.app import Datasette

SETTINGS = json.loads(sys.argv[2])


async def main() -> None:
    job = json.load(sys.stdin)
    ds = Datasette(immutables=[sys.argv[1]], settings=SETTINGS)
    await ds.invoke_startup()
    repeat = job["repeat"]

    async def get(path: str) -> float:
        start = time.perf_counter()
        response = await ds.client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        return (time.perf_counter() - start) * 1000

    out: dict = {"search": {}, "profile": {}}
    for paths in job["queries"].values():
        for path in paths:
            await get(path)
    for label, paths in job["queries"].items():
        out["search"][label] = {"page": [await get(p) for _ in range(repeat) for p in paths]}
    for path in job["profiles"][:50]:
        await get(path)
    out["profile"]["page"] = [await get(p) for _ in range(repeat) for p in job["profiles"]]
    json.dump(out, sys.stdout)


asyncio.run(main())
