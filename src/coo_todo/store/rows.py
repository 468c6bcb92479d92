"""Rows inside one session: reading tasks and people, recording history entries.

The helpers every topic of the store shares; each takes the session it works in.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Table, func, or_
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Row as ResultRow
from sqlmodel import Session, col, delete, select

from coo_todo.domain.people import name_key
from coo_todo.domain.records import (
    NO_TASK,
    PersonRecord,
    TaskRecord,
)
from coo_todo.errors import CannotUndo, Conflict, NotFound
from coo_todo.i18n import N_, _
from coo_todo.store import dialect
from coo_todo.store.history import (
    PERSON_ADDED,
)
from coo_todo.store.models import Dependency, Event, Initiative, Person, Task, TaskTag

_TASK_TABLE = sa_inspect(Task).columns
STORED = tuple(name for name in TaskRecord._fields if name in _TASK_TABLE)
"""The task record's fields that are task columns: its leading fields, in order."""
TASK_ROW = (*(_TASK_TABLE[name] for name in STORED), _TASK_TABLE.delegate_id)
"""What ``task_records`` reads of a task, as a row: loading rows is several times faster than
loading ORM objects, and a row's fields go to its record by position, not by name."""
OWNER = STORED.index("owner")
INITIATIVE = STORED.index("initiative_id")


def json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


TASK_COLUMNS = frozenset(Task.model_fields)
TASK_TIMES = frozenset(
    name for name, info in Task.model_fields.items() if "datetime" in str(info.annotation)
)


def set_values(row: Task | Initiative, values: dict[str, Any]) -> dict[str, Any]:
    """Set ``values`` on ``row`` (a task, an initiative); return ``{name: {"from": old,
    "to": new}}`` for what changed, in JSON form, so the history can show it and ``undo`` can
    put it back."""
    diffs = {}
    for name, value in values.items():
        old = getattr(row, name)
        if old != value:
            diffs[name] = {"from": json_value(old), "to": json_value(value)}
            setattr(row, name, value)
    return diffs


def column_value(name: str, value: Any) -> Any:
    """A JSON value from the history back to the Task column's type."""
    return parse_time(value) if name in TASK_TIMES else value


def parse_time(value: str | None) -> datetime | None:
    """A time as the history keeps it (ISO 8601) back to a datetime."""
    return None if value is None else datetime.fromisoformat(value)


def get_task(session: Session, task_id: int) -> Task:
    return get_row(session, Task, task_id, "task")


def get_person(session: Session, person_id: int) -> Person:
    return get_row(session, Person, person_id, "person")


def person_named(session: Session, name: str) -> Person | None:
    """The person whose name folds as ``name`` does (the first, by id), if any."""
    return min(people_named(session, name), key=lambda person: person.id or 0, default=None)


def people_named(session: Session, name: str) -> list[Person]:
    """The people whose names fold as ``name`` does (``name_key``: case, accents, the kind
    of apostrophe aside): one at most, but for two added by a version that told apostrophes
    apart. The stored key is matched with each apostrophe as a wildcard,
    then the names compared: a key stored before apostrophes were folded (``o\u2019brien``) still
    matches ``O'Brien``, without rewriting the table."""
    key = name_key(name)
    pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = select(Person).where(col(Person.key).like(pattern.replace("'", "_"), escape="\\"))
    return [person for person in session.exec(query) if name_key(person.name) == key]


def named_person(session: Session, name: str) -> Person:
    """The person of that name (case and accents aside); CannotUndo if nobody is."""
    person = person_named(session, name)
    if person is None:
        raise CannotUndo(_("{name} is no longer among your people").format(name=name))
    return person


def check_unique_name(session: Session, name: str, renamed: Person | None = None) -> None:
    """Refuse (Conflict) a name someone has already (as ``name_key`` folds it), other than the
    person ``renamed`` (whose own name may differ by an apostrophe)."""
    if any(person is not renamed for person in people_named(session, name)):
        raise Conflict(_("someone called {name!r} already exists (todo people)").format(name=name))


def new_person(
    session: Session, name: str, team: str | None, contact: str | None, now: datetime
) -> Person:
    person = Person(name=name, key=name_key(name), team=team, contact=contact, created_at=now)
    check_unique_name(session, name)
    session.add(person)
    session.flush()
    changes = {"person": name, "team": team, "contact": contact}
    record_person_event(session, PERSON_ADDED, now, changes)
    return person


def record_person_event(
    session: Session, kind: str, now: datetime, changes: dict[str, Any]
) -> None:
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


def record_event(
    session: Session,
    task: Task,
    kind: str,
    now: datetime,
    changes: dict[str, Any],
    note: str | None = None,
) -> None:
    """Add the history entry ``kind`` of ``task`` to the session (``history_entry``)."""
    session.add(Event(**history_entry(session, task, kind, now, changes, note)))


def history_entry(
    session: Session,
    task: Task | ResultRow[Any],
    kind: str,
    now: datetime,
    changes: dict[str, Any],
    note: str | None = None,
) -> dict[str, Any]:
    """The history entry ``kind`` of ``task`` (an ORM task, or a row with its ``id`` and
    ``uuid``) in the session's change, as the event table's values; the task counts among
    those the change touched."""
    assert task.id is not None
    session.info["tasks"].append(task.id)
    return {
        "task_id": task.id,
        "task_uuid": task.uuid,
        "kind": kind,
        "at": now,
        "changes": changes,
        "note": note,
        "change": session.info["change"],
    }


def remove_task(session: Session, task: Task) -> None:
    session.exec(delete(TaskTag).where(col(TaskTag.task_id) == task.id))
    session.exec(
        delete(Dependency).where(
            or_(col(Dependency.task_id) == task.id, col(Dependency.blocker_id) == task.id)
        )
    )
    session.delete(task)


def remove_links(session: Session, table: Any, owner: Any, which: Any) -> list[Any]:
    rows = list(session.exec(select(table).where(owner, which)))
    for row in rows:
        session.delete(row)
    return sorted(row.tag if table is TaskTag else row.blocker_id for row in rows)


def task_records(session: Session, tasks: Sequence[Any], among: Any = None) -> list[TaskRecord]:
    """Snapshots of ``tasks`` (ORM objects, or rows of ``TASK_ROW``) with their tags and
    blockers, loaded in two queries; ``among``, a query of their ids, stands for a long
    list of ids."""
    # type(), not isinstance(): the models' metaclass makes isinstance 15 times slower
    rows = [task_row(task) if type(task) is Task else task for task in tasks]
    ids = among if among is not None else [row[0] for row in rows]
    tags: dict[int, tuple[str, ...]] = {}
    blockers: dict[int, tuple[int, ...]] = {}
    delegated = [row[0] for row in rows if row[-1] is not None]
    names: dict[int, str] = {}
    notes: dict[int, str] = {}
    members: dict[str, str] = {}
    me: int | None = None
    if delegated:
        owners = {row[OWNER] for row in rows if row[-1] is not None and row[OWNER] is not None}
        if owners and dialect.has_roles(session.get_bind()):  # team mode: who delegated
            mine = col(Person.login) == func.current_user()
            for person_id, login, name, is_me in session.exec(
                select(Person.id, Person.login, Person.name, mine).where(
                    or_(col(Person.login).in_(owners), mine)
                )
            ):
                members[str(login)] = name
                me = person_id if is_me else me
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
        tags = grouped(session, TaskTag.task_id, TaskTag.tag, ids)
        blockers = grouped(session, Dependency.task_id, Dependency.blocker_id, ids)
    initiative_ids = {row[INITIATIVE] for row in rows if row[INITIATIVE] is not None}
    keys: dict[int, str] = {}
    if initiative_ids:
        query = select(Initiative.id, Initiative.key).where(col(Initiative.id).in_(initiative_ids))
        keys = {initiative_id: key for initiative_id, key in session.exec(query) if initiative_id}
    records = []
    for row in rows:
        task_id, delegate_id, initiative_id = row[0], row[-1], row[INITIATIVE]
        derived = (
            tags.get(task_id, ()),
            blockers.get(task_id, ()),
            None if delegate_id is None else names.get(delegate_id),
            notes.get(task_id),
            members.get(row[OWNER], row[OWNER]) if me is not None and delegate_id == me else None,
            None if initiative_id is None else keys.get(initiative_id),
        )
        records.append(TaskRecord._make(row[:-1] + derived))  # in TaskRecord's field order
    return records


def task_row(task: Task) -> tuple[Any, ...]:
    """An ORM task as the row ``TASK_ROW`` would read of it."""
    return tuple(getattr(task, column.key) for column in TASK_ROW)


def grouped(session: Session, key: Any, value: Any, ids: Any) -> dict[Any, tuple[Any, ...]]:
    """``{key: (values, sorted)}`` of the rows whose ``key`` is among ``ids``, in one query.
    Values are sorted here, not in SQL, so that every database orders text alike."""
    groups: dict[Any, list[Any]] = {}
    for k, v in session.exec(select(key, value).where(col(key).in_(ids))):
        groups.setdefault(k, []).append(v)
    return {k: tuple(sorted(values)) for k, values in groups.items()}


def by_uuid(session: Session, uuids: Iterable[str]) -> dict[str, Task]:
    return {
        task.uuid: task
        for chunk in chunks(list(uuids))
        for task in session.exec(select(Task).where(col(Task.uuid).in_(chunk)))
    }


Row = TypeVar("Row", Task, Person)
NOT_FOUND = {"task": N_("no task #{id}"), "person": N_("no person #{id}")}


def get_row(session: Session, table: type[Row], row_id: int, label: str) -> Row:
    """The row with this primary key, or NotFound naming it (``no task #12``)."""
    row = session.get(table, row_id)
    if row is None:
        raise NotFound(_(NOT_FOUND[label]).format(id=row_id))
    return row


def person_record(person: Person) -> PersonRecord:
    assert person.id is not None
    return PersonRecord(
        id=person.id,
        name=person.name,
        team=person.team,
        contact=person.contact,
        last_brief_at=person.last_brief_at,
        created_at=person.created_at,
        login=person.login,
    )


def table_of(model: Any) -> Table:
    """The Core table of a model: bulk inserts through it keep every row in one batch (the ORM
    regroups rows by which values are None)."""
    table: Table = model.__table__
    return table


def plain(value: Any) -> Any:
    """A value as the history stores it: times in ISO 8601, tuples as lists."""
    return list(value) if isinstance(value, tuple) else json_value(value)


def chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """Slices of ``items`` small enough for one ``IN (...)`` on every database."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
