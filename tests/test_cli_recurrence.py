"""Recurring tasks through the command line: ``every:`` and ``--every`` on add and edit, the
next occurrence that ``done`` brings (and ``undo`` takes back), ``skip``, ``recur stop``, and
missed occurrences collapsed into one. The clock: Thursday 26 November 2026, 09:00, Paris."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.conftest import Database, Todo
from tests.test_cli_fuzz import time_limit
from tests.test_concurrency import _race_behind_a_held_lock, env  # noqa: F401 (a fixture)


def test_done_brings_the_next_occurrence_with_the_same_fields(todo: Todo) -> None:
    todo("add", "Weekly KPI review", "every:fri", "+kpi", "impact:4", "area:Finance")
    first = todo.json("show", "1")
    assert first["recurrence"] == "FREQ=WEEKLY;BYDAY=FR"
    assert first["every"] == "every Friday"
    assert first["due"] == "2026-11-27T23:59:59+01:00"  # the rule's first day
    out = todo("done", "1").stdout
    assert out.startswith("Done #1 Weekly KPI review")
    assert "Next #2 Weekly KPI review" in out and "every Friday" in out
    following = todo.json("show", "2")
    assert following["due"] == "2026-12-04T23:59:59+01:00"
    for key in ("title", "impact", "area", "tags", "recurrence", "status"):
        assert following[key] == {**first, "status": "open"}[key], key
    assert [task["id"] for task in todo.json("list")] == [2]


def test_a_recurring_done_runs_a_plain_ones_statements_and_four_more(todo: Todo) -> None:
    """The statements of a recurring done are those of a plain done (the same SQL: a spare
    that compiled one compiled the other) and four for the next occurrence: one read of the
    series and of the tags, and the inserts of the occurrence, its tags and its history."""
    todo("add", "Call Acme", "due:fri", "+sales", "+kpi")
    todo("add", "Weekly KPI review", "every:fri", "+sales", "+kpi")

    def statements(*args: str) -> Counter[str]:
        found: Counter[str] = Counter()

        def executed(*event_args: Any) -> None:
            compiled = event_args[4].compiled  # the SQL before its lists of ids are spelled out
            found[event_args[2] if compiled is None else compiled.string] += 1

        event.listen(Engine, "after_cursor_execute", executed)
        try:
            todo(*args)
        finally:
            event.remove(Engine, "after_cursor_execute", executed)
        return found

    plain, recurring = statements("done", "1"), statements("done", "2")
    assert not plain - recurring
    assert (recurring - plain).total() == 4
    assert todo.json("show", "3")["tags"] == ["kpi", "sales"]


def test_the_rule_shows_in_words(todo: Todo) -> None:
    todo("add", "Close the books", "--every", "last-working-day")
    assert "every last working day of the month" in todo("show", "1").stdout
    assert "every last working day" in todo("list").stdout
    assert "every last working day" in todo("triage").stdout


def test_the_last_working_day_is_the_configs(
    todo: Todo, write_config: Callable[[str], Path]
) -> None:
    write_config('[work]\ndays = ["mon", "tue", "wed", "thu"]\n')
    todo("add", "Close the books", "every:last-working-day")
    assert todo.json("show", "1")["recurrence"] == "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH;BYSETPOS=-1"
    todo("edit", "1", "--every", "weekday")
    assert todo.json("show", "1")["recurrence"] == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH"


def test_undo_of_a_done_takes_the_next_occurrence_back(todo: Todo) -> None:
    todo("add", "Weekly KPI review", "every:fri")
    todo("done", "1")
    out = todo("undo").stdout
    assert "created #2" in out and "done #1" in out
    assert [(t["id"], t["status"]) for t in todo.json("list", "--status", "all")] == [(1, "open")]


def test_skip_drops_this_occurrence_and_brings_the_next(todo: Todo) -> None:
    todo("add", "Board pack", "--every", "every 3 months on the 15th")
    assert todo.json("show", "1")["due"].startswith("2026-12-15")
    out = todo("skip", "1").stdout
    assert out.startswith("Skipped #1") and "Next #2" in out
    assert todo.json("show", "1")["status"] == "dropped"
    assert todo.json("show", "2")["due"].startswith("2027-03-15")
    assert "skipped #1" in todo("undo").stdout
    assert [task["id"] for task in todo.json("list", "--status", "all")] == [1]
    todo("skip", "1")
    one_off = todo.add("One-off")
    assert "does not repeat" in todo("skip", str(one_off), code=2).stderr


def test_recur_stop_ends_the_rule_and_keeps_the_occurrence(todo: Todo) -> None:
    todo("add", "Weekly KPI review", "every:fri")
    assert todo("recur", "stop", "1").stdout.startswith("Stopped #1")
    assert todo.json("show", "1")["recurrence"] is None
    assert "Next" not in todo("done", "1").stdout
    assert todo.json("list", "--status", "all")[-1]["id"] == 1


def test_edit_sets_changes_and_clears_the_rule(todo: Todo) -> None:
    todo("add", "Knowledge-sharing session")
    todo("edit", "1", "--every", "2 weeks on mon")
    task = todo.json("show", "1")
    assert task["every"] == "every 2 weeks on Monday"
    assert task["due"] == "2026-11-30T23:59:59+01:00"  # given a due date on the rule's day
    todo("edit", "1", "every:first-mon")
    assert todo.json("show", "1")["every"] == "every first Monday of the month"
    todo("edit", "1", "--every", "none")
    assert todo.json("show", "1")["recurrence"] is None
    assert "cannot read recurrence" in todo("edit", "1", "--every", "sometimes", code=2).stderr


def test_missed_occurrences_collapse_into_one(todo: Todo) -> None:
    todo("add", "Weekly KPI review", "every:fri", "due:2026-10-30")
    todo("done", "1")
    following = todo.json("list")
    assert len(following) == 1
    assert following[0]["title"] == "Weekly KPI review (2 missed)"
    assert following[0]["due"].startswith("2026-11-20")  # the latest past Friday
    todo("done", "2")
    assert todo.json("show", "3")["title"] == "Weekly KPI review"  # on time again


def test_reopening_an_occurrence_whose_next_is_open_is_refused(todo: Todo) -> None:
    todo("add", "Weekly KPI review", "every:fri")
    todo("done", "1")
    assert "next occurrence #2 is open" in todo("reopen", "1", code=2).stderr
    todo("drop", "2")
    todo("reopen", "1")


@pytest.mark.slow
def test_concurrent_done_brings_one_next_occurrence(
    env: dict[str, str],  # noqa: F811
    database: Database,
) -> None:
    from tests.test_concurrency import todo_run

    assert todo_run(env, "add", "Weekly KPI review", "every:fri").returncode == 0
    results = _race_behind_a_held_lock(env, database, [["done", "1"], ["done", "1"], ["skip", "1"]])
    # The first one wins; a done after it finds the task closed ("already done") or turns a
    # skipped task done; nothing after the first brings a next occurrence.
    assert any(result.returncode == 0 for result in results)
    assert sum(result.stdout.count("Next #") for result in results) == 1
    rows = database.rows("SELECT id FROM task WHERE status = 'open'")
    assert len(rows) == 1


TEMPLATE = "7f1c1ef6-9c6e-4a35-9d6f-0b8f3f0f7a10"
TASKWARRIOR = [
    {"uuid": TEMPLATE, "description": "Weekly KPI review", "status": "recurring",
     "recur": "weekly", "due": "20261106T230000Z", "mask": "+--"},
    {"uuid": "7f1c1ef6-9c6e-4a35-9d6f-0b8f3f0f7a11", "description": "Weekly KPI review",
     "status": "completed", "recur": "weekly", "parent": TEMPLATE, "imask": 0,
     "due": "20261119T230000Z", "end": "20261120T100000Z"},
    {"uuid": "7f1c1ef6-9c6e-4a35-9d6f-0b8f3f0f7a12", "description": "Weekly KPI review",
     "status": "pending", "recur": "weekly", "parent": TEMPLATE, "imask": 2,
     "due": "20261203T230000Z"},
    {"uuid": "7f1c1ef6-9c6e-4a35-9d6f-0b8f3f0f7a13", "description": "Weekly KPI review",
     "status": "pending", "recur": "weekly", "parent": TEMPLATE, "imask": 1,
     "due": "20261126T230000Z"},
    {"uuid": "7f1c1ef6-9c6e-4a35-9d6f-0b8f3f0f7a14", "description": "Pay rent",
     "status": "pending", "recur": "2w", "due": "20261130T230000Z"},
]  # fmt: skip


def test_taskwarrior_recurring_instances_make_one_series_with_one_open(todo: Todo) -> None:
    lines = "\n".join(json.dumps(record) for record in TASKWARRIOR)
    todo("import", "-", "--from", "taskwarrior", input=lines)
    tasks = todo.json("list", "--status", "all")
    kpi = [task for task in tasks if task["title"] == "Weekly KPI review"]
    assert [(task["status"], task["due"][:10]) for task in kpi] == [
        ("done", "2026-11-20"),
        ("open", "2026-11-27"),  # the first pending instance; the later one is left out
    ]
    assert {task["recurrence"] for task in kpi} == {"FREQ=WEEKLY"}
    rent = next(task for task in tasks if task["title"] == "Pay rent")
    assert rent["every"] == "every 2 weeks"
    open_kpi = kpi[1]["id"]
    assert "Next" in todo("done", str(open_kpi)).stdout
    assert todo.json("list")[-1]["due"][:10] == "2026-12-04"


def test_todotxt_rec_reads_as_a_rule(todo: Todo) -> None:
    lines = "Water the plants due:2026-11-27 rec:1w\nCall the bank rec:+1m due:2026-11-30\n"
    todo("import", "-", "--from", "todotxt", input=lines)
    tasks = todo.json("list")
    assert [task["every"] for task in tasks] == ["every week", "every month"]
    assert "Next" in todo("done", str(tasks[1]["id"])).stdout
    assert todo.json("list")[-1]["due"][:10] == "2026-12-30"


def test_a_backup_keeps_rules_and_series(todo: Todo, tmp_path: Path) -> None:
    todo("add", "Weekly KPI review", "every:fri")
    todo("done", "1")
    backup = todo("export", "--format", "json").stdout
    other = ["--db", str(tmp_path / "other.db")]
    todo(*other, "import", "-", "--from", "json", input=backup)
    restored = todo.json(*other, "list", "--status", "all")
    assert [task["recurrence"] for task in restored] == ["FREQ=WEEKLY;BYDAY=FR"] * 2
    series = {json.loads(backup)["tasks"][n]["series"] for n in (0, 1)}
    assert len(series) == 1 and None not in series
    assert "already" not in todo(*other, "done", "2").stdout
    assert len(todo.json(*other, "list")) == 1


@pytest.mark.parametrize("rule", ["FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=-1"])
def test_a_rule_that_never_moves_is_refused_before_done_can_loop(todo: Todo, rule: str) -> None:
    """Once stored, an interval of 0 made ``done`` loop for ever (-1: a traceback)."""
    assert "cannot read recurrence" in todo("add", "Stuck", "--every", rule, code=2).stderr
    todo("add", "Stuck")
    assert "cannot read recurrence" in todo("edit", "1", "--every", rule, code=2).stderr
    assert todo.json("show", "1")["recurrence"] is None


@pytest.mark.parametrize("rule", ["FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=-1", "FREQ=HOURLY"])
def test_a_rule_stored_before_it_was_checked_stops_done_with_a_way_out(
    todo: Todo, database: Database, rule: str
) -> None:
    """A database written before rules were checked may hold one that never moves: ``done``
    looped for ever on it. It now refuses in one line, names the way out, and writes nothing."""
    todo("add", "Stuck", "--due", "fri", "--every", "day")
    database.execute("UPDATE task SET recurrence = :rule WHERE id = 1", rule=rule)
    with time_limit(30, "done 1"):
        error = todo("done", "1", code=2).stderr
    assert error.startswith("error: task #1 repeats by a rule that cannot bring a next one")
    assert "todo recur stop 1" in error and len(error.splitlines()) == 1
    assert todo.json("show", "1")["status"] == "open"
    todo("recur", "stop", "1")
    assert "Done #1" in todo("done", "1").stdout


def test_a_rule_with_no_date_after_the_due_day_is_refused(todo: Todo) -> None:
    """With a due date, an ended rule was taken: done brought nothing, the rule was noise."""
    for rule in ("FREQ=DAILY;UNTIL=20000101", "FREQ=WEEKLY;COUNT=1"):
        error = todo("add", "Close the books", "--due", "fri", "--every", rule, code=2).stderr
        assert error == f"error: the rule {rule} has no date left\n"
    todo("add", "Close the books", "--due", "fri")
    todo("edit", "1", "--every", "FREQ=DAILY;UNTIL=20261126", code=2)
    assert todo.json("show", "1")["recurrence"] is None
    todo("edit", "1", "--every", "FREQ=DAILY;COUNT=2")  # brings Saturday, then ends
    assert "Next #2" in todo("done", "1").stdout


def test_every_month_from_the_31st_and_every_year_from_29_february_skip_nothing(
    todo: Todo,
) -> None:
    """Each occurrence anchors the next, and RFC 5545 skips a month without the anchor's day:
    every month from 31 December went to 31 March, every year from 29 February 2028 to 2032."""
    todo("add", "Month-end close", "--due", "2026-12-31", "--every", "month")
    todo("add", "Leap review", "--due", "2028-02-29", "--every", "year")
    assert "every month on the 31st" in todo("show", "1").stdout
    dues = []
    for task_id in (1, 3, 4):
        dues.append(todo.json("show", str(task_id))["due"][:10])
        todo("done", str(task_id))
    assert dues == ["2026-12-31", "2027-01-31", "2027-02-28"]
    assert todo.json("show", "5")["due"][:10] == "2027-03-31"
    assert "Next #6 Leap review" in todo("done", "2").stdout
    assert todo.json("show", "6")["due"][:10] == "2029-02-28"
    todo("add", "Mid-month", "--due", "2026-12-15", "--every", "month")
    assert todo.json("show", "7")["recurrence"] == "FREQ=MONTHLY"


def test_a_rule_of_working_days_skips_the_configs_holidays(
    todo: Todo, write_config: Callable[[str], Path]
) -> None:
    """The 31 December 2026 (a Thursday) and Friday 27 November are holidays: the last
    working day of December is the 30th, the working day after Thursday 26 November is
    Monday 30; ``every:fri`` is the user's own day and stays on the 27th."""
    write_config('[work]\nholidays = ["2026-11-27", "2026-12-31"]\n')
    todo("add", "Close the books", "every:last-working-day")
    assert todo.json("show", "1")["due"] == "2026-11-30T23:59:59+01:00"
    assert "Next #2 Close the books · " in todo("done", "1").stdout
    assert todo.json("show", "2")["due"] == "2026-12-30T23:59:59+01:00"
    todo("add", "Stand-up notes", "every:weekday")
    assert todo.json("show", "3")["due"] == "2026-11-26T23:59:59+01:00"
    todo("done", "3")
    assert todo.json("show", "4")["due"] == "2026-11-30T23:59:59+01:00"
    todo("add", "Weekly KPI review", "every:fri")
    assert todo.json("show", "5")["due"] == "2026-11-27T23:59:59+01:00"
