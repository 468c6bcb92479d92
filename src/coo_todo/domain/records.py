"""Plain snapshots of stored data, handed from the store to the layers above it.

They hold no database session, so scoring, rendering and export work on them freely, and a
long-lived process can keep them. Times are aware datetimes in UTC, as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

OPEN = "open"
DONE = "done"
DROPPED = "dropped"
STATUSES = (OPEN, DONE, DROPPED)
NO_TASK = 0
"""The ``task_id`` of a history entry about a person rather than a task (ids start at 1)."""


class TaskRecord(NamedTuple):
    """One task with its tags and dependencies.

    Its fields up to ``follow_up`` are columns of the task table, read in this order; the store
    derives the others. A named tuple, where the other records are frozen dataclasses: the
    store makes one per task it reads (10,000 for a crowded triage), and a frozen dataclass,
    which sets each field through ``object.__setattr__``, took ten times longer to build.
    """

    id: int
    uuid: str
    title: str
    status: str
    impact: int
    urgency: int
    due: datetime | None
    effort_minutes: int | None
    area: str | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    notes: str | None = None
    delegated_at: datetime | None = None
    follow_up: datetime | None = None
    tags: tuple[str, ...] = ()
    blocked_by: tuple[int, ...] = ()
    delegate: str | None = None
    last_note: str | None = None


@dataclass(frozen=True)
class PersonRecord:
    """A colleague tasks can be delegated to."""

    id: int
    name: str
    team: str | None = None
    contact: str | None = None
    last_brief_at: datetime | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class EventRecord:
    """One entry of a task's history."""

    task_id: int
    kind: str
    at: datetime
    changes: dict[str, object] = field(default_factory=dict)
    note: str | None = None
    task_uuid: str | None = None
    change: str = ""
    undone_at: datetime | None = None


@dataclass(frozen=True)
class Brief:
    """What a 1:1 agenda needs: the person, their delegated tasks, what they finished since."""

    person: PersonRecord
    overdue: list[TaskRecord]
    others: list[TaskRecord]
    finished: list[TaskRecord]
    since: datetime
    histories: dict[int, list[EventRecord]]
