"""In-process timings of Xinyong for bench/compare.py (run by it, in the project's environment).

Reads from stdin ``{"queries": {"class": [q, ...]}, "profiles": [uscc, ...], "repeat": n}`` and
prints JSON: per query class the milliseconds of the search itself (``search_associations``:
count and the first page of 20, as the page needs them) and of the whole search page through
Django's test client (URL resolution, middleware, view, template; no network), and the same for
the public profile page. DATABASE_URL names the database.
"""

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from xinyong.registry.search import search_associations  # noqa: E402

PAGE = 20


def ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def search_core(q: str) -> None:
    results = search_associations(q)
    results.count  # noqa: B018 - the count is part of the work
    list(results[:PAGE])


def page(client: Client, path: str, **params) -> None:
    response = client.get(path, params)
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: HTTP {response.status_code}")


def main() -> None:
    job = json.load(sys.stdin)
    client = Client()
    repeat = job["repeat"]
    search_url = reverse("disclosure:search")
    out: dict = {"search": {}, "profile": {}}
    # One untimed pass warms caches (templates, translations, the database's pages).
    for queries in job["queries"].values():
        for q in queries:
            search_core(q)
    for label, queries in job["queries"].items():
        core, full = [], []
        for _ in range(repeat):
            for q in queries:
                core.append(ms(lambda q=q: search_core(q)))
                full.append(ms(lambda q=q: page(client, search_url, q=q)))
        out["search"][label] = {"core": core, "page": full}
    full = []
    for uscc in job["profiles"][:50]:
        page(client, reverse("disclosure:profile", args=[uscc]))
    for _ in range(repeat):
        for uscc in job["profiles"]:
            full.append(ms(lambda u=uscc: page(client, reverse("disclosure:profile", args=[u]))))
    out["profile"]["page"] = full
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
