"""`xinyong clean_text [--dry-run]`: remove invisible and control characters (zero-width and bidi
characters, every Unicode format character, stray controls; ``xinyong.text``) from text stored
before issue 13, when the services began to refuse them at entry.

Run it once after upgrading (it is idempotent, and a no-op on a clean database). Each object that
changes goes through its app's service, as the system, with a reason: a history entry with the
values before and after, the version moved on, the name-search index and the change feed updated,
so ``verify_history`` still passes. ``--dry-run`` lists what would change and writes nothing.
An object whose required text would be left empty is not changed: it is named, and the command
exits 1 so that someone corrects it on its form.
"""

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from xinyong.api.models import ApiKey
from xinyong.api.services import api_key_clean_text
from xinyong.measures.models import Measure, MeasureKind, MeasureProposal, MeasureRule
from xinyong.measures.services import TEXT_FIELDS as MEASURE_TEXT
from xinyong.measures.services import measures_clean_text
from xinyong.objections.models import Objection, ObjectionAttachment
from xinyong.objections.services import objection_clean_text
from xinyong.records.models import CreditRecord, Evidence
from xinyong.records.services import EVIDENCE_TEXT, RECORD_TEXT, evidence_clean_text, record_clean_text
from xinyong.registry.models import Association, normalize_text
from xinyong.registry.services import TEXT_FIELDS as ASSOCIATION_TEXT
from xinyong.registry.services import association_clean_text
from xinyong.text import clean_text

CHUNK = 2000


@dataclass(frozen=True)
class Target:
    label: str
    model: type[Model]
    fields: dict[str, bool]  # {field: multi-line?}
    clean: Callable[[Model, str], list[str]]  # the service: (object, reason) -> fields changed
    extra: Callable[[], Iterator[tuple[int, str]]] | None = None  # more (pk, field) to clean

    def candidates(self) -> Iterator[tuple[int, list[str]]]:
        """(pk, fields that would change) of every object with something to clean, in pk order."""
        names = list(self.fields)
        found: dict[int, list[str]] = {}
        rows = self.model.objects.order_by("pk").values_list("pk", *names).iterator(chunk_size=CHUNK)
        for pk, *values in rows:
            dirty = [
                n
                for n, v in zip(names, values, strict=True)
                if isinstance(v, str) and clean_text(v, multiline=self.fields[n]) != v
            ]
            if dirty:
                found[pk] = dirty
        for pk, name in self.extra() if self.extra else ():
            found.setdefault(pk, []).append(name)
        yield from sorted(found.items())


def _association_extra() -> Iterator[tuple[int, str]]:
    rows = Association.objects.values_list("pk", "name", "name_normalized", "branches").iterator(
        chunk_size=CHUNK
    )
    for pk, name, normalized, branches in rows:
        if any(isinstance(v, str) and clean_text(v) != v for b in branches or [] for v in b.values()):
            yield pk, "branches"
        if normalize_text(name) != normalized:  # the search index drops what clean_text removes
            yield pk, "name_normalized"


def _attachment_extra() -> Iterator[tuple[int, str]]:
    for objection_id, name in ObjectionAttachment.objects.values_list("objection_id", "original_name"):
        if clean_text(name) != name:
            yield objection_id, "attachments"


TARGETS = (
    Target(
        "association",
        Association,
        ASSOCIATION_TEXT,
        lambda o, r: association_clean_text(association=o, reason=r),
        _association_extra,
    ),
    Target("record", CreditRecord, RECORD_TEXT, lambda o, r: record_clean_text(record=o, reason=r)),
    Target("evidence", Evidence, EVIDENCE_TEXT, lambda o, r: evidence_clean_text(evidence=o, reason=r)),
    Target(
        "objection",
        Objection,
        {"statement": True, "explanation": True},
        lambda o, r: objection_clean_text(objection=o, reason=r),
        _attachment_extra,
    ),
    *(
        Target(
            model._meta.model_name,
            model,
            MEASURE_TEXT[model][0],
            lambda o, r: measures_clean_text(obj=o, reason=r),
        )
        for model in (MeasureKind, MeasureRule, Measure, MeasureProposal)
    ),
    Target(
        "api key",
        ApiKey,
        {"label": False, "revoke_reason": True},
        lambda o, r: api_key_clean_text(api_key=o, reason=r),
    ),
)


class Command(BaseCommand):
    help = "Remove invisible and control characters from stored names and text, through the services."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would change; write nothing")

    def handle(self, *args, dry_run: bool = False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("系统升级：清除名称和文字中的不可见字符与控制字符（零宽字符、双向控制符等）。")
        refused = 0
        for target in TARGETS:
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
