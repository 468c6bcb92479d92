"""Time todo triage on PostgreSQL against SQLite on the same list, measured in the same run.

Run after installing the project with its ``postgres`` extra, with the interpreter of its
environment:

    python benchmarks/bench_postgres.py             # 30 open + 100,000 done tasks, 15 runs
    python benchmarks/bench_postgres.py --quick     # 30 open + 2,000 done tasks, 5 runs
    COO_TODO_BENCH_POSTGRES=postgresql://postgres:secret@localhost:5432/postgres \\
        python benchmarks/bench_postgres.py --only command,served

The PostgreSQL server is the one ``COO_TODO_BENCH_POSTGRES`` names (an admin URL: the
benchmark creates a database on it and drops it at the end), else the tests' throwaway cluster
(``tests/postgres.py``: ``COO_TODO_TEST_POSTGRES``, else a new cluster with ``pg_virtualenv``).
Both databases get the same list: the 30 open tasks of ``todo demo``, then the done tasks, in
bulk; PostgreSQL's statistics are then gathered (``VACUUM ANALYZE``), as its autovacuum would.

Issue 14's bar: triage on a local PostgreSQL within 1.3 times SQLite. Figures, PostgreSQL
against SQLite: ``todo triage`` as a real command with no server (``COO_TODO_SERVER=off``);
served (one warm server per database, as for a user who keeps one: a spare worker connects
ahead to the last command's database); warm in this process (everything imported, a new store
per command, as a served worker runs it); and the parts: a connection (psycopg over TCP with a
password, against ``sqlite3.connect``), opening the store (connection and schema check), and
the triage on an open store. Medians of runs alternated with the baseline's (ABAB, BABA); no
figure is an assertion.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_server import Resident, Step, header, measure, report, section
from harness import (
    Run,
    build,
    compare,
    environment,
    machine,
    now,
    selected_groups,
    todo_command,
)

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1.3
"""Issue 14: PostgreSQL within 1.3 times SQLite."""


@contextmanager
def postgres_database(folder: Path) -> Iterator[str]:
    """A new, empty database on the benchmark's PostgreSQL server (its URL, with the
    password); dropped at the end, and the server stopped if this run started it."""
    sys.path.insert(0, str(ROOT))
    from tests.postgres import PostgresServer, Unavailable

    given = os.environ.get("COO_TODO_BENCH_POSTGRES")
    try:
        server = PostgresServer(given) if given else PostgresServer.start(folder)
    except Unavailable as exc:
        raise SystemExit(f"no PostgreSQL server: {exc}") from None
    try:
        url = server.new_database()
        try:
            yield url
        finally:
            server.drop_database(url)
    finally:
        server.stop()


def analyze(url: str) -> None:
    """``VACUUM ANALYZE`` the database at ``url``: what autovacuum does soon after a bulk load."""
    import psycopg
    from sqlalchemy.engine import make_url

    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


class Lists:
    """The same list in an SQLite file and in a PostgreSQL database, and their runs."""

    def __init__(self, folder: Path, postgres_url: str, runs: int, pause: float) -> None:
        self.folder = folder
        self.sqlite = folder / "list.sqlite"
        self.postgres = postgres_url
        self.runs = runs
        self.pause = pause
        self.todo = todo_command()

    def fill(self, done: int) -> None:
        """The 30 open tasks first, then the done ones (their ids explicit: see
        ``harness.bulk_tasks``), in both databases."""
        for label, target in (("SQLite", str(self.sqlite)), ("PostgreSQL", self.postgres)):
            build(f"{label}: the morning's 30 tasks", "morning", target)
            build(f"{label}: {done:,} done tasks", "bulk_tasks", target, done, "done")
        analyze(self.postgres)

    def env(self, kind: str, **extra: str) -> dict[str, str]:
        """The environment of a run on ``kind`` (``sqlite`` or ``postgresql``)."""
        database = self.sqlite if kind == "sqlite" else self.postgres
        return environment(self.folder, database, **extra)

    def triage(self, kind: str, label: str, **extra: str) -> Run:
        return Run(label, [*self.todo, "triage"], self.env(kind, **extra))


def real_command(lists: Lists) -> None:
    """``todo triage`` as a whole process, no server, on each database."""
    section("todo triage as a real command (COO_TODO_SERVER=off), PostgreSQL against SQLite")
    postgres = lists.triage("postgresql", "todo triage on PostgreSQL, no server", **OFF)
    sqlite = lists.triage("sqlite", "todo triage on SQLite, no server", **OFF)
    compare("14", postgres, sqlite, lists.runs, LIMIT)


OFF = {"COO_TODO_SERVER": "off"}


def served(lists: Lists) -> None:
    """Served ``todo triage`` on each database, each database's own warm server (a private
    runtime folder each)."""
    section("todo triage served (a warm server per database), PostgreSQL against SQLite")
    servers = []
    runs = {}
    for kind in ("postgresql", "sqlite"):
        runtime = lists.folder / f"run-{kind}"
        runtime.mkdir(mode=0o700)
        run = lists.triage(kind, f"todo triage on {kind}, served", XDG_RUNTIME_DIR=str(runtime))
        server = Resident(run.env, lists.todo)
        servers.append(server)
        runs[kind] = run
    try:
        for server in servers:
            server.start()
        before = [server.status() for server in servers]
        walls = measure([Step(runs["postgresql"]), Step(runs["sqlite"])], lists.runs, lists.pause)
        after = [server.status() for server in servers]
        header()
        served_count = [
            (a or {}).get("requests", 0) - (b or {}).get("requests", 0)
            for a, b in zip(after, before, strict=True)
        ]
        note = f"  ({served_count[0]} and {served_count[1]} of {lists.runs + 1} served)"
        report("14", runs["postgresql"].label, walls[0], "SQLite, served", walls[1], LIMIT, note)
    finally:
        for server in servers:
            server.stop()


def in_process(lists: Lists) -> None:
    """Warm, in this process: triage as a served worker runs it, on a new connection and on
    one made ahead (``store.engines``, as the server's spare worker does); a connection; the
    store's opening; the triage on an open store."""
    import psycopg
    import typer.main
    from sqlalchemy.engine import make_url

    from coo_todo.cli import app
    from coo_todo.cli.app import Env
    from coo_todo.service.ranking import triage
    from coo_todo.settings import Settings
    from coo_todo.store import Store, engines

    command = typer.main.get_command(app)
    libpq = make_url(lists.postgres).set(drivername="postgresql")
    conninfo = libpq.render_as_string(hide_password=False)
    urls = {"postgresql": lists.postgres, "sqlite": f"sqlite:///{lists.sqlite}"}
    stores = {kind: Store(url, now()) for kind, url in urls.items()}

    def command_run(kind: str) -> Callable[[], None]:
        def run() -> None:
            printed = io.StringIO()
            env = Env(environ=lists.env(kind), stdout=printed, stderr=printed)
            try:
                command.main(["triage"], "todo", obj=env, standalone_mode=False)
            finally:
                env.close()

        return run

    def opening(kind: str) -> Callable[[], None]:
        return lambda: Store(urls[kind], now()).close()

    def ranking(kind: str) -> Callable[[], None]:
        return lambda: triage(stores[kind], now(), Settings())

    def connected_ahead(kind: str) -> Callable[[], None]:
        return lambda: engines.connect_ahead(urls[kind])

    section(f"Warm, in this process (median of {lists.runs * 5} runs), PostgreSQL against SQLite")
    where = f"{libpq.host or 'a Unix socket'}:{libpq.port or 5432}"
    password = "with a password" if libpq.password else "without a password"
    runs = lists.runs * 5
    timed("todo triage, warm in-process, a new connection", command_run, runs, LIMIT)
    timed(
        "todo triage, warm in-process, connected ahead (served)",
        command_run,
        runs,
        LIMIT,
        connected_ahead,
    )
    timed("open the store (connect, check the schema)", opening, runs)
    timed("triage on an open store (the queries, ranking)", ranking, runs)
    connections = {
        "postgresql": lambda: psycopg.connect(conninfo).close(),
        "sqlite": lambda: sqlite3.connect(lists.sqlite).close(),
    }
    timed(f"connect: psycopg to {where} {password} / sqlite3", connections.__getitem__, runs)
    for store in stores.values():
        store.close()


def timed(
    label: str,
    work: Callable[[str], Callable[[], None]],
    runs: int,
    limit: float | None = None,
    before: Callable[[str], Callable[[], None]] | None = None,
) -> None:
    """Median wall times of ``work("postgresql")`` and ``work("sqlite")``, alternated, after a
    warm-up each; ``before`` the same kind's preparation, untimed, before each run."""
    kinds = ("postgresql", "sqlite")
    walls: tuple[list[float], list[float]] = ([], [])
    for index in range(runs + 1):
        order = (0, 1) if index % 2 == 0 else (1, 0)
        for which in order:
            if before is not None:
                before(kinds[which])()
            run = work(kinds[which])
            start = time.perf_counter()
            run()
            if index:  # the first round warms up
                walls[which].append(time.perf_counter() - start)
    pg, lite = (statistics.median(w) * 1000 for w in walls)
    ratio = pg / lite
    verdict = "" if limit is None else f"  limit {limit:.2f} {'ok' if ratio <= limit else 'MISSED'}"
    print(
        f" 14  {label:<58} PostgreSQL {pg:7.2f} ms  SQLite {lite:7.2f} ms  x{ratio:5.2f}{verdict}",
        flush=True,
    )


GROUPS: dict[str, Callable[[Lists], None]] = {
    "command": real_command,
    "served": served,
    "in-process": in_process,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="timed runs per figure (default 15, quick 5)")
    parser.add_argument("--history", type=int, help="done tasks (default 100,000, quick 2,000)")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds before a served run")
    parser.add_argument("--quick", action="store_true", help="5 runs and 2,000 done tasks")
    parser.add_argument("--only", default=",".join(GROUPS), help="comma-separated groups")
    args = parser.parse_args()
    chosen = selected_groups(parser, args.only, list(GROUPS))
    runs = args.runs or (5 if args.quick else 15)
    done = args.history or (2_000 if args.quick else 100_000)
    folder = Path(tempfile.mkdtemp(prefix="ctp-"))  # short: a socket's path is limited
    print(
        f"{machine()}; 30 open + {done:,} done tasks; median of {runs}"
        " runs after a warm-up, each figure alternated with its baseline"
    )
    try:
        with postgres_database(folder) as url:
            lists = Lists(folder, url, runs, args.pause)
            lists.fill(done)
            for name in chosen:
                GROUPS[name](lists)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
