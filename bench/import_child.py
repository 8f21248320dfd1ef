"""Runs `xinyong import` in a process of its own for bench/import_bench.py, and reports the
process's peak resident memory (VmHWM) on its last line of standard error as JSON.
"""

import json
import os
import resource
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

start = time.perf_counter()
code = 0
try:
    call_command("import", *sys.argv[1:])
except SystemExit as exc:
    code = int(exc.code or 0)
seconds = time.perf_counter() - start
# VmHWM: this process's own peak resident set (ru_maxrss would carry the parent's over exec).
with open("/proc/self/status", encoding="ascii") as fh:
    status = dict(line.split(":", 1) for line in fh if ":" in line)
peak_kb = (
    int(status["VmHWM"].split()[0])
    if "VmHWM" in status
    else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
)
print(json.dumps({"exit": code, "seconds": seconds, "peak_rss_mb": peak_kb / 1024}), file=sys.stderr)
sys.exit(code)
