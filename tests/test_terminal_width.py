"""Output fits the terminal's width: an unusable COLUMNS means "unknown", and the id and the
title are the last columns to go (#10, 22)."""

from __future__ import annotations

import io

import pytest

from coo_todo.cli.app import VisibleConsole
from tests.conftest import Todo

TITLE = "Renew the Acme contract before Friday"
TRIAGE_COLUMNS = ("#", "Imp", "Effort", "Quadrant", "Due", "Score")
"""The triage's optional columns in the order they go as the width shrinks (area and tags go
first, below 90 and 100 columns)."""


@pytest.fixture
def tasks(todo: Todo) -> Todo:
    todo("add", TITLE, "impact:5", "due:fri", "effort:1h", "area:Sales", "+renewal")
    todo("add", "Second task")
    return todo


def header(output: str) -> list[str]:
    """The column names of the table in ``output``: the line above its rule."""
    lines = output.splitlines()
    rule = next(n for n, line in enumerate(lines) if line.strip().startswith("─"))
    return lines[rule - 1].split()


def shows_title(output: str) -> bool:
    """Whether every word of the title is in ``output`` (wrapped or not)."""
    return set(TITLE.split()) <= set(output.split())


@pytest.mark.parametrize("columns", ["0", "-3", "wide", ""])
def test_an_unusable_columns_means_80_errors_included(
    tasks: Todo, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    for command in ("triage", "list"):
        out = tasks(command).stdout
        assert shows_title(out) and max(map(len, out.splitlines())) == 80
    assert tasks("show", "9", code=1).stderr == "error: no task #9\n"


@pytest.mark.parametrize("width", [20, 40, 60, 100])
@pytest.mark.parametrize("command", ["triage", "list"])
def test_the_id_and_the_title_are_the_last_columns_to_go(
    tasks: Todo, monkeypatch: pytest.MonkeyPatch, width: int, command: str
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = tasks(command).stdout
    lines = out.splitlines()
    assert max(map(len, lines)) <= width
    assert header(out)[:2] in (["ID", "Title"], ["#", "ID"])
    assert "…" not in out, "no column is cut short"
    assert shows_title(out)
    assert any(line.split()[:2] in (["1", "Renew"], ["1", "1"]) for line in lines)


def test_triage_leaves_columns_out_in_order(tasks: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    for width in range(20, 101, 5):
        monkeypatch.setenv("COLUMNS", str(width))
        names = [name for name in TRIAGE_COLUMNS if name in header(tasks("triage").stdout)]
        assert names == list(TRIAGE_COLUMNS[len(TRIAGE_COLUMNS) - len(names) :])
        shown.append(len(names))
    assert shown == sorted(shown) and shown[0] == 0 and shown[-1] == len(TRIAGE_COLUMNS)
    monkeypatch.setenv("COLUMNS", "40")
    assert header(tasks("triage").stdout) == ["ID", "Title", "Score", "Due"]


@pytest.mark.parametrize("value", ["0", "-1", "x", ""])
def test_the_console_takes_an_unusable_size_for_unknown(value: str) -> None:
    """Rich would take COLUMNS=0 and LINES=0 as they are: no room for anything."""
    environ = {"COLUMNS": value, "LINES": value, "TERM": "xterm"}
    console = VisibleConsole(environ, file=io.StringIO())
    assert (console.width, console.height) == (80, 25)
    assert VisibleConsole({"COLUMNS": "33", "LINES": "7"}, file=io.StringIO()).size == (33, 7)
