"""Shared fixtures: a temporary database, a fixed clock, a CliRunner."""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coo_todo.cli import app

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
            f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
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


@pytest.fixture
def todo() -> Todo:
    return Todo()


@pytest.fixture
def write_config(isolated: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = isolated / "config.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
