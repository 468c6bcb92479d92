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
from typing import Any

import sqlalchemy
from sqlalchemy.engine import Connection, Row
from sqlmodel import Session, select

from coo_todo.domain import recurrence
from coo_todo.domain.records import OPEN, status_word
from coo_todo.domain.worktime import WorkCalendar
from coo_todo.errors import Conflict, InvalidInput
from coo_todo.i18n import _
from coo_todo.store.models import Event, Task, TaskTag
from coo_todo.store.rows import TASK_ROW, history_entry, json_value, table_of

_TASKS = table_of(Task)
_TAGS = table_of(TaskTag)
_OTHERS = _TASKS.alias("other")
_SERIES_STATE = (
    sqlalchemy.select(
        sqlalchemy.exists().where(
            _OTHERS.c.series == sqlalchemy.bindparam("series"),
            _OTHERS.c.status == OPEN,
            _OTHERS.c.id != sqlalchemy.bindparam("task_id"),
        ),
        _TAGS.c.tag,
    )
    .select_from(_TASKS.outerjoin(_TAGS, _TAGS.c.task_id == _TASKS.c.id))
    .where(_TASKS.c.id == sqlalchemy.bindparam("task_id"))
)
"""Whether another task of a series (``series``) than ``task_id`` is open, with each tag of
``task_id`` (a row with None for a task without tags)."""
_INSERT_TASK = sqlalchemy.insert(_TASKS).returning(*TASK_ROW)
_INSERT_TAGS = sqlalchemy.insert(_TAGS)
_INSERT_EVENT = sqlalchemy.insert(table_of(Event))

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
) -> list[Row[Any]]:
    """Bring the next occurrence of each recurring task of ``closed`` (done or skipped), unless
    its series already has an open one or its rule has ended: their rows (``TASK_ROW``).

    The closed tasks' changes and history entries are written first (their entries come
    before the occurrences'); each occurrence, its tags and its history entry are then
    inserted at once, through the session's connection: no ORM object, no second flush."""
    session.flush()
    created = [bring_next(session, task, now, calendar) for task in closed]
    return [row for row in created if row is not None]


def bring_next(
    session: Session, task: Task, now: datetime, calendar: WorkCalendar
) -> Row[Any] | None:
    """Add the occurrence that follows ``task``: its fields, tags and series, due on the next
    rule date (on ``calendar``, in its zone) strictly after its due day (dates already past
    collapse into the latest one, its title counting the others as missed); its row
    (``TASK_ROW``). None when nothing follows."""
    if not task.recurrence or task.series is None:
        return None
    connection = session.connection()
    taken, tags = series_state(connection, task)
    if taken:
        return None
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
    values = {"uuid": str(uuid_module.uuid4()), "created_at": now, "updated_at": now, **fields}
    occurrence = connection.execute(_INSERT_TASK, values).one()
    if tags:
        connection.execute(_INSERT_TAGS, [{"task_id": occurrence.id, "tag": tag} for tag in tags])
    changes = {name: json_value(value) for name, value in fields.items()}
    if tags:
        changes["tags"] = tags
    note = f"next occurrence after #{task.id}, {recurrence.describe(task.recurrence)}"
    if following.missed:
        note += f"; {following.missed} missed occurrences collapsed into this one"
    entry = history_entry(session, occurrence, "created", now, changes, note)
    connection.execute(_INSERT_EVENT, entry)
    return occurrence


def series_state(connection: Connection, task: Task) -> tuple[bool, list[str]]:
    """Whether another task of ``task``'s series is open, and ``task``'s tags (sorted), in one
    query."""
    rows = connection.execute(_SERIES_STATE, {"series": task.series, "task_id": task.id}).all()
    return bool(rows[0][0]), sorted(tag for _, tag in rows if tag is not None)
