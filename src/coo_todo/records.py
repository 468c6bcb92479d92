"""Plain snapshots of stored data, handed from the store to the layers above it.

They hold no database session, so scoring, rendering and export work on them freely, and a
long-lived process can keep them. Times are aware datetimes in UTC, as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

OPEN = "open"
DONE = "done"
DROPPED = "dropped"
STATUSES = (OPEN, DONE, DROPPED)


@dataclass(frozen=True)
class TaskRecord:
    """One task with its tags and dependencies."""

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
    tags: tuple[str, ...] = ()
    blocked_by: tuple[int, ...] = ()
    notes: str | None = None
    delegate: str | None = None
    delegated_at: datetime | None = None
    follow_up: datetime | None = None
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
