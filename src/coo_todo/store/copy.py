"""Copying a whole list into another, empty database (SQLite to PostgreSQL, or any pair).

Table by table, generically from the models' metadata: a table or column a migration adds is
copied without a change here. Rows are read in batches and written with one multi-row insert
per batch, never a query per row.
"""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Table, delete, func, insert, inspect, literal, select, table
from sqlalchemy.engine import Connection, RowMapping
from sqlmodel import Session, SQLModel

from coo_todo.errors import DatabaseError, InvalidInput
from coo_todo.i18n import _
from coo_todo.store import dialect
from coo_todo.store.engine import Database
from coo_todo.store.models import ROLE_COLUMNS, Event, Task
from coo_todo.store.rows import table_of

BATCH = 1000
"""Rows read and inserted at a time."""


class CopyStore(Database):
    """Copying the whole database into another."""

    def copy_into(
        self, target: Database, now: datetime, owner: str | None = None
    ) -> dict[str, int]:
        """Copy every row of every table, ids and all, into ``target`` (opened, so at the same
        schema version): read from one snapshot of this database, written in one transaction
        on the target (all or nothing), whose id sequences then continue past the copied ids
        (and a new task's past the deleted tasks' the history names). A value the database
        sets (a task's owner, an entry's author) that the source lacks (SQLite has no roles) is
        set by the target (on PostgreSQL, to the role copying), or is ``owner`` (a role of the
        target's server: InvalidInput if not). A target that holds any row is refused
        (DatabaseError, nothing written). The number of rows copied, by table name."""
        copied: dict[str, int] = {}
        with (
            target._session() as writer,
            Session(dialect.snapshot(self.engine)) as reader,
            reader.begin(),
        ):
            occupied = occupied_tables(writer.connection())
            if occupied:
                raise DatabaseError(
                    _(
                        "{location} is not empty (it has {occupied} rows): copy into a new or "
                        "empty database"
                    ).format(location=target.location, occupied=", ".join(occupied))
                )
            if owner is not None:
                _check_role(writer.connection(), owner)
            top = _past_deleted_tasks(reader, writer, now)
            for source in SQLModel.metadata.sorted_tables:
                copied[source.name] = 0
                query = select(source).order_by(*source.primary_key.columns)
                rows = reader.execute(query.execution_options(yield_per=BATCH)).mappings()
                for batch in rows.partitions():
                    for values in _filled_in_by_the_target(source, batch, owner):
                        writer.execute(insert(source), values)
                    copied[source.name] += len(batch)
                if _numbered(source):
                    dialect.reset_id_sequence(writer, source.name)
            if top is not None:
                writer.execute(delete(table_of(Task)).where(table_of(Task).c.id == top))
        return copied


def _past_deleted_tasks(reader: Session, writer: Session, now: datetime) -> int | None:
    """Keep the ids of deleted tasks unused: if the history names a task id above every
    task's, write a placeholder task with it first, so the target's id counter passes it
    (the caller deletes it once the sequences are set). Its id, or None."""
    events, tasks = table_of(Event), table_of(Task)
    top = reader.execute(select(func.max(events.c.task_id))).scalar()
    last = reader.execute(select(func.max(tasks.c.id))).scalar()
    if top is None or top <= (last or 0):
        return None
    placeholder = {"uuid": str(uuid_module.uuid4()), "title": "-", "created_at": now}
    writer.execute(insert(tasks), [{"id": top, **placeholder, "updated_at": now}])
    return int(top)


def _filled_in_by_the_target(
    source: Table, batch: Sequence[RowMapping], owner: str | None
) -> Iterator[list[dict[str, Any]]]:
    """The rows of ``batch`` as values to insert. The columns the database sets
    (``ROLE_COLUMNS``: a role) that a row holds None in are ``owner``, or, without one, left
    out so the target sets them: the rows come in groups that leave out the same columns, at
    most one per combination, never one insert per row."""
    settable = [column.name for column in source.columns if column.name in ROLE_COLUMNS]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in batch:
        values = dict(row)
        lacking = tuple(name for name in settable if values[name] is None)
        for name in lacking:
            if owner is None:
                del values[name]
            else:
                values[name] = owner
        groups[lacking if owner is None else ()].append(values)
    yield from groups.values()


def _check_role(connection: Connection, role: str) -> None:
    """InvalidInput unless ``role`` is a role of the target's server."""
    if not dialect.has_roles(connection):
        raise InvalidInput(_("--owner names a PostgreSQL role; SQLite has none"))
    if not dialect.role_exists(connection, role):
        raise InvalidInput(
            _("the server has no role {role!r}: create it first (CREATE ROLE)").format(role=role)
        )


def occupied_tables(connection: Connection) -> list[str]:
    """The tables of the models that hold at least one row in this database."""
    present = set(inspect(connection).get_table_names())
    return [
        name
        for name in SQLModel.metadata.tables
        if name in present
        and connection.execute(select(literal(1)).select_from(table(name)).limit(1)).first()
    ]


def _numbered(source: Table) -> bool:
    """Whether the table's rows are numbered by the database (an integer ``id`` key)."""
    key = list(source.primary_key.columns)
    return len(key) == 1 and key[0].name == "id" and isinstance(key[0].type, Integer)
