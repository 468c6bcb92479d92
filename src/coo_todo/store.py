"""The only module that talks to the database.

One engine per process, one short transaction per operation. Queries use SQLAlchemy's portable
constructs only, so the same code runs on SQLite (the default) and PostgreSQL.
"""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import func, or_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, col, create_engine, delete, select

from coo_todo.errors import Conflict, DatabaseError, NotFound
from coo_todo.models import Dependency, Event, Task, TaskTag
from coo_todo.records import OPEN, EventRecord, TaskRecord

EDITABLE_FIELDS = ("title", "impact", "urgency", "due", "effort_minutes", "area", "notes")


@dataclass(frozen=True)
class TaskFilter:
    """Which tasks ``Store.tasks`` returns. ``status=None`` means every status."""

    status: str | None = OPEN
    area: str | None = None
    tag: str | None = None
    due_before: datetime | None = None


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


class Store:
    """Tasks, tags, dependencies and history in one SQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(url)
            if self.engine.dialect.name == "sqlite":
                sa_event.listen(self.engine, "connect", _enable_sqlite_pragmas)
            SQLModel.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot open database {url}: {_reason(exc)}") from None

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise DatabaseError(f"database error: {_reason(exc)}") from None

    # -- reading -----------------------------------------------------------------------------

    def task(self, task_id: int) -> TaskRecord:
        """The task with this id, or NotFound."""
        with self._session() as session:
            return self._records(session, [self._get(session, task_id)])[0]

    def tasks(self, where: TaskFilter = TaskFilter()) -> list[TaskRecord]:
        """Tasks matching ``where``, by id."""
        query = select(Task).order_by(col(Task.id))
        if where.status is not None:
            query = query.where(Task.status == where.status)
        if where.area is not None:
            query = query.where(func.lower(Task.area) == where.area.lower())
        if where.tag is not None:
            tagged = select(TaskTag.task_id).where(TaskTag.tag == where.tag.lower())
            query = query.where(col(Task.id).in_(tagged))
        if where.due_before is not None:
            query = query.where(col(Task.due).is_not(None), col(Task.due) < where.due_before)
        with self._session() as session:
            return self._records(session, list(session.exec(query)))

    def history(self, task_id: int) -> list[EventRecord]:
        """Every recorded change to a task, oldest first."""
        query = select(Event).where(Event.task_id == task_id).order_by(col(Event.id))
        with self._session() as session:
            return [
                EventRecord(e.task_id, e.kind, e.at, dict(e.changes), e.note)
                for e in session.exec(query)
            ]

    # -- writing -----------------------------------------------------------------------------

    def add(
        self,
        fields: dict[str, Any],
        tags: Iterable[str],
        blocked_by: Iterable[int],
        now: datetime,
    ) -> TaskRecord:
        """Create a task from ``fields`` (see EDITABLE_FIELDS) and record its creation."""
        with self._session() as session:
            task = Task(uuid=str(uuid_module.uuid4()), created_at=now, updated_at=now, **fields)
            session.add(task)
            session.flush()
            assert task.id is not None
            tag_list = self._add_tags(session, task.id, tags)
            blockers = self._add_blockers(session, task.id, blocked_by)
            changes = {name: _json_value(value) for name, value in fields.items()}
            if tag_list:
                changes["tags"] = tag_list
            if blockers:
                changes["blocked_by"] = blockers
            self._record(session, task, "created", now, changes)
            return self._records(session, [task])[0]

    def edit(
        self,
        task_id: int,
        fields: dict[str, Any],
        now: datetime,
        *,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        add_blockers: Iterable[int] = (),
        remove_blockers: Iterable[int] = (),
    ) -> TaskRecord:
        """Change a task; the history records each field's old and new value."""
        with self._session() as session:
            task = self._get(session, task_id)
            changes: dict[str, Any] = {}
            for name, value in fields.items():
                old = getattr(task, name)
                if old != value:
                    changes[name] = {"from": _json_value(old), "to": _json_value(value)}
                    setattr(task, name, value)
            added_tags = self._add_tags(session, task_id, add_tags)
            if added_tags:
                changes["tags_added"] = added_tags
            removed_tags = self._remove(
                session,
                TaskTag,
                TaskTag.task_id == task_id,
                col(TaskTag.tag).in_([t.lower() for t in remove_tags]),
            )
            if removed_tags:
                changes["tags_removed"] = removed_tags
            added_blockers = self._add_blockers(session, task_id, add_blockers)
            if added_blockers:
                changes["blocked_by_added"] = added_blockers
            removed = self._remove(
                session,
                Dependency,
                Dependency.task_id == task_id,
                col(Dependency.blocker_id).in_(list(remove_blockers)),
            )
            if removed:
                changes["blocked_by_removed"] = removed
            if changes:
                task.updated_at = now
                self._record(session, task, "edited", now, changes)
            return self._records(session, [task])[0]

    def set_status(
        self, task_ids: Sequence[int], status: str, now: datetime, kind: str
    ) -> list[TaskRecord]:
        """Move tasks to ``status`` in one transaction (all or none); ``kind`` names the event."""
        with self._session() as session:
            tasks = [self._get(session, task_id) for task_id in task_ids]
            for task in tasks:
                changes: dict[str, Any] = {"status": {"from": task.status, "to": status}}
                task.status = status
                task.completed_at = None if status == OPEN else now
                task.updated_at = now
                self._record(session, task, kind, now, changes)
            return self._records(session, tasks)

    def delete(self, task_id: int, now: datetime) -> TaskRecord:
        """Delete a task; its history keeps a full snapshot of it."""
        with self._session() as session:
            task = self._get(session, task_id)
            record = self._records(session, [task])[0]
            snapshot = {
                name: _json_value(getattr(record, name))
                for name in (*EDITABLE_FIELDS, "status", "created_at", "completed_at")
            }
            snapshot.update(tags=list(record.tags), blocked_by=list(record.blocked_by))
            self._record(session, task, "deleted", now, snapshot)
            session.exec(delete(TaskTag).where(col(TaskTag.task_id) == task_id))
            session.exec(
                delete(Dependency).where(
                    or_(col(Dependency.task_id) == task_id, col(Dependency.blocker_id) == task_id)
                )
            )
            session.delete(task)
            return record

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _get(session: Session, task_id: int) -> Task:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(f"no task #{task_id}")
        return task

    @staticmethod
    def _record(
        session: Session, task: Task, kind: str, now: datetime, changes: dict[str, Any]
    ) -> None:
        assert task.id is not None
        session.add(Event(task_id=task.id, task_uuid=task.uuid, kind=kind, at=now, changes=changes))

    @staticmethod
    def _add_tags(session: Session, task_id: int, tags: Iterable[str]) -> list[str]:
        wanted = sorted({tag.strip().lower() for tag in tags if tag.strip()})
        if not wanted:
            return []
        present = set(
            session.exec(
                select(TaskTag.tag).where(TaskTag.task_id == task_id, col(TaskTag.tag).in_(wanted))
            )
        )
        new = [tag for tag in wanted if tag not in present]
        session.add_all(TaskTag(task_id=task_id, tag=tag) for tag in new)
        return new

    @staticmethod
    def _remove(session: Session, table: Any, owner: Any, which: Any) -> list[Any]:
        rows = list(session.exec(select(table).where(owner, which)))
        for row in rows:
            session.delete(row)
        return sorted(row.tag if table is TaskTag else row.blocker_id for row in rows)

    def _add_blockers(self, session: Session, task_id: int, blockers: Iterable[int]) -> list[int]:
        wanted = sorted(set(blockers))
        if not wanted:
            return []
        if task_id in wanted:
            raise Conflict(f"task #{task_id} cannot block itself")
        for blocker_id in wanted:
            self._get(session, blocker_id)
        present = set(
            session.exec(
                select(Dependency.blocker_id).where(
                    Dependency.task_id == task_id, col(Dependency.blocker_id).in_(wanted)
                )
            )
        )
        new = [b for b in wanted if b not in present]
        cycle = self._reaches(session, start=new, target=task_id)
        if cycle is not None:
            raise Conflict(
                f"#{task_id} cannot wait for #{cycle}: #{cycle} already waits for #{task_id}"
            )
        session.add_all(Dependency(task_id=task_id, blocker_id=b) for b in new)
        return new

    @staticmethod
    def _reaches(session: Session, start: Sequence[int], target: int) -> int | None:
        """The first of ``start`` from which ``target`` is reachable through blockers, if any."""
        for origin in start:
            seen, frontier = {origin}, {origin}
            while frontier:
                if target in frontier:
                    return origin
                rows = session.exec(
                    select(Dependency.blocker_id).where(col(Dependency.task_id).in_(frontier))
                )
                frontier = set(rows) - seen
                seen |= frontier
        return None

    @staticmethod
    def _records(session: Session, tasks: Sequence[Task]) -> list[TaskRecord]:
        """Snapshots of ``tasks`` with their tags and blockers, loaded in two queries."""
        ids = [task.id for task in tasks]
        tags: dict[int, list[str]] = defaultdict(list)
        blockers: dict[int, list[int]] = defaultdict(list)
        if ids:
            for task_id, tag in session.exec(
                select(TaskTag.task_id, TaskTag.tag).where(col(TaskTag.task_id).in_(ids))
            ):
                tags[task_id].append(tag)
            for task_id, blocker_id in session.exec(
                select(Dependency.task_id, Dependency.blocker_id).where(
                    col(Dependency.task_id).in_(ids)
                )
            ):
                blockers[task_id].append(blocker_id)
        return [
            TaskRecord(
                id=task.id,
                uuid=task.uuid,
                title=task.title,
                status=task.status,
                impact=task.impact,
                urgency=task.urgency,
                due=task.due,
                effort_minutes=task.effort_minutes,
                area=task.area,
                notes=task.notes,
                created_at=task.created_at,
                updated_at=task.updated_at,
                completed_at=task.completed_at,
                tags=tuple(sorted(tags[task.id])),
                blocked_by=tuple(sorted(blockers[task.id])),
            )
            for task in tasks
            if task.id is not None
        ]


def _reason(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    return str(original if original is not None else exc).splitlines()[0]
