"""Shared fixtures: a temporary database, a fixed clock, a CliRunner."""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from coo_todo.cli import app
from tests.postgres import PostgresServer, Unavailable

NOW = "2026-11-26T09:00:00"
"""A Thursday morning, read in the tests' local zone (Europe/Paris, UTC+1 in November)."""

RUNTIME = Path(tempfile.mkdtemp(prefix="ct-"))
"""The run folder of every command server the suite starts (``XDG_RUNTIME_DIR``), short
enough for a socket's path; checked at the end for servers left running."""


def servers_of_the_suite() -> list[int]:
    """The pids of the command servers started under ``RUNTIME`` that still run."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
        except OSError:  # not a process, or gone, or not ours
            continue
        if b"coo_todo.server" in command and os.fsencode(RUNTIME) in environ:
            found.append(int(entry.name))
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The suite leaves no command server behind: any left is killed, and fails the run."""
    if not Path("/proc/self/environ").exists():
        return
    left = [pid for pid in servers_of_the_suite() if _killed(pid)]
    if left:
        session.exitstatus = 1
        print(f"\nerror: the tests left command servers running: {left} (killed now)")
    else:
        import shutil

        shutil.rmtree(RUNTIME, ignore_errors=True)


def _killed(pid: int) -> bool:
    """Kill ``pid``; True if it was still running (a server that a test forgot)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own database, config and data folder, a fixed clock and time zone."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    monkeypatch.setenv("COO_TODO_NOW", NOW)
    monkeypatch.setenv("COO_TODO_DB", str(tmp_path / "todo.sqlite"))
    monkeypatch.setenv("COO_TODO_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("COO_TODO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(RUNTIME))
    # Subprocesses run in-process, as they test the store, not the server (test_server does).
    monkeypatch.setenv("COO_TODO_SERVER", "off")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


class Todo:
    """Runs ``todo`` in-process, like a user would, and reads its output."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int = 0) -> Any:
        result = self.runner.invoke(app, list(args), input=input)
        assert result.exit_code == code, (
            f"todo {' '.join(args)} exited {result.exit_code}, expected {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}\n"
            + "".join(traceback.format_exception(*result.exc_info) if result.exc_info else [])
        )
        if code == 0:
            assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    def json(self, *args: str) -> Any:
        """Run a command with ``--json`` and parse its stdout."""
        return json.loads(self(*args, "--json").stdout)

    def add(self, *words: str) -> int:
        """Add a task and return its id."""
        match = re.match(r"Added #(\d+) ", self("add", *words).stdout)
        assert match, "todo add did not print the new id first"
        return int(match.group(1))


DATABASES = ("sqlite", "postgresql")
"""The databases every test that asks for ``database`` (or ``todo``) runs on."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test that uses a database once per database, unless it is marked
    ``sqlite_only`` or ``postgresql_only``."""
    if "database" not in metafunc.fixturenames:
        return
    kinds = [
        kind
        for kind in DATABASES
        if not any(
            metafunc.definition.get_closest_marker(f"{other}_only")
            for other in DATABASES
            if other != kind
        )
    ]
    metafunc.parametrize("database", kinds, indirect=True)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """The PostgreSQL server of the run (see tests/postgres.py). Without one the PostgreSQL
    half is skipped with the reason, except in CI (``CI=true``), where it fails."""
    try:
        server = PostgresServer.start(tmp_path_factory.mktemp("postgres"))
    except Unavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs PostgreSQL for half the suite: {exc}", pytrace=False)
        pytest.skip(f"no PostgreSQL server: {exc}")
    yield server
    server.stop()


class Database:
    """The database of one test: ``COO_TODO_DB`` names it; ``rows`` and ``execute`` read and
    change it behind the program's back."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind = kind
        self.url = url

    @property
    def sqlalchemy_url(self) -> str:
        return self.url if "://" in self.url else f"sqlite:///{self.url}"

    def rows(self, sql: str, **parameters: Any) -> list[tuple[Any, ...]]:
        """The rows ``sql`` selects."""
        engine = create_engine(self.sqlalchemy_url)
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(sql), parameters)]
        finally:
            engine.dispose()

    def execute(self, sql: str, **parameters: Any) -> None:
        """Run ``sql`` and commit."""
        engine = create_engine(self.sqlalchemy_url)
        try:
            with engine.begin() as connection:
                connection.execute(text(sql), parameters)
        finally:
            engine.dispose()


@pytest.fixture
def database(
    request: pytest.FixtureRequest, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Database]:
    """The test's empty database: an SQLite file, or a new database on the run's PostgreSQL
    server (dropped afterwards)."""
    if request.param == "sqlite":
        yield Database("sqlite", str(isolated / "todo.sqlite"))
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.new_database()
    monkeypatch.setenv("COO_TODO_DB", url)
    try:
        yield Database("postgresql", url)
    finally:
        server.drop_database(url)


@pytest.fixture
def todo(database: Database) -> Todo:
    return Todo()


def pytest_report_teststatus(report: pytest.TestReport) -> None:
    """Count the tests of the PostgreSQL half, for the summary."""
    if "[postgresql" in report.nodeid and (report.when == "call" or not report.passed):
        POSTGRESQL_HALF[report.outcome] = POSTGRESQL_HALF.get(report.outcome, 0) + 1


POSTGRESQL_HALF: dict[str, int] = {}


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int) -> None:
    """Say how many tests ran on PostgreSQL; in CI, fail a run that skipped any test."""
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(POSTGRESQL_HALF.items()))
    terminalreporter.write_line(f"PostgreSQL half: {counts or 'no test ran'}")
    skipped = len(terminalreporter.stats.get("skipped", []))
    if os.environ.get("CI") == "true" and skipped:
        terminalreporter.write_line(f"error: {skipped} tests skipped; CI skips none")
        terminalreporter._session.exitstatus = 1


@pytest.fixture
def write_config(isolated: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = isolated / "config.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
