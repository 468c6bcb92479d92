"""Data safety with real processes on one database: concurrent writers, and SIGKILL mid-write.

Every test runs the installed ``todo`` command in separate OS processes (never threads), so
the database's own locking is what is actually exercised: on SQLite its file locks, WAL mode
and the busy timeout; on PostgreSQL the write lock of ``store.dialect`` and row locks. Each
test runs on both databases unless it is about SQLite's file. Figures (processes, tasks, wall
time, kills) are printed: run with ``pytest -s`` to see them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tests.conftest import Database, Todo
from tests.postgres import PostgresServer

pytestmark = pytest.mark.slow

TABLES = ("task", "task_tag", "dependency", "event", "person")


def _todo_command() -> list[str]:
    """The installed ``todo`` script of this interpreter's environment, else ``python -m``."""
    script = Path(sys.executable).with_name("todo")
    if script.exists():
        return [str(script)]
    found = shutil.which("todo", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "coo_todo"]


TODO = _todo_command()

WORKER = """
import json, subprocess, sys, time
from pathlib import Path

command, go, plan = json.loads(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
deadline = time.monotonic() + 60
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.005)
failed = False
for args in plan:
    run = subprocess.run([*command, *args], capture_output=True, text=True)
    failed = failed or run.returncode != 0
    print(json.dumps({"args": args, "code": run.returncode, "out": run.stdout,
                      "err": run.stderr}), flush=True)
sys.exit(1 if failed else 0)
"""
"""One worker: waits for the go file, then runs ``todo ARGS`` for each ARGS of its plan, one
after the other; prints one JSON line per run and exits 1 if any ``todo`` run failed."""


@dataclass(frozen=True)
class Run:
    """One ``todo`` process a worker ran."""

    args: list[str]
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Worker:
    code: int
    runs: list[Run]
    stderr: str


@pytest.fixture
def env(database: Database) -> dict[str, str]:
    """The environment for child processes: this test's database, config, clock and zone."""
    return {**os.environ, "COO_TODO_DB": database.url}


def todo_run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TODO, *args], capture_output=True, text=True, env=env, timeout=120)


def run_workers(
    plans: Sequence[Sequence[Sequence[str]]], env: dict[str, str], go: Path
) -> tuple[list[Worker], float]:
    """Start one worker process per plan, release them together; their results, wall time."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, json.dumps(TODO), str(go), json.dumps(plan)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for plan in plans
    ]
    time.sleep(0.2)  # let every worker reach its wait loop
    started = time.monotonic()
    go.touch()
    workers = []
    for process in processes:
        out, err = process.communicate(timeout=900)
        runs = [Run(**json.loads(line)) for line in out.splitlines()]
        workers.append(Worker(process.returncode, runs, err))
    return workers, time.monotonic() - started


@contextlib.contextmanager
def connect_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the data tables, in a stable order."""
    return {table: db.rows(f"SELECT * FROM {table} ORDER BY 1, 2") for table in TABLES}


def assert_db_check(env: dict[str, str]) -> None:
    check = todo_run(env, "db", "check")
    assert check.returncode == 0, check.stderr
    assert "integrity ok" in check.stdout


# -- 1. concurrent adds --------------------------------------------------------------------


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return f"{lines[-1]} ({len(lines)} lines)" if len(lines) > 1 else "".join(lines)


def _check_concurrent_adds(
    workers: list[Worker], db: Database, expected: set[str], env: dict[str, str]
) -> None:
    for number, worker in enumerate(workers):
        failures = [
            f"{run.args}: exit {run.code}: {_last_line(run.err)}"
            for run in worker.runs
            if run.code != 0
        ]
        assert worker.code == 0 and not failures, (
            f"worker {number} exited {worker.code}: {failures[:3]} {worker.stderr}"
        )
        assert all(run.out.startswith("Added #") for run in worker.runs)
    printed = [int(run.out.split()[1].lstrip("#")) for w in workers for run in w.runs]
    assert len(printed) == len(set(printed)) == len(expected), "two processes got one id"
    rows = db.rows("SELECT id, title FROM task ORDER BY id")
    ids = [task_id for task_id, _ in rows]
    assert len(ids) == len(set(ids)) == len(expected)
    assert ids == list(range(1, len(expected) + 1)) and sorted(printed) == ids
    assert sorted(title for _, title in rows) == sorted(expected)
    assert db.rows("SELECT kind, count(*) FROM event GROUP BY kind") == [("created", len(expected))]
    if db.kind == "sqlite":
        assert db.rows("PRAGMA journal_mode") == [("wal",)]
    assert_db_check(env)


def test_eight_processes_adding_fifteen_tasks_each_lose_nothing(
    env: dict[str, str], database: Database, isolated: Path
) -> None:
    """120 processes in all: each write still meets seven others' (50 each took two minutes of
    the suite's six on two cores, and found nothing 15 do not)."""
    workers_count, per_worker = 8, 15
    init = todo_run(env, "db", "upgrade")  # the schema exists before the race starts
    assert init.returncode == 0, init.stderr
    plans = [[["add", f"w{w}-{i}"] for i in range(per_worker)] for w in range(workers_count)]
    workers, wall = run_workers(plans, env, isolated / "go")
    expected = {f"w{w}-{i}" for w in range(workers_count) for i in range(per_worker)}
    print(
        f"\nconcurrent adds: {workers_count} workers x {per_worker} `todo add` processes = "
        f"{len(expected)} tasks in {wall:.1f} s"
    )
    _check_concurrent_adds(workers, database, expected, env)


class Databases:
    """More databases of the test's kind: new ones with no schema (SQLite files that do not
    exist yet, empty databases on the PostgreSQL server) and copies."""

    def __init__(self, kind: str, folder: Path, server: PostgresServer | None) -> None:
        self.kind, self.folder, self.server = kind, folder, server
        self.numbers = itertools.count()
        self.made: list[str] = []

    def new(self) -> Database:
        if self.server is None:
            path = self.folder / f"db-{next(self.numbers)}.sqlite"
            assert not path.exists()
            return Database("sqlite", str(path))
        self.made.append(self.server.new_database())
        return Database("postgresql", self.made[-1])

    def copy(self, original: Database) -> Database:
        """A copy of ``original`` (which nothing may be connected to)."""
        if self.server is None:
            copy = self.new()
            shutil.copy(original.url, copy.url)
            return copy
        name = next(self.server.names)
        template = make_url(original.url).database
        self.server.admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.made.append(self.server.url_of(name))
        return Database("postgresql", self.made[-1])

    def drop(self) -> None:
        """Drop the PostgreSQL databases made (SQLite's go with the test's folder)."""
        assert self.server is not None or not self.made
        for url in self.made:
            self.server.drop_database(url)  # type: ignore[union-attr]


@pytest.fixture
def databases(
    database: Database, isolated: Path, request: pytest.FixtureRequest
) -> Iterator[Databases]:
    server = request.getfixturevalue("postgres_server") if database.kind != "sqlite" else None
    made = Databases(database.kind, isolated, server)
    yield made
    made.drop()


def test_eight_processes_on_a_brand_new_database_create_its_schema_once(
    env: dict[str, str], isolated: Path, databases: Databases
) -> None:
    """8 processes start at once on a database that has no schema yet (an SQLite file that
    does not exist, an empty PostgreSQL database), each adding 3 tasks; on 2 new databases in
    a row, since a lost race would show in most rounds, not all."""
    from coo_todo.migrations import HEAD

    rounds, workers_count, per_worker = 2, 8, 3
    failed: list[str] = []
    results = []
    for round_number in range(rounds):
        db = databases.new()
        round_env = {**env, "COO_TODO_DB": db.url}
        plans = [[["add", f"new{w}-{i}"] for i in range(per_worker)] for w in range(workers_count)]
        workers, wall = run_workers(plans, round_env, isolated / f"go-{round_number}")
        print(
            f"\nfirst use, round {round_number + 1}: {workers_count} workers x {per_worker} "
            f"`todo add` on a new database in {wall:.1f} s"
        )
        failed += [
            f"round {round_number + 1}: exit {run.code}: {_last_line(run.err)}"
            for worker in workers
            for run in worker.runs
            if run.code != 0 or run.err
        ]
        results.append((workers, db, round_env))
    assert not failed, f"{len(failed)} process(es) failed:\n" + "\n".join(failed)
    for workers, db, round_env in results:
        expected = {f"new{w}-{i}" for w in range(workers_count) for i in range(per_worker)}
        _check_concurrent_adds(workers, db, expected, round_env)
        assert db.rows("SELECT version_num FROM alembic_version") == [(HEAD,)]


# -- 2. concurrent done / edit on one task --------------------------------------------------


def _events(db: Database, task_id: int) -> list[tuple[str, dict[str, Any]]]:
    """The kind and changes of a task's events, in commit order (PostgreSQL's driver parses
    the JSON column itself)."""
    rows = db.rows("SELECT kind, changes FROM event WHERE task_id = :id ORDER BY id", id=task_id)
    return [
        (kind, json.loads(changes) if isinstance(changes, str) else changes)
        for kind, changes in rows
    ]


STATUS_OF = {"done": "done", "reopened": "open", "dropped": "dropped"}


def test_concurrent_done_and_edit_on_one_task_keep_every_write(
    env: dict[str, str], database: Database, isolated: Path
) -> None:
    """4 processes rename task 1 and set its impact while one marks it done and one reopens
    it, all at once. ``done`` on a done task (``reopen`` on an open one) is refused with exit
    2 and its one-line error; everything else succeeds. Every successful write is in the
    history in commit order, status changes chain (each one's "from" is the previous "to"),
    and the task's fields are the last values the history recorded."""
    created = todo_run(env, "add", "Original title", "--impact", "3")
    assert created.returncode == 0, created.stderr
    rounds, editors = 4, 4
    edit_plans = [
        [
            ["edit", "1", "--title", f"title w{w} r{r}", "--impact", str(1 + (w + r) % 5)]
            for r in range(rounds)
        ]
        for w in range(editors)
    ]
    status_plans = [[["done", "1"]] * rounds, [["reopen", "1"]] * rounds]
    workers, wall = run_workers([*edit_plans, *status_plans], env, isolated / "go")
    processes = sum(len(w.runs) for w in workers)
    print(
        f"\nconcurrent done/edit: {len(workers)} workers, {processes} `todo` processes on "
        f"task 1 in {wall:.1f} s"
    )
    assert processes == (editors + 2) * rounds

    for worker in workers[:editors]:
        assert worker.code == 0, [(r.code, r.err) for r in worker.runs]
        assert all(run.out.startswith("Edited #1 title w") for run in worker.runs)
    succeeded = {}
    for worker, (kind, state) in zip(
        workers[editors:], [("done", "done"), ("reopened", "open")], strict=True
    ):
        for run in worker.runs:
            if run.code != 0:
                assert run.code == 2, run
                assert run.err.strip() == f"error: task #1 is already {state}", run
                assert run.out == ""
            else:
                assert run.out.startswith(f"{kind.capitalize()} #1 "), run
        succeeded[kind] = sum(run.code == 0 for run in worker.runs)
    print(f"  done succeeded {succeeded['done']}x, reopen succeeded {succeeded['reopened']}x")

    events = _events(database, 1)
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "created" and kinds.count("created") == 1
    assert kinds.count("edited") == editors * rounds
    assert kinds.count("done") == succeeded["done"]
    assert kinds.count("reopened") == succeeded["reopened"]
    assert len(kinds) == 1 + editors * rounds + sum(succeeded.values())
    requested = {args[3] for plan in edit_plans for args in plan}
    recorded = [c["title"]["to"] for kind, c in events if kind == "edited"]
    assert sorted(recorded) == sorted(requested), "a successful edit is missing from history"

    status = "open"
    for kind, changes in events:
        if kind in STATUS_OF:
            assert changes["status"] == {"from": status, "to": STATUS_OF[kind]}
            status = STATUS_OF[kind]
    latest: dict[str, Any] = {"title": "Original title", "impact": 3, "status": "open"}
    for _, changes in events[1:]:
        for name in latest:
            if name in changes:
                latest[name] = changes[name]["to"]
    ((title, impact, task_status),) = database.rows("SELECT title, impact, status FROM task")
    assert {"title": title, "impact": impact, "status": task_status} == latest
    assert title == recorded[-1], "the last committed edit does not win"
    assert_db_check(env)
    shown = todo_run(env, "show", "1")
    assert shown.returncode == 0 and title in shown.stdout


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _wait_until_blocked_on_sqlite(
    process: subprocess.Popen[str], db: Path, timeout: float = 60
) -> None:
    """Wait until ``process`` has the database open and has used no CPU for a second: it
    has read the task and now sits in SQLite's busy handler, waiting for the write lock."""
    deadline = time.monotonic() + timeout
    last, still_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        assert process.poll() is None, f"todo exited early: {process.communicate()}"
        fds = Path(f"/proc/{process.pid}/fd")
        has_db = any(os.path.realpath(fd) == str(db.resolve()) for fd in fds.iterdir())
        ticks = _cpu_ticks(process.pid)
        if ticks != last or not has_db:
            last, still_since = ticks, time.monotonic()
        elif time.monotonic() - still_since > 1.0:
            return
        time.sleep(0.05)
    raise AssertionError("todo never blocked on the write lock")


def _wait_until_waiting_on_postgresql(
    processes: Sequence[subprocess.Popen[str]], db: Database, timeout: float = 60
) -> None:
    """Wait until as many sessions of the database as ``processes`` wait for a lock (the
    write lock, or a row lock), and none of the processes has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            assert process.poll() is None, f"todo exited early: {process.communicate()}"
        ((waiting,),) = db.rows(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        if waiting == len(processes):
            return
        time.sleep(0.05)
    raise AssertionError("todo never waited for a lock")


@contextlib.contextmanager
def _held(db: Database, statement: str) -> Iterator[None]:
    """Hold the locks ``statement`` takes, in a transaction of a connection of our own, until
    the block ends (then roll back)."""
    engine = create_engine(db.sqlalchemy_url)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
            yield
            connection.rollback()
    finally:
        engine.dispose()


def _race_behind_a_held_lock(
    env: dict[str, str], db: Database, commands: Sequence[Sequence[str]]
) -> list[subprocess.CompletedProcess[str]]:
    """Start ``commands`` while a lock they need is held, wait until each has opened the
    database and waits, then release it: the commands were truly concurrent. On SQLite the
    lock is the write lock; on PostgreSQL a row lock on task 1 (``FOR UPDATE``), so that
    commands that did not take the program's write lock would all read the task, then
    queue for the row, and both go through."""
    processes: list[subprocess.Popen[str]] = []

    def start() -> None:
        processes.extend(
            subprocess.Popen(
                [*TODO, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
            )
            for args in commands
        )

    if db.kind == "sqlite":
        if not sys.platform.startswith("linux"):
            pytest.skip("reads /proc to see that a process waits for the lock")
        holder = sqlite3.connect(db.url, timeout=30, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            start()
            for process in processes:
                _wait_until_blocked_on_sqlite(process, Path(db.url))
            holder.execute("ROLLBACK")
        finally:
            holder.close()
    else:
        with _held(db, "SELECT id FROM task WHERE id = 1 FOR UPDATE"):
            start()
            _wait_until_waiting_on_postgresql(processes, db)
    results = []
    for args, process in zip(commands, processes, strict=True):
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess([*TODO, *args], process.returncode, out, err))
    return results


def test_concurrent_edits_chain_in_history_and_undo_keeps_the_other(
    env: dict[str, str], database: Database
) -> None:
    assert todo_run(env, "add", "Original title").returncode == 0
    results = _race_behind_a_held_lock(
        env, database, [["edit", "1", "--title", "Title A"], ["edit", "1", "--title", "Title B"]]
    )
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    edits = [changes["title"] for kind, changes in _events(database, 1) if kind == "edited"]
    first, second = edits
    assert first["from"] == "Original title"
    undo = todo_run(env, "undo")
    assert undo.returncode == 0, undo.stderr
    # Undoing the last edit must bring back the title the first edit committed.
    assert database.rows("SELECT title FROM task") == [(first["to"],)]
    assert second["from"] == first["to"], f"history does not chain: {edits}"


def test_concurrent_done_on_one_task_succeeds_once(env: dict[str, str], database: Database) -> None:
    assert todo_run(env, "add", "Only once").returncode == 0
    results = _race_behind_a_held_lock(env, database, [["done", "1"], ["done", "1"]])
    done_events = [c for kind, c in _events(database, 1) if kind == "done"]
    assert sorted(r.returncode for r in results) == [0, 2], (
        f"exit codes {[r.returncode for r in results]}, done events: {done_events}"
    )
    assert [r.stderr.strip() for r in results if r.returncode == 2] == [
        "error: task #1 is already done"
    ]
    assert len(done_events) == 1


@pytest.mark.postgresql_only
def test_a_write_waits_for_the_postgresql_write_lock_and_a_read_does_not(
    env: dict[str, str], database: Database
) -> None:
    """While another session holds the write lock, ``todo add`` waits (its task is not
    there), ``todo list`` does not; once it is released the add goes through."""
    from coo_todo.store.dialect import POSTGRESQL_WRITE_LOCK

    assert todo_run(env, "add", "First").returncode == 0
    with _held(database, f"SELECT pg_advisory_xact_lock({POSTGRESQL_WRITE_LOCK})"):
        adding = subprocess.Popen(
            [*TODO, "add", "Second"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        _wait_until_waiting_on_postgresql([adding], database)
        listed = todo_run(env, "list")
        assert listed.returncode == 0 and "First" in listed.stdout, listed.stderr
        assert database.rows("SELECT title FROM task ORDER BY id") == [("First",)]
    out, err = adding.communicate(timeout=120)
    assert adding.returncode == 0 and out.startswith("Added #2 "), err
    assert database.rows("SELECT title FROM task ORDER BY id") == [("First",), ("Second",)]


@pytest.mark.postgresql_only
def test_a_write_gives_up_when_the_write_lock_stays_held(
    todo: Todo, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like SQLite's busy timeout: a one-line error (exit 3), nothing written."""
    from coo_todo.store import dialect

    todo("add", "First")
    monkeypatch.setattr(dialect, "LOCK_TIMEOUT_SECONDS", 1)
    with _held(database, f"SELECT pg_advisory_xact_lock({dialect.POSTGRESQL_WRITE_LOCK})"):
        result = todo("add", "Second", code=3)
    assert result.stderr == "error: database error: canceling statement due to lock timeout\n"
    assert database.rows("SELECT title FROM task") == [("First",)]


# -- 3. SIGKILL during a bulk done ----------------------------------------------------------


def _wait_for_a_write(process: subprocess.Popen[bytes], db: Database) -> None:
    """Return as soon as the command writes its transaction (SQLite: its WAL file grows;
    PostgreSQL: its session gets a transaction id, given at the first write), or it exits."""
    deadline = time.monotonic() + 120
    if db.kind == "sqlite":
        wal = Path(db.url + "-wal")
        while process.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(FileNotFoundError):
                if wal.stat().st_size > 0:
                    return
        return
    with _watching(db) as watch:
        while process.poll() is None and time.monotonic() < deadline:
            if watch("backend_xid IS NOT NULL"):
                return


@contextlib.contextmanager
def _watching(db: Database) -> Iterator[Callable[[str], int]]:
    """A function counting the other sessions of PostgreSQL database ``db`` that match a
    condition on ``pg_stat_activity`` (each call sees the present: autocommit)."""
    engine = create_engine(db.sqlalchemy_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:

            def count(condition: str) -> int:
                return int(
                    connection.exec_driver_sql(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        f" AND pid <> pg_backend_pid() AND {condition}"
                    ).scalar_one()
                )

            yield count
    finally:
        engine.dispose()


def _wait_until_closed(db: Database) -> None:
    """On PostgreSQL, wait until the server has ended the sessions of a killed command: it
    has rolled back (or finished committing) what the command left."""
    if db.kind == "sqlite":
        return
    deadline = time.monotonic() + 60
    with _watching(db) as watch:
        while watch("true"):
            assert time.monotonic() < deadline, "the server never closed the killed session"
            time.sleep(0.01)


def test_sigkill_during_bulk_done_leaves_all_or_nothing(
    env: dict[str, str], databases: Databases
) -> None:
    """``todo done 1 ... 600`` is killed (SIGKILL) at a random point, on a fresh copy of
    the same database each time: the database stays sound and holds either none of the
    change (killed before its commit: identical to before) or all of it, never a part."""
    from coo_todo.store import Store

    count, kills, seed = 600, 8, 20261126
    base = databases.new()
    moment = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    store = Store(base.sqlalchemy_url, moment)
    for number in range(1, count + 1):
        store.add({"title": f"bulk {number}", "impact": 3, "urgency": 3}, [], [], moment)
    store.close()
    if base.kind == "sqlite":
        with connect_sqlite(Path(base.url)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for leftover in (Path(base.url + end) for end in ("-wal", "-shm")):
            leftover.unlink(missing_ok=True)
    before = snapshot(base)
    assert len(before["task"]) == count and len(before["event"]) == count
    args = [*TODO, "done", *(str(n) for n in range(1, count + 1))]

    def fresh_copy() -> tuple[Database, dict[str, str]]:
        copy = databases.copy(base)
        return copy, {**env, "COO_TODO_DB": copy.url}

    def state(db: Database) -> tuple[int, int]:
        """(tasks done, done events)."""
        if db.kind == "sqlite":
            assert db.rows("PRAGMA integrity_check") == [("ok",)]
        ((done,),) = db.rows("SELECT count(*) FROM task WHERE status = 'done'")
        ((events,),) = db.rows("SELECT count(*) FROM event WHERE kind = 'done'")
        return done, events

    reference, reference_env = fresh_copy()
    started = time.monotonic()
    normal = subprocess.run(args, env=reference_env, capture_output=True, text=True, timeout=300)
    duration = time.monotonic() - started
    assert normal.returncode == 0, normal.stderr
    assert state(reference) == (count, count)

    rng = random.Random(seed)
    outcomes: Counter[tuple[str, str]] = Counter()
    for attempt in range(kills):
        db, run_env = fresh_copy()
        # Half the kills come at a random time over a normal run; the other half a random
        # 0-50 ms after the command starts writing its transaction, to land in the middle of
        # the write and around the commit.
        mode = "timed" if attempt % 2 == 0 else "at write"
        delay = rng.uniform(0.05, duration) if mode == "timed" else rng.uniform(0, 0.05)
        process = subprocess.Popen(
            args, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if mode == "at write":
            _wait_for_a_write(process, db)
        time.sleep(delay)
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert finished or process.returncode == -signal.SIGKILL
        _wait_until_closed(db)
        done, events = state(db)
        if (done, events) == (0, 0):
            assert not finished, "todo done exited without marking anything"
            assert snapshot(db) == before
            outcome = "before commit"
        else:
            assert (done, events) == (count, count), (
                f"kill {attempt} ({mode}, {delay:.3f} s) left {done} tasks done, {events} events"
            )
            outcome = "finished first" if finished else "after commit"
        outcomes[mode, outcome] += 1
        assert_db_check(run_env)
    totals = Counter(outcome for _, outcome in outcomes.elements())
    print(
        f"\nSIGKILL during `todo done` of {count} tasks on {base.kind} (normal run "
        f"{duration:.2f} s, seed {seed}): {kills} runs; killed before commit "
        f"{totals['before commit']}, killed after commit {totals['after commit']}, finished "
        f"before the kill {totals['finished first']}; by mode: "
        + ", ".join(f"{mode}/{outcome} {n}" for (mode, outcome), n in sorted(outcomes.items()))
    )
    assert sum(outcomes.values()) == kills


def test_concurrent_initiative_changes_never_duplicate_its_review_task(
    env: dict[str, str], database: Database, tmp_path: Path
) -> None:
    """Three processes change one initiative at once (members, reviews): each change moves
    or renames its review task, and exactly one stays open."""
    assert (
        todo_run(env, "initiative", "add", "CRM migration", "--review", "every:2w").returncode == 0
    )
    plans = [
        [["initiative", "edit", "crm", "--with", f"Member {n}"], ["initiative", "review", "crm"]]
        for n in range(3)
    ]
    workers, _ = run_workers(plans, env, tmp_path / "go")
    assert [worker.code for worker in workers] == [0, 0, 0], [w.runs for w in workers]
    listed = json.loads(todo_run(env, "list", "--status", "all", "--json").stdout)
    reviews_open = [t for t in listed if "review-meeting" in t["tags"] and t["status"] == "open"]
    assert [task["title"] for task in reviews_open] == [
        "Review CRM migration with Member 0, Member 1, Member 2"
    ]
    reviews = database.rows("SELECT count(*) FROM initiative_review")
    assert reviews == [(3,)]
