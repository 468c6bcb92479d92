"""Delegation: hand a task over, follow up, take it back, see who has what.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from coo_todo.domain import dates
from coo_todo.domain.people import find_person, name_key
from coo_todo.domain.records import OPEN, TaskRecord
from coo_todo.errors import InvalidInput, NotFound
from coo_todo.i18n import _
from coo_todo.service.checks import (
    clean_name,
    far_yearless,
    optional_text,
)
from coo_todo.settings import Settings
from coo_todo.store import Handover, Store, TaskFilter


def delegation_to(
    store: Store,
    name: str,
    follow_up: datetime,
    note: str | None = None,
    *,
    create: bool = False,
) -> Handover:
    """A delegation to the person ``name`` designates; with ``create``, an unknown name is
    added in the same transaction as the delegation (so a refused delegation adds nobody)."""
    try:
        return Handover(find_person(name, store.people()).id, follow_up, note)
    except NotFound:
        if not create:
            raise
        return Handover(None, follow_up, note, new_person=clean_name(name))


def follow_up_day(
    text: str | int | None, now: datetime, settings: Settings, due: datetime | None = None
) -> datetime:
    """The start of the follow-up day: ``text`` parsed, or the default interval from today,
    brought forward to ``latest_check_in`` before a deadline ``due``. Stored in UTC.
    InvalidInput for a day before today, including a date written without a year that has
    just passed (``1 Dec`` on 2 Dec is not taken for next year's)."""
    if text is None:
        when = now + timedelta(days=settings.delegation.follow_up_days)
        if due is not None:
            when = min(when, latest_check_in(due, now, settings))
    else:
        read = dates.read_when(str(text), now, settings.calendar(now.tzinfo), settings.date_order)
        when = read.at
        if far_yearless(read, now) and (when.month, when.day) != (2, 29):
            when = when.replace(year=when.year - 1)  # the one that has just passed
        if dates.days_until(when, now) < 0:
            message = (
                _(
                    "the follow-up day {text!r} has passed ({day}): give today or a later day "
                    "(with its year for next year's)"
                )
                if read.year_inferred
                else _("the follow-up day {text!r} has passed ({day}): give today or a later day")
            )
            raise InvalidInput(
                message.format(text=str(text).strip(), day=dates.format_day(when, now, year=True))
            )
    return dates.to_utc(dates.start_of_day(when, now))


def latest_check_in(due: datetime, now: datetime, settings: Settings) -> datetime:
    """The start of the last day whose check-in still leaves a working day before ``due``;
    today at the earliest (a deadline nearer than that brings the task back at once)."""
    calendar = settings.calendar(now.tzinfo)
    moment = calendar.moment(calendar.clock(due) - calendar.day_seconds)
    return max(dates.start_of_day(moment, now), dates.start_of_day(now, now))


def follow_up_after_deadline(task: TaskRecord, now: datetime) -> str | None:
    """A warning when a delegated task's follow-up day starts after its deadline: the check-in
    would come too late, so the task stays in today's list to follow up now."""
    if task.delegate is None or task.follow_up is None or task.due is None:
        return None
    if task.follow_up <= task.due:
        return None
    follow_up = dates.format_day(dates.from_utc(task.follow_up, now.tzinfo), now)
    deadline = dates.format_date(dates.from_utc(task.due, now.tzinfo), now)
    return _(
        "the follow-up {day} is after the deadline {deadline}: #{id} stays in "
        "today's triage to follow up with {person} now"
    ).format(day=follow_up, deadline=deadline, id=task.id, person=task.delegate)


def delegate_task(
    store: Store,
    task_id: int,
    to: str,
    now: datetime,
    settings: Settings,
    *,
    follow_up: str | None = None,
    note: str | None = None,
    create: bool = False,
) -> TaskRecord:
    """Hand an open task to a colleague (or to another one) with a follow-up day."""
    follow = follow_up_day(follow_up, now, settings, store.task(task_id).due)
    delegation = delegation_to(store, to, follow, optional_text("note", note), create=create)
    return store.delegate(task_id, delegation, dates.to_utc(now))


def record_follow_up(
    store: Store,
    task_id: int,
    now: datetime,
    settings: Settings,
    *,
    note: str | None = None,
    next_follow_up: str | None = None,
    done: bool = False,
) -> TaskRecord:
    """Record a check-in on a delegated task: a note and the next follow-up, or its completion."""
    if done:
        if next_follow_up is not None:
            raise InvalidInput(_("--done closes the task: it takes no --next date"))
        note = optional_text("note", note)
        calendar = settings.calendar(now.tzinfo)
        return store.complete_delegated(task_id, dates.to_utc(now), note, calendar)
    if optional_text("note", note) is None and next_follow_up is None:
        raise InvalidInput(
            _("say what moved with --note TEXT, set --next WHEN, or close with --done")
        )
    task = store.task(task_id)
    if next_follow_up is None and task.delegated_by is not None and task.follow_up is not None:
        when = task.follow_up  # a note on a task delegated to me: the delegator's day stands
    else:
        when = follow_up_day(next_follow_up, now, settings, task.due)
    return store.follow_up(task_id, optional_text("note", note), when, dates.to_utc(now))


def reclaim_task(store: Store, task_id: int, now: datetime, note: str | None = None) -> TaskRecord:
    """Take a delegated task back into my own list."""
    return store.reclaim(task_id, dates.to_utc(now), optional_text("note", note))


def hand_back_task(
    store: Store, task_id: int, now: datetime, note: str | None = None
) -> TaskRecord:
    """Give a task another member delegated to me back to them (team mode)."""
    return store.reclaim(task_id, dates.to_utc(now), optional_text("note", note), hand_back=True)


@dataclass(frozen=True)
class Waiting:
    """One colleague's delegated open tasks, oldest delegation first."""

    person: str
    tasks: list[TaskRecord]


def waiting_for(store: Store, person: str | None = None) -> list[Waiting]:
    """Every delegated open task grouped by person (by name), oldest delegation first."""
    delegate_id = find_person(person, store.people()).id if person else None
    where = TaskFilter(status=OPEN, delegated=True, delegate_id=delegate_id, scope="own")
    tasks = store.tasks(where)
    groups: dict[str, list[TaskRecord]] = {}
    for task in sorted(tasks, key=lambda t: (t.delegated_at or t.created_at, t.id)):
        groups.setdefault(task.delegate or "", []).append(task)
    return [Waiting(name, groups[name]) for name in sorted(groups, key=name_key)]
