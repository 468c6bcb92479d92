"""Snoozing a task: out of the triage until a day, or until its deadline comes close.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

from datetime import datetime

from coo_todo.domain import dates
from coo_todo.domain.records import TaskRecord
from coo_todo.service.checks import check_wake, text_value
from coo_todo.settings import Settings
from coo_todo.store import Store


def snooze_task(
    store: Store, task_id: int, when: str | None, now: datetime, settings: Settings
) -> TaskRecord:
    """Hide a task until ``when`` (a date alone: that day's start), or wake it (None).
    InvalidInput for a time that is not ahead."""
    until = None
    if when is not None:
        text = text_value("date", when)
        read = dates.parse_when(text, now, settings.calendar(now.tzinfo), settings.date_order)
        until = dates.day_start_unless_timed(read, now)
        check_wake(text, until, now)
    return store.snooze(task_id, None if until is None else dates.to_utc(until), dates.to_utc(now))
