"""`xinyong clean_text [--dry-run]`: remove invisible and control characters (zero-width and bidi
characters, every Unicode format character, stray controls; ``xinyong.text``) from text stored
before issue 13, when the services began to refuse them at entry.

Run it once after upgrading (it is idempotent, and a no-op on a clean database). The tables are
those the apps registered (``history.registry.CleanTarget``). Each object that
changes goes through its app's service, as the system, with a reason: a history entry with the
values before and after, the version moved on, the name-search index and the change feed updated,
so ``verify_history`` still passes. ``--dry-run`` lists what would change and writes nothing.
An object whose required text would be left empty is not changed: it is named, and the command
exits 1 so that someone corrects it on its form.
"""

import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from xinyong.history.registry import history_registry


class Command(BaseCommand):
    help = "Remove invisible and control characters from stored names and text, through the services."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would change; write nothing")

    def handle(self, *args, dry_run: bool = False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("系统升级：清除名称和文字中的不可见字符与控制字符（零宽字符、双向控制符等）。")
        refused = 0
        for target in history_registry.ordered_clean_targets():
            cleaned = 0
            for pk, fields in target.candidates():
                if dry_run:
                    self.stdout.write(f"{target.label} {pk}: would clean {', '.join(fields)}")
                    cleaned += 1
                    continue
                try:
                    changed = target.clean(target.model(pk=pk), reason)
                except ValidationError as exc:
                    refused += 1
                    self.stderr.write(f"{target.label} {pk}: not cleaned: {' '.join(exc.messages)}")
                    continue
                if changed:
                    cleaned += 1
                    self.stdout.write(f"{target.label} {pk}: cleaned {', '.join(changed)}")
            verb = "to clean" if dry_run else "cleaned"
            self.stdout.write(f"{target.label}: {cleaned} {verb}")
        if refused:
            self.stderr.write(
                self.style.ERROR(
                    f"clean_text: {refused} object(s) left as they were: correct them on their forms"
                )
            )
            sys.exit(1)
        self.stdout.write(
            self.style.SUCCESS("clean_text: dry run, nothing written" if dry_run else "clean_text: OK")
        )
