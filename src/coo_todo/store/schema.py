"""The database's schema version: check it cheaply, upgrade it with Alembic (after a backup).

Part of the store (only ``store.engine`` calls it). Every command compares the database's
``alembic_version`` with ``migrations.HEAD`` in one query; Alembic itself is imported only when
an upgrade is due. An SQLite file is copied to a timestamped backup beside it before upgrading;
PostgreSQL, whose schema changes are transactional, is upgraded in one transaction (all of it
or nothing) and not copied. Both hold the database's write lock (``dialect.WRITE``) meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from coo_todo.errors import DatabaseError
from coo_todo.i18n import _
from coo_todo.migrations import HEAD, REVISIONS
from coo_todo.store import dialect


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
    """Bring the database to ``HEAD``: create its schema if empty (else EmptyDatabase, if not
    ``create``), upgrade it (after a backup stamped with ``now``) if older (else DatabaseError,
    if not ``upgrade``). A database newer than this program is refused, never downgraded.
    Creating and upgrading hold the write lock from before the backup, so of processes opening
    an older or new database at once one backs it up and upgrades it, the others wait.
    """
    with engine.connect() as connection:
        current = revision(connection)
    if current is not None and current not in REVISIONS:
        raise DatabaseError(
            _(
                "the database's schema ({current}) is newer than this coo-todo knows "
                "({head}): upgrade coo-todo; the database was left untouched"
            ).format(current=current, head=HEAD)
        )
    if current is None and not create:
        raise EmptyDatabase
    if current is not None and current != HEAD and not upgrade:
        raise DatabaseError(
            _("the database's schema ({current}) needs an upgrade to {head}").format(
                current=current, head=HEAD
            )
        )
    dialect.use_wal(engine)
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
    writer = engine.execution_options(**{dialect.WRITE: True})
    with writer.connect() as connection, dialect.foreign_keys_off(connection), connection.begin():
        # The write lock is held from here: another process that got here first has
        # finished, so look again.
        current = revision(connection)
        if current == HEAD:
            return None
        backup = None
        if current is not None and sqlite_file is not None:
            backup = dialect.backup_sqlite(sqlite_file, None, now)
        config.attributes["connection"] = connection
        if current is not None and not inspect(connection).has_table("alembic_version"):
            command.stamp(config, current)
        command.upgrade(config, "head")
    return None if current is None else Upgrade(current, HEAD, backup)
