"""Capturing and managing tasks through the CLI, against a temporary database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coo_todo.domain import dates
from tests.conftest import Todo

CONTRACT_KEYS = {
    "id",
    "uuid",
    "title",
    "status",
    "impact",
    "urgency",
    "due",
    "effort_minutes",
    "area",
    "tags",
    "score",
    "quadrant",
    "created_at",
    "completed_at",
    "delegate",
    "follow_up",
    "blocked_by",
}


def test_add_with_options_prints_id_and_summary(todo: Todo) -> None:
    result = todo(
        "add",
        "Renew Acme contract",
        "--impact",
        "5",
        "--urgency",
        "4",
        "--due",
        "fri",
        "--effort",
        "1h",
        "--area",
        "Sales",
        "--tag",
        "renewal",
    )
    assert result.stdout.startswith("Added #1 Renew Acme contract")
    assert "impact 5" in result.stdout and "due Fri 27 Nov (tomorrow)" in result.stdout
    task = todo.json("show", "1")
    assert task["title"] == "Renew Acme contract"
    assert (task["impact"], task["urgency"], task["effort_minutes"]) == (5, 4, 60)
    assert task["due"] == "2026-11-27T23:59:59+01:00"
    assert task["area"] == "Sales" and task["tags"] == ["renewal"]


@pytest.mark.parametrize(
    "words",
    [
        [
            "Renew",
            "Acme",
            "contract",
            "due:fri",
            "impact:5",
            "urgency:4",
            "effort:1h",
            "area:Sales",
            "+renewal",
        ],
        ["Renew Acme contract due:fri impact:5 urgency:4 effort:1h area:Sales +renewal"],
    ],
    ids=["separate-words", "one-quoted-string"],
)
def test_inline_attributes_equal_options(todo: Todo, words: list[str]) -> None:
    todo("add", *words)
    task = todo.json("show", "1")
    assert task["title"] == "Renew Acme contract"
    assert (task["impact"], task["urgency"], task["effort_minutes"]) == (5, 4, 60)
    assert task["due"] == "2026-11-27T23:59:59+01:00"
    assert (task["area"], task["tags"]) == ("Sales", ["renewal"])


def test_word_with_unknown_key_stays_in_title(todo: Todo) -> None:
    todo("add", "Call re: pricing 10:30 due:tomorrow")
    task = todo.json("show", "1")
    assert task["title"] == "Call re: pricing 10:30"
    assert task["due"] == "2026-11-27T23:59:59+01:00"


def test_literal_keeps_title_as_typed(todo: Todo) -> None:
    todo("add", "--literal", "Explain due:fri to +sales")
    task = todo.json("show", "1")
    assert task["title"] == "Explain due:fri to +sales"
    assert task["due"] is None and task["tags"] == []


def test_defaults(todo: Todo) -> None:
    todo("add", "Plain task")
    task = todo.json("show", "1")
    assert (task["impact"], task["urgency"]) == (3, 3)
    assert task["due"] is None and task["effort_minutes"] is None and task["area"] is None
    assert task["status"] == "open" and task["completed_at"] is None
    assert task["created_at"] == "2026-11-26T09:00:00+01:00"


def test_json_contract_keys(todo: Todo) -> None:
    todo("add", "A task +x")
    for payload in (todo.json("show", "1"), *todo.json("list"), *todo.json("triage")):
        assert set(payload) >= CONTRACT_KEYS
        assert payload["delegate"] is None and payload["follow_up"] is None
        assert isinstance(payload["score"], float | int)
        assert payload["quadrant"] in {"do", "schedule", "delegate", "drop"}


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["add", "X", "--impact", "7"], "impact must be a whole number from 1 to 5", 2),
        (["add", "X", "impact:0"], "impact must be a whole number from 1 to 5", 2),
        (["add", "X", "urgency:high"], "urgency must be a whole number from 1 to 5", 2),
        (["add", "due:fri"], "a task needs a title", 2),
        (["add", "  "], "a task needs a title", 2),
        (["add", "X", "--due", "someday"], "cannot read date 'someday'", 2),
        (["add", "X", "effort:lots"], "cannot read duration 'lots'", 2),
        (["add", "X", "--blocked-by", "99"], "no task #99", 1),
        (["add", "X", "blocked-by:abc"], "not a task id", 2),
        (["show", "42"], "no task #42", 1),
        (["show", "abc"], "not a task id", 2),
        (["done", "1", "42"], "no task #42", 1),
        (["edit", "42", "--impact", "2"], "no task #42", 1),
        (["edit", "1", "stray", "words"], "use --title to rename", 2),
        (["list", "--status", "later"], "--status must be one of", 2),
        (["explain", "0"], "not a task id", 2),
    ],
)
def test_bad_input_is_one_line_error_and_writes_nothing(
    todo: Todo, args: list[str], message: str, code: int
) -> None:
    todo("add", "Existing task")
    before = todo.json("list", "--status", "all")
    result = todo(*args, code=code)
    assert result.stderr.strip().startswith("error: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert todo.json("list", "--status", "all") == before


@pytest.mark.parametrize(
    "args",
    [
        ["add", "X", "--bogus"],
        ["add"],
        ["triage", "--limit", "many"],
        ["done"],
        ["config", "nope"],
        ["--bogus", "triage"],
        ["--db"],
        ["nope"],
    ],
)
def test_usage_errors_are_one_line_exit_2(todo: Todo, args: list[str]) -> None:
    result = todo(*args, code=2)
    assert result.stderr.startswith("error: ") and "--help" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no database" in todo("list", code=1).stderr, "nothing was created"


@pytest.mark.parametrize(
    ("group", "command"), [([], "triage"), (["config"], "path"), (["db"], "check")]
)
def test_a_group_alone_prints_its_help(todo: Todo, group: list[str], command: str) -> None:
    result = todo(*group, code=2)
    assert f"Usage: todo {' '.join(group)}".strip() in result.stderr
    assert command in result.stderr and "error:" not in result.stderr


def test_edit_changes_fields_and_records_history(todo: Todo) -> None:
    todo("add", "Old title due:fri +a")
    todo(
        "edit",
        "1",
        "--title",
        "New title",
        "--impact",
        "4",
        "--due",
        "none",
        "--tag",
        "b",
        "--untag",
        "a",
        "effort:30m",
    )
    task = todo.json("show", "1")
    assert task["title"] == "New title" and task["impact"] == 4
    assert task["due"] is None and task["tags"] == ["b"] and task["effort_minutes"] == 30
    shown = todo("show", "1").stdout
    assert "created" in shown and "edited" in shown
    assert "title: Old title → New title" in shown


def test_done_reopen_drop_cycle(todo: Todo) -> None:
    todo("add", "First")
    todo("add", "Second")
    todo("done", "1", "2")
    assert [t["status"] for t in todo.json("list", "--status", "all")] == ["done", "done"]
    assert todo.json("show", "1")["completed_at"] == "2026-11-26T09:00:00+01:00"
    assert todo.json("list") == []
    todo("reopen", "1")
    assert todo.json("show", "1")["completed_at"] is None
    todo("drop", "1")
    assert [t["id"] for t in todo.json("list", "--status", "dropped")] == [1]
    history = todo("show", "1").stdout
    for kind in ("created", "done", "reopened", "dropped"):
        assert kind in history


def test_done_twice_is_refused_and_all_or_nothing(todo: Todo) -> None:
    todo("add", "First")
    todo("add", "Second")
    todo("done", "1")
    result = todo("done", "2", "1", code=2)
    assert "already done" in result.stderr
    assert todo.json("show", "2")["status"] == "open"


def test_delete_asks_for_confirmation(todo: Todo) -> None:
    todo("add", "Doomed")
    todo("delete", "1", input="n\n", code=1)
    assert todo.json("show", "1")["title"] == "Doomed"
    todo("delete", "1", input="y\n")
    todo("show", "1", code=1)


def test_delete_yes_skips_confirmation_and_keeps_no_dangling_dependency(todo: Todo) -> None:
    todo("add", "Blocker")
    todo("add", "Waits", "--blocked-by", "1")
    todo("delete", "1", "--yes")
    assert todo.json("show", "2")["blocked_by"] == []
    todo("add", "After delete")
    assert todo.json("show", "3")["title"] == "After delete", "a deleted id is never reused"


def test_list_filters(todo: Todo) -> None:
    todo("add", "Sales call area:Sales +client due:tomorrow")
    todo("add", "HR review area:HR due:+3w")
    todo("add", "No due area:sales +Client")
    todo("done", "3")
    assert [t["id"] for t in todo.json("list", "--area", "sales")] == [1]
    assert [t["id"] for t in todo.json("list", "--status", "all", "--tag", "client")] == [1, 3]
    assert [t["id"] for t in todo.json("list", "--due-before", "eow")] == [1]
    assert [t["id"] for t in todo.json("list", "--status", "done")] == [3]
    assert "No tasks match." in todo("list", "--area", "Legal").stdout


def test_list_table_shows_relative_due(todo: Todo) -> None:
    todo("add", "Late thing due:2026-11-24")
    todo("add", "Today thing due:today")
    out = todo("list").stdout
    assert "2d overdue" in out and "today" in out


def test_show_human_readable(todo: Todo) -> None:
    todo("add", "Renew Acme due:fri impact:5 effort:1h30 area:Sales +renewal", "--note", "Call Bob")
    out = todo("show", "1").stdout
    for text in (
        "Task #1",
        "Renew Acme",
        "5/5",
        "Fri 27 Nov (tomorrow)",
        "1h30",
        "Sales",
        "+renewal",
        "Call Bob",
        "History",
    ):
        assert text in out


def test_python_dash_m_runs(tmp_path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "coo_todo", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("coo-todo ")


def test_titles_print_as_typed_never_as_markup(todo: Todo) -> None:
    title = "[bold]Call[/bold] Bob [x] :smile: [red]now"
    todo("add", "--literal", title)
    for command in (["list"], ["triage"], ["show", "1"]):
        assert title in todo(*command).stdout, command


def test_plus_before_a_number_keeps_its_words(todo: Todo) -> None:
    """``+33`` and ``+20%`` are words of the title, not tags (#10, 26)."""
    todo("add", "Appeler", "Jérôme", "au", "+33", "6", "12", "34", "56", "78", "+équipe")
    todo("add", "Augmenter les prix de +20%")
    first, second = todo.json("list")
    assert first["title"] == "Appeler Jérôme au +33 6 12 34 56 78" and first["tags"] == ["équipe"]
    assert second["title"] == "Augmenter les prix de +20%" and second["tags"] == []


@pytest.mark.parametrize(
    ("words", "due"),
    [
        (["Call Acme", "due:fri 9am"], "2026-11-27T09:00:00+01:00"),
        (["Call Acme", "due:2026-12-04 09:00"], "2026-12-04T09:00:00+01:00"),
        (["Call Acme", "due:tomorrow at 14h"], "2026-11-27T14:00:00+01:00"),
        (["Call Acme", "due:next_mon 9:15pm"], "2026-11-30T21:15:00+01:00"),
        (["Call Acme", "--due", "fri 14:30"], "2026-11-27T14:30:00+01:00"),
        (["Call Acme", "--due", "next_monday"], "2026-11-30T23:59:59+01:00"),
    ],
)
def test_an_inline_value_is_the_whole_word_and_times_are_read(
    todo: Todo, words: list[str], due: str
) -> None:
    """``due:"fri 9am"`` is one shell word: the time stays in the date, not the title (#10, 27)."""
    todo("add", *words)
    task = todo.json("show", "1")
    assert (task["title"], task["due"]) == ("Call Acme", due)


def test_an_inline_value_that_cannot_be_read_is_named_whole(todo: Todo) -> None:
    result = todo("add", "Call", "due:15 brumaire", code=2)
    assert result.stderr.startswith("error: cannot read date '15 brumaire'")
    assert todo.json("list") == []


def test_times_work_in_every_date_option(todo: Todo) -> None:
    todo("people", "add", "Alice Martin")
    todo("add", "Call", "to:alice", "--follow-up", "next_monday")
    assert todo.json("show", "1")["follow_up"] == "2026-11-30"
    todo("followup", "1", "--next", "fri 9am")
    assert todo.json("show", "1")["follow_up"] == "2026-11-27"
    todo("add", "Memo", "--due", "fri 11am")
    assert [t["id"] for t in todo.json("list", "--due-before", "fri 11am")] == [2]
    assert todo.json("list", "--due-before", "fri 10:59") == []


def test_due_before_a_day_includes_that_whole_day(todo: Todo) -> None:
    """A day alone means up to its end, for every time of day in it (#10, 29)."""
    todo("add", "Tomorrow's due:tomorrow")
    todo("add", "Friday morning due:fri_9am")
    todo("add", "Friday's due:fri")
    todo("add", "Saturday's due:sat")
    assert [t["id"] for t in todo.json("list", "--due-before", "tomorrow")] == [1, 2, 3]
    assert [t["id"] for t in todo.json("list", "--due-before", "fri")] == [1, 2, 3]
    assert [t["id"] for t in todo.json("list", "--due-before", "today")] == []
    assert "includes the whole day" in " ".join(todo("list", "--help").stdout.split())


def test_a_far_due_date_without_a_year_is_confirmed(todo: Todo, monkeypatch) -> None:
    """``1 Dec`` typed on 2 Dec is next year's: the output line says so (#10, 33)."""
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-02T09:00")
    out = todo("add", "Renew", "--due", "1 Dec").stdout
    assert "due Wed 1 Dec 2027 (in 52w, next year)" in out
    out = todo("edit", "1", "due:3_Dec").stdout
    assert "due Thu 3 Dec (tomorrow)" in out, "a near date needs no confirmation"
    monkeypatch.setenv("COO_TODO_NOW", "2027-01-05T09:00")
    out = todo("edit", "1", "--due", "20 Dec").stdout
    assert "due Mon 20 Dec 2027 (in 49w)" in out, "far ahead: the year is written"


def test_an_id_given_twice_is_acted_on_once(todo: Todo) -> None:
    """``todo done 1 2 1`` closes #1 and #2, never says #1 is already done (#10, 24)."""
    todo.add("Renew Acme")
    todo.add("Call Initech")
    result = todo("done", "1", "2", "1")
    assert result.stdout.count("Done #1 ") == 1 and "Done #2 " in result.stdout
    assert todo.json("list", "--status", "done") and not todo.json("list")


def test_delete_without_an_answer_is_one_line_exit_1(todo: Todo) -> None:
    """No terminal to answer on: nothing deleted, one error line, exit 1 (#10, 24)."""
    todo.add("Renew Acme")
    result = todo("delete", "1", code=1)
    assert "Aborted" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: nothing deleted"), result.stderr
    assert [t["title"] for t in todo.json("list")] == ["Renew Acme"]
    assert "Deleted #1" in todo("delete", "1", input="y\n").stdout


@pytest.mark.parametrize(
    "args",
    [
        ("add", "Plan the year", "effort:99999h"),
        ("add", "Plan the year", "--effort", "1000h"),
        ("add", "Plan the year", "effort:125d"),
        ("edit", "1", "--effort", "99999h"),
        ("edit", "1", "effort:60000"),
    ],
)
def test_an_effort_past_999h_is_refused_everywhere_it_is_typed(
    todo: Todo, args: tuple[str, ...]
) -> None:
    todo("add", "Board pack", "effort:2h")
    result = todo(*args, code=2)
    assert result.stderr.count("\n") == 1
    assert "more than 999h, the most one task takes" in result.stderr
    assert [task["effort_minutes"] for task in todo.json("list")] == [120]


def test_999h_is_the_largest_effort(todo: Todo) -> None:
    todo("add", "Move the head office", "effort:999h")
    assert todo.json("show", "1")["effort_minutes"] == 999 * 60


def test_a_backup_restores_an_effort_past_999h_an_earlier_version_stored(
    todo: Todo, tmp_path: Path
) -> None:
    todo("add", "Board pack", "effort:2h")
    backup = tmp_path / "backup.json"
    todo("export", "--format", "json", "--output", str(backup))
    document = json.loads(backup.read_text(encoding="utf-8"))
    document["tasks"][0]["effort_minutes"] = 99999 * 60  # taken before 999h was the limit
    backup.write_text(json.dumps(document), encoding="utf-8")
    elsewhere = str(tmp_path / "elsewhere.sqlite")
    todo("--db", elsewhere, "import", "--strict", str(backup))
    assert todo.json("--db", elsewhere, "show", "1")["effort_minutes"] == 99999 * 60
    document["tasks"][0]["effort_minutes"] = dates.MAX_STORED_EFFORT_MINUTES + 1
    backup.write_text(json.dumps(document), encoding="utf-8")
    result = todo("--db", str(tmp_path / "other.sqlite"), "import", "--strict", str(backup), code=2)
    assert "'effort_minutes' must be a whole number from 1 to 10000000" in result.stderr
