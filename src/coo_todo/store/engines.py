"""Engines, made when a database is opened or ahead of it: a command server's spare worker
connects to the database the next command will most likely open (the last one's) while it
waits, so that a PostgreSQL command does not pay for its connection (TCP, authentication, the
driver's first queries: about 10 ms) on the user's path.

A connection made ahead serves only a command whose database URL and connection environment
(libpq's ``PG*`` variables, ``HOME`` for ``~/.pgpass``, coo-todo's own variables) are exactly
those it was made with; any other command gets a new engine, and the one made ahead is closed.
It is checked before use, without a round trip: one that broke while it waited is replaced.

SQLAlchemy compiles each statement once per engine (its compiled cache; about 4 ms of SQL a
command). A spare worker also makes the engine of the last command's SQLite file ahead, and
compiles the morning's statements into its cache by running commands on the server's scratch
file through it (``compiling_ahead``): a command on that file, in that environment, gets the
engine with its SQL compiled, and no connection (an SQLite file is opened by the command only:
one held open across a rename would read and write the replaced file). Those connections to
the scratch file commit nothing (their commits roll back), so a write compiles its statements
there and leaves the file as it was.
"""

from __future__ import annotations

import os
import select as select_module
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel, create_engine

from coo_todo.migrations import HEAD
from coo_todo.store import dialect, models, schema  # noqa: F401  (models: the tables on SQLModel.metadata)

_ahead: tuple[tuple[str, ...], Engine] | None = None
"""The engine connected (PostgreSQL) or compiled (SQLite) ahead, and the URL and environment it
was made for."""

_compiling: Engine | None = None
"""While ``compiling_ahead`` runs: the engine every ``engine_for`` returns, its connections
made to the scratch file."""


def engine_for(url: str) -> Engine:
    """The engine of ``url``: the one connected ahead if it was made for this URL in this
    environment, else a new one (not connected yet)."""
    global _ahead
    if _compiling is not None:
        return _compiling
    made_ahead, _ahead = _ahead, None
    if made_ahead is not None:
        key, engine = made_ahead
        if key == _connection_key(url, os.environ) and _untouched(engine):
            return engine
        engine.dispose()
    return _new_engine(url)


@contextmanager
def compiling_ahead(
    url: str | None, environ: Mapping[str, str], scratch_file: Path
) -> Iterator[bool]:
    """If ``url`` is an SQLite file's: make its engine, and have every ``engine_for`` inside
    return it, its connections made to ``scratch_file`` instead, an SQLite file (by a
    ``do_connect`` listener, removed on leaving), that commit nothing (``_RollingBack``):
    what runs inside compiles its SQL into that engine's cache, never opens the file of
    ``url`` and leaves ``scratch_file`` as it was, writes included. Then close those
    connections (the engine keeps its compiled cache and dialect) and keep the engine for
    ``engine_for(url)`` in ``environ``. Gives whether it compiles (``url`` an SQLite file's)."""
    global _ahead, _compiling
    release()
    try:
        sqlite = url is not None and make_url(url).get_backend_name() == "sqlite"
        engine = _new_engine(url) if url is not None and sqlite else None
    except (SQLAlchemyError, ImportError):  # a URL the command will refuse itself
        engine = None
    if url is None or engine is None:
        yield False
        return
    scratch = engine.dialect.create_connect_args(make_url(f"sqlite:///{scratch_file}"))

    def to_scratch(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
        cargs[:] = scratch[0]
        cparams.clear()
        cparams.update(scratch[1], factory=_RollingBack)

    event.listen(engine, "do_connect", to_scratch)
    _compiling = engine
    try:
        yield True
    finally:
        _compiling = None
        event.remove(engine, "do_connect", to_scratch)
        engine.dispose()
    _ahead = (_connection_key(url, environ), engine)


class _RollingBack(sqlite3.Connection):
    """A connection whose transactions all roll back: ``commit`` keeps nothing."""

    def commit(self) -> None:
        self.rollback()


def connect_ahead(url: str) -> None:
    """Connect to ``url`` now, in this process's environment, for ``engine_for``; nothing for an
    SQLite file (opening one costs a fraction of a millisecond). The driver's errors are
    raised: the caller decides whether a failed guess matters."""
    global _ahead
    if make_url(url).get_backend_name() == "sqlite":
        return
    release()
    engine = _new_engine(url)
    try:
        with engine.connect() as connection:
            _touch_every_table(connection)
    except BaseException:
        engine.dispose()
        raise
    _ahead = (_connection_key(url, os.environ), engine)


def _untouched(engine: Engine) -> bool:
    """Whether nothing arrived on the connection made ahead while it waited: a server that
    ends a connection (restarted, an idle timeout, an administrator) says so before closing
    it. Checked without a round trip, unlike a ping (about a millisecond on a busy machine).
    An engine compiled ahead (SQLite) holds no connection: nothing to check."""
    if engine.dialect.name == "sqlite":
        return True
    try:
        with engine.connect() as connection:
            driver = connection.connection.driver_connection
            if driver is None:
                return False
            readable, _, _ = select_module.select([driver.fileno()], [], [], 0)
    except (OSError, SQLAlchemyError):
        return False
    return not readable


def _touch_every_table(connection: Connection) -> None:
    """Read the schema's revision as opening the store does and, if the schema is current,
    plan a query on every table: a new PostgreSQL backend loads the catalog entries of the
    tables and their indexes on first use (tens of milliseconds on a busy machine), here
    rather than in the command."""
    if schema.revision(connection) == HEAD:
        for table in SQLModel.metadata.sorted_tables:
            connection.execute(select(table).limit(0))
    connection.rollback()


def load_driver(url: str) -> None:
    """Import the SQLAlchemy dialect and the driver of ``url``, without connecting."""
    create_engine(url).dispose()


def release() -> None:
    """Close the connection made ahead, if any (a process that leaves without using it)."""
    global _ahead
    if _ahead is not None:
        _ahead[1].dispose()
        _ahead = None


def _new_engine(url: str, **options: bool) -> Engine:
    engine = create_engine(url, **options)
    dialect.prepare(engine)
    return engine


def _connection_key(url: str, environ: Mapping[str, str]) -> tuple[str, ...]:
    """What a connection to ``url`` in ``environ`` depends on besides the URL: the variables
    libpq and coo-todo read, and the home folder (``~/.pgpass``, client certificates)."""
    variables = sorted(
        f"{name}={value}"
        for name, value in environ.items()
        if name.startswith(("PG", "COO_TODO_")) or name == "HOME"
    )
    return (url, *variables)
