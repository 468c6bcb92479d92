"""Tasks as data for scripts: the JSON contract. Pure: records in, plain values out.

The keys of ``task_json`` are a contract (documented in the README): more may be added, none
removed or renamed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coo_todo import dates
from coo_todo.records import TaskRecord
from coo_todo.scoring import Breakdown


def task_json(task: TaskRecord, breakdown: Breakdown, now: datetime) -> dict[str, Any]:
    """One task as a JSON-ready mapping; times in ISO 8601 with now's UTC offset."""
    tz = now.tzinfo

    def local(value: datetime | None) -> str | None:
        return None if value is None else dates.iso(dates.from_utc(value, tz))

    return {
        "id": task.id,
        "uuid": task.uuid,
        "title": task.title,
        "status": task.status,
        "impact": task.impact,
        "urgency": task.urgency,
        "due": local(task.due),
        "effort_minutes": task.effort_minutes,
        "area": task.area,
        "tags": list(task.tags),
        "score": round(breakdown.total, 2),
        "quadrant": breakdown.quadrant,
        "created_at": local(task.created_at),
        "completed_at": local(task.completed_at),
        "delegate": None,
        "follow_up": None,
        "blocked_by": list(task.blocked_by),
        "notes": task.notes,
    }
