"""What the per-row report says: a problem (refuses the row) or a warning (the clerk checks it)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xinyong.personal import personal_number_in


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    column: str
    message: str


def personal_data_warning(row: int, column: str, text: Any) -> Problem | None:
    """A warning for the report when public text seems to hold an identity or mobile number
    (R-SEC-2): the row is imported (the public pages mask the number), but the clerk should check."""
    if not isinstance(text, str) or not personal_number_in(text):
        return None
    return Problem(
        row,
        column,
        _(
            "似乎含有身份证号或手机号：公示时会以＊＊＊遮盖，但原文会保存。请核对，必要时改正或标记为“个人隐私”。"
        ),
    )


def messages_of(exc: ValidationError) -> Iterator[tuple[str, list[str]]]:
    """(field, messages) of a validation error; "" for an error without a field."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            yield key, [m for e in errors for m in e.messages]
    else:
        yield "", exc.messages
