"""Signals of the history chain.

``entry_appended`` is sent inside the writing transaction, right after an entry is appended, with
``entry`` (the HistoryEntry). Receivers that write must do so in the same transaction, so their
rows exist exactly when the change does (xinyong.opendata keeps the publication feed this way).

``entries_appended`` is its counterpart for ``history.bulk.history_append_many``: sent once per
call, after the entries (and the rows they describe) are inserted, with ``entries`` (a list of
``history.bulk.AppendedEntry``), so that a receiver can react to a whole chunk in a few queries.
"""

from django.dispatch import Signal

entry_appended = Signal()
entries_appended = Signal()
