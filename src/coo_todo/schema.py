"""The database's schema version: check it cheaply, upgrade it with Alembic, back it up.

Part of the storage layer (only ``store`` calls it). Every command compares the database's
``alembic_version`` with ``migrations.HEAD`` in one query; Alembic itself is imported only when
an upgrade is due. An SQLite file is copied to a timestamped backup beside it before upgrading.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from coo_todo.errors import DatabaseError
from coo_todo.migrations import HEAD, REVISIONS

PRIVATE_FILE = 0o600

WRITE = "coo_todo_write"
"""Execution option of an engine whose transactions write: on SQLite they BEGIN IMMEDIATE,
taking the write lock at once (see ``store``)."""


@dataclass(frozen=True)
class Upgrade:
    """What ``ensure_current`` did to an older database."""

    from_revision: str
    to_revision: str
    backup: Path | None


def revision(connection: Connection) -> str | None:
    """The database's schema revision: None for an empty database; for tables made before
    migrations existed, the revision their columns match."""
    inspector = inspect(connection)
    if inspector.has_table("alembic_version"):
        found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return str(found) if found else None
    if not inspector.has_table("task"):
        return None
    columns = {column["name"] for column in inspector.get_columns("task")}
    return "0002" if "delegate_id" in columns else "0001"


class EmptyDatabase(Exception):
    """``ensure_current`` was asked not to create a schema, and the database has none."""


def ensure_current(
    engine: Engine,
    sqlite_file: Path | None,
    now: datetime,
    *,
    create: bool = True,
    upgrade: bool = True,
) -> Upgrade | None:
    """Bring the database to ``HEAD``: create it if empty (else EmptyDatabase, if not
    ``create``), upgrade it (after a backup stamped with ``now``) if older (else DatabaseError,
    if not ``upgrade``). A database newer than this program is refused, never downgraded.
    Creating and upgrading hold the write lock from before the backup, so of processes opening
    an older or new database at once one backs it up and upgrades it, the others wait.
    """
    with engine.connect() as connection:
        current = revision(connection)
    if current is not None and current not in REVISIONS:
        raise DatabaseError(
            f"the database's schema ({current}) is newer than this coo-todo knows ({HEAD}): "
            "upgrade coo-todo; the database was left untouched"
        )
    if current is None and not create:
        raise EmptyDatabase
    if current != HEAD and not upgrade:
        raise DatabaseError(f"the database's schema ({current}) needs an upgrade to {HEAD}")
    if engine.dialect.name == "sqlite":
        # Readers never block the writer, and a crash never leaves half a transaction.
        _sqlite_pragma(engine, "PRAGMA journal_mode=WAL")
    if current == HEAD:
        return None
    return _upgrade(engine, sqlite_file, now)


def _upgrade(engine: Engine, sqlite_file: Path | None, now: datetime) -> Upgrade | None:
    """Back up (an SQLite file) and upgrade, under the write lock; None if another process did
    it first, or if the database was empty (then there was nothing to back up)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "coo_todo:migrations")
    with engine.execution_options(**{WRITE: True}).connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Rebuilding a table (SQLite's ALTER) must not cascade deletes into its children;
            # the pragma only takes effect outside a transaction.
            _driver_execute(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                # The write lock is held from here: another process that got here first has
                # finished, so look again.
                current = revision(connection)
                if current == HEAD:
                    return None
                backup = None
                if current is not None and sqlite_file is not None:
                    backup = backup_sqlite(sqlite_file, None, now)
                config.attributes["connection"] = connection
                if current is not None and not inspect(connection).has_table("alembic_version"):
                    command.stamp(config, current)
                command.upgrade(config, "head")
        finally:
            if sqlite:
                _driver_execute(connection, "PRAGMA foreign_keys=ON")
    return None if current is None else Upgrade(current, HEAD, backup)


def _sqlite_pragma(engine: Engine, pragma: str) -> None:
    with engine.connect() as connection:
        _driver_execute(connection, pragma)


def _driver_execute(connection: Connection, statement: str) -> None:
    """Run ``statement`` on the driver's connection, outside any transaction (the store turns
    the SQLite driver's own transaction handling off)."""
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(statement)


def backup_sqlite(source: Path, target: Path | None, now: datetime) -> Path:
    """An online, consistent copy of an SQLite database (SQLite's backup API), readable by
    the user only, at ``target`` (refused if it exists) or, by default, beside the database:
    ``todo.sqlite.2026-11-26T090000.bak``, then ``...T090000-2.bak`` and on if that is taken.
    Only a file this call created is removed if the copy fails."""
    path = target or source.with_name(f"{source.name}.{now:%Y-%m-%dT%H%M%S}.bak")
    for attempt in itertools.count(2):
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
            break
        except FileExistsError:
            if target is not None:
                raise DatabaseError(f"{path} already exists: choose another backup path") from None
            path = source.with_name(f"{source.name}.{now:%Y-%m-%dT%H%M%S}-{attempt}.bak")
        except OSError as exc:
            raise DatabaseError(f"cannot back up {source} to {path}: {exc.strerror}") from None
    try:
        origin, copy = sqlite3.connect(source), sqlite3.connect(path)
        try:
            origin.backup(copy)
        finally:
            copy.close()
            origin.close()
    except (OSError, sqlite3.Error) as exc:
        path.unlink(missing_ok=True)
        raise DatabaseError(f"cannot back up {source} to {path}: {exc}") from None
    return path


def integrity_problems(connection: Connection) -> list[str]:
    """SQLite's integrity check (empty when sound); other databases check themselves."""
    if connection.dialect.name != "sqlite":
        return []
    rows = [str(row[0]) for row in connection.execute(text("PRAGMA integrity_check"))]
    return [] if rows == ["ok"] else rows
