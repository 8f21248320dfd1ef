"""Signals of the history chain.

``entry_appended`` is sent inside the writing transaction, right after an entry is appended, with
``entry`` (the HistoryEntry). Receivers that write must do so in the same transaction, so their
rows exist exactly when the change does (xinyong.opendata keeps the publication feed this way).
"""

from django.dispatch import Signal

entry_appended = Signal()
