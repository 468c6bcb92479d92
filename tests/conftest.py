"""Shared fixtures: a temporary database, a fixed clock, a CliRunner."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coo_todo.cli import app

NOW = "2026-11-26T09:00:00"
"""A Thursday morning, read in the tests' local zone (Europe/Paris, UTC+1 in November)."""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own database, config and data folder, a fixed clock and time zone."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    monkeypatch.setenv("COO_TODO_NOW", NOW)
    monkeypatch.setenv("COO_TODO_DB", str(tmp_path / "todo.sqlite"))
    monkeypatch.setenv("COO_TODO_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("COO_TODO_DATA_DIR", str(tmp_path / "data"))
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
