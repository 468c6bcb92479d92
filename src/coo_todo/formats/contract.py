"""The JSON contract: a task as ``--json`` prints it and ``todo export --format csv`` lays it
out. Its keys are a contract (documented for users): more may be added, none removed or
renamed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from coo_todo.domain import dates
from coo_todo.domain.records import PersonRecord, TaskRecord
from coo_todo.domain.scoring import Breakdown

TASK_KEYS = (
    "id",
    "uuid",
    "title",
    "status",
    "impact",
    "urgency",
    "due",
    "effort_minutes",
    "area",
    "tags",
    "score",
    "quadrant",
    "created_at",
    "completed_at",
    "delegate",
    "follow_up",
    "blocked_by",
    "notes",
    "delegated_at",
    "last_note",
)
"""The keys of ``task_json``, in order: the columns of ``todo export --format csv``."""


def task_json(task: TaskRecord, breakdown: Breakdown, now: datetime) -> dict[str, Any]:
    """One task as a JSON-ready mapping; times in ISO 8601 with now's UTC offset."""
    tz = now.tzinfo

    def local(value: datetime | None) -> str | None:
        return None if value is None else dates.iso(dates.from_utc(value, tz))

    return {
        **task_fields(task, local),
        "score": round(breakdown.total, 2),
        "quadrant": breakdown.quadrant,
        "created_at": local(task.created_at),
        "completed_at": local(task.completed_at),
        "delegate": task.delegate,
        "follow_up": local_date(task.follow_up, now),
        "blocked_by": list(task.blocked_by),
        "notes": task.notes,
        "delegated_at": local(task.delegated_at),
        "last_note": task.last_note,
    }


def task_fields(task: TaskRecord, time: Callable[[datetime | None], str | None]) -> dict[str, Any]:
    """The first keys of both task objects, the contract's and the backup's."""
    return {
        "id": task.id,
        "uuid": task.uuid,
        "title": task.title,
        "status": task.status,
        "impact": task.impact,
        "urgency": task.urgency,
        "due": time(task.due),
        "effort_minutes": task.effort_minutes,
        "area": task.area,
        "tags": list(task.tags),
    }


def local_date(value: datetime | None, now: datetime) -> str | None:
    """A stored time as an ISO date (``2026-12-03``) in now's timezone."""
    return None if value is None else dates.from_utc(value, now.tzinfo).date().isoformat()


def explanation_json(task: TaskRecord, breakdown: Breakdown, rank: int | None) -> dict[str, Any]:
    """Why a task scores what it does (``todo explain --json``): each term of its score."""
    return {
        "id": task.id,
        "score": round(breakdown.total, 2),
        "quadrant": breakdown.quadrant,
        "advice": breakdown.advice,
        "pressure": round(breakdown.pressure, 4),
        "rank": rank,
        "terms": [
            {
                "name": t.name,
                "reason": t.reason,
                "value": round(t.value, 4),
                "weight": t.weight,
                "points": round(t.points, 4),
            }
            for t in breakdown.terms
        ],
    }


def person_json(
    person: PersonRecord, open_tasks: int, follow_ups_due: int, median_days_to_done: float | None
) -> dict[str, Any]:
    """A colleague and their delegated workload (``todo people --json``)."""
    return {
        "name": person.name,
        "team": person.team,
        "contact": person.contact,
        "open_tasks": open_tasks,
        "follow_ups_due": follow_ups_due,
        "median_days_to_done": None
        if median_days_to_done is None
        else round(median_days_to_done, 1),
    }
