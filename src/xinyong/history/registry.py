"""What the other apps tell the change log about themselves, so that ``history`` names none of them.

Each app fills it from its ``AppConfig.ready()`` (as NetBox's ``registry`` and pretix's log-entry
types are filled): its object types and actions, the live tables ``verify_history`` compares with
their last snapshots, the stored files it re-hashes, the text ``clean_text`` cleans, and how its
snapshots read on the history pages. Everything is read after the apps are ready, never at import.

Where the order is seen (``verify_history``'s and ``clean_text``'s output), entries carry a
``position``: the order of the lists the commands held before the apps registered themselves, so
their output stays the same whatever the order of ``INSTALLED_APPS``.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet, TextChoices

from xinyong.text import clean_text

CHUNK = 2000


@dataclass(frozen=True)
class LiveTable:
    """Rows that must each equal the last snapshot recorded for them (``verify_history``)."""

    position: int
    object_type: str
    # A model, or a callable returning a queryset that adds what the snapshot needs to each row.
    rows: type[Model] | Callable[[], QuerySet]
    snapshot: Callable[[Any], dict[str, Any]]

    def queryset(self) -> QuerySet:
        if isinstance(self.rows, type) and issubclass(self.rows, Model):
            return self.rows.objects.all()
        return self.rows()


@dataclass(frozen=True)
class IntegrityCheck:
    """A table checked its own way (rows seeded by a migration, computed proposals): the messages
    of what does not match, and how many rows of each object type were checked."""

    problems: Callable[[], Iterable[str]]
    counts: Callable[[], dict[str, int]]


@dataclass(frozen=True)
class FileCheck:
    """Stored files that must still have their recorded SHA-256 (``verify_history``)."""

    position: int
    label: str
    rows: Callable[[], QuerySet]  # rows with ``pk``, ``file`` and ``sha256``
    matches: Callable[[str, str], bool]  # (stored name, sha256) -> unchanged?


@dataclass(frozen=True)
class CleanTarget:
    """A table whose text ``clean_text`` cleans, through its app's service."""

    position: int
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


@dataclass
class DisplayContext:
    """Handed to value formatters: a cache that lives as long as one page (one query for all the
    authority names on it), and the label of a key of the object type being shown."""

    object_type: str
    kind: str | None
    label: Callable[[str], str]
    cache: dict[str, Any]


@dataclass(frozen=True)
class ValueDisplay:
    """How the values of some snapshot keys read, in every object type (an authority's name for its
    id, a list of branches)."""

    keys: frozenset[str]
    format: Callable[[DisplayContext, str, Any], str]  # (context, key, value) -> text


@dataclass(frozen=True)
class KindLayout:
    """Snapshots whose keys depend on their ``kind`` (a credit record's data columns)."""

    label: Callable[[str | None, str], str | None]  # (kind, key) -> its label, None: the field's
    shown: Callable[[str | None, str], bool]  # (kind, key) -> does the key belong to the kind?


@dataclass(frozen=True)
class HistoryPage:
    """A change-log page under ``/office/history/``; the view is a dotted path, imported when the
    URLs are (after the apps are ready), so registering it imports no views."""

    route: str
    view: str
    name: str


@dataclass
class HistoryRegistry:
    action_enums: list[type[TextChoices]] = field(default_factory=list)
    object_type_enums: list[type[TextChoices]] = field(default_factory=list)
    # object type -> "app_label.Model" whose fields name its snapshot keys and their choices
    models: dict[str, str] = field(default_factory=dict)
    live_tables: list[LiveTable] = field(default_factory=list)
    integrity_checks: list[IntegrityCheck] = field(default_factory=list)
    file_checks: list[FileCheck] = field(default_factory=list)
    clean_targets: list[CleanTarget] = field(default_factory=list)
    value_displays: list[ValueDisplay] = field(default_factory=list)
    kind_layouts: dict[str, KindLayout] = field(default_factory=dict)
    # object type -> the credit record an entry of that type belongs to (linked from the pages)
    record_links: dict[str, Callable[[Any], int | None]] = field(default_factory=dict)
    pages: list[HistoryPage] = field(default_factory=list)

    # --- filling it, from AppConfig.ready() -------------------------------------------------------

    def register_choices(
        self, *, actions: type[TextChoices] | None = None, object_types: type[TextChoices] | None = None
    ) -> None:
        """An app's actions and object types, with the member names code uses (``Action.RECORD_CREATE``).
        A value or a name registered twice is a mistake: the chain could not tell them apart."""
        for enum, registered in ((actions, self.action_enums), (object_types, self.object_type_enums)):
            if enum is None or enum in registered:
                continue
            values = {m.value for e in registered for m in e}
            names = {n for e in registered for n in e.__members__}
            clash = sorted(({m.value for m in enum} & values) | (set(enum.__members__) & names))
            if clash:
                raise ImproperlyConfigured(f"history choices registered twice: {', '.join(clash)}")
            registered.append(enum)

    def register_model(self, object_type: str, model_label: str) -> None:
        self.models[object_type] = model_label

    def register_live_table(self, table: LiveTable) -> None:
        self.live_tables.append(table)

    def register_integrity_check(self, check: IntegrityCheck) -> None:
        self.integrity_checks.append(check)

    def register_file_check(self, check: FileCheck) -> None:
        self.file_checks.append(check)

    def register_clean_target(self, target: CleanTarget) -> None:
        self.clean_targets.append(target)

    def register_value_display(self, display: ValueDisplay) -> None:
        self.value_displays.append(display)

    def register_kind_layout(self, object_type: str, layout: KindLayout) -> None:
        self.kind_layouts[object_type] = layout

    def register_record_link(self, object_type: str, record_of: Callable[[Any], int | None]) -> None:
        self.record_links[object_type] = record_of

    def register_page(self, page: HistoryPage) -> None:
        self.pages.append(page)

    # --- reading it -------------------------------------------------------------------------------

    def ordered_live_tables(self) -> list[LiveTable]:
        return sorted(self.live_tables, key=lambda t: t.position)

    def ordered_file_checks(self) -> list[FileCheck]:
        return sorted(self.file_checks, key=lambda c: c.position)

    def ordered_clean_targets(self) -> list[CleanTarget]:
        return sorted(self.clean_targets, key=lambda t: t.position)

    def value_display(self, key: str) -> ValueDisplay | None:
        return next((d for d in self.value_displays if key in d.keys), None)


history_registry = HistoryRegistry()
