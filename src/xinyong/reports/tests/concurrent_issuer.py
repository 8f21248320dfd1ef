"""An issuing process for the concurrency test: `python -m xinyong.reports.tests.concurrent_issuer CMD`.

setup   create an authority, a staff user and an association; print the association's id
run N   issue N public reports of it
report  print every issued number
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")

import django

django.setup()

from xinyong.registry.models import Association  # noqa: E402
from xinyong.reports.models import IssuedReport  # noqa: E402
from xinyong.reports.services import report_issue  # noqa: E402
from xinyong.testing import factories as f  # noqa: E402


def main(command: str, *args: str) -> dict:
    if command == "setup":
        staff = f.staff(f.authority(), username="issuer")
        return {"association": f.association(actor=staff).pk}
    if command == "run":
        association = Association.objects.get()
        for _ in range(int(args[0])):
            report_issue(actor=None, association=association, version="public")
        return {}
    if command == "report":
        return {"numbers": list(IssuedReport.objects.values_list("number", flat=True))}
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:])))
