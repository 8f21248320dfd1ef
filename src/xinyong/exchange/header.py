"""A batch's header and rows as the columns name them (R-EXC-1): which column is which
(``read_header``), which required columns are missing, and each row's cells by column key
(``split_row``), for the row readers (``record_rows``, ``associations``)."""

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from xinyong.records.kinds import KINDS

from .choices import BatchTarget
from .columns import ASSOCIATION_COLUMNS, RECORD_HEAD, RECORD_TAIL, Target, header_map, normalize_header
from .problems import Problem
from .submitter import Submitter


@dataclass
class Header:
    targets: list[Target | None]
    texts: list[str]
    problems: list[Problem] = field(default_factory=list)

    def keys(self) -> set[str]:
        return {t.key for t in self.targets if t is not None}


def read_header(target: str, cells: list[str]) -> Header:
    mapping = header_map(target)
    targets: list[Target | None] = []
    problems = []
    unknown = []
    seen: dict[tuple, str] = {}
    for text in cells:
        norm = normalize_header(text)
        if not norm:
            targets.append(None)
            continue
        found = mapping.get(norm)
        if found is None:
            unknown.append(str(text))
        elif (found.key, found.kinds) in seen:
            problems.append(
                Problem(
                    1,
                    str(text),
                    _("列“%(a)s”与列“%(b)s”重复。") % {"a": text, "b": seen[(found.key, found.kinds)]},
                )
            )
        else:
            seen[(found.key, found.kinds)] = str(text)
        targets.append(found)
    for text in unknown:
        problems.append(
            Problem(1, text, _("无法识别的列“%(column)s”：请使用模板中的列名。") % {"column": text})
        )
    return Header(targets, [str(c) for c in cells], problems)


def missing_columns(target: str, header: Header, *, kind: str, submitter: Submitter) -> list[Problem]:
    keys = header.keys()
    if target == BatchTarget.ASSOCIATIONS:
        required = [c for c in ASSOCIATION_COLUMNS if c.required]
        return [
            Problem(1, str(c.label), _("缺少必需的列“%(column)s”。") % {"column": c.label})
            for c in required
            if c.key not in keys
        ]
    needed = [c for c in (*RECORD_HEAD, *RECORD_TAIL) if c.required]
    problems = []
    for column in needed:
        if column.key == "kind" and kind:
            continue
        if column.key == "evidence_issuer" and submitter.is_department:
            continue
        if column.key not in keys:
            problems.append(
                Problem(1, str(column.label), _("缺少必需的列“%(column)s”。") % {"column": column.label})
            )
    if kind:
        spec = KINDS[kind]
        for spec_field in spec.fields:
            if not spec_field.required or (
                spec_field.column == "valid_until" and "long_term" in spec.columns
            ):
                continue
            if not any(
                t is not None and t.key == spec_field.column and (t.kinds is None or kind in t.kinds)
                for t in header.targets
            ):
                problems.append(
                    Problem(
                        1,
                        str(spec_field.label),
                        _("缺少必需的列“%(column)s”。") % {"column": spec_field.label},
                    )
                )
    return problems


class Cell(NamedTuple):
    """One cell of a row (a named tuple: a row makes one per column, and there are millions)."""

    target: Target
    text: str  # the column's header text, as the file has it
    value: Any


@dataclass
class Cells:
    """One row's cells by column key, several when aliases of a column repeat."""

    row: int
    by_key: dict[str, list[Cell]]
    problems: list[Problem]

    def value(self, key: str) -> tuple[str, Any]:
        """(header text, value) of the first non-empty cell for ``key``, or (key, None)."""
        for _target, text, value in self.by_key.get(key, ()):
            if value not in (None, ""):
                return text, value
        entries = self.by_key.get(key)
        return (entries[0].text if entries else key), None


def split_row(header: Header, number: int, raw: list | dict, mapping: dict[str, Target]) -> Cells | None:
    """The row's cells by key; None for a row with nothing in it."""
    by_key: dict[str, list[Cell]] = {}
    problems = []
    if isinstance(raw, dict):
        items = []
        for key, value in raw.items():
            found = mapping.get(normalize_header(key))
            if found is None:
                if value not in (None, "", [], {}):
                    problems.append(
                        Problem(number, str(key), _("无法识别的列“%(column)s”。") % {"column": key})
                    )
                continue
            items.append(Cell(found, str(key), value))
    elif isinstance(raw, list):
        items = []
        for index, value in enumerate(raw):
            target = header.targets[index] if index < len(header.targets) else None
            if target is None:
                if value not in (None, "") and (
                    index >= len(header.targets) or not isinstance(value, str) or value.strip()
                ):
                    problems.append(
                        Problem(number, "", _("第 %(n)d 列有内容但没有列名。") % {"n": index + 1})
                    )
                continue
            items.append(Cell(target, header.texts[index], value))
    else:
        return Cells(number, {}, [Problem(number, "", _('这一项应为对象（{"列名": 值, …}）。'))])
    if not problems and all(
        value is None or (isinstance(value, str) and not value.strip()) for _t, _h, value in items
    ):
        return None
    for item in items:
        by_key.setdefault(item.target.key, []).append(item)
    return Cells(number, by_key, problems)
