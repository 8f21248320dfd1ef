"""`xinyong export_open_data`: write the open-data export (R-QRY-3) and print its manifest summary."""

import sys
import time

from django.core.management.base import BaseCommand

from xinyong.opendata.export import export_open_data


class Command(BaseCommand):
    help = "Export everything currently published as JSON Lines and CSV, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="print only the export directory")

    def handle(self, *args, quiet: bool = False, **options):
        started = time.monotonic()

        def progress(stem: str, n: int) -> None:
            if not quiet:
                sys.stderr.write(f"\r{stem}: {n:,} rows")

        export = export_open_data(progress=progress)
        elapsed = time.monotonic() - started
        if quiet:
            self.stdout.write(str(export.directory))
            return
        sys.stderr.write("\n")
        manifest = export.manifest
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"{export.directory}")
        for f in manifest["files"]:
            self.stdout.write(
                f"  {f['name']}: {f['lines']:,} lines, {f['bytes']:,} bytes, sha256 {f['sha256']}"
            )
        head = manifest["history_head"]
        self.stdout.write(f"  history head: #{head['id']} {head['hash']}" if head else "  history head: -")
        self.stdout.write(f"  feed cursor: {manifest['feed_cursor']}")
        self.stdout.write(f"  {rows:,} rows in {elapsed:.1f} s ({rows / max(elapsed, 1e-9):,.0f} rows/s)")
