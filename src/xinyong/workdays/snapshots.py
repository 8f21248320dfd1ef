"""What the change log keeps of an entered working-day calendar.

``verify_history`` compares every entered year with the last snapshot recorded for it, and each
snapshot is hashed into the chain: a change here breaks every database written before it.
"""

from datetime import UTC
from typing import Any

from .models import CalendarYear


def calendar_snapshot(calendar: CalendarYear) -> dict[str, Any]:
    """The JSON form of an entered calendar kept in history: the year, its source and every day."""
    return {
        "year": calendar.year,
        "source_note": calendar.source_note,
        "entered_by": calendar.entered_by_id,
        "entered_at": calendar.entered_at.astimezone(UTC).isoformat(),
        "days": [
            {"date": d.isoformat(), "kind": kind, "name": name}
            for d, kind, name in calendar.days.order_by("date").values_list("date", "kind", "name")
        ],
    }
