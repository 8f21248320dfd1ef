"""A writer process for the concurrency test: `python -m xinyong.testing.concurrent_writer CMD`.

setup   create an authority, a staff user, an association and one shared record; print their ids
run N   create N records (with evidence), make N modifications of the shared record and N changes
        of the association's basic information, reloading and retrying when another writer got
        there first (StaleVersion)
report  print the counts the test compares
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinyong.settings")

import django

django.setup()

from django.db import OperationalError  # noqa: E402

from xinyong.accounts.models import User  # noqa: E402
from xinyong.errors import StaleVersion  # noqa: E402
from xinyong.history.models import HistoryEntry  # noqa: E402
from xinyong.records.models import CreditRecord  # noqa: E402
from xinyong.records.services import record_modify  # noqa: E402
from xinyong.registry.models import Association  # noqa: E402
from xinyong.registry.services import association_modify  # noqa: E402
from xinyong.testing import factories as f  # noqa: E402


def setup() -> dict:
    city = f.authority()
    staff = f.staff(city, username="writer")
    association = f.association(actor=staff)
    shared = f.record(actor=staff, association_obj=association)
    return {"association": association.pk, "shared": shared.pk}


def _retry(change) -> int:
    retries = 0
    while True:
        try:
            change()
            return retries
        except (StaleVersion, OperationalError):
            retries += 1


def run(count: int, tag: str) -> dict:
    staff = User.objects.get(username="writer")
    association = staff.authority.associations.get()
    retries = 0
    for n in range(count):
        f.record(actor=staff, association_obj=association, data={"penalty": f"{tag}-{n}"})

        def modify_shared(n=n):
            shared = CreditRecord.objects.get(penalty__startswith="警告")
            record_modify(
                actor=staff,
                record=shared,
                changes={"misconduct": f"{tag} 第{n}次修改"},
                reason=f"{tag} 并发修改",
                expected_version=shared.version,
            )

        def change_basic_info(n=n):
            current = Association.objects.get(pk=association.pk)
            association_modify(
                actor=staff,
                association=current,
                changes={"business_scope": f"{tag} 第{n}次变更"},
                reason=f"{tag} 变更",
                expected_version=current.version,
            )

        retries += _retry(modify_shared) + _retry(change_basic_info)
    return {"retries": retries}


def report() -> dict:
    shared = CreditRecord.objects.get(penalty__startswith="警告")
    return {
        "records": CreditRecord.objects.count(),
        "entries": HistoryEntry.objects.count(),
        "shared_version": shared.version,
        "shared_modifications": HistoryEntry.objects.filter(
            object_id=shared.pk, action="record.modify"
        ).count(),
        "basic_changes": HistoryEntry.objects.filter(action="association.modify").count(),
        "association_version": Association.objects.get().version,
    }


if __name__ == "__main__":
    command = sys.argv[1]
    result = {"setup": setup, "report": report}.get(command, lambda: run(int(sys.argv[2]), sys.argv[3]))()
    print(json.dumps(result))
