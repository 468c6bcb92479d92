"""Snooze (#15): a task set aside until a day, out of the triage and the day's list until then,
woken early by a deadline that comes close, like a delegated task."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Todo


def triage_ids(todo: Todo) -> list[int]:
    return [task["id"] for task in todo.json("triage")]


def test_wait_on_add_hides_a_task_until_that_day(todo: Todo) -> None:
    """Thursday 26 Nov: snoozed until Monday, the task is in no view of today but the list."""
    todo.add("Call the bank wait:mon")
    todo.add("Plain task")
    assert triage_ids(todo) == [2]
    assert "1 snoozed task not shown: todo list --snoozed" in todo("triage").stdout
    assert "Call the bank" not in todo("export").stdout
    assert [task["id"] for task in todo.json("list", "--snoozed")] == [1]
    assert todo.json("show", "1")["snoozed_until"] == "2026-11-30T00:00:00+01:00"
    assert "Snoozed until  Mon 30 Nov" in todo("show", "1").stdout
    added = todo("add", "Later wait:next_tue_9am").stdout
    assert added.endswith("· urgency 3 · snoozed until Tue 1 Dec 09:00\n")


def test_a_snooze_ends_on_its_day(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    todo.add("Call the bank wait:mon")
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-30T00:00:00+01:00")
    assert triage_ids(todo) == [1]
    assert todo.json("list", "--snoozed") == []


def test_snooze_until_and_off_are_undone(todo: Todo) -> None:
    todo.add("Plain task")
    line = todo("snooze", "1", "until", "next", "tue", "9am").stdout
    assert line.startswith("Snoozed #1 Plain task") and "snoozed until Tue 1 Dec 09:00" in line
    assert triage_ids(todo) == []
    assert "snoozed" in todo("show", "1").stdout
    assert todo("undo").stdout.startswith("Undid snoozed #1")
    assert triage_ids(todo) == [1]
    todo("snooze", "1", "+3bd")
    assert todo.json("show", "1")["snoozed_until"] == "2026-12-01T00:00:00+01:00"
    assert todo("snooze", "1", "--off").stdout.startswith("Woke #1")
    assert todo.json("show", "1")["snoozed_until"] is None
    todo("undo")
    assert todo.json("show", "1")["snoozed_until"] == "2026-12-01T00:00:00+01:00"
    todo("edit", "1", "wait:none")
    assert triage_ids(todo) == [1]


def test_a_close_deadline_wakes_a_snoozed_task_early(todo: Todo) -> None:
    """Due Friday, snoozed until Monday: coming back then would be too late, so it stays; due
    in three weeks, it sleeps."""
    todo.add("Board pack due:fri wait:mon")
    todo.add("Budget due:+3w wait:mon")
    assert triage_ids(todo) == [1]


def test_working_calendar_sets_the_snooze(todo: Todo, write_config: Callable[[str], Path]) -> None:
    write_config('[work]\nholidays = ["2026-11-27", "2026-11-30"]\n')
    todo.add("Plain task")
    todo("snooze", "1", "until", "+1bd")
    assert todo.json("show", "1")["snoozed_until"] == "2026-12-01T00:00:00+01:00"


def test_bad_snoozes_are_refused_in_one_line(todo: Todo) -> None:
    todo.add("Plain task")
    todo.add("Done task")
    todo("done", "2")
    for args, message in [
        (("1", "yesterday"), "cannot snooze until 'yesterday' (Wed 25 Nov): give a later day"),
        (("1",), "say when it comes back"),
        (("1", "mon", "--off"), "say when it comes back"),
        (("1", "flurb"), "cannot read date 'flurb'"),
        (("2", "mon"), "task #2 is done: only open tasks snooze"),
        (("9", "mon"), "no task #9"),
    ]:
        error = todo("snooze", *args, code=2 if args[0] != "9" else 1).stderr
        assert message in error and error.count("\n") == 1, error


def test_a_wait_already_past_is_refused_as_snooze_refuses_it(todo: Todo) -> None:
    """``wait:yesterday`` was taken and dropped without a word: the task not hidden at all."""
    for when in ("yesterday", "2026-11-26T08:00", "today"):
        error = todo("add", "Call the bank", f"wait:{when}", code=2).stderr
        assert error.startswith(f"error: cannot snooze until '{when}' (") and error.count("\n") == 1
    todo.add("Call the bank")
    error = todo("edit", "1", "wait:today", code=2).stderr
    assert "cannot snooze until 'today' (Thu 26 Nov): give a later day" in error
    assert [task["id"] for task in todo.json("list", "--status", "all")] == [1]
