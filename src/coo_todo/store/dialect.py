"""What differs between databases, in one place: SQLite's per-connection pragmas, its
``BEGIN IMMEDIATE`` for writes, WAL mode, its file (found, backed up, checked), and PostgreSQL's
write lock, id sequence, driver, roles and privileges (team mode), and time arithmetic (SQLite
keeps times as text, PostgreSQL as timestamptz). Everything else in the store is portable
SQLAlchemy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Float, event, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from coo_todo.errors import DatabaseError
from coo_todo.i18n import _
from coo_todo.user_files import new_backup_file

WRITE = "coo_todo_write"
"""Execution option of an engine whose transactions write: they take the database's write
lock at once (SQLite: BEGIN IMMEDIATE; PostgreSQL: ``POSTGRESQL_WRITE_LOCK``)."""

LOCK_TIMEOUT_SECONDS = 30
"""How long a write waits for the write lock (another process's write) before it fails,
unless its engine says otherwise (``LOCK_WAIT``)."""

LOCK_WAIT = "coo_todo_lock_wait"
"""Execution option of an engine whose writes wait another time than ``LOCK_TIMEOUT_SECONDS``
for the write lock, in seconds."""

POSTGRESQL_WRITE_LOCK = 0x636F6F2D746F646F
"""The key of the advisory lock every write transaction on PostgreSQL holds ("coo-todo" in
ASCII): advisory locks are per database, so each database has its own write lock."""


def prepare(engine: Engine) -> None:
    """Set up a new engine: on SQLite, the pragmas of each connection and our own BEGIN; on
    PostgreSQL, the write lock of write transactions."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _begin_postgresql)


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite settings: enforce foreign keys, wait (``LOCK_TIMEOUT_SECONDS``)
    rather than fail at once when another process holds the write lock. WAL mode is set once
    per file, by ``use_wal``. The driver's own transaction handling is off: ``_begin_sqlite``
    says BEGIN itself."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={LOCK_TIMEOUT_SECONDS * 1000}")
    cursor.close()


def _begin_sqlite(connection: Any) -> None:
    """Start SQLite transactions ourselves: IMMEDIATE (the write lock at once) for writes,
    so a write never acts on what another process changes before it commits; a write waits
    for the lock as long as its engine says (``LOCK_WAIT``)."""
    options = connection.get_execution_options()
    immediate = options.get(WRITE, False)
    if immediate:
        wait = _milliseconds(options.get(LOCK_WAIT, LOCK_TIMEOUT_SECONDS))
        connection.exec_driver_sql(f"PRAGMA busy_timeout={wait}")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _milliseconds(seconds: float) -> int:
    return round(seconds * 1000)


def _begin_postgresql(connection: Any) -> None:
    """Give PostgreSQL writes SQLite's guarantee: a write transaction first waits for the
    database's one write lock (a transaction-scoped advisory lock, released at commit or
    rollback), so writes run one at a time and each reads what the previous one committed
    (READ COMMITTED reads the latest commit at each statement). Two ``todo done 1`` at once:
    one wins, the other says "already done". Like SQLite's busy timeout, a write gives up
    after ``LOCK_TIMEOUT_SECONDS`` of waiting for a lock.

    Why not the alternatives: ``SELECT ... FOR UPDATE`` would have to be on every read a
    write depends on (the task, its blockers, the undo log, new ids), and one forgotten
    would bring back lost updates; SERIALIZABLE would make every write retry on conflict.
    Writes are short and few (one person's commands), so one lock costs nothing; reads
    never take it and never wait."""
    options = connection.get_execution_options()
    if options.get(WRITE, False):
        wait = _milliseconds(options.get(LOCK_WAIT, LOCK_TIMEOUT_SECONDS))
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{wait}ms'")
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRESQL_WRITE_LOCK})")


def use_wal(engine: Engine) -> None:
    """On SQLite, WAL mode: readers never block the writer, and a crash never leaves half a
    transaction. It is kept in the file."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            _driver_execute(connection, "PRAGMA journal_mode=WAL")


@contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    """On SQLite, no foreign keys while a migration runs: rebuilding a table (SQLite's ALTER)
    must not cascade deletes into its children. The pragma only takes effect outside a
    transaction, so this wraps one."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _driver_execute(connection, "PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if sqlite:
            _driver_execute(connection, "PRAGMA foreign_keys=ON")


def _driver_execute(connection: Connection, statement: str) -> None:
    """Run ``statement`` on the driver's connection, outside any transaction (the SQLite
    driver's own transaction handling is off)."""
    driver = connection.connection.driver_connection
    assert driver is not None
    dbapi = connection.dialect.loaded_dbapi
    try:
        driver.execute(statement)
    except dbapi.Error as exc:  # as SQLAlchemy wraps what it runs: a file that is no database
        raise DBAPIError.instance(statement, None, exc, dbapi.Error) from exc


def sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite database's URL (None for other databases and in-memory ones)."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database.removeprefix("file:")).expanduser().resolve()


FileIdentity = tuple[int, int]
"""What tells an SQLite file from another at the same path: its device and inode."""


def file_identity(path: Path | None) -> FileIdentity | None:
    """The identity of the SQLite file at ``path`` (``st_dev``, ``st_ino``); None when there
    is none (no file there any more, or no SQLite file: ``path`` None)."""
    if path is None:
        return None
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def shown(url: URL) -> str:
    """How messages name a database: an SQLite file by its path, else its URL with the password
    masked."""
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


def has_roles(engine: Engine | Connection) -> bool:
    """Whether the database has roles, and so team mode (members, row-level security):
    PostgreSQL does, SQLite does not."""
    return engine.dialect.name == "postgresql"


MEMBER_PRIVILEGES = (
    "GRANT SELECT, INSERT, DELETE ON task, task_tag, dependency TO {role}",
    "GRANT UPDATE (title, status, impact, urgency, due, effort_minutes, area, notes, updated_at,"
    " completed_at, delegate_id, delegated_at, follow_up, initiative_id) ON task TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON initiative, initiative_member, initiative_review"
    " TO {role}",
    "GRANT SELECT, INSERT ON event TO {role}",
    "GRANT UPDATE (undone_at) ON event TO {role}",
    "GRANT SELECT ON person TO {role}",
    "GRANT INSERT (name, key, team, contact, created_at, last_brief_at) ON person TO {role}",
    "GRANT UPDATE (name, key, team, contact, last_brief_at) ON person TO {role}",
    "GRANT SELECT ON shared_area, alembic_version TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
)
"""What a member's role may do, beside row-level security (migration 0004): change a task's
fields but never its owner, mark a history entry undone but never rewrite it, add and edit
colleagues but never make one a member, run their own initiatives (row-level security,
migration 0006). Managing the team stays with the admin."""


def role_exists(connection: Connection, role: str) -> bool:
    """Whether the server has a role (a login) by that name."""
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role})
    return found.first() is not None


def current_role(connection: Connection) -> tuple[str, bool]:
    """The role this connection runs as, and whether it is the team's admin (the role that
    owns the tables, so is not bound by row-level security)."""
    row = connection.execute(
        text(
            "SELECT current_user, tableowner = current_user FROM pg_tables "
            "WHERE tablename = 'task' AND schemaname = current_schema()"
        )
    ).one()
    return str(row[0]), bool(row[1])


def login(session: Session) -> str | None:
    """The role this session runs as (team mode); None on SQLite, which has no roles."""
    if not has_roles(session.get_bind()):
        return None
    return str(session.execute(text("SELECT current_user")).scalar())


def restore_member(connection: Connection, role: str) -> None:
    """A backup makes ``role`` a member again: it gets a member's privileges if the server
    has it (else it is a login nobody can use, until ``todo team add``)."""
    if has_roles(connection) and role_exists(connection, role):
        grant_member(connection, role)


def grant_member(connection: Connection, role: str) -> None:
    """Give a member's role what it needs (``MEMBER_PRIVILEGES``)."""
    quoted = connection.dialect.identifier_preparer.quote(role)
    for grant in MEMBER_PRIVILEGES:
        connection.execute(text(grant.format(role=quoted)))


def revoke_member(connection: Connection, role: str) -> None:
    """Take back what ``grant_member`` gave."""
    quoted = connection.dialect.identifier_preparer.quote(role)
    connection.execute(
        text(
            f"REVOKE ALL ON task, task_tag, dependency, event, person, shared_area, "
            f"initiative, initiative_member, initiative_review, alembic_version FROM {quoted}"
        )
    )
    connection.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quoted}"))


def missing_driver(url: str, exc: ImportError) -> str:
    """Why a database cannot be opened when its driver is not installed."""
    extra = " (pip install 'coo-todo[postgres]')" if "postgresql" in url else ""
    return f"its driver {exc.name or 'module'} is not installed{extra}"


def reset_id_sequence(session: Session, table: str) -> None:
    """After rows were inserted with explicit ids: PostgreSQL's id sequence ignores them
    (SQLite's AUTOINCREMENT does not), so move it past them."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        )


def integrity_problems(connection: Connection) -> list[str]:
    """SQLite's integrity check (empty when sound); other databases check themselves."""
    if connection.dialect.name != "sqlite":
        return []
    rows = [str(row[0]) for row in connection.execute(text("PRAGMA integrity_check"))]
    return [] if rows == ["ok"] else rows


def backup(engine: Engine, target: Path | None, now: datetime) -> Path:
    """An online, consistent copy of the database, if it is an SQLite file (see
    ``backup_sqlite``); other databases have their own tools."""
    source = sqlite_file(engine.url)
    if source is None:
        raise DatabaseError(
            _(
                "todo db backup copies SQLite files; back up {name} with its own tools (pg_dump)"
            ).format(name=engine.dialect.name)
        )
    return backup_sqlite(source, target, now)


def backup_sqlite(source: Path, target: Path | None, now: datetime) -> Path:
    """An online, consistent copy of an SQLite database (SQLite's backup API), readable by
    the user only, at ``target`` (refused if it exists) or, by default, beside the database:
    ``todo.sqlite.2026-11-26T090000.bak``, then ``...T090000-2.bak`` and on if that is taken.
    Only a file this call created is removed if the copy fails."""
    path = new_backup_file(
        target, lambda taken: source.with_name(f"{source.name}.{now:%Y-%m-%dT%H%M%S}{taken}.bak")
    )
    try:
        origin, copy = sqlite3.connect(source), sqlite3.connect(path)
        try:
            origin.backup(copy)
        finally:
            copy.close()
            origin.close()
    except (OSError, sqlite3.Error) as exc:
        path.unlink(missing_ok=True)
        raise DatabaseError(
            _("cannot back up {source} to {path}: {exc}").format(source=source, path=path, exc=exc)
        ) from None
    return path


def snapshot(engine: Engine) -> Engine:
    """``engine`` with transactions that read one snapshot of the whole database, as SQLite's
    always do; PostgreSQL's default (READ COMMITTED) gives each statement its own."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="REPEATABLE READ")
    return engine


def pg_dump(engine: Engine, path: Path) -> None:
    """Write a PostgreSQL database to ``path`` (an empty file of ours) with ``pg_dump``, in its
    custom format (``pg_restore`` reads it). The password goes through the environment, never
    the command line; a failure removes ``path`` and says what pg_dump said."""
    program = shutil.which("pg_dump")
    if program is None:
        path.unlink(missing_ok=True)
        raise DatabaseError(
            _(
                "pg_dump is not on PATH (install PostgreSQL's client tools), or leave out "
                "--pg-dump for our JSON backup"
            )
        )
    url = engine.url.set(drivername="postgresql")
    environ = dict(os.environ)
    if url.password is not None:
        environ["PGPASSWORD"] = str(url.password)
    address = URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    ).render_as_string()
    command = [program, "--format=custom", f"--file={path}", f"--dbname={address}"]
    done = subprocess.run(command, env=environ, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        path.unlink(missing_ok=True)
        said = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise DatabaseError(
            _("pg_dump failed: {output}").format(output=said.replace(str(url.password), "***"))
        )


class seconds_between(FunctionElement[float]):
    """``seconds_between(start, end)``: the whole seconds from one stored time to another, as
    a number the database can sort, rank and sum (the time to done of a task)."""

    type = Float()
    inherit_cache = True


@compiles(seconds_between)
def _seconds_between(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (
        compiler.process(clause.self_group(against=operators.sub), **kw)
        for clause in element.clauses
    )
    # As PostgreSQL reads it back, so Alembic finds the index on it unchanged.
    return f"round(extract(epoch from {end} - {start}))"


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"round((julianday({end}) - julianday({start})) * 86400)"


class time_of_text(FunctionElement[Any]):
    """``time_of_text(value)``: an ISO 8601 time held as text (in the history's JSON, with
    any offset) as something that compares with another such time in time order."""

    inherit_cache = True


@compiles(time_of_text)
def _time_of_text(element: time_of_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS timestamptz)"


@compiles(time_of_text, "sqlite")
def _time_of_text_sqlite(element: time_of_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"julianday({compiler.process(element.clauses, **kw)})"


class filter_only(FunctionElement[Any]):
    """``filter_only(expression)``: its value, for a condition or an order the database checks
    on each row it reads but never finds or orders rows by. On SQLite, unary ``+``, which keeps
    its planner (without statistics, it guesses) off the indexes on that expression, so the
    plan the caller means is taken: the review walks a year down an index in order of time to
    done, and sorts a week's few tasks found by completion time. PostgreSQL's planner, which
    has statistics, chooses for itself."""

    inherit_cache = True

    def __init__(self, expression: Any) -> None:
        super().__init__(expression)
        self.type = expression.type  # so values compared with it are bound as with it


@compiles(filter_only)
def _filter_only(element: filter_only, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(filter_only, "sqlite")
def _filter_only_sqlite(element: filter_only, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"
