"""Recurring tasks: starting a series, skipping an occurrence, stopping the rule.

Receives the store and ``now``; reads no clock and prints nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, MutableMapping
from datetime import datetime
from typing import Any

from coo_todo.domain import dates, recurrence
from coo_todo.domain.records import DROPPED, OPEN, TaskRecord, status_word
from coo_todo.domain.worktime import WorkCalendar
from coo_todo.errors import InvalidInput
from coo_todo.i18n import _
from coo_todo.service.checks import CLEAR, text_value
from coo_todo.store import Store


def read_rule(values: MutableMapping[str, str | int | None], workdays: Iterable[int]) -> None:
    """Read a rule typed in words (the ``every`` of raw ``values``) with the config's working
    days (``last-working-day``, ``weekday``), as an RRULE the checks take as it is."""
    typed = values.get("every")
    if isinstance(typed, str) and typed.strip().lower() != CLEAR:
        values["every"] = recurrence.parse_every(text_value("every", typed), workdays)


def with_series(
    fields: dict[str, Any], now: datetime, calendar: WorkCalendar, task: TaskRecord | None = None
) -> None:
    """Complete checked ``fields`` that set a rule on a new task (``task`` None) or on
    ``task``: a series of its own if it has none, and a due date on the rule's first day
    from today (on ``calendar``) if it has none; a rule that takes its day from the due day
    alone gets it written in (``recurrence.pinned_to``: every month from the 31st).
    InvalidInput for a rule that brings no date (none from today, or none after the due
    day: ``UNTIL`` past...)."""
    rule = fields.get("recurrence")
    if rule is None:
        return
    if task is None or task.series is None:
        fields["series"] = str(uuid.uuid4())
    due = fields.get("due") or (None if task is None else task.due)
    if due is None:
        first = recurrence.first_due(rule, now, calendar)
        if first is None:
            raise no_date_left(rule)
        due = fields["due"] = dates.to_utc(first)
    elif recurrence.next_occurrence(rule, due, now, calendar) is None:
        raise no_date_left(rule)
    fields["recurrence"] = recurrence.pinned_to(rule, due.astimezone(now.tzinfo).date())


def no_date_left(rule: str) -> InvalidInput:
    """The error for a rule set now that brings no date (``UNTIL`` past, ``COUNT`` spent)."""
    return InvalidInput(_("the rule {rule} has no date left").format(rule=rule))


def recurring_task(store: Store, task_id: int) -> TaskRecord:
    """The open recurring task ``task_id``; InvalidInput for another."""
    task = store.task(task_id)
    if task.recurrence is None:
        raise InvalidInput(
            _("task #{task_id} does not repeat (todo edit {task_id} --every RULE)").format(
                task_id=task_id
            )
        )
    if task.status != OPEN:
        raise InvalidInput(
            _("task #{task_id} is {status}").format(
                task_id=task_id, status=status_word(task.status)
            )
        )
    return task


def skip_task(
    store: Store, task_id: int, now: datetime, calendar: WorkCalendar
) -> list[TaskRecord]:
    """Drop this occurrence of a recurring task and bring the next (on ``calendar``): the
    skipped task's record, then the next occurrence's."""
    recurring_task(store, task_id)
    return store.set_status([task_id], DROPPED, dates.to_utc(now), "skipped", calendar=calendar)


def stop_recurrence(store: Store, task_id: int, now: datetime) -> TaskRecord:
    """End a task's rule: this occurrence stays, none follows it."""
    recurring_task(store, task_id)
    return store.edit(task_id, {"recurrence": None}, dates.to_utc(now))
