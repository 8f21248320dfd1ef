"""Turning history snapshots into readable rows: labels from the kind spec, choice labels, names.

Snapshots are plain JSON (ids, ISO dates, choice values); a clerk must read 荣誉级别：国家级, not
``honour_level: national``.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xinyong.history.registry import DisplayContext, history_registry
from xinyong.text import show_hidden

# Bookkeeping that never helps a reader: it changes with every save or is internal plumbing.
HIDDEN = {"version", "association", "category", "record", "file", "sha256", "content_type"}
EMPTY = "—"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    before: str
    after: str


class Labeller:
    """Formats values of one object type; what the apps registered (``history.registry``) says
    which model labels an object type's keys, how a kind's columns are named and how some keys'
    values read. A cache lives as long as the labeller (one page): authority names, for one."""

    def __init__(self):
        self._cache: dict[str, Any] = {}

    def label(self, object_type: str, key: str, kind: str | None) -> str:
        layout = history_registry.kind_layouts.get(object_type)
        kind_label = layout.label(kind, key) if layout else None
        if kind_label is not None:
            return kind_label
        if key == "size":
            return _("文件大小")
        field = self._field(object_type, key)
        # A key from an older snapshot layout has no field any more: show the key itself.
        return str(field.verbose_name) if field is not None else key

    def value(self, object_type: str, key: str, value: Any, kind: str | None) -> str:
        # Snapshots keep text as it was stored, invisible characters included (before issue 13):
        # they are written out, so that none displays reversed or hides in a name.
        return show_hidden(self._value(object_type, key, value, kind))

    def _value(self, object_type: str, key: str, value: Any, kind: str | None) -> str:
        if value in (None, "", [], {}):
            return EMPTY
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if key == "size" and isinstance(value, int):
            return filesizeformat(value)
        display = history_registry.value_display(key)
        if display is not None:
            context = DisplayContext(
                object_type=object_type,
                kind=kind,
                label=lambda k: self.label(object_type, k, kind),
                cache=self._cache,
            )
            return display.format(context, key, value)
        field = self._field(object_type, key)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.DateTimeField | models.DateField) and isinstance(value, str):
            return _format_date(value, with_time=isinstance(field, models.DateTimeField))
        return str(value)

    def _field(self, object_type: str, key: str):
        label = history_registry.models.get(object_type)
        if label is None:
            return None
        try:
            field = apps.get_model(label)._meta.get_field(key)
        except (FieldDoesNotExist, LookupError):
            return None
        # A snapshot key can share its name with a reverse relation (an objection's "items").
        return None if field.auto_created and not field.concrete else field

    def changes(self, object_type: str, before: dict | None, after: dict | None) -> list[Row]:
        """The keys whose value differs; for a creation, every key that has a value."""
        before = before or {}
        after = after or {}
        kind = after.get("kind") or before.get("kind")
        rows = []
        for key in _ordered_keys(before, after):
            if key in HIDDEN or before.get(key) == after.get(key):
                continue
            if not before and after.get(key) in (None, "", [], {}, False):
                continue
            rows.append(
                Row(
                    key,
                    self.label(object_type, key, kind),
                    self.value(object_type, key, before.get(key), kind) if before else "",
                    self.value(object_type, key, after.get(key), kind),
                )
            )
        return rows

    def state(self, object_type: str, snapshot: dict) -> list[Row]:
        """Every meaningful field of a snapshot, for the "as of" view."""
        kind = snapshot.get("kind")
        keys = [k for k in snapshot if k not in HIDDEN]
        layout = history_registry.kind_layouts.get(object_type)
        if layout:
            # Columns of other kinds are always empty for this object.
            keys = [k for k in keys if layout.shown(kind, k)]
        return [
            Row(k, self.label(object_type, k, kind), "", self.value(object_type, k, snapshot.get(k), kind))
            for k in keys
        ]


def _ordered_keys(before: dict, after: dict) -> list[str]:
    keys = list(after)
    keys += [k for k in before if k not in after]
    return keys


def _format_date(value: str, *, with_time: bool) -> str:
    try:
        if with_time:
            moment = timezone.localtime(datetime.fromisoformat(value))
            return date_format(moment, "DATETIME_FORMAT")
        return date_format(date.fromisoformat(value))
    except ValueError:
        return value
