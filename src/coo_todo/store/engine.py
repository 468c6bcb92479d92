"""The connection to one database: opening it (creating or upgrading its schema), one
transaction per operation, and the checks and backups of the database as a whole.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.expression import type_coerce
from sqlalchemy.types import NullType
from sqlmodel import Session, select

from coo_todo.domain.dates import UNREADABLE
from coo_todo.errors import DatabaseError, FileReplaced, NotFound
from coo_todo.i18n import _
from coo_todo.store import dialect, engines, schema
from coo_todo.store.models import (
    UNREADABLE_CHANGES,
    Event,
    Initiative,
    Person,
    StoredChanges,
    StoredInteger,
    StoredText,
    StoredTime,
    Task,
    TaskTag,
)
from coo_todo.store.rows import table_of
from coo_todo.user_files import PRIVATE_FILE, read_only_hint

STORED_AS: dict[type, type] = {StoredText: str, StoredInteger: int}
"""What Python type the driver returns for a value stored as its column's type."""
CHECKED_TYPES = (StoredTime, StoredChanges, StoredText, StoredInteger)


class Database:
    """One SQL database, opened; the topics of the store (tasks, people, undo, import) add
    their operations to it."""

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
            address = make_url(url)
            self.location = dialect.shown(address)
            self.sqlite_file = dialect.sqlite_file(address)
            self.engine: Engine = engines.engine_for(url)
            self.writer: Engine = self.engine.execution_options(**{dialect.WRITE: True})
            if self.sqlite_file is not None and not self.sqlite_file.exists():
                if not create:
                    raise no_database(self.location)
                self.sqlite_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                self.sqlite_file.touch(mode=PRIVATE_FILE)
            self.upgraded = schema.ensure_current(
                self.engine, self.sqlite_file, now, create=create, upgrade=upgrade
            )
            self.opened_file = dialect.file_identity(self.sqlite_file)
            """The SQLite file opened: its connections write to it even once another file
            has taken its path (``check_same_file``)."""
        except schema.EmptyDatabase:
            raise no_database(self.location) from None
        except SQLAlchemyError as exc:
            raise self._cannot_open(error_reason(exc)) from None
        except OSError as exc:
            raise self._cannot_open(exc.strerror or str(exc)) from None
        except ImportError as exc:
            raise self._cannot_open(dialect.missing_driver(url, exc)) from None

    def _cannot_open(self, reason: str) -> DatabaseError:
        """The one-line error of a database that cannot be opened, its password masked."""
        return DatabaseError(masked(f"cannot open database {self.location}: {reason}", self.url))

    def wait_for_writes(self, seconds: float) -> None:
        """Make each write wait at most ``seconds`` for another process's write to end, then
        fail (DatabaseError), instead of ``dialect.LOCK_TIMEOUT_SECONDS``: long enough for a
        script, too long for a person at a keyboard."""
        self.writer = self.engine.execution_options(
            **{dialect.WRITE: True, dialect.LOCK_WAIT: seconds}
        )

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
                return dialect.integrity_problems(connection)
        except SQLAlchemyError as exc:
            return [error_reason(exc)]

    def unreadable_values(self) -> tuple[list[str], list[str]]:
        """Stored values the views cannot show as stored, "task 2 created_at" for each: times
        that are not dates in range (``models.StoredTime``: shown as "invalid date"), then
        values of another type than their column's, which SQLite keeps from another tool
        (``models.StoredText``, ``StoredInteger``: read as the nearest value)."""
        times: list[str] = []
        mistyped: list[str] = []
        with Session(self.engine) as session:
            for model in (Task, TaskTag, Person, Event, Initiative):
                table = table_of(model)
                key = next(iter(table.primary_key.columns))  # a tag's: its task's id
                columns = [c for c in table.columns if isinstance(c.type, CHECKED_TYPES)]
                read = [
                    column
                    if isinstance(column.type, (StoredTime, StoredChanges))
                    else type_coerce(column, NullType()).label(column.name)  # as stored
                    for column in columns
                ]
                for row_id, *values in session.execute(select(key, *read)):
                    for column, value in zip(columns, values, strict=True):
                        where = f"{table.name} {row_id} {column.name}"
                        if isinstance(column.type, StoredTime):
                            if value == UNREADABLE:
                                times.append(where)
                        elif isinstance(column.type, StoredChanges):
                            if UNREADABLE_CHANGES in value:
                                mistyped.append(where)
                        elif value is not None and type(value) is not STORED_AS[type(column.type)]:
                            mistyped.append(where)
        return times, mistyped

    def backup(self, target: Path | None, now: datetime) -> Path:
        """An online, consistent copy of an SQLite database (default: beside it, timestamped)."""
        return dialect.backup(self.engine, target, now)

    def pg_dump(self, path: Path) -> None:
        """Write a PostgreSQL database to ``path`` (an empty file) with its ``pg_dump``."""
        dialect.pg_dump(self.engine, path)

    def check_same_file(self) -> None:
        """Refuse (FileReplaced) to go on when the SQLite file opened has been removed, or
        replaced at its path (moved away, a backup restored by rename): the connections
        still hold the old file, and what they write there is lost. The screen, open for
        hours, meets it; a command, open for milliseconds, hardly; PostgreSQL never."""
        if self.sqlite_file is not None and (
            dialect.file_identity(self.sqlite_file) != self.opened_file
        ):
            raise FileReplaced(
                _(
                    "the database file {path} was replaced or removed: reopen (nothing was written)"
                ).format(path=self.location)
            )

    @contextmanager
    def _session(self, *, write: bool = True) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error. A write takes the
        database's write lock from its first statement, so what it reads stays true until it
        commits (two ``todo done 1`` at once: one wins, the other says "already done"). A write
        to an SQLite file that another has replaced is rolled back (``check_same_file``)."""
        engine = self.writer if write else self.engine
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                session.info["change"] = uuid_module.uuid4().hex
                session.info["tasks"] = []
                yield session
                if write:
                    self.check_same_file()
        except SQLAlchemyError as exc:
            reason = error_reason(exc)
            if "readonly" in reason and self.sqlite_file is not None:
                reason += read_only_hint(self.sqlite_file)
            raise DatabaseError(_("database error: {reason}").format(reason=reason)) from None
        if write:
            self.saved_changes += 1
            self.saved += session.info["tasks"]


def masked(message: str, url: str) -> str:
    """``message`` with the password of ``url`` (if any) masked, wherever a driver echoed it."""
    password = make_url(url).password
    return message.replace(str(password), "***") if password else message


def no_database(location: str) -> NotFound:
    return NotFound(
        _("no database at {location}: start one with todo add (or try todo demo)").format(
            location=location
        )
    )


def error_reason(exc: SQLAlchemyError) -> str:
    """The first line of what the driver said."""
    original = getattr(exc, "orig", None)
    return str(original if original is not None else exc).splitlines()[0]
