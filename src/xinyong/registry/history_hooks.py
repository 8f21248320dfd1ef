"""What the change log needs to know of associations, registration authorities and partner
departments (``xinyong.history.registry``); registered from ``RegistryConfig.ready()``."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xinyong.history.registry import (
    CHUNK,
    CleanTarget,
    DisplayContext,
    HistoryPage,
    LiveTable,
    ValueDisplay,
    history_registry,
)
from xinyong.text import clean_text

from .choices import Confidentiality
from .history_types import Action, ObjectType
from .models import Association, Authority, Department, normalize_text
from .services import TEXT_FIELDS, association_clean_text
from .snapshots import association_snapshot, authority_snapshot, department_snapshot


def _association_extra() -> Iterator[tuple[int, str]]:
    rows = Association.objects.values_list("pk", "name", "name_normalized", "branches").iterator(
        chunk_size=CHUNK
    )
    for pk, name, normalized, branches in rows:
        if any(isinstance(v, str) and clean_text(v) != v for b in branches or [] for v in b.values()):
            yield pk, "branches"
        if normalize_text(name) != normalized:  # the search index drops what clean_text removes
            yield pk, "name_normalized"


def _authority_name(context: DisplayContext, key: str, value: Any) -> str:
    names = context.cache.get("authorities")
    if names is None:
        names = context.cache["authorities"] = dict(Authority.objects.values_list("pk", "name"))
    return names.get(value, str(value))


def _branches(context: DisplayContext, key: str, value: Any) -> str:
    return pgettext("list separator", "；").join(
        _("%(name)s（地址：%(address)s，负责人：%(head)s）") % b for b in value if isinstance(b, dict)
    )


def _confidential_fields(context: DisplayContext, key: str, value: Any) -> str:
    marks = dict(Confidentiality.choices)
    pairs = [(context.label(k), marks.get(v, v)) for k, v in sorted(value.items())]
    return pgettext("list separator", "；").join(
        _("%(label)s：%(value)s") % {"label": label, "value": mark} for label, mark in pairs
    )


def register() -> None:
    registry = history_registry
    registry.register_choices(actions=Action, object_types=ObjectType)
    registry.register_model(ObjectType.ASSOCIATION, "registry.Association")
    registry.register_live_table(LiveTable(10, ObjectType.ASSOCIATION, Association, association_snapshot))
    registry.register_live_table(LiveTable(80, ObjectType.AUTHORITY, Authority, authority_snapshot))
    registry.register_live_table(LiveTable(90, ObjectType.DEPARTMENT, Department, department_snapshot))
    registry.register_clean_target(
        CleanTarget(
            10,
            "association",
            Association,
            TEXT_FIELDS,
            lambda o, r: association_clean_text(association=o, reason=r),
            _association_extra,
        )
    )
    registry.register_value_display(ValueDisplay(frozenset({"authority", "recorded_by"}), _authority_name))
    registry.register_value_display(ValueDisplay(frozenset({"branches"}), _branches))
    registry.register_value_display(ValueDisplay(frozenset({"confidential_fields"}), _confidential_fields))
    registry.register_page(
        HistoryPage(
            "associations/<int:pk>/", "xinyong.registry.views.history.association_history", "association"
        )
    )
