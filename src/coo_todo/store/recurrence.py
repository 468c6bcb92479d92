"""Recurring tasks in the store: the next occurrence, written in the transaction that closes
the previous one.

An occurrence's series (``Task.series``) has at most one open task: the check runs under the
write lock that every write session takes from its first statement, so two ``todo done`` at
once cannot both bring a next occurrence (the second finds the task already done).
"""

from __future__ import annotations

import re
import uuid as uuid_module
from datetime import UTC, datetime

from sqlmodel import Session, select

from coo_todo.domain import recurrence
from coo_todo.domain.records import OPEN, status_word
from coo_todo.domain.worktime import WorkCalendar
from coo_todo.errors import Conflict, InvalidInput
from coo_todo.i18n import _
from coo_todo.store.models import Task, TaskTag
from coo_todo.store.rows import json_value, record_event

BRINGS_NEXT = frozenset({"done", "skipped"})
"""The closing event kinds after which a recurring task's next occurrence comes."""
COPIED = ("impact", "urgency", "effort_minutes", "area", "notes", "recurrence", "series")
"""What an occurrence passes on to the next, beside its title and tags."""
_MISSED_RE = re.compile(r" \(\d+ missed\)$")


def missed_title(title: str, missed: int) -> str:
    """The title of an occurrence that stands for ``missed`` earlier ones too: ``Weekly KPI
    review (3 missed)``; the previous count, if any, replaced."""
    base = _MISSED_RE.sub("", title)
    return f"{base} ({missed} missed)" if missed else base


def open_sibling(session: Session, task: Task) -> int | None:
    """The id of another open occurrence of ``task``'s series, if there is one."""
    if task.series is None:
        return None
    query = select(Task.id).where(
        Task.series == task.series, Task.status == OPEN, Task.id != task.id
    )
    return session.exec(query.limit(1)).first()


def check_change(session: Session, task: Task, kind: str) -> None:
    """Refuse (InvalidInput, Conflict) a status change ``kind`` that recurrence forbids: a
    skip of a task that is not open, or a reopen that would give a series two open tasks."""
    if kind == "skipped" and task.status != OPEN:
        raise InvalidInput(
            _("task #{id} is {status}: only an open task is skipped").format(
                id=task.id, status=status_word(task.status)
            )
        )
    sibling = open_sibling(session, task) if kind == "reopened" else None
    if sibling is not None:
        raise Conflict(
            _(
                "task #{id} repeats and its next occurrence #{sibling} is open: drop "
                "#{sibling} first (or todo undo)"
            ).format(id=task.id, sibling=sibling)
        )


def next_occurrences(
    session: Session, closed: list[Task], now: datetime, calendar: WorkCalendar
) -> list[Task]:
    """Bring the next occurrence of each recurring task of ``closed`` (done or skipped), unless
    its series already has an open one or its rule has ended."""
    created = [bring_next(session, task, now, calendar) for task in closed]
    return [task for task in created if task is not None]


def bring_next(session: Session, task: Task, now: datetime, calendar: WorkCalendar) -> Task | None:
    """Add the occurrence that follows ``task``: its fields, tags and series, due on the next
    rule date (on ``calendar``, in its zone) strictly after its due day (dates already past
    collapse into the latest one, its title counting the others as missed). None when
    nothing follows."""
    if not task.recurrence or task.series is None:
        return None
    with session.no_autoflush:  # what these read is committed: one flush, not three
        if open_sibling(session, task) is not None:
            return None
        tags = sorted(session.exec(select(TaskTag.tag).where(TaskTag.task_id == task.id)))
    local_now = now.astimezone(calendar.zone)
    try:
        following = recurrence.next_occurrence(
            task.recurrence, task.due or local_now, local_now, calendar
        )
    except InvalidInput as exc:
        raise InvalidInput(
            _(
                "task #{id} repeats by a rule that cannot bring a next one ({reason}): "
                "todo recur stop {id}, or todo edit {id} --every RULE"
            ).format(id=task.id, reason=exc)
        ) from None
    if following is None:
        return None
    fields = {name: getattr(task, name) for name in COPIED}
    fields |= {
        "title": missed_title(task.title, following.missed),
        "due": following.due.astimezone(UTC),
    }
    occurrence = Task(uuid=str(uuid_module.uuid4()), created_at=now, updated_at=now, **fields)
    session.add(occurrence)
    session.flush()
    assert occurrence.id is not None
    session.add_all(TaskTag(task_id=occurrence.id, tag=tag) for tag in tags)
    changes = {name: json_value(value) for name, value in fields.items()}
    if tags:
        changes["tags"] = tags
    note = f"next occurrence after #{task.id}, {recurrence.describe(task.recurrence)}"
    if following.missed:
        note += f"; {following.missed} missed occurrences collapsed into this one"
    record_event(session, occurrence, "created", now, changes, note)
    return occurrence
