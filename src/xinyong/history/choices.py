"""The actions and object types of the change log, as every app registered them.

Each app declares its own (``<app>/history_types.py``: the values and labels are those stored in
the hash chain and shown in the pages, never to be changed) and registers them from its
``AppConfig.ready()``; ``Action`` and ``ObjectType`` here reach all of them by the member names the
code has always used (``Action.RECORD_CREATE``), so no caller has to know which app owns one.
Only ``text.clean`` is the change log's own: ``xinyong clean_text`` writes it for every app.
"""

from collections.abc import Iterator

from django.apps import apps
from django.core.exceptions import AppRegistryNotReady
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import history_registry


class HistoryAction(models.TextChoices):
    # ``xinyong clean_text``: invisible and control characters removed from stored text (issue 13).
    TEXT_CLEAN = "text.clean", _("清理不可见字符")


class RegisteredChoices:
    """All registered members of one kind (actions or object types), looked up by name."""

    def __init__(self, kind: str):
        self._kind = kind

    def _enums(self) -> list[type[models.TextChoices]]:
        if self._kind == "action":
            return history_registry.action_enums
        return history_registry.object_type_enums

    def __getattr__(self, name: str) -> models.TextChoices:
        if name.startswith("_"):
            raise AttributeError(name)
        for enum in self._enums():
            if name in enum.__members__:
                return enum[name]
        if not apps.ready:
            raise AppRegistryNotReady(f"history {self._kind} {name} is read before the apps are ready")
        raise AttributeError(f"no app registered the history {self._kind} {name}")

    def __iter__(self) -> Iterator[models.TextChoices]:
        for enum in self._enums():
            yield from enum

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [choice for enum in self._enums() for choice in enum.choices]


Action = RegisteredChoices("action")
ObjectType = RegisteredChoices("object_type")


def action_choices() -> list[tuple[str, str]]:
    """The model field's choices, read when needed (after every app has registered)."""
    return Action.choices


def object_type_choices() -> list[tuple[str, str]]:
    return ObjectType.choices
