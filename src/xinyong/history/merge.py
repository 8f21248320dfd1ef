"""After a stale-version refusal: show the clerk what changed meanwhile, and let them resubmit.

Two clerks open the same form; the first saves. The second one's save is refused (StaleVersion,
409) rather than silently undoing the first change. This module turns the refusal into a three-way
merge, field by field, between

- *base*: the object as the second clerk opened it (the history snapshot of the version they saw),
- *theirs*: the object as it is now,
- *mine*: what the second clerk typed.

A field only the other person changed takes their value; a field only this clerk changed keeps
theirs; a field both changed differently is a conflict and keeps what this clerk typed, marked.
The form comes back with the current version, so one more deliberate submit saves it, and every
step is in the history as usual.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from .choices import ObjectType
from .models import HistoryEntry
from .selectors import entries_for

SKIPPED = ("reason", "version")


@dataclass(frozen=True)
class FieldChange:
    label: str
    base: str
    theirs: str
    mine: str
    conflict: bool  # both changed it, differently; otherwise the other person's value was taken


@dataclass
class Merge:
    form: forms.Form  # bound to the merged data and the current version; shown instead of the refused one
    changes: list[FieldChange] = field(default_factory=list)
    entries: list[HistoryEntry] = field(default_factory=list)  # the changes made meanwhile
    base_known: bool = True


def _comparable(form_field: forms.Field, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(form_field, forms.DecimalField):
        try:
            return str(Decimal(str(value).strip()).normalize())
        except InvalidOperation:
            return str(value).strip()
    if isinstance(form_field, forms.BooleanField):
        return "1" if value in (True, "True", "true", "on", "1") else ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _shown(form_field: forms.Field, value: str) -> str:
    if value == "":
        return _("（空）")
    if isinstance(form_field, forms.BooleanField):
        return _("是")
    choices = getattr(form_field, "choices", None)
    if choices:
        return str(dict((str(k), v) for k, v in _flat(choices)).get(value, value))
    return value


def _flat(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label


def _value(bound: forms.Form, name: str) -> Any:
    return bound[name].value() if name in bound.fields else None


def merge_after_refusal(
    refused: forms.Form,
    *,
    make_form: Callable[..., forms.Form],
    obj: Any,
    object_type: ObjectType,
    initial: Callable[[Any], dict[str, Any]],
) -> Merge | None:
    """When ``refused`` (a valid form whose save returned 409) was refused because ``obj`` changed
    since the clerk opened it, the merge to show; otherwise None. ``initial`` builds the form's
    initial data from the object or from a snapshot of it."""
    seen = refused.cleaned_data["version"]
    obj.refresh_from_db()
    if obj.version == seen:
        return None
    base = snapshot_of_version(object_type=object_type, object_id=obj.pk, version=seen)
    return merge_stale(
        refused,
        make_form=make_form,
        base_initial=initial(base) if base is not None else None,
        current_initial=initial(obj),
        object_type=object_type,
        object_id=obj.pk,
        seen_version=seen,
        current_version=obj.version,
        message=" ".join(str(e) for e in refused.non_field_errors()),
    )


def merge_stale(
    refused: forms.Form,
    *,
    make_form: Callable[..., forms.Form],
    base_initial: Mapping[str, Any] | None,
    current_initial: Mapping[str, Any],
    object_type: ObjectType,
    object_id: int,
    seen_version: int,
    current_version: int,
    message: str,
) -> Merge:
    """Build the merged form. ``make_form(data=None, initial=None)`` builds the same form class
    with the same options as ``refused``; ``base_initial`` is None when the version the clerk saw
    is not in the history (then every difference from the current state counts as a conflict)."""
    base_form = make_form(initial=base_initial) if base_initial is not None else None
    current_form = make_form(initial=current_initial)
    data = refused.data.copy()
    changes: list[FieldChange] = []
    for name, form_field in refused.fields.items():
        if name in SKIPPED or isinstance(form_field, forms.FileField):
            continue
        mine = _comparable(form_field, refused[name].value())
        theirs = _comparable(form_field, _value(current_form, name))
        base = _comparable(form_field, _value(base_form, name)) if base_form else None
        if base == theirs or mine == theirs:
            continue  # nobody else changed it, or both made the same change
        conflict = base is None or mine != base
        if not conflict:
            data[name] = theirs
            if isinstance(form_field, forms.BooleanField) and not theirs:
                data.pop(name, None)
        label = str(form_field.label or name)
        changes.append(
            FieldChange(
                label=label,
                base=_shown(form_field, base) if base is not None else _("（不详）"),
                theirs=_shown(form_field, theirs),
                mine=_shown(form_field, mine),
                conflict=conflict,
            )
        )
    data["version"] = str(current_version)
    merged = make_form(data=data)
    merged.is_valid()
    merged.add_error(None, message)
    meanwhile = entries_for(object_type=object_type, object_id=object_id).filter(
        after__version__gt=seen_version
    )
    return Merge(form=merged, changes=changes, entries=list(meanwhile), base_known=base_initial is not None)


def snapshot_of_version(*, object_type: ObjectType, object_id: int, version: int) -> dict[str, Any] | None:
    """The history snapshot of the object at ``version`` (what a clerk holding that version saw)."""
    entry = (
        entries_for(object_type=object_type, object_id=object_id)
        .filter(after__version=version)
        .order_by("-id")
        .only("after")
        .first()
    )
    return entry.after if entry else None
