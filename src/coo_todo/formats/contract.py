"""The JSON contract: a task as ``--json`` prints it and ``todo export --format csv`` lays it
out. Its keys are a contract (documented for users): more may be added, none removed or
renamed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from coo_todo.domain import dates, recurrence
from coo_todo.domain.initiatives import InitiativeRecord, Progress
from coo_todo.domain.planning import DayPlan
from coo_todo.domain.records import TASK_FIELDS, PersonRecord, TaskRecord, laid_out
from coo_todo.domain.review import DoneFigures, Review
from coo_todo.domain.scoring import Breakdown

TASK_KEYS = laid_out(
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
        "owner",
        "delegated_by",
        "recurrence",
        "every",
        "initiative",
    )
)
"""The keys of ``task_json``, in order: the columns of ``todo export --format csv``. A task
field these do not name comes last (``records.laid_out``)."""


def task_json(task: TaskRecord, breakdown: Breakdown, now: datetime) -> dict[str, Any]:
    """One task as a JSON-ready mapping; times in ISO 8601 with now's UTC offset."""
    tz = now.tzinfo

    def local(value: datetime | None) -> str | None:
        return None if value is None else dates.iso(dates.from_utc(value, tz))

    values = {
        **field_values(task, local),
        "id": task.id,
        "uuid": task.uuid,
        "status": task.status,
        "tags": list(task.tags),
        "score": round(breakdown.total, 2),
        "quadrant": breakdown.quadrant,
        "created_at": local(task.created_at),
        "completed_at": local(task.completed_at),
        "delegate": task.delegate,
        "follow_up": local_date(task.follow_up, now),
        "blocked_by": list(task.blocked_by),
        "delegated_at": local(task.delegated_at),
        "last_note": task.last_note,
        "owner": task.owner,
        "delegated_by": task.delegated_by,
        "every": recurrence.describe(task.recurrence) if task.recurrence else None,
        "initiative": task.initiative,
    }
    return {key: values[key] for key in TASK_KEYS}


def field_values(task: TaskRecord, time: Callable[[datetime | None], str | None]) -> dict[str, Any]:
    """The task's fields (``records.TASK_FIELDS``) as JSON values, dates written by ``time``;
    shared by the contract's task object and the backup's."""
    values = {}
    for task_field in TASK_FIELDS:
        value = getattr(task, task_field.name)
        values[task_field.name] = time(value) if task_field.kind == "date" else value
    return values


def local_date(value: datetime | None, now: datetime) -> str | None:
    """A stored time as an ISO date (``2026-12-03``) in now's timezone."""
    return None if value is None else dates.from_utc(value, now.tzinfo).date().isoformat()


def plan_json(plan: DayPlan[TaskRecord], now: datetime) -> dict[str, Any]:
    """Today's plan (``todo plan --json``): the capacity, the tasks in it (task objects with
    what they count) and those left out with their reason."""
    capacity = plan.capacity
    return {
        "capacity_minutes": capacity.minutes,
        "capacity": capacity.describe(),
        "working_minutes_left": None if capacity.given else capacity.working_left,
        "meetings_minutes": None if capacity.given else capacity.meetings,
        "planned_minutes": plan.planned_minutes,
        "free_minutes": plan.free_minutes,
        "default_effort_minutes": plan.default_effort,
        "working_day_ends": dates.iso(plan.closing),
        "planned": [
            {
                **task_json(entry.task, entry.breakdown, now),
                "counted_minutes": entry.minutes,
                "estimated": entry.estimated,
                "cannot_wait": entry.urgent,
            }
            for entry in plan.planned
        ],
        "left_out": [
            {
                "id": out.task.id,
                "title": out.task.title,
                "kind": out.kind,
                "reason": out.reason,
                "counted_minutes": out.minutes,
            }
            for out in plan.left_out
        ],
    }


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


def initiative_json(
    initiative: InitiativeRecord, last_review: datetime | None, moved: int, now: datetime
) -> dict[str, Any]:
    """An initiative and how much moved since its last review (``todo initiative list --json``;
    ``show --json`` adds its progress); times in now's timezone."""

    def iso(when: datetime | None) -> str | None:
        return None if when is None else dates.iso(dates.from_utc(when, now.tzinfo))

    return {
        "key": initiative.key,
        "name": initiative.name,
        "state": initiative.state,
        "goal": initiative.goal,
        "area": initiative.area,
        "members": list(initiative.members),
        "started_at": iso(initiative.started_at),
        "target": iso(initiative.target),
        "review_rule": initiative.review_rule,
        "next_review": iso(initiative.next_review),
        "last_review": iso(last_review),
        "moved_since_last_review": moved,
    }


def progress_json(progress: Progress, now: datetime) -> dict[str, Any]:
    """``todo initiative show --json``: the initiative, its burn-up and what waits on whom."""
    reviews = progress.reviews
    return {
        **initiative_json(
            progress.initiative, reviews[-1].at if reviews else None, progress.moved, now
        ),
        "days_since_start": progress.days_since_start,
        "median_days_to_done": progress.median_days_to_done,
        "burn_up": [
            {"day": point.day.isoformat(), "done": point.done, "total": point.total}
            for point in progress.burn_up
        ],
        "waiting": [
            {"id": task.id, "title": task.title, "delegate": task.delegate}
            for task in progress.waiting
        ],
        "reviews": [
            {"at": dates.iso(dates.from_utc(review.at, now.tzinfo)), "note": review.note}
            for review in reviews
        ],
    }


def review_json(review: Review, now: datetime) -> dict[str, Any]:
    """The weekly review (``todo review --json``): every figure, times to done in seconds."""

    def time(value: datetime) -> str:
        return dates.iso(dates.from_utc(value, now.tzinfo))

    def figures(row: DoneFigures, key: str) -> dict[str, Any]:
        values = {
            "done": row.done,
            "own": row.own,
            "delegated": row.delegated,
            "met": row.met,
            "late": row.late,
            "median_seconds": row.median_seconds,
            "p90_seconds": row.p90_seconds,
        }
        return values if not key else {key: row.key, **values}

    period = review.period
    return {
        "period": {"start": time(period.start), "end": time(period.end), "step": period.unit},
        "done": figures(review.total, ""),
        "by_area": [figures(row, "area") for row in review.by_area],
        "by_person": [figures(row, "person") for row in review.by_person],
        "deadlines": {
            "met": review.total.met,
            "late": review.total.late,
            "open_past_due": review.open_past_due,
            "postponed": review.postponed,
        },
        "follow_ups_overdue": [
            {"person": d.person, "tasks": d.tasks, "oldest_follow_up": time(d.oldest_follow_up)}
            for d in review.follow_ups
        ],
        "oldest_open": [
            {
                "id": task.id,
                "title": task.title,
                "area": task.area,
                "created_at": time(task.created_at),
                "delegate": task.delegate,
            }
            for task in review.oldest
        ],
        "flow": [
            {
                "start": time(step.start),
                "end": time(step.end),
                "came_in": step.came_in,
                "done": step.done,
                "dropped": step.dropped,
            }
            for step in review.flow
        ],
    }
