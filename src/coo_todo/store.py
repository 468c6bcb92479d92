"""The only module that talks to the database.

One engine per process, one short transaction per operation. Queries use SQLAlchemy's portable
constructs only, so the same code runs on SQLite (the default) and PostgreSQL.
"""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import String, Table, cast, func, insert, or_, text
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, col, create_engine, delete, select

from coo_todo import schema
from coo_todo.dates import UNREADABLE
from coo_todo.errors import CannotUndo, Conflict, DatabaseError, InvalidInput, NotFound
from coo_todo.files import read_only_hint
from coo_todo.history import (
    BRIEFED,
    CREATION_KINDS,
    DELETED,
    PERSON_ADDED,
    PERSON_COPY,
    PERSON_EDITED,
    PERSON_EDITS,
    PERSON_KINDS,
    PERSON_REMOVED,
    REMOVING_KINDS,
    UNDO,
    entry_problem,
)
from coo_todo.incoming import (
    COMPARED,
    Batch,
    EventIn,
    ImportReport,
    KeptChange,
    Problem,
    TaskIn,
    acyclic,
    refuse,
)
from coo_todo.models import Dependency, Event, Person, StoredTime, Task, TaskTag
from coo_todo.people import name_key
from coo_todo.records import (
    DONE,
    DROPPED,
    NO_TASK,
    OPEN,
    STATUSES,
    EventRecord,
    PersonRecord,
    TaskRecord,
)

EDITABLE_FIELDS = ("title", "impact", "urgency", "due", "effort_minutes", "area", "notes")
"""The task columns ``add`` and ``edit`` accept from the user."""
_TASK_TABLE = sa_inspect(Task).columns
STORED = tuple(name for name in TaskRecord._fields if name in _TASK_TABLE)
"""The task record's fields that are task columns: its leading fields, in order."""
TASK_ROW = (*(_TASK_TABLE[name] for name in STORED), _TASK_TABLE.delegate_id)
"""What ``_records`` reads of a task, as a row: loading rows is several times faster than
loading ORM objects, and a row's fields go to its record by position, not by name."""


@dataclass(frozen=True)
class TaskFilter:
    """Which tasks ``Store.tasks`` returns. ``status=None`` means every status."""

    status: str | None = OPEN
    area: str | None = None
    tag: str | None = None
    due_before: datetime | None = None
    """Only tasks due at or before this moment (a day alone is read as its end: 23:59:59)."""
    delegate_id: int | None = None
    delegated: bool | None = None
    completed_since: datetime | None = None


@dataclass(frozen=True)
class Reverted:
    """One history event ``undo`` reached, with what it is about (the task's title, or the
    person's name), and whether that is gone again (undoing its creation)."""

    event: EventRecord
    title: str
    removed: bool


@dataclass(frozen=True)
class Undone:
    """What one ``undo`` reached: the events of the latest change, newest first, reverted;
    or, when ``passed_over`` says why they could not be, left as they were and passed over."""

    events: list[Reverted]
    passed_over: str | None = None


@dataclass(frozen=True)
class Delegation:
    """Who a task goes to, when to follow up, and what was said."""

    person_id: int | None
    follow_up: datetime
    note: str | None = None
    new_person: str | None = None
    """A name to add as a new person, when ``person_id`` is None."""


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite settings: enforce foreign keys, wait (30 s) rather than fail when
    another process holds the write lock. WAL mode is set once per file, by ``schema``.
    The driver's own transaction handling is off: ``_begin_sqlite`` says BEGIN itself."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _begin_sqlite(connection: Any) -> None:
    """Start SQLite transactions ourselves: IMMEDIATE (the write lock at once) for writes,
    so a write never acts on what another process changes before it commits."""
    immediate = connection.get_execution_options().get(schema.WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


TASK_COLUMNS = frozenset(Task.model_fields)
TASK_TIMES = frozenset(
    name for name, info in Task.model_fields.items() if "datetime" in str(info.annotation)
)
IMPORT_KINDS = ("imported", "reimported")
"""Event kinds an import writes for the tasks it adds or updates."""


def _set(task: Task, values: dict[str, Any]) -> dict[str, Any]:
    """Set ``values`` on ``task``; return ``{name: {"from": old, "to": new}}`` for what changed,
    in JSON form, so the history can show it and ``undo`` can put it back."""
    diffs = {}
    for name, value in values.items():
        old = getattr(task, name)
        if old != value:
            diffs[name] = {"from": _json_value(old), "to": _json_value(value)}
            setattr(task, name, value)
    return diffs


def _column_value(name: str, value: Any) -> Any:
    """A JSON value from the history back to the Task column's type."""
    return _time(value) if name in TASK_TIMES else value


def _time(value: str | None) -> datetime | None:
    """A time as the history keeps it (ISO 8601) back to a datetime."""
    return None if value is None else datetime.fromisoformat(value)


class Store:
    """Tasks, tags, dependencies and history in one SQL database."""

    def __init__(
        self, url: str, now: datetime, *, create: bool = True, upgrade: bool = True
    ) -> None:
        """Open the database at ``url``, creating (unless ``create`` is False: NotFound) or
        upgrading (unless ``upgrade`` is False: DatabaseError) its schema if needed. A new
        SQLite file and its folders are readable by the user only."""
        self.url = url
        self.location = url
        self.saved_changes = 0
        self.saved: list[int] = []
        """The ids of the tasks the ``saved_changes`` committed through this store touched,
        in order (a person's change touches none): what the CLI names when it cannot print
        the result of a change it saved."""
        try:
            self.engine: Engine = create_engine(url)
            self.location = _shown(self.engine)
            self.writer: Engine = self.engine.execution_options(**{schema.WRITE: True})
            self.sqlite_file = _sqlite_file(self.engine)
            if self.engine.dialect.name == "sqlite":
                sa_event.listen(self.engine, "connect", _enable_sqlite_pragmas)
                sa_event.listen(self.engine, "begin", _begin_sqlite)
            if self.sqlite_file is not None and not self.sqlite_file.exists():
                if not create:
                    raise _no_database(self.location)
                self.sqlite_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                self.sqlite_file.touch(mode=schema.PRIVATE_FILE)
            self.upgraded = schema.ensure_current(
                self.engine, self.sqlite_file, now, create=create, upgrade=upgrade
            )
        except schema.EmptyDatabase:
            raise _no_database(self.location) from None
        except SQLAlchemyError as exc:
            raise self._cannot_open(_reason(exc)) from None
        except OSError as exc:
            raise self._cannot_open(exc.strerror or str(exc)) from None
        except ImportError as exc:
            extra = " (pip install 'coo-todo[postgres]')" if "postgresql" in url else ""
            driver = exc.name or "module"
            raise self._cannot_open(f"its driver {driver} is not installed{extra}") from None

    def _cannot_open(self, reason: str) -> DatabaseError:
        """The one-line error of a database that cannot be opened, its password masked."""
        return DatabaseError(_masked(f"cannot open database {self.location}: {reason}", self.url))

    def close(self) -> None:
        """Close the database's connections (the store can be used again: it reconnects)."""
        self.engine.dispose()

    def revision(self) -> str | None:
        """The database's schema revision."""
        with self._session(write=False) as session:
            return schema.revision(session.connection())

    def integrity_problems(self) -> list[str]:
        """What the database's integrity check reports (empty when sound); a file too damaged
        to be checked reports why."""
        try:
            with self.engine.connect() as connection:
                return schema.integrity_problems(connection)
        except SQLAlchemyError as exc:
            return [_reason(exc)]

    def unreadable_times(self) -> list[str]:
        """Stored times that are not dates in range (see ``models.StoredTime``): "task 2
        created_at" for each."""
        found = []
        with Session(self.engine) as session:
            for model in (Task, Person, Event):
                label = model.__tablename__
                times = [
                    column.name
                    for column in _table(model).columns
                    if isinstance(column.type, StoredTime)
                ]
                key = _table(model).c.id
                rows = session.exec(select(key, *(_table(model).c[name] for name in times)))
                for row_id, *values in rows:
                    found += [
                        f"{label} {row_id} {name}"
                        for name, value in zip(times, values, strict=True)
                        if value == UNREADABLE
                    ]
        return found

    def backup(self, target: Path | None, now: datetime) -> Path:
        """An online, consistent copy of an SQLite database (default: beside it, timestamped)."""
        if self.sqlite_file is None:
            raise DatabaseError(
                f"todo db backup copies SQLite files; back up {self.engine.dialect.name} with "
                "its own tools (pg_dump)"
            )
        return schema.backup_sqlite(self.sqlite_file, target, now)

    @contextmanager
    def _session(self, *, write: bool = True) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error. A write takes the
        database's write lock from its first statement, so what it reads stays true until it
        commits (two ``todo done 1`` at once: one wins, the other says "already done")."""
        engine = self.writer if write else self.engine
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                session.info["change"] = uuid_module.uuid4().hex
                session.info["tasks"] = []
                yield session
        except SQLAlchemyError as exc:
            reason = _reason(exc)
            if "readonly" in reason and self.sqlite_file is not None:
                reason += read_only_hint(self.sqlite_file)
            raise DatabaseError(f"database error: {reason}") from None
        if write:
            self.saved_changes += 1
            self.saved += session.info["tasks"]

    # -- reading -----------------------------------------------------------------------------

    def task(self, task_id: int) -> TaskRecord:
        """The task with this id, or NotFound."""
        with self._session(write=False) as session:
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
            query = query.where(col(Task.due).is_not(None), col(Task.due) <= where.due_before)
        if where.delegate_id is not None:
            query = query.where(Task.delegate_id == where.delegate_id)
        if where.delegated is not None:
            delegate = col(Task.delegate_id)
            query = query.where(delegate.is_not(None) if where.delegated else delegate.is_(None))
        if where.completed_since is not None:
            query = query.where(col(Task.completed_at) >= where.completed_since)
        with self._session(write=False) as session:
            # Plain rows load several times faster than ORM objects; tags and blockers are
            # fetched for the same filter (a subquery), not for a list of thousands of ids.
            rows = session.connection().execute(query.with_only_columns(*TASK_ROW)).all()
            ids = query.with_only_columns(col(Task.id)).order_by(None)
            return self._records(session, rows, among=ids)

    def task_choices(self, prefix: str, which: str, limit: int = 100) -> list[tuple[int, str]]:
        """Ids and titles of the newest ``which`` tasks ("open", "closed" or "any") whose id
        starts with ``prefix``: at most ``limit`` candidates for shell completion."""
        if prefix and not prefix.isdigit():
            return []
        statuses = {"open": (OPEN,), "closed": (DONE, DROPPED), "any": STATUSES}[which]
        query = select(Task.id, Task.title).where(col(Task.status).in_(statuses))
        if prefix:
            query = query.where(cast(Task.id, String).startswith(prefix))
        query = query.order_by(col(Task.id).desc()).limit(limit)
        with self._session(write=False) as session:
            return [(task_id, title) for task_id, title in session.exec(query) if task_id]

    def history(self, task_id: int) -> list[EventRecord]:
        """Every recorded change to a task, oldest first."""
        return self._events(Event.task_id == task_id)

    def events(self) -> list[EventRecord]:
        """The whole history, deleted tasks' included, oldest first."""
        return self._events()

    def _events(self, *where: Any) -> list[EventRecord]:
        table = _table(Event)  # rows, not ORM objects: a whole history loads fast
        query = table.select().where(*where).order_by(table.c.id)
        with self._session(write=False) as session:
            return [
                EventRecord(
                    e.task_id, e.kind, e.at, e.changes, e.note, e.task_uuid, e.change, e.undone_at
                )
                for e in session.execute(query)
            ]

    # -- writing -----------------------------------------------------------------------------

    def add(
        self,
        fields: dict[str, Any],
        tags: Iterable[str],
        blocked_by: Iterable[int],
        now: datetime,
        delegation: Delegation | None = None,
    ) -> TaskRecord:
        """Create a task from ``fields`` (see EDITABLE_FIELDS), delegated if asked, in one go."""
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
            if delegation is not None:
                self._delegate(session, task, delegation, now)
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
            changes = _set(task, fields)
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
        self,
        task_ids: Sequence[int],
        status: str,
        now: datetime,
        kind: str,
        note: str | None = None,
    ) -> list[TaskRecord]:
        """Move tasks to ``status`` in one transaction (all or none); ``kind`` names the event."""
        with self._session() as session:
            tasks = [self._get(session, task_id) for task_id in task_ids]
            return self._set_status(session, tasks, status, now, kind, note)

    def _set_status(
        self,
        session: Session,
        tasks: list[Task],
        status: str,
        now: datetime,
        kind: str,
        note: str | None,
    ) -> list[TaskRecord]:
        for task in tasks:
            if task.status == status:
                raise InvalidInput(f"task #{task.id} is already {status}")
            completed = None if status == OPEN else now
            changes = _set(task, {"status": status, "completed_at": completed})
            task.updated_at = now
            self._record(session, task, kind, now, changes, note)
        return self._records(session, tasks)

    # -- delegation --------------------------------------------------------------------------

    def delegate(self, task_id: int, delegation: Delegation, now: datetime) -> TaskRecord:
        """Hand an open task to a person (or to another one), with a follow-up date."""
        with self._session() as session:
            task = self._get(session, task_id)
            self._delegate(session, task, delegation, now)
            return self._records(session, [task])[0]

    def follow_up(
        self, task_id: int, note: str | None, next_follow_up: datetime, now: datetime
    ) -> TaskRecord:
        """Record a check-in on a delegated task and set its next follow-up."""
        with self._session() as session:
            task = self._delegated(session, task_id)
            changes = _set(task, {"follow_up": next_follow_up})
            task.updated_at = now
            self._record(session, task, "followed-up", now, changes, note)
            return self._records(session, [task])[0]

    def reclaim(self, task_id: int, now: datetime, note: str | None = None) -> TaskRecord:
        """Take a delegated task back into my own list."""
        with self._session() as session:
            task = self._delegated(session, task_id)
            person = session.get(Person, task.delegate_id)
            changes = {"delegate": {"from": person.name if person else None, "to": None}}
            changes |= _set(task, {"delegate_id": None, "delegated_at": None, "follow_up": None})
            task.updated_at = now
            self._record(session, task, "reclaimed", now, changes, note)
            return self._records(session, [task])[0]

    def complete_delegated(self, task_id: int, now: datetime, note: str | None) -> TaskRecord:
        """Close a delegated task that its delegate finished."""
        with self._session() as session:
            task = self._delegated(session, task_id)
            return self._set_status(session, [task], DONE, now, "done", note)[0]

    # -- people ------------------------------------------------------------------------------

    def people(self) -> list[PersonRecord]:
        """Everyone, by name."""
        with self._session(write=False) as session:
            return [_person_record(p) for p in session.exec(select(Person).order_by(Person.key))]

    def add_person(
        self, name: str, team: str | None, contact: str | None, now: datetime
    ) -> PersonRecord:
        """Add a colleague; refused if someone already has that name (accents and case aside)."""
        with self._session() as session:
            return _person_record(self._new_person(session, name, team, contact, now))

    def edit_person(self, person_id: int, fields: dict[str, Any], now: datetime) -> PersonRecord:
        """Change a person's name, team or contact; the history records the old values."""
        with self._session() as session:
            person = self._get_person(session, person_id)
            if "name" in fields and name_key(fields["name"]) != person.key:
                self._check_unique_name(session, name_key(fields["name"]), fields["name"])
                person.key = name_key(fields["name"])
            diffs = {}
            for name, value in fields.items():
                if getattr(person, name) != value:
                    diffs[name] = {"from": getattr(person, name), "to": value}
                    setattr(person, name, value)
            if diffs:
                self._record_person(session, PERSON_EDITED, now, {"person": person.name, **diffs})
            return _person_record(person)

    def remove_person(self, person_id: int, now: datetime, reassign_to: int | None = None) -> int:
        """Remove a person; their open tasks go to ``reassign_to`` (else refused). Returns how
        many tasks were reassigned."""
        if reassign_to == person_id:
            raise InvalidInput("reassign their tasks to someone else")
        with self._session() as session:
            person = self._get_person(session, person_id)
            tasks = list(
                session.exec(select(Task).where(Task.delegate_id == person_id, Task.status == OPEN))
            )
            if tasks and reassign_to is None:
                raise Conflict(
                    f"{person.name} still has {len(tasks)} delegated open task(s): "
                    "reassign them with --reassign NAME (or reclaim them first)"
                )
            if reassign_to is not None:
                target = self._get_person(session, reassign_to)
                for task in tasks:
                    follow_up = task.follow_up or now
                    self._delegate(session, task, Delegation(target.id or 0, follow_up), now)
            unlinked = []
            for task in session.exec(select(Task).where(Task.delegate_id == person_id)):
                task.delegate_id = None
                unlinked.append(task.uuid)
            kept = {name: _json_value(getattr(person, name)) for name in PERSON_COPY}
            kept.update(person=person.name, id=person.id, tasks=sorted(unlinked))
            self._record_person(session, PERSON_REMOVED, now, kept)
            session.flush()
            session.delete(person)
            return len(tasks)

    def record_brief(self, person_id: int, now: datetime) -> PersonRecord:
        """Record that a 1:1 with this person takes place ``now``: the next brief's "done
        since" starts there. A change of its own in the history, so undo takes it back."""
        with self._session() as session:
            person = self._get_person(session, person_id)
            last = {"from": _json_value(person.last_brief_at), "to": _json_value(now)}
            person.last_brief_at = now
            self._record_person(
                session, BRIEFED, now, {"person": person.name, "last_brief_at": last}
            )
            return _person_record(person)

    def delete(self, task_id: int, now: datetime) -> TaskRecord:
        """Delete a task; its history keeps a full snapshot of it, so undo can restore it."""
        with self._session() as session:
            task = self._get(session, task_id)
            record = self._records(session, [task])[0]
            snapshot: dict[str, Any] = {
                name: _json_value(getattr(task, name)) for name in TASK_COLUMNS
            }
            blocks = session.exec(
                select(Dependency.task_id).where(Dependency.blocker_id == task_id)
            ).all()
            snapshot.update(
                tags=list(record.tags),
                blocked_by=list(record.blocked_by),
                blocks=sorted(blocks),
                delegate=record.delegate,
            )
            self._record(session, task, DELETED, now, snapshot)
            self._remove_task(session, task)
            return record

    # -- import ------------------------------------------------------------------------------

    def import_records(
        self,
        batch: Batch,
        now: datetime,
        *,
        strict: bool = False,
        prefer: str = "newer",
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Write a parsed file in one transaction: a task with a new uuid is added (keeping the id
        it brings when that id is free); a known one that differs is updated, or kept as it is
        when its stored version wins (``prefer``, see ``_Import.keeps_stored``: a conflict);
        of several records with one uuid the last wins. Dependencies are added, never removed;
        one on an unknown task or closing a cycle is left out as a problem (fatal if
        ``strict``). ``progress(n)`` hears of every ``n`` tasks written."""
        with self._session() as session:
            job = _Import(session, batch, now, self.engine.dialect.name, prefer)
            return job.run(strict, progress)

    def undo(self, now: datetime) -> Undone:
        """Revert the latest change not yet undone (all the events one command wrote), newest
        first, and record that in the history. A change that can no longer be reverted (its
        person is gone, its entry is damaged...) is left as it is and passed over, so the next
        undo goes further back: nothing ever blocks the older changes."""
        with self._session() as session:
            latest = session.exec(
                select(Event)
                .where(col(Event.undone_at).is_(None), Event.kind != UNDO)
                .order_by(col(Event.id).desc())
                .limit(1)
            ).first()
            if latest is None:
                raise InvalidInput("nothing to undo")
            events = (
                session.exec(
                    select(Event)
                    .where(Event.change == latest.change)
                    .order_by(col(Event.id).desc())
                ).all()
                if latest.change
                else [latest]
            )
            passed_over = None
            try:
                with session.begin_nested():  # all of the change, or none of it
                    for entry in events:
                        self._revert(session, entry, now)
                    session.flush()
            except (Conflict, NotFound) as exc:
                passed_over = str(exc)
            except IntegrityError as exc:
                passed_over = f"the database refuses it ({_reason(exc)})"
            reached = []
            marker = {} if passed_over is None else {"passed_over": passed_over}
            for entry in events:
                record = EventRecord(entry.task_id, entry.kind, entry.at, dict(entry.changes))
                removed = passed_over is None and entry.kind in REMOVING_KINDS
                reached.append(Reverted(record, self._subject(session, entry), removed))
                entry.undone_at = now
                session.add(
                    Event(
                        task_id=entry.task_id,
                        task_uuid=entry.task_uuid,
                        kind=UNDO,
                        at=now,
                        changes={"undid": entry.kind, **marker},
                        change=session.info["change"],
                    )
                )
            return Undone(reached, passed_over)

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _remove_task(session: Session, task: Task) -> None:
        session.exec(delete(TaskTag).where(col(TaskTag.task_id) == task.id))
        session.exec(
            delete(Dependency).where(
                or_(col(Dependency.task_id) == task.id, col(Dependency.blocker_id) == task.id)
            )
        )
        session.delete(task)

    @staticmethod
    def _subject(session: Session, entry: Event) -> str:
        """What an entry is about, as it is now: a person's name or a task's title."""
        if entry.kind in PERSON_KINDS:
            return str(entry.changes.get("person", ""))
        task = session.get(Task, entry.task_id)
        return task.title if task else str(entry.changes.get("title", ""))

    def _revert(self, session: Session, entry: Event, now: datetime) -> None:
        """Put back what one history event changed; CannotUndo (or NotFound) if it cannot be."""
        changes = entry.changes
        problem = entry_problem(entry.kind, changes, entry.task_id)
        if problem is not None:
            raise CannotUndo(f"its history entry is damaged: {problem}")
        if entry.kind in PERSON_KINDS:
            self._revert_person(session, entry.kind, changes)
            return
        if entry.kind == DELETED:
            values = {name: _column_value(name, changes.get(name)) for name in TASK_COLUMNS}
            values["id"] = entry.task_id  # the copy's own may be another, if a restore moved it
            values["delegate_id"] = self._delegate_id(session, changes, changes["delegate_id"])
            session.add(Task(**values))
            session.flush()
            session.add_all(TaskTag(task_id=entry.task_id, tag=tag) for tag in changes["tags"])
            linked = set(changes["blocked_by"]) | set(changes["blocks"])
            alive = set(session.exec(select(Task.id).where(col(Task.id).in_(linked))))
            session.add_all(
                Dependency(task_id=entry.task_id, blocker_id=b)
                for b in changes["blocked_by"]
                if b in alive
            )
            session.add_all(
                Dependency(task_id=t, blocker_id=entry.task_id)
                for t in changes["blocks"]
                if t in alive
            )
            return
        task = self._get(session, entry.task_id)
        if entry.kind in CREATION_KINDS:
            self._remove_task(session, task)
            return
        values = {
            name: _column_value(name, diff["from"])
            for name, diff in changes.items()
            if name in TASK_COLUMNS and isinstance(diff, dict)
        }
        if "delegate_id" in values or isinstance(changes.get("delegate"), dict):
            values["delegate_id"] = self._delegate_id(
                session, changes, values.get("delegate_id", task.delegate_id)
            )
        for name, value in values.items():
            setattr(task, name, value)
        session.add_all(
            TaskTag(task_id=entry.task_id, tag=tag) for tag in changes.get("tags_removed", [])
        )
        self._remove(
            session,
            TaskTag,
            TaskTag.task_id == task.id,
            col(TaskTag.tag).in_(changes.get("tags_added", [])),
        )
        session.add_all(
            Dependency(task_id=entry.task_id, blocker_id=b)
            for b in changes.get("blocked_by_removed", [])
        )
        self._remove(
            session,
            Dependency,
            Dependency.task_id == task.id,
            col(Dependency.blocker_id).in_(changes.get("blocked_by_added", [])),
        )
        task.updated_at = now

    def _delegate_id(self, session: Session, changes: dict[str, Any], recorded: Any) -> Any:
        """The id of the person a reverted task goes back to: found by the name the entry
        records (``delegate``: ids change when a backup is restored), else the ``recorded``
        id (older entries); CannotUndo if that person is no longer here."""
        delegate = changes.get("delegate")
        name = delegate.get("from") if isinstance(delegate, dict) else delegate
        if "delegate" in changes:
            return None if name is None else self._named(session, name).id
        if recorded is not None and session.get(Person, recorded) is None:
            raise CannotUndo("the person it was delegated to is no longer among your people")
        return recorded

    def _revert_person(self, session: Session, kind: str, changes: dict[str, Any]) -> None:
        """Put back what one entry about a person changed."""
        name = changes["person"]
        if kind == PERSON_REMOVED:
            self._check_unique_name(session, name_key(name), name)
            old_id = changes.get("id")
            keep_id = old_id is not None and session.get(Person, old_id) is None
            person = Person(
                id=old_id if keep_id else None,
                name=name,
                key=name_key(name),
                team=changes["team"],
                contact=changes["contact"],
                created_at=datetime.fromisoformat(changes["created_at"]),
                last_brief_at=_time(changes["last_brief_at"]),
            )
            session.add(person)
            session.flush()
            for chunk in _chunks(changes["tasks"]):
                for task in session.exec(select(Task).where(col(Task.uuid).in_(chunk))):
                    if task.delegate_id is None:
                        task.delegate_id = person.id
            return
        person = self._named(session, name)
        if kind == PERSON_ADDED:
            theirs = session.exec(
                select(func.count()).select_from(Task).where(Task.delegate_id == person.id)
            ).one()
            if theirs:
                raise CannotUndo(f"{theirs} task(s) are delegated to {person.name}")
            session.delete(person)
        elif kind == PERSON_EDITED:
            old = {field: changes[field]["from"] for field in PERSON_EDITS if field in changes}
            if "name" in old and name_key(old["name"]) != person.key:
                self._check_unique_name(session, name_key(old["name"]), old["name"])
                person.key = name_key(old["name"])
            for field, value in old.items():
                setattr(person, field, value)
        else:
            person.last_brief_at = _time(changes["last_brief_at"]["from"])

    @staticmethod
    def _named(session: Session, name: str) -> Person:
        """The person of that name (case and accents aside); CannotUndo if nobody is."""
        person = session.exec(select(Person).where(Person.key == name_key(name))).first()
        if person is None:
            raise CannotUndo(f"{name} is no longer among your people")
        return person

    @staticmethod
    def _get(session: Session, task_id: int) -> Task:
        return _row(session, Task, task_id, "task")

    @staticmethod
    def _record_person(session: Session, kind: str, now: datetime, changes: dict[str, Any]) -> None:
        """Record a change to a person: an entry of no task, with an identity of its own
        (``task_uuid``) by which an import of a backup recognises it."""
        session.add(
            Event(
                task_id=NO_TASK,
                task_uuid=str(uuid_module.uuid4()),
                kind=kind,
                at=now,
                changes=changes,
                change=session.info["change"],
            )
        )

    @staticmethod
    def _record(
        session: Session,
        task: Task,
        kind: str,
        now: datetime,
        changes: dict[str, Any],
        note: str | None = None,
    ) -> None:
        assert task.id is not None
        session.info["tasks"].append(task.id)
        session.add(
            Event(
                task_id=task.id,
                task_uuid=task.uuid,
                kind=kind,
                at=now,
                changes=changes,
                note=note,
                change=session.info["change"],
            )
        )

    def _delegate(
        self, session: Session, task: Task, delegation: Delegation, now: datetime
    ) -> None:
        if task.status != OPEN:
            raise InvalidInput(
                f"task #{task.id} is {task.status}: only open tasks can be delegated"
            )
        if delegation.person_id is not None:
            person = self._get_person(session, delegation.person_id)
        else:
            assert delegation.new_person is not None
            person = self._new_person(session, delegation.new_person, None, None, now)
        previous = session.get(Person, task.delegate_id) if task.delegate_id else None
        kind = "redelegated" if previous is not None else "delegated"
        changes = {"delegate": {"from": previous.name if previous else None, "to": person.name}}
        changes |= _set(
            task,
            {"delegate_id": person.id, "delegated_at": now, "follow_up": delegation.follow_up},
        )
        task.updated_at = now
        self._record(session, task, kind, now, changes, delegation.note)

    def _delegated(self, session: Session, task_id: int) -> Task:
        task = self._get(session, task_id)
        if task.delegate_id is None:
            raise InvalidInput(
                f"task #{task_id} is not delegated (todo delegate {task_id} --to NAME)"
            )
        if task.status != OPEN:
            raise InvalidInput(f"task #{task_id} is {task.status}")
        return task

    @staticmethod
    def _get_person(session: Session, person_id: int) -> Person:
        return _row(session, Person, person_id, "person")

    def _new_person(
        self, session: Session, name: str, team: str | None, contact: str | None, now: datetime
    ) -> Person:
        person = Person(name=name, key=name_key(name), team=team, contact=contact, created_at=now)
        self._check_unique_name(session, person.key, name)
        session.add(person)
        session.flush()
        changes = {"person": name, "team": team, "contact": contact}
        self._record_person(session, PERSON_ADDED, now, changes)
        return person

    @staticmethod
    def _check_unique_name(session: Session, key: str, name: str) -> None:
        if session.exec(select(Person.id).where(Person.key == key)).first() is not None:
            raise Conflict(f"someone called {name!r} already exists (todo people)")

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
    def _records(session: Session, tasks: Sequence[Any], among: Any = None) -> list[TaskRecord]:
        """Snapshots of ``tasks`` (ORM objects, or rows of ``TASK_ROW``) with their tags and
        blockers, loaded in two queries; ``among``, a query of their ids, stands for a long
        list of ids."""
        rows = [_task_row(task) if isinstance(task, Task) else task for task in tasks]
        ids = among if among is not None else [row[0] for row in rows]
        tags: dict[int, tuple[str, ...]] = {}
        blockers: dict[int, tuple[int, ...]] = {}
        delegated = [row[0] for row in rows if row[-1] is not None]
        names: dict[int, str] = {}
        notes: dict[int, str] = {}
        if delegated:
            person_ids = {row[-1] for row in rows if row[-1] is not None}
            names = {
                person_id: name
                for person_id, name in session.exec(
                    select(Person.id, Person.name).where(col(Person.id).in_(person_ids))
                )
                if person_id is not None
            }
            latest = (
                select(func.max(Event.id))
                .where(col(Event.task_id).in_(delegated), col(Event.note).is_not(None))
                .group_by(col(Event.task_id))
            )
            notes = {
                task_id: note
                for task_id, note in session.exec(
                    select(Event.task_id, Event.note).where(col(Event.id).in_(latest))
                )
                if note is not None
            }
        if rows:
            tags = _grouped(session, TaskTag.task_id, TaskTag.tag, ids)
            blockers = _grouped(session, Dependency.task_id, Dependency.blocker_id, ids)
        records = []
        for *stored, delegate_id in rows:
            task_id = stored[0]
            delegate = names.get(delegate_id) if delegate_id is not None else None
            derived = (
                tags.get(task_id, ()),
                blockers.get(task_id, ()),
                delegate,
                notes.get(task_id),
            )
            records.append(TaskRecord._make((*stored, *derived)))  # in TaskRecord's field order
        return records


class _Import:
    """One import inside its transaction: the file's records, the rows they become. Every entry
    it writes belongs to the session's change, so ``todo undo`` reverts the import at once."""

    def __init__(
        self, session: Session, batch: Batch, now: datetime, dialect: str, prefer: str
    ) -> None:
        self.session, self.batch, self.now, self.dialect = session, batch, now, dialect
        self.prefer = prefer
        self.tasks = list({task.uuid: task for task in batch.tasks}.values())  # the last wins
        self.imported_at: dict[int, datetime] = {}
        self.people = {person.key: person for person in session.exec(select(Person))}
        self.pending: dict[Any, list[dict[str, Any]]] = {TaskTag: [], Dependency: [], Event: []}

    def run(self, strict: bool, progress: Callable[[int], None] | None) -> ImportReport:
        for given in self.batch.people:
            person = self.person(given.name, given.created_at)
            for name in ("team", "contact", "last_brief_at"):
                if getattr(given, name) is not None:
                    setattr(person, name, getattr(given, name))
        stored = _by_uuid(self.session, [task.uuid for task in self.tasks])
        new = [task for task in self.tasks if task.uuid not in stored]
        ids = {uuid: row.id for uuid, row in stored.items() if row.id is not None}
        ids.update(self.insert_new(new))
        problems, blockers = self.edges(ids)
        history, lost = self.history(ids)
        problems += lost
        if strict and problems:
            raise refuse(problems)
        records = {
            record.uuid: record
            for chunk in _chunks(list(stored.values()))
            for record in Store._records(self.session, chunk)
        }
        undated = [
            ids[task.uuid] for task in self.tasks if task.uuid in stored and task.updated_at is None
        ]
        imports = self.latest_entries(undated, col(Event.kind).in_(IMPORT_KINDS))
        self.imported_at = {task_id: at for task_id, (_, at) in imports.items()}
        updated, kept = 0, []
        for index, task in enumerate(self.tasks, 1):
            task_id = ids[task.uuid]
            record = records.get(task.uuid)
            if record is None:
                self.fill_new(task_id, task, blockers[task_id])
            elif (changes := task.changes_from(record)) or blockers[task_id]:
                if self.keeps_stored(task, record):
                    kept.append(record)
                else:
                    self.update(stored[task.uuid], task, changes, blockers[task_id])
                    updated += 1
            if index % 1000 == 0:
                self.flush()
            if progress is not None:
                progress(1)
        conflicts = self.kept_changes(kept)
        self.pending[Event] += history  # after the tasks' own entries: undo reverts it first
        self.flush()
        unchanged = len(self.tasks) - len(new) - updated - len(kept)
        return ImportReport(len(new), updated, unchanged, conflicts, problems)

    def keeps_stored(self, task: TaskIn, stored: TaskRecord) -> bool:
        """Whether the stored version of a task the file would change wins: always under
        ``prefer="local"``, never under ``"incoming"``; under ``"newer"`` when it was changed
        after the file's version. That is the file's ``updated_at`` (Taskwarrior's
        ``modified``); a file without one (todo.txt) counts as of the task's last import here,
        so a change made since wins; a task never imported keeps its stored version."""
        if self.prefer != "newer":
            return self.prefer == "local"
        incoming = task.updated_at or self.imported_at.get(stored.id)
        return incoming is None or stored.updated_at > incoming

    def kept_changes(self, kept: Sequence[TaskRecord]) -> list[KeptChange]:
        """The conflicts: each kept task with its latest change made here (not an import)."""
        latest = self.latest_entries(
            [task.id for task in kept], col(Event.kind).not_in(IMPORT_KINDS)
        )
        return [KeptChange(task.id, *latest.get(task.id, (None, task.updated_at))) for task in kept]

    def latest_entries(self, task_ids: Sequence[int], *where: Any) -> dict[int, tuple[str, Any]]:
        """The kind and time of each task's latest history entry (by time) that matches
        ``where`` and was not undone."""
        query = (
            select(Event.task_id, Event.kind, Event.at)
            .where(col(Event.undone_at).is_(None), *where)
            .order_by(col(Event.at), col(Event.id))
        )
        latest = {}
        for chunk in _chunks(sorted(task_ids)):
            for task_id, kind, at in self.session.exec(query.where(col(Event.task_id).in_(chunk))):
                latest[task_id] = (kind, at)
        return latest

    def person(self, name: str, created_at: datetime | None = None) -> Person:
        """The person of that name (case and accents aside), added if unknown."""
        key = name_key(name)
        if key not in self.people:
            person = Person(name=" ".join(name.split()), key=key, created_at=created_at or self.now)
            self.session.add(person)
            self.session.flush()
            self.people[key] = person
        return self.people[key]

    def insert_new(self, tasks: Sequence[TaskIn]) -> dict[str, int]:
        """Insert new tasks, those keeping their id first so that generated ids follow them (and
        the ids of deleted tasks in the file's history). Returns their ids by uuid."""
        live = set(self.session.exec(select(Task.id)))
        taken = live | set(self.session.exec(select(Event.task_id).distinct()))
        in_file = {task.uuid for task in self.batch.tasks}
        reserved = {
            entry.task_id
            for entry in self.batch.history
            if entry.task_id and entry.task_uuid not in in_file  # not NO_TASK: people's
        }
        keeping, fresh = [], []
        for task in tasks:
            values = self.task_values(task)
            if task.id is not None and task.id not in taken | reserved:
                taken.add(task.id)
                keeping.append({"id": task.id, **values})
            else:
                fresh.append(values)
        ids = {values["uuid"]: values["id"] for values in keeping}
        top = max(reserved - live, default=None)
        if top is not None:  # a row there moves the id counter past it, and goes at once
            placeholder = TaskIn(0, str(uuid_module.uuid4()), "-")
            keeping.append({"id": top, **self.task_values(placeholder)})
        table = _table(Task)
        if keeping:
            self.session.execute(insert(table), keeping)
            if self.dialect == "postgresql":
                # PostgreSQL's id sequence ignores explicit ids (SQLite's AUTOINCREMENT does not).
                self.session.execute(
                    text("SELECT setval(pg_get_serial_sequence('task', 'id'), max(id)) FROM task")
                )
        if top is not None:
            self.session.execute(delete(Task).where(col(Task.id) == top))
        if fresh:
            returning = insert(table).returning(table.c.uuid, table.c.id)
            ids.update((uuid, task_id) for uuid, task_id in self.session.execute(returning, fresh))
        return ids

    def task_values(self, task: TaskIn) -> dict[str, Any]:
        """The column values of a new task."""
        now = self.now
        return {
            "uuid": task.uuid,
            **{name: getattr(task, name) for name in EDITABLE_FIELDS},
            "status": task.status,
            "created_at": task.created_at or now,
            "updated_at": task.updated_at or task.created_at or now,
            "completed_at": task.completed_at or (None if task.status == OPEN else now),
            "delegate_id": self.person(task.delegate).id if task.delegate else None,
            "delegated_at": task.delegated_at,
            "follow_up": task.follow_up,
        }

    def edges(self, ids: dict[str, int]) -> tuple[list[Problem], dict[int, list[int]]]:
        """The dependencies to add, by task id, and the problems of those left out."""
        outside = {b for task in self.tasks for b in task.blocked_by if b not in ids}
        found = _by_uuid(self.session, outside)
        ids = {**ids, **{uuid: row.id for uuid, row in found.items() if row.id is not None}}
        graph: dict[int, set[int]] = defaultdict(set)
        query = select(Dependency.task_id, Dependency.blocker_id)
        for task_id, blocker_id in self.session.exec(query):
            graph[task_id].add(blocker_id)
        problems = []
        lines: dict[tuple[int, int], int] = {}
        for task in self.tasks:
            for blocker in task.blocked_by:
                if blocker not in ids:
                    problems.append(Problem(task.line, f"waits for unknown task {blocker}"))
                    continue
                edge = (ids[task.uuid], ids[blocker])
                if edge[1] not in graph[edge[0]] and edge not in lines:
                    lines[edge] = task.line
        _, refused = acyclic(graph, lines)
        problems += [
            Problem(lines[(a, b)], f"#{a} waiting for #{b} is a cycle") for a, b in refused
        ]
        blockers: dict[int, list[int]] = defaultdict(list)
        for task_id, blocker_id in lines.keys() - set(refused):
            blockers[task_id].append(blocker_id)
        return problems, blockers

    def history(self, ids: dict[str, int]) -> tuple[list[dict[str, Any]], list[Problem]]:
        """The rows of the file's history entries that are not here yet, and a problem for each
        entry of a deleted task whose id another task holds here."""
        uuids = sorted({entry.task_uuid for entry in self.batch.history})
        known = set()
        query = select(Event.task_uuid, Event.kind, Event.at, Event.note)
        for chunk in _chunks(uuids):
            known |= {
                tuple(key)
                for key in self.session.exec(query.where(col(Event.task_uuid).in_(chunk)))
            }
        deleted = {e.task_id for e in self.batch.history if e.task_uuid not in ids and e.task_id}
        live = {
            task_id
            for chunk in _chunks(sorted(deleted))
            for task_id in self.session.exec(select(Task.id).where(col(Task.id).in_(chunk)))
        }
        rows, problems = [], []
        for entry in self.batch.history:
            task_id = ids.get(entry.task_uuid, entry.task_id)
            if entry.key in known:
                continue
            if task_id is None or (entry.task_uuid not in ids and task_id in live):
                problems.append(
                    Problem(entry.line, f"history of an unknown task {entry.task_uuid}")
                )
                continue
            problem = entry_problem(entry.kind, entry.changes, task_id)
            if problem is not None:
                problems.append(Problem(entry.line, problem))
                continue
            rows.append(self.event(task_id, entry.task_uuid, entry))
        return rows, problems

    def fill_new(self, task_id: int, task: TaskIn, blockers: Sequence[int]) -> None:
        """Queue the tags and dependencies of a task just inserted, and (unless the file is our
        own backup, which brings its history) an ``imported`` entry of what it arrived with."""
        self.pending[TaskTag] += [{"task_id": task_id, "tag": tag} for tag in task.tags]
        self.pending[Dependency] += [{"task_id": task_id, "blocker_id": b} for b in blockers]
        if not self.batch.restore:
            arrived = {
                name: _plain(getattr(task, name)) for name in COMPARED if getattr(task, name)
            }
            self.record(task_id, task.uuid, "imported", arrived)

    def update(
        self,
        row: Task,
        task: TaskIn,
        changes: dict[str, dict[str, Any]],
        blockers: Sequence[int],
    ) -> None:
        """Bring a stored task in line with the file (``changes``, and new ``blockers``),
        recording a ``reimported`` entry that undo can revert. The task is as new as the
        file's version (its ``updated_at``; for a file without one, this import)."""
        assert row.id is not None
        values = {name: c["to"] for name, c in changes.items() if name not in ("tags", "delegate")}
        if "delegate" in changes:
            to = changes["delegate"]["to"]
            values["delegate_id"] = self.person(to).id if to else None
        if task.status != OPEN and values.get("completed_at", row.completed_at) is None:
            values["completed_at"] = self.now
        diffs = _set(row, values)
        if "tags" in changes:
            old, new = set(changes["tags"]["from"]), set(changes["tags"]["to"])
            self.session.exec(
                delete(TaskTag).where(
                    col(TaskTag.task_id) == row.id, col(TaskTag.tag).in_(old - new)
                )
            )
            self.pending[TaskTag] += [{"task_id": row.id, "tag": tag} for tag in sorted(new - old)]
            diffs.update(tags_added=sorted(new - old), tags_removed=sorted(old - new))
        if blockers:
            self.pending[Dependency] += [{"task_id": row.id, "blocker_id": b} for b in blockers]
            diffs["blocked_by_added"] = sorted(blockers)
        row.updated_at = task.updated_at or self.now
        self.record(row.id, row.uuid, "reimported", diffs)

    def record(self, task_id: int, task_uuid: str, kind: str, changes: dict[str, Any]) -> None:
        entry = EventIn(0, task_uuid, kind, self.now, {"source": self.batch.source, **changes})
        self.pending[Event].append(self.event(task_id, task_uuid, entry))

    def event(self, task_id: int, task_uuid: str, entry: EventIn) -> dict[str, Any]:
        """The values of an Event row; this import's change unless the entry has its own."""
        return {
            "task_id": task_id,
            "task_uuid": task_uuid,
            "kind": entry.kind,
            "at": entry.at,
            "change": self.session.info["change"] if entry.change is None else entry.change,
            "undone_at": entry.undone_at,
            "changes": entry.changes,
            "note": entry.note,
        }

    def flush(self) -> None:
        """Insert the queued rows of each table in bulk, and empty the queues."""
        for table, rows in self.pending.items():
            if rows:
                self.session.execute(insert(_table(table)), rows)
                rows.clear()


def _task_row(task: Task) -> tuple[Any, ...]:
    """An ORM task as the row ``TASK_ROW`` would read of it."""
    return tuple(getattr(task, column.key) for column in TASK_ROW)


def _grouped(session: Session, key: Any, value: Any, ids: Any) -> dict[Any, tuple[Any, ...]]:
    """``{key: (values, sorted)}`` of the rows whose ``key`` is among ``ids``, in one query.
    Values are sorted here, not in SQL, so that every database orders text alike."""
    rows = session.exec(select(key, value).where(col(key).in_(ids)).order_by(key))
    return {k: tuple(sorted(v for _, v in group)) for k, group in groupby(rows, key=itemgetter(0))}


def _by_uuid(session: Session, uuids: Iterable[str]) -> dict[str, Task]:
    return {
        task.uuid: task
        for chunk in _chunks(list(uuids))
        for task in session.exec(select(Task).where(col(Task.uuid).in_(chunk)))
    }


Row = TypeVar("Row", Task, Person)


def _row(session: Session, table: type[Row], row_id: int, label: str) -> Row:
    """The row with this primary key, or NotFound naming it (``no task #12``)."""
    row = session.get(table, row_id)
    if row is None:
        raise NotFound(f"no {label} #{row_id}")
    return row


def _person_record(person: Person) -> PersonRecord:
    assert person.id is not None
    return PersonRecord(
        id=person.id,
        name=person.name,
        team=person.team,
        contact=person.contact,
        last_brief_at=person.last_brief_at,
        created_at=person.created_at,
    )


def _table(model: Any) -> Table:
    """The Core table of a model: bulk inserts through it keep every row in one batch (the ORM
    regroups rows by which values are None)."""
    return model.__table__


def _plain(value: Any) -> Any:
    """A value as the history stores it: times in ISO 8601, tuples as lists."""
    return list(value) if isinstance(value, tuple) else _json_value(value)


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """Slices of ``items`` small enough for one ``IN (...)`` on every database."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sqlite_file(engine: Engine) -> Path | None:
    """The file behind an SQLite engine (None for other databases and in-memory ones)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database.removeprefix("file:")).expanduser().resolve()


def _shown(engine: Engine) -> str:
    """How messages name a database: an SQLite file by its path, else its URL with the password
    masked."""
    if engine.dialect.name == "sqlite" and engine.url.database:
        return engine.url.database
    return engine.url.render_as_string(hide_password=True)


def _masked(message: str, url: str) -> str:
    """``message`` with the password of ``url`` (if any) masked, wherever a driver echoed it."""
    password = make_url(url).password
    return message.replace(str(password), "***") if password else message


def _no_database(location: str) -> NotFound:
    return NotFound(f"no database at {location}: start one with todo add (or try todo demo)")


def _reason(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    return str(original if original is not None else exc).splitlines()[0]
