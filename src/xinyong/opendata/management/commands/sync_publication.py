"""`xinyong sync_publication [--full]`: bring the change feed up to date.

Without options: today's expiries (run daily from cron just after midnight; the feed and the
export also run it on their first request of a day). With ``--full``: compare every association and
record with what was last published (after a restore, or for data written outside the services).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from xinyong.opendata.services import ensure_synced, reconcile


class Command(BaseCommand):
    help = "Record today's publication expiries in the change feed; --full compares everything."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="compare every association and record")

    def handle(self, *args, full: bool = False, **options):
        ensure_synced(today=timezone.localdate())
        if full:
            counts = reconcile()
            for key, n in sorted(counts.items()):
                self.stdout.write(f"{key}: {n}")
        self.stdout.write("sync_publication: OK")
