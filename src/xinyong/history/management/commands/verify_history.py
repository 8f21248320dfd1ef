"""`xinyong verify_history`: check the change log end to end (R-REC-4, R-EVD-2).

Three checks, each naming what it found:
1. the hash chain: every entry's hash matches its content and links to the one before;
2. the live tables: every row of a table an app registered (``history.registry``: associations,
   records, evidence items, objections, entered calendars, API keys, accounts, measures,
   registration authorities, partner departments) equals its last history snapshot, so a row
   changed behind the services' back is found; tables checked their own way (measure kinds, rules
   and proposals: ``measures.integrity``) run their registered checks;
3. files: each registered stored file (evidence, objection attachments) still has its recorded
   SHA-256.
Exits 1 when anything is wrong, 0 otherwise.
"""

import sys

from django.core.management.base import BaseCommand

from xinyong.history.registry import history_registry
from xinyong.history.selectors import chain_head, latest_snapshots_in_order, verify_chain


class Command(BaseCommand):
    help = "Verify the history hash chain, the live tables against it, and the evidence files."

    def add_arguments(self, parser):
        parser.add_argument("--skip-files", action="store_true", help="do not re-hash evidence files")
        parser.add_argument("--chain-only", action="store_true", help="only verify the hash chain")

    def handle(self, *args, skip_files: bool = False, chain_only: bool = False, **options):
        problems = 0
        first = None
        for problem in verify_chain():
            problems += 1
            first = first or problem
            self.stderr.write(f"history entry #{problem.entry_id}: {problem.message}")
        head = chain_head()
        if first:
            self.stderr.write(self.style.ERROR(f"FIRST BAD ENTRY: #{first.entry_id}"))
        else:
            count = head[0] if head else 0
            self.stdout.write(f"chain: intact, head #{count} {head[1] if head else '-'}")
        if not chain_only:
            problems += self._check_live_tables()
            if not skip_files:
                problems += self._check_files()
        if problems:
            self.stderr.write(self.style.ERROR(f"verify_history: {problems} problem(s) found"))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("verify_history: OK"))

    def _check_live_tables(self) -> int:
        """Each table and its objects' last snapshots are walked side by side in id order, so
        memory stays flat however long the history is."""
        problems = 0
        for table in history_registry.ordered_live_tables():
            object_type, snapshot = table.object_type, table.snapshot
            recorded = latest_snapshots_in_order(object_type=object_type)
            pending = next(recorded, None)
            seen = 0
            for obj in table.queryset().order_by("pk").iterator(chunk_size=2000):
                seen += 1
                while pending is not None and pending[0] < obj.pk:
                    problems += self._missing(object_type, pending[0])
                    pending = next(recorded, None)
                if pending is None or pending[0] != obj.pk:
                    problems += 1
                    self.stderr.write(f"{object_type} {obj.pk}: exists but has no history entry")
                    continue
                expected = pending[1]
                pending = next(recorded, None)
                current = snapshot(obj)
                if current != expected:
                    problems += 1
                    changed = sorted(set(current) | set(expected or {}), key=str)
                    changed = [k for k in changed if current.get(k) != (expected or {}).get(k)]
                    self.stderr.write(
                        f"{object_type} {obj.pk}: differs from its last history entry in {', '.join(changed)}"
                    )
            while pending is not None:
                problems += self._missing(object_type, pending[0])
                pending = next(recorded, None)
            self.stdout.write(f"{object_type}: {seen} checked")
        for check in history_registry.integrity_checks:
            for message in check.problems():
                problems += 1
                self.stderr.write(message)
            for object_type, seen in check.counts().items():
                self.stdout.write(f"{object_type}: {seen} checked")
        return problems

    def _missing(self, object_type: str, pk: int) -> int:
        self.stderr.write(f"{object_type} {pk}: in the history but missing from the database")
        return 1

    def _check_files(self) -> int:
        """Re-hash each stored file once, however many rows share it (content-addressed storage:
        every record of an imported batch may point at the same delivered file)."""
        problems = 0
        checked: dict[tuple[str, str], bool] = {}
        for check in history_registry.ordered_file_checks():
            for row in check.rows().iterator(chunk_size=2000):
                key = (row.file, row.sha256)
                if key not in checked:
                    checked[key] = check.matches(row.file, row.sha256)
                if not checked[key]:
                    problems += 1
                    self.stderr.write(f"{check.label} {row.pk}: file {row.file} is missing or changed")
        return problems
