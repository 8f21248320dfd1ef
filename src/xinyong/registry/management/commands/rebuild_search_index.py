"""`xinyong rebuild_search_index [--check]`: rebuild the public name search's index from the
names (issue 7), or only check that it equals what the names imply (exit 1 when it does not)."""

import sys

from django.core.management.base import BaseCommand

from xinyong.registry.search_index import mismatches, rebuild


class Command(BaseCommand):
    help = "Rebuild (or, with --check, verify) the public name search's bigram index."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only compare; change nothing")

    def handle(self, *args, check: bool = False, **options):
        if check:
            wrong = mismatches()
            for line in wrong:
                self.stdout.write(f"search index: {line}")
            if wrong:
                sys.exit(1)
            self.stdout.write("search index: matches the names")
            return
        written = rebuild()
        self.stdout.write(f"search index rebuilt: {written} rows")
