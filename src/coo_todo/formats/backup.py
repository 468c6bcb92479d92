"""The JSON backup: the whole database as one versioned document (times in UTC, lossless)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from coo_todo.domain.initiatives import InitiativeCopy
from coo_todo.domain.records import EventRecord, PersonRecord, TaskRecord, laid_out
from coo_todo.domain.text import json_escapes
from coo_todo.formats.contract import field_values

BACKUP_FORMAT = "coo-todo"
BACKUP_VERSION = 1
"""The ``format`` and ``version`` of the document ``todo export --format json`` writes."""
BACKUP_TASK_KEYS = laid_out(
    (
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
        "notes",
        "created_at",
        "updated_at",
        "completed_at",
        "delegate",
        "delegated_at",
        "follow_up",
        "blocked_by",
        "owner",
        "recurrence",
        "series",
    )
)
"""The keys of a task in the backup, in order; a task field these do not name comes last."""


def _utc(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def backup_json(
    tasks: Sequence[TaskRecord],
    people: Sequence[PersonRecord],
    history: Sequence[EventRecord],
    shared_areas: Sequence[str],
    now: datetime,
    initiatives: Sequence[InitiativeCopy] = (),
) -> str:
    """The whole database as one versioned JSON document (times in UTC, lossless): people,
    tasks, the history in the order it happened, deleted tasks' included, and (team mode)
    who owns and who wrote what, the members' logins and the areas shared with the team; then
    the initiatives, each with its members, reviews and tasks (their uuids)."""
    uuids = {task.id: task.uuid for task in tasks}
    head = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "exported_at": _utc(now)}
    records: dict[str, list[Any]] = {
        "people": [
            {
                "name": person.name,
                "team": person.team,
                "contact": person.contact,
                "created_at": _utc(person.created_at),
                "last_brief_at": _utc(person.last_brief_at),
                "login": person.login,
            }
            for person in people
        ],
        "tasks": [_backup_task(task, uuids) for task in tasks],
        "history": [
            {
                "task_id": entry.task_id,
                "task_uuid": entry.task_uuid,
                "kind": entry.kind,
                "at": _utc(entry.at),
                "change": entry.change,
                "undone_at": _utc(entry.undone_at),
                "changes": entry.changes,
                "note": entry.note,
                "author": entry.author,
            }
            for entry in history
        ],
        "shared_areas": list(shared_areas),
        "initiatives": [_backup_initiative(copy) for copy in initiatives],
    }
    return _json_by_line(head, records)


def _backup_initiative(copy: InitiativeCopy) -> dict[str, Any]:
    initiative = copy.initiative
    return {
        "id": initiative.id,
        "uuid": initiative.uuid,
        "key": initiative.key,
        "name": initiative.name,
        "goal": initiative.goal,
        "area": initiative.area,
        "state": initiative.state,
        "started_at": _utc(initiative.started_at),
        "target": _utc(initiative.target),
        "review_rule": initiative.review_rule,
        "next_review": _utc(initiative.next_review),
        "created_at": _utc(initiative.created_at),
        "updated_at": _utc(initiative.updated_at),
        "owner": initiative.owner,
        "members": list(initiative.members),
        "reviews": [
            {"uuid": review.uuid, "at": _utc(review.at), "note": review.note}
            for review in copy.reviews
        ],
        "tasks": list(copy.tasks),
    }


def _backup_task(task: TaskRecord, uuids: dict[int, str]) -> dict[str, Any]:
    values = {
        **field_values(task, _utc),
        "id": task.id,
        "uuid": task.uuid,
        "status": task.status,
        "tags": list(task.tags),
        "created_at": _utc(task.created_at),
        "updated_at": _utc(task.updated_at),
        "completed_at": _utc(task.completed_at),
        "delegate": task.delegate,
        "delegated_at": _utc(task.delegated_at),
        "follow_up": _utc(task.follow_up),
        "blocked_by": [uuids[blocker] for blocker in task.blocked_by],
        "owner": task.owner,
        "series": task.series,
    }
    return {key: values[key] for key in BACKUP_TASK_KEYS}


def _json_by_line(head: dict[str, Any], records: dict[str, list[Any]]) -> str:
    """A JSON object with each record of ``records``' lists on a line of its own: readable,
    written by the fast (C) encoder, and an import can name the line of a bad record."""

    def compact(value: Any) -> str:
        return json_escapes(json.dumps(value, ensure_ascii=False, allow_nan=False))

    members = [f"  {compact(key)}: {compact(value)}" for key, value in head.items()]
    for key, items in records.items():
        lines = ",\n".join(f"    {compact(item)}" for item in items)
        members.append(f"  {compact(key)}: [\n{lines}\n  ]" if items else f"  {compact(key)}: []")
    return "{\n" + ",\n".join(members) + "\n}\n"
