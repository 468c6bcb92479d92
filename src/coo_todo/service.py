"""Domain operations: turn what the user typed into validated changes, and rank the day.

Below the CLI and above the store. Receives the store, ``now`` and the weights; reads no clock
and prints nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coo_todo import dates
from coo_todo.capture import Capture
from coo_todo.errors import InvalidInput
from coo_todo.records import DONE, DROPPED, OPEN, TaskRecord
from coo_todo.scoring import Breakdown, Ranked, Ranking, Weights, rank, score
from coo_todo.store import Store, TaskFilter

CLEAR = "none"
"""The value that clears an optional attribute in ``todo edit`` (``--due none``)."""


@dataclass
class TaskInput:
    """Raw attribute values as typed (strings, or ints from typed options), before checking."""

    values: dict[str, str | int | None] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    blocked_by: list[str | int] = field(default_factory=list)

    @classmethod
    def merge(cls, capture: Capture, options: Mapping[str, str | int | None]) -> TaskInput:
        """Inline attributes from ``capture``, overridden by explicit options that are set."""
        values: dict[str, str | int | None] = dict(capture.attributes)
        if capture.title:
            values["title"] = capture.title
        values.update({key: value for key, value in options.items() if value is not None})
        return cls(values, list(capture.tags), list(capture.blocked_by))


def check_fields(values: Mapping[str, str | int | None], now: datetime) -> dict[str, Any]:
    """Validate and convert raw values to stored ones (naive UTC times); InvalidInput if bad."""
    checked: dict[str, Any] = {}
    for name, raw in values.items():
        if raw is None:
            continue
        if name == "title":
            title = str(raw).strip()
            if not title:
                raise InvalidInput("a task needs a title")
            checked["title"] = title
        elif name in ("impact", "urgency"):
            checked[name] = _level(name, raw)
        elif name == "notes":
            checked["notes"] = str(raw).strip() or None
        else:
            text = str(raw).strip()
            clear = text.lower() == CLEAR
            if name == "due":
                checked["due"] = None if clear else dates.to_utc(dates.parse_when(text, now))
            elif name == "effort":
                checked["effort_minutes"] = None if clear else dates.parse_duration(text)
            elif name == "area":
                checked["area"] = None if clear or not text else text
            else:
                raise InvalidInput(f"unknown attribute {name!r}")
    return checked


def task_ids(raw: Iterable[str | int]) -> list[int]:
    """Parse task ids such as ``12`` or ``#12``; InvalidInput for anything else."""
    ids = []
    for item in raw:
        text = str(item).strip().lstrip("#")
        if not text.isdigit() or int(text) == 0:
            raise InvalidInput(f"not a task id: {item!r} (ids are whole numbers like 12)")
        ids.append(int(text))
    return ids


def _level(name: str, raw: str | int) -> int:
    try:
        level = int(raw)
    except ValueError:
        level = 0
    if not 1 <= level <= 5:
        raise InvalidInput(f"{name} must be a whole number from 1 to 5, not {raw!r}")
    return level


def add_task(store: Store, given: TaskInput, now: datetime) -> TaskRecord:
    """Create a task from raw input; impact and urgency default to 3."""
    fields = check_fields({"impact": 3, "urgency": 3, **given.values}, now)
    if "title" not in fields:
        raise InvalidInput("a task needs a title")
    return store.add(fields, given.tags, task_ids(given.blocked_by), dates.to_utc(now))


def edit_task(
    store: Store,
    task_id: int,
    given: TaskInput,
    now: datetime,
    *,
    remove_tags: Sequence[str] = (),
    unblock: Sequence[str | int] = (),
) -> TaskRecord:
    """Apply the given changes to a task."""
    return store.edit(
        task_id,
        check_fields(given.values, now),
        dates.to_utc(now),
        add_tags=given.tags,
        remove_tags=remove_tags,
        add_blockers=task_ids(given.blocked_by),
        remove_blockers=task_ids(unblock),
    )


STATUS_CHANGES = {"done": DONE, "reopened": OPEN, "dropped": DROPPED}
"""Event kind -> the status it sets."""


def change_status(
    store: Store, ids: Sequence[str | int], kind: str, now: datetime
) -> list[TaskRecord]:
    """Mark tasks done, reopened or dropped (``kind``); all or none."""
    target = STATUS_CHANGES[kind]
    numbers = task_ids(ids)
    for record in (store.task(task_id) for task_id in numbers):
        if record.status == target:
            raise InvalidInput(f"task #{record.id} is already {target}")
    return store.set_status(numbers, target, dates.to_utc(now), kind)


@dataclass(frozen=True)
class Triage:
    """The ranked open tasks (after filters) and the blocked ones, with their titles."""

    ranking: Ranking[TaskRecord]
    titles: dict[int, str]


def triage(
    store: Store,
    now: datetime,
    weights: Weights,
    *,
    area: str | None = None,
    tag: str | None = None,
) -> Triage:
    """Rank every open task; ``area`` and ``tag`` filter the view, not what is ranked."""
    open_tasks = store.tasks(TaskFilter(status=OPEN))
    ranking = rank(open_tasks, now, weights)

    def shown(task: TaskRecord) -> bool:
        return (area is None or (task.area or "").lower() == area.lower()) and (
            tag is None or tag.lower() in task.tags
        )

    ranked = [entry for entry in ranking.ranked if shown(entry.task)]
    renumbered = [Ranked(i, entry.task, entry.breakdown) for i, entry in enumerate(ranked, 1)]
    blocked = [(task, waits) for task, waits in ranking.blocked if shown(task)]
    titles = {task.id: task.title for task in open_tasks}
    return Triage(Ranking(renumbered, blocked), titles)


@dataclass(frozen=True)
class Explanation:
    """Why a task scores what it does, and where it stands in the morning ranking."""

    task: TaskRecord
    breakdown: Breakdown
    rank: int | None
    of: int
    waiting_for: tuple[int, ...]


def explain(store: Store, task_id: int, now: datetime, weights: Weights) -> Explanation:
    """Score breakdown and rank of one task (a closed task is scored as if it were open)."""
    task = store.task(task_id)
    ranking = rank(store.tasks(TaskFilter(status=OPEN)), now, weights)
    for entry in ranking.ranked:
        if entry.task.id == task_id:
            return Explanation(task, entry.breakdown, entry.rank, len(ranking.ranked), ())
    waiting = next((waits for blocked, waits in ranking.blocked if blocked.id == task_id), ())
    return Explanation(task, score(task, now, weights), None, len(ranking.ranked), waiting)


def breakdowns(
    tasks: Sequence[TaskRecord], store: Store, now: datetime, weights: Weights
) -> dict[int, Breakdown]:
    """Scores for listed tasks: open ones as in the ranking, closed ones on their own."""
    result: dict[int, Breakdown] = {}
    if any(task.status == OPEN for task in tasks):
        for entry in rank(store.tasks(TaskFilter(status=OPEN)), now, weights).ranked:
            result[entry.task.id] = entry.breakdown
    for task in tasks:
        if task.id not in result:
            result[task.id] = score(task, now, weights)
    return result
