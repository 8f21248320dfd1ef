"""``calendar_entered``: sent by ``services.calendar_enter`` inside its transaction, with ``year``.

Receivers (e.g. objections recomputing provisional deadlines) run in the same transaction, so their
changes commit together with the calendar, and an exception in a receiver rolls the entry back.
The calendar functions in ``selectors`` already see the new calendar when the signal is sent.
"""

from django.dispatch import Signal

calendar_entered = Signal()  # kwargs: year (int)
