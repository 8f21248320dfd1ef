"""Inserting many rows of one model without building model instances (bulk import's hot path,
and the change feed's sync of such a batch).

``Inserter(Model).insert(rows)`` takes dicts keyed by the model's attribute names (``association_id``,
``created_at`` …) for every concrete field; a field missing from a dict gets its default, so a
field added to the model later still gets a valid value. ``Inserter(Model, generated_id=True)``
leaves the primary key to the database, which numbers the rows in the order given. Values are
converted the way Django converts them for the database, for the few types these tables use, and
inserted with ``executemany`` on SQLite and ``COPY`` on PostgreSQL, inside the caller's transaction.

``IdAllocator`` hands out primary keys up front, for rows that must be built (and referred to)
before they are inserted; ``sqlite_cache`` widens SQLite's page cache while a long batch writes.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import connection, models
from django.db.models import Model

_MISSING = object()


class RawJSON(str):
    """JSON text serialised already: stored as it is."""


def _sqlite_datetime() -> Callable[[Any], Any]:
    last: list = [None, None]

    def convert(value):
        # One timestamp is shared by a whole batch: convert it once.
        if value is last[0]:
            return last[1]
        last[0], last[1] = value, connection.ops.adapt_datetimefield_value(value)
        return last[1]

    return convert


def _json(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, RawJSON):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _converter(field: models.Field) -> Callable[[Any], Any]:
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.JSONField):
        return _json
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime() if sqlite else _same
    if isinstance(field, models.DateField):
        return (lambda v: v.isoformat() if isinstance(v, date) else v) if sqlite else _same
    if isinstance(field, models.CharField | models.TextField | models.IntegerField | models.BooleanField):
        return _same
    if isinstance(field, models.ForeignKey | models.AutoField):
        return _same
    return lambda v: field.get_db_prep_save(v, connection)


def _same(value: Any) -> Any:
    return value


class Inserter:
    def __init__(self, model: type[models.Model], *, generated_id: bool = False):
        if connection.vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError(f"bulk import is not implemented for {connection.vendor}")
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not (generated_id and f is model._meta.pk)]
        self.attnames = [f.attname for f in self.fields]
        self.converters = [_converter(f) for f in self.fields]
        self.defaults = [f.get_default() if f.has_default() or f.null else _MISSING for f in self.fields]
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(f.column) for f in self.fields)

    def _params(self, rows: Iterable[dict[str, Any]]) -> list[tuple]:
        spec = list(zip(self.attnames, self.converters, self.defaults, strict=True))
        out = []
        for row in rows:
            values = []
            for attname, convert, default in spec:
                value = row.get(attname, _MISSING)
                if value is _MISSING:
                    if default is _MISSING:
                        raise KeyError(f"{self.model.__name__}.{attname} has no value and no default")
                    value = default
                values.append(None if value is None else convert(value))
            out.append(tuple(values))
        return out

    def insert(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        params = self._params(rows)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for values in params:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", params)


class IdAllocator:
    """Primary keys for rows inserted with explicit ids, inside the batch's transaction."""

    def __init__(self):
        self._next: dict[str, int] = {}

    def take(self, model: type[Model], count: int) -> list[int]:
        if count == 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Sequence values are never handed out twice, so rows other transactions insert
                # meanwhile cannot collide; sorted, because the chain is read in id order.
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return sorted(row[0] for row in cursor.fetchall())
            if connection.vendor != "sqlite":
                raise NotImplementedError(f"bulk import is not implemented for {connection.vendor}")
            if table not in self._next:
                # The transaction holds SQLite's write lock: nobody else inserts until it ends.
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"SELECT MAX(id) FROM {quoted}")
                highest = cursor.fetchone()[0] or 0
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                self._next[table] = max(highest, row[0] if row else 0) + 1
        start = self._next[table]
        self._next[table] = start + count
        return list(range(start, start + count))


@contextmanager
def sqlite_cache(megabytes: int) -> Iterator[None]:
    """A larger SQLite page cache while a batch is written: one long transaction changes many
    index pages again and again, and with the default 2 MB cache each change is spilled to the
    write-ahead log anew (more than a fifth of the time of a 300,000-row batch, and a log many
    times the data's size). The connection's own setting is restored afterwards."""
    if connection.vendor != "sqlite" or megabytes <= 0:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")
