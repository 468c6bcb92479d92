"""People: add, edit and remove colleagues; each one's workload, and the 1:1 brief.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from coo_todo.domain import dates
from coo_todo.domain.people import find_person
from coo_todo.domain.records import DONE, OPEN, Brief, PersonRecord
from coo_todo.domain.scoring import follow_up_due
from coo_todo.service.checks import clean_name, optional_text, text_value
from coo_todo.settings import Settings
from coo_todo.store import Store, TaskFilter


@dataclass(frozen=True)
class PersonSummary:
    """A colleague with their delegated workload and how fast they close tasks."""

    person: PersonRecord
    open_tasks: int
    overdue_follow_ups: int
    median_days_to_done: float | None


def people_summary(store: Store, now: datetime, settings: Settings) -> list[PersonSummary]:
    """Everyone, with open delegated tasks, follow-ups due and median days to done."""
    delegated = store.tasks(TaskFilter(status=None, delegated=True))
    calendar = settings.calendar(now.tzinfo)
    summaries = []
    for person in store.people():
        theirs = [task for task in delegated if task.delegate == person.name]
        open_tasks = [task for task in theirs if task.status == OPEN]
        overdue = [t for t in open_tasks if follow_up_due(t, now, calendar)]
        spans = [
            (task.completed_at - task.delegated_at).total_seconds() / 86400
            for task in theirs
            if task.status == DONE and task.completed_at and task.delegated_at
        ]
        median = statistics.median(spans) if spans else None
        summaries.append(PersonSummary(person, len(open_tasks), len(overdue), median))
    return summaries


BRIEF_LOOKBACK_DAYS = 14
"""Without an earlier brief, "finished since" covers this many days."""


def prepare_brief(store: Store, name: str, now: datetime, settings: Settings) -> Brief:
    """Gather a colleague's 1:1 agenda. Only reads: ``record_brief`` records the 1:1."""
    person = find_person(name, store.people())
    utc_now = dates.to_utc(now)
    since = person.last_brief_at or utc_now - timedelta(days=BRIEF_LOOKBACK_DAYS)
    open_tasks = store.tasks(TaskFilter(status=OPEN, delegate_id=person.id, scope="own"))
    open_tasks.sort(key=lambda t: (t.follow_up or utc_now, t.id))
    calendar = settings.calendar(now.tzinfo)
    overdue = [t for t in open_tasks if follow_up_due(t, now, calendar)]
    others = [t for t in open_tasks if t not in overdue]
    finished = store.tasks(
        TaskFilter(status=DONE, delegate_id=person.id, completed_since=since, scope="own")
    )
    histories = {task.id: store.history(task.id) for task in [*open_tasks, *finished]}
    return Brief(person, overdue, others, finished, since, histories)


def record_brief(store: Store, person: PersonRecord, now: datetime) -> PersonRecord:
    """Record that the 1:1 with ``person`` takes place ``now``: their next brief's "done
    since" starts there (``todo undo`` takes it back)."""
    return store.record_brief(person.id, dates.to_utc(now))


def add_person(
    store: Store, name: str, team: str | None, contact: str | None, now: datetime
) -> PersonRecord:
    """Add a colleague; Conflict if someone already has that name (accents and case aside)."""
    return store.add_person(
        clean_name(name),
        optional_text("team", team),
        optional_text("contact", contact),
        dates.to_utc(now),
    )


def edit_person(
    store: Store,
    name: str,
    now: datetime,
    *,
    new_name: str | None = None,
    team: str | None = None,
    contact: str | None = None,
) -> PersonRecord:
    """Change the name, team or contact of the colleague ``name`` designates."""
    person = find_person(name, store.people())
    fields = {
        k: text_value(k, v) for k, v in {"team": team, "contact": contact}.items() if v is not None
    }
    if new_name is not None:
        fields["name"] = clean_name(new_name)
    return store.edit_person(person.id, fields, dates.to_utc(now))


@dataclass(frozen=True)
class Removal:
    """Who was removed, and how many open tasks went to whom."""

    person: PersonRecord
    moved: int
    to: PersonRecord | None


def remove_person(store: Store, name: str, now: datetime, reassign: str | None = None) -> Removal:
    """Remove a colleague, handing their open tasks to ``reassign`` (else refused if any)."""
    people = store.people()
    person = find_person(name, people)
    target = find_person(reassign, people) if reassign else None
    moved = store.remove_person(person.id, dates.to_utc(now), target.id if target else None)
    return Removal(person, moved, target)
