"""One process, many commands: each command writes to the streams of the Env it receives and
reads its clock, database and settings from it, never from the process (the seam a resident
command server builds on)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from coo_todo.cli import app
from coo_todo.cli.app import Env


def _env(tmp_path: Path, name: str, now: str, weights: str) -> Env:
    """An Env of its own: database, config file, clock and streams."""
    config = tmp_path / f"{name}.toml"
    config.write_text(f"[weights]\n{weights}\n", encoding="utf-8")
    environ = {
        **os.environ,
        "COO_TODO_DB": str(tmp_path / f"{name}.sqlite"),
        "COO_TODO_CONFIG": str(config),
        "COO_TODO_NOW": now,
    }
    return Env(environ=environ, stdout=io.StringIO(), stderr=io.StringIO())


def _run(env: Env, *args: str) -> int:
    return app(list(args), obj=env, standalone_mode=False) or 0


def _taken(stream: object) -> str:
    """What a stream of ``_env`` holds, emptied."""
    assert isinstance(stream, io.StringIO)
    text = stream.getvalue()
    stream.seek(0)
    stream.truncate()
    return text


def test_two_commands_in_one_process_each_use_their_own_env(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _env(tmp_path, "first", "2026-11-26T09:00:00", "impact = 12")
    second = _env(tmp_path, "second", "2026-12-01T09:00:00", "impact = 1")

    assert _run(first, "add", "Renew Acme contract", "--due", "tomorrow") == 0
    assert _run(second, "add", "Book the offsite", "--due", "tomorrow") == 0
    assert _taken(first.stdout).startswith("Added #1 Renew Acme contract")
    assert _taken(second.stdout).startswith("Added #1 Book the offsite")

    assert _run(first, "list", "--json") == 0
    assert _run(second, "list", "--json") == 0
    (mine,) = json.loads(_taken(first.stdout))
    (theirs,) = json.loads(_taken(second.stdout))
    assert (mine["title"], mine["due"][:10]) == ("Renew Acme contract", "2026-11-27")
    assert (theirs["title"], theirs["due"][:10]) == ("Book the offsite", "2026-12-02")

    assert _run(first, "config", "show", "--json") == 0
    assert _run(second, "config", "show", "--json") == 0
    assert json.loads(_taken(first.stdout))["impact"] == 12.0
    assert json.loads(_taken(second.stdout))["impact"] == 1.0

    assert _run(second, "show", "99") == 1
    assert _taken(second.stderr) == "error: no task #99\n"
    assert _run(first, "--version") == 0
    assert _taken(first.stdout).startswith("coo-todo ")

    assert _taken(first.stderr) == _taken(second.stdout) == ""
    assert capsys.readouterr() == ("", ""), "a command wrote to the process's own streams"
