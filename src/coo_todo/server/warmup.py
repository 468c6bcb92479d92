"""What the server does once so that no worker does it again: import the whole stack, build
the Click command from the Typer application, and run the morning's commands on a scratch
database (SQLAlchemy's mappers, Alembic's migrations, Rich's tables, Click's help, the French
catalog and Babel: each first use costs more than every later one); import the driver of the
database its starter uses (psycopg, for PostgreSQL) and Textual, for the interactive screen.
The scratch database stays for the server's life: each spare worker primes itself on it
(``PRIMING``, read-only) through the engine of the last command's SQLite file, compiling its SQL,
the write of ``PRIMING_WRITES`` included (rolled back: the scratch file stays as it was), or
connects ahead to the last command's PostgreSQL database (``store.engines``)."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import typer.main

from coo_todo.cli import app
from coo_todo.cli.app import Env
from coo_todo.store import engines

MORNING = (
    ["demo"],
    ["triage"],
    ["triage", "--json"],
    ["plan"],
    ["list"],
    ["add", "Warm-up task", "due:fri", "impact:4", "effort:30m", "+warm", "area:Ops"],
    ["add", "Weekly warm-up", "every:fri", "+warm"],
    ["explain", "1"],
    ["show", "1"],
    ["delegate", "2", "--to", "Karim", "--follow-up", "mon"],
    ["waiting"],
    ["done", "3", "32"],  # 32 recurs: its next occurrence comes
    ["search", "warm"],
    ["undo"],
    ["export"],
    ["review"],
    ["review", "--json"],
    ["people"],
    ["--help"],
    ["add", "--help"],
    ["--version"],
    ["--lang", "fr", "triage"],  # Babel's CLDR data and the French catalog, for every worker
    ["--lang", "fr", "explain", "1"],
    ["--lang", "fr", "export"],
)
PRIMING = (["triage"], ["explain", "1"])
PRIMING_WRITES = (["done", "32"],)
"""Run only through an engine compiling ahead, whose commits roll back, a day after the
morning (``PRIMING_NOW``): a recurring task's done runs every statement of a plain one (the
task's update, its ``updated_at`` changed as a user's is, and its history entry) and those of
its next occurrence (the series' check, its insert, tags and history entry)."""
MORNING_NOW = "2026-12-02T09:00:00"
PRIMING_NOW = "2026-12-03T09:00:00"


def built_command() -> Callable[[], Any]:
    """The Click command of the ``todo`` application, built once (Typer rebuilds it at every
    call of ``app()``)."""
    return typer.main.get_command(app)


def warm_up(command: Any, folder: Path) -> None:
    """Run the morning's commands on a scratch database made in ``folder``, with its own
    config and data folder (``run_quietly``); import the driver of the database this
    process's environment names, and what finds the user's paths."""
    run_quietly(command, folder, MORNING)
    with contextlib.suppress(Exception):  # a database it cannot name: its commands will say
        engines.load_driver(database_url(os.environ))
    import platformdirs  # noqa: F401 (the user's paths: the scratch folder's are given)

    import coo_todo.tui.screen  # noqa: F401 (Textual: the interactive screen paints at once)


def prime(command: Any, folder: Path, environ: Mapping[str, str]) -> None:
    """Run read-only commands on the scratch database of ``warm_up`` through the engine of
    the database ``environ`` (the last command's) names, if it is an SQLite file (its SQL is
    then compiled: ``engines.compiling_ahead``; so is a done's, rolled back), then take
    ``environ`` and connect ahead to that database, if it is PostgreSQL."""
    try:
        url: str | None = database_url(environ)
    except Exception:  # a database it cannot name: its command will say
        url = None
    with engines.compiling_ahead(url, environ, scratch_file(folder)) as compiling:
        run_quietly(command, folder, PRIMING)
        if compiling:
            run_quietly(command, folder, PRIMING_WRITES, now=PRIMING_NOW)
    os.environ.clear()
    os.environ.update(environ)
    if url is not None:
        with contextlib.suppress(Exception):  # a guess: the command connects itself, and reports
            engines.connect_ahead(url)


def database_url(environ: Mapping[str, str]) -> str:
    """The database a command run in ``environ`` without ``--db`` opens."""
    env = Env(environ=dict(environ), stdout=io.StringIO(), stderr=io.StringIO())
    try:
        return env.database_url()
    finally:
        env.close()


def scratch_file(folder: Path) -> Path:
    """The scratch database in ``folder``."""
    return folder / "warm-up.sqlite"


def run_quietly(
    command: Any, folder: Path, commands: Sequence[list[str]], now: str = MORNING_NOW
) -> list[list[str]]:
    """Run ``commands`` on the scratch database in ``folder`` at ``now``, their output going
    nowhere, their config and data folder ``folder``'s (never the user's: a broken config
    there would fail them); one that fails does not stop the others (a warm-up, not a test).
    The commands that failed."""
    database = ["--db", str(scratch_file(folder))]
    environ = {
        "HOME": str(folder),
        "COO_TODO_CONFIG": str(folder / "config.toml"),  # not the user's: platformdirs
        "COO_TODO_DATA_DIR": str(folder),  # would find theirs from this process's environment
        "COO_TODO_NOW": now,
    }
    failed = []
    for args in commands:
        printed = io.StringIO()
        env = Env(environ=dict(environ), stdout=printed, stderr=printed)
        try:
            with redirect_stdout(printed), redirect_stderr(printed):  # Click's own help
                status = command.main([*database, *args], "todo", obj=env, standalone_mode=False)
        except Exception:  # a warm-up: the next command warms what it can
            status = 1
        finally:
            env.close()
        if status:
            failed.append(args)
    return failed
