"""Export and import through the CLI: the day's markdown list, backups, CSV, other tools."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coo_todo import user_files
from coo_todo.cli import app
from coo_todo.domain.dates import DAY_FIRST
from coo_todo.domain.records import DONE, DROPPED
from coo_todo.domain.worktime import DEFAULT_CALENDAR
from coo_todo.formats import readers
from coo_todo.formats.contract import TASK_KEYS
from coo_todo.service import import_export
from coo_todo.service.checks import check_fields
from coo_todo.settings import Settings
from coo_todo.store import Handover, Store
from tests.conftest import Todo
from tests.test_cli_delegation import _structure

SECTIONS = ["Follow-ups due", "Do today", "Scheduled", "Waiting on others", "Done today", "Later"]


def sections(markdown: str) -> dict[str, list[str]]:
    """Each h2/h3 heading's list items (their inline markdown), in document order."""
    found: dict[str, list[str]] = {}
    items: list[str] = []
    for kind, text in _structure(markdown):
        if kind in ("h1", "h2", "h3"):
            items = found.setdefault(text, [])
        elif kind == "li1":
            items.append(text)
    return found


def ids_in(items: list[str]) -> list[int]:
    return [int(re.match(r"\[[ x]\] \*\*#(\d+) ", item)[1]) for item in items]


@pytest.fixture
def morning(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> Todo:
    """One task for each section, and one done yesterday."""
    todo("people", "add", "Alice Martin", "--team", "Sales")
    todo.add("Call Initech impact:5 urgency:5 due:today effort:30m area:CS")  # 1 do
    todo.add("Book the venue impact:2 urgency:5")  # 2 urgent, less important
    todo.add("Close the books impact:5 due:+12d effort:2h area:Finance")  # 3 schedule
    todo.add("Tidy the wiki impact:1 urgency:1")  # 4 neither
    todo.add("Board slide impact:5 urgency:5 blocked-by:3")  # 5 blocked
    todo.add("Pipeline review impact:4 to:alice follow:next_wed")  # 6 waiting
    todo.add("Renew Acme impact:5 due:+10d to:alice follow:tue")  # 7
    todo.add("Sign invoices")  # 8 done today
    todo("done", "8")
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-25T17:00")
    todo.add("Old deal")  # 9 done yesterday
    todo("done", "9")
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-01T09:00")  # Tuesday: #7's follow-up day
    return todo


def test_export_sections_in_order_each_open_task_once_with_its_facts(morning: Todo) -> None:
    text = morning("export").stdout
    structure = _structure(text)
    assert [t for k, t in structure if k == "h1"] == ["Day list, Tue 1 Dec 2026"]
    assert [t for k, t in structure if k == "h2"] == SECTIONS
    found = sections(text)
    assert ids_in(found["Follow-ups due"]) == [7]
    assert ids_in(found["Do today"]) == [1, 2]
    assert ids_in(found["Scheduled"]) == [3]
    assert ids_in(found["Alice Martin"]) == [6], "waiting on others, by person (h3)"
    assert found["Done today"] == []
    assert ids_in(found["Later"]) == [4, 5]
    assert "Ranked as of Tue 1 Dec 09:00 · 1 follow-up(s) due · 2 to do today" in text
    assert found["Do today"][0] == (
        "[ ] **#1 Call Initech**: CS · due Thu 26 Nov (5d overdue) · effort 30m"
    )
    assert found["Follow-ups due"][0] == (
        "[ ] **#7 Renew Acme**: due Sun 6 Dec (in 5d) · delegated to Alice Martin"
        " · follow-up Tue 1 Dec (today)"
    )
    assert found["Later"][1] == "[ ] **#5 Board slide**: waits for #3"


def test_export_date_ranks_as_of_that_morning_and_lists_that_days_done(morning: Todo) -> None:
    text = morning("export", "--date", "2026-11-25").stdout
    assert "# Day list, Wed 25 Nov 2026" in text and "Ranked as of Wed 25 Nov 09:00" in text
    found = sections(text)
    assert ids_in(found["Done today"]) == [9], "done on that day, not on another"
    assert found["Do today"][0].endswith("due Thu 26 Nov (tomorrow) · effort 30m")
    assert ids_in(found["Alice Martin"]) == [7, 6], "next follow-up first"
    yesterday = sections(morning("export", "--date", "yesterday").stdout)
    assert ids_in(yesterday["Done today"]) == []


def test_export_date_tonight_for_tomorrow(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    todo.add("Close the books impact:5 due:+5d")  # due Tue 1 Dec: Schedule today
    todo("done", str(todo.add("Quick call")))
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-26T21:00")
    assert ids_in(sections(todo("export").stdout)["Scheduled"]) == [1]
    # Saturday and Monday leave the same two working days (a weekend is no time left);
    # Tuesday, the deadline's own day, it is urgent.
    assert ids_in(sections(todo("export", "--date", "sat").stdout)["Scheduled"]) == [1]
    later = sections(todo("export", "--date", "tue").stdout)
    assert ids_in(later["Do today"]) == [1], "on the day of its deadline it is urgent"
    assert later["Done today"] == []


def test_export_limit_caps_do_today_the_rest_is_later(todo: Todo) -> None:
    for n in range(4):
        todo.add(f"Urgent {n} impact:5 urgency:5 effort:{10 + n}m")
    found = sections(todo("export", "--limit", "2").stdout)
    assert ids_in(found["Do today"]) == [1, 2]
    assert ids_in(found["Later"]) == [3, 4]
    todo("export", "--limit", "0", code=2)


def test_export_output_is_written_whole(todo: Todo, tmp_path: Path) -> None:
    todo.add("Call Initech")
    out = tmp_path / "today.md"
    result = todo("export", "--output", str(out))
    assert result.stdout == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("# Day list, Thu 26 Nov 2026\n")
    result = todo("export", "--output", str(tmp_path / "missing" / "x.md"), code=2)
    assert result.stderr.count("\n") == 1 and "cannot write" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".md") == ["today.md"]


TRICKY = [
    "Pay | split * bold _ under [link](http://x) `code` <script>alert(1)</script>",
    "# Not a heading",
    "- not an item\n## not a heading either",
    "**strong** ~~strike~~ &amp; \\ backslash 1. list",
]


def test_markdown_titles_are_literal_text(todo: Todo) -> None:
    for title in TRICKY:
        todo("add", "--literal", "--impact", "5", "--urgency", "5", "--", title)
    todo("people", "add", "Zoë <b>|</b>")
    todo("add", "Delegated", "--to", "zoe", "--follow-up", "next fri", "--note", "# see *notes*")
    text = todo("export").stdout
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    headings = [
        "".join(child.content for child in tokens[i + 1].children or [])
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    assert headings == ["Day list, Thu 26 Nov 2026", *SECTIONS[:4], "Zoë <b>|</b>", *SECTIONS[4:]]
    items = [t for t in tokens if t.type == "inline" and t.content.startswith("[ ]")]
    assert len(items) == len(TRICKY) + 1
    allowed = {"text", "strong_open", "strong_close", "softbreak"}
    for item, title in zip(items, TRICKY, strict=False):
        assert {child.type for child in item.children} <= allowed, item.content
        plain = "".join(child.content for child in item.children)
        assert plain.startswith(f"[ ] #{items.index(item) + 1} {' '.join(title.split())}")
    assert "<script>" not in MarkdownIt("commonmark").render(text)


def test_export_json_is_the_whole_database(todo: Todo, write_config) -> None:
    write_config("[weights]\nimpact = 12\n")
    todo("people", "add", "Alice Martin", "--team", "Sales", "--contact", "a@example.com")
    todo.add("Renew Acme +renewal to:alice")
    todo.add("Waits blocked-by:1")
    todo("delete", str(todo.add("Typo")), "--yes")
    document = json.loads(todo("export", "--format", "json").stdout)
    assert list(document) == [
        "format",
        "version",
        "exported_at",
        "people",
        "tasks",
        "history",
        "shared_areas",
        "initiatives",
    ]
    assert (document["format"], document["version"]) == ("coo-todo", 1)
    assert document["people"][0]["contact"] == "a@example.com"
    first, second = document["tasks"]
    assert second["blocked_by"] == [first["uuid"]]
    history = [(e["task_id"], e["kind"]) for e in document["history"]]
    assert history == [
        (0, "person-added"),
        (1, "created"),
        (1, "delegated"),
        (2, "created"),
        (3, "created"),
        (3, "deleted"),
    ]
    assert document["history"][-1]["task_uuid"] not in {first["uuid"], second["uuid"]}
    assert "weights" not in json.dumps(document)
    todo("export", "--format", "json", "--limit", "3", code=2)


def test_export_csv_has_the_contract_columns(todo: Todo) -> None:
    todo.add('Call "Globex", then Acme +sales +renewal effort:15m')
    todo("done", str(todo.add("Done one")))
    text = todo("export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == TASK_KEYS == tuple(todo.json("show", "1"))
    assert rows[0]["title"] == 'Call "Globex", then Acme'
    assert rows[0]["tags"] == "renewal,sales" and rows[0]["due"] == ""
    assert [row["status"] for row in rows] == ["open", "done"]
    assert '"Call ""Globex"", then Acme"' in text
    todo("export", "--format", "xml", code=2)


# -- import: our own backups --------------------------------------------------------------------


def a_full_list(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    """People, delegation, tags, a dependency, every status, an initiative with a task and a
    review, a follow-up and a recorded brief (the clock moved on to 1 December)."""
    todo("people", "add", "Alice Martin", "--team", "Sales", "--contact", "a@example.com")
    todo("people", "add", "Hélène Dubois")
    todo.add("Renew Acme impact:5 due:fri effort:1h area:Sales +renewal +legal")
    todo.add("CRM workshop blocked-by:1")
    todo("add", "Notes", "--note", "line one\nline two")
    todo("delegate", "3", "--to", "alice", "--note", "Draft by Friday")
    todo("done", str(todo.add("Sign invoices")))
    todo("drop", str(todo.add("Old idea")))
    todo("initiative", "add", "CRM migration", "--with", "alice", "--goal", "One CRM")
    todo("edit", "2", "in:crm")
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-01T09:00")
    todo("initiative", "review", "crm", "--note", "Workshop first")
    todo("followup", "3", "--note", "Legal review", "--next", "fri")
    todo("brief", "alice", "--record")


@pytest.fixture
def backup(todo: Todo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A database with people, delegation, dependencies, every status and a deleted task, and
    its backup."""
    a_full_list(todo, monkeypatch)
    todo.add("A week later")
    todo("delete", str(todo.add("Typo")), "--yes")  # #7: its history stays, its id unused
    path = tmp_path / "backup.json"
    todo("export", "--format", "json", "--output", str(path))
    return path


def test_backup_round_trip_restores_everything(todo: Todo, backup: Path, tmp_path: Path) -> None:
    restored = str(tmp_path / "restored.sqlite")
    result = todo("--db", restored, "import", str(backup))
    assert result.stdout == f"Imported {backup}: 6 added, 0 updated, 0 unchanged, 0 conflicts\n"
    again = todo("--db", restored, "export", "--format", "json").stdout
    assert again == backup.read_text(encoding="utf-8")
    assert todo("--db", restored, "show", "3").stdout == todo("show", "3").stdout
    assert todo.json("--db", restored, "show", "6")["title"] == "A week later", "ids are kept"
    assert todo("--db", restored, "undo").stdout == todo("undo").stdout, "the same last change"


def test_restore_never_reuses_a_deleted_id(todo: Todo, backup: Path, tmp_path: Path) -> None:
    restored = str(tmp_path / "restored.sqlite")
    todo("--db", restored, "import", str(backup))
    assert todo("--db", restored, "add", "New one").stdout.startswith("Added #8 ")


def test_import_twice_adds_nothing_and_keeps_newer_local_changes(
    todo: Todo, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "0 added, 0 updated, 6 unchanged, 0 conflicts" in todo("import", str(backup)).stdout
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-02T10:15")
    todo("edit", "1", "--title", "Renew Acme now", "+urgent", "--impact", "4")
    todo("reopen", "4")
    kept = todo("import", str(backup)).stdout.splitlines()
    assert kept == [
        "kept your change to #1: edited Wed 2 Dec 10:15",
        "kept your change to #4: reopened Wed 2 Dec 10:15",
        f"Imported {backup}: 0 added, 0 updated, 4 unchanged, 2 conflicts",
    ]
    assert todo.json("show", "1")["title"] == "Renew Acme now"
    assert todo.json("show", "4")["status"] == "open"
    result = todo("import", str(backup), "--prefer", "incoming")
    assert "0 added, 2 updated, 4 unchanged, 0 conflicts" in result.stdout
    task = todo.json("show", "1")
    assert (task["title"], task["impact"], task["tags"]) == ("Renew Acme", 5, ["legal", "renewal"])
    assert todo.json("show", "4")["status"] == "done"
    history = todo("show", "1").stdout
    assert "imported" in history and "title: Renew Acme now → Renew Acme" in history
    assert "0 added, 0 updated, 6 unchanged, 0 conflicts" in todo("import", str(backup)).stdout
    todo("undo")
    assert todo.json("show", "1")["title"] == "Renew Acme now", "undo reverts what it updated"
    assert todo.json("show", "4")["status"] == "open"


def test_backup_problems_are_reported_with_line_numbers(todo: Todo, tmp_path: Path) -> None:
    todo.add("First")
    todo.add("Second blocked-by:1")
    text = todo("export", "--format", "json").stdout
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if '"title": "First"' in line)
    second = next(i for i, line in enumerate(lines) if '"title": "Second"' in line)
    lines[first] = lines[first].replace('"impact": 3', '"impact": 9')
    path = tmp_path / "broken.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    fresh = str(tmp_path / "fresh.sqlite")
    result = todo("--db", fresh, "import", str(path))
    assert result.stderr.splitlines() == [
        f"warning: line {first + 1}: 'impact' must be a whole number from 1 to 5, not 9: skipped",
        f"warning: line {second + 1}: waits for unknown task "
        f"{todo.json('show', '1')['uuid']}: skipped",
    ]
    assert "1 added, 0 updated, 0 unchanged, 0 conflicts, 2 problem(s)" in result.stdout
    assert todo.json("--db", fresh, "show", "2")["blocked_by"] == []
    strict = todo("--db", str(tmp_path / "strict.sqlite"), "import", str(path), "--strict", code=2)
    assert strict.stderr == (
        f"error: line {first + 1}: 'impact' must be a whole number from 1 to 5, not 9: "
        "nothing imported (--strict)\n"
    )


def test_backup_dependency_cycles_are_left_out(todo: Todo, tmp_path: Path) -> None:
    a, b = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b"
    tasks = [
        {"uuid": a, "title": "A", "blocked_by": [b]},
        {"uuid": b, "title": "B", "blocked_by": [a]},
    ]
    path = tmp_path / "cycle.json"
    path.write_text(json.dumps({"format": "coo-todo", "version": 1, "tasks": tasks}, indent=1))
    result = todo("import", str(path))
    assert "2 added, 0 updated, 0 unchanged, 0 conflicts, 1 problem(s)" in result.stdout
    assert "is a cycle: skipped" in result.stderr
    assert sorted(len(t["blocked_by"]) for t in todo.json("list")) == [0, 1]
    assert todo("import", str(path), "--strict", code=2).stderr.endswith("(--strict)\n")


# -- import: other tools --------------------------------------------------------------------------

# Written from https://taskwarrior.org/docs/commands/export and the JSON format it links to:
# one task per line inside an array (json.array=on), dates in UTC as 20261126T083000Z.
TASKWARRIOR = [
    {
        "id": 1,
        "description": "Renew Acme contract",
        "entry": "20261120T083000Z",
        "modified": "20261121T090000Z",
        "status": "pending",
        "uuid": "a360fc44-315c-4366-b70c-ea7e7520b749",
        "priority": "H",
        "project": "Sales",
        "tags": ["renewal", "Legal"],
        "due": "20261130T230000Z",
        "annotations": [
            {"entry": "20261121T090000Z", "description": "Called Bob, waiting for legal"},
            {"entry": "20261123T100000Z", "description": "Legal said yes"},
        ],
        "urgency": 12.5,
    },
    {
        "id": 2,
        "description": "Plan the offsite",
        "entry": "20261101T080000Z",
        "status": "waiting",
        "uuid": "b360fc44-315c-4366-b70c-ea7e7520b749",
        "wait": "20261201T080000Z",
        "scheduled": "20261130T230000Z",
        "priority": "M",
    },
    {
        "id": 0,
        "description": "Send invoices",
        "entry": "20261101T080000Z",
        "end": "20261125T160000Z",
        "status": "completed",
        "uuid": "c360fc44-315c-4366-b70c-ea7e7520b749",
        "priority": "L",
    },
    {
        "id": 0,
        "description": "Old idea",
        "entry": "20261001T080000Z",
        "end": "20261002T080000Z",
        "status": "deleted",
        "uuid": "d360fc44-315c-4366-b70c-ea7e7520b749",
    },
]


@pytest.mark.parametrize("array", [True, False], ids=["json.array=on", "json.array=off"])
def test_import_taskwarrior(todo: Todo, tmp_path: Path, array: bool) -> None:
    lines = [json.dumps(task) for task in TASKWARRIOR]
    path = tmp_path / "tw.json"
    path.write_text("[" + ",\n".join(lines) + "]\n" if array else "\n".join(lines) + "\n")
    result = todo("import", str(path), "--from", "taskwarrior")
    assert result.stdout == f"Imported {path}: 4 added, 0 updated, 0 unchanged, 0 conflicts\n"
    acme, offsite, invoices, idea = todo.json("list", "--status", "all")
    assert acme["uuid"] == TASKWARRIOR[0]["uuid"]
    assert (acme["title"], acme["status"], acme["impact"], acme["urgency"]) == (
        "Renew Acme contract",
        "open",
        5,
        3,
    )
    assert (acme["area"], acme["tags"]) == ("Sales", ["legal", "renewal"])
    assert acme["due"] == "2026-12-01T23:59:59+01:00", "a date-only due is that whole day"
    assert acme["created_at"] == "2026-11-20T09:30:00+01:00"
    history = todo("show", "1").stdout
    assert "annotated" in history and "Called Bob, waiting for legal" in history
    assert history.index("imported") < history.index("Called Bob") < history.index("Legal said")
    assert (offsite["status"], offsite["impact"]) == ("open", 4)
    assert offsite["notes"] == "Taskwarrior scheduled:2026-12-01"
    assert offsite["snoozed_until"] == "2026-12-01T09:00:00+01:00", "wait: snoozed until then"
    assert (invoices["status"], invoices["impact"]) == ("done", 2)
    assert invoices["completed_at"] == "2026-11-25T17:00:00+01:00"
    assert (idea["status"], idea["impact"]) == (DROPPED, 3)
    again = todo("import", str(path), "--from", "taskwarrior").stdout
    assert "0 added, 0 updated, 4 unchanged, 0 conflicts" in again
    todo("undo")
    assert todo.json("list", "--status", "all") == [], "undo takes the import back"


def test_import_taskwarrior_from_stdin_with_a_bad_record(todo: Todo) -> None:
    bad = {**TASKWARRIOR[2], "uuid": "c460fc44-315c-4366-b70c-ea7e7520b749", "end": "soon"}
    text = "\n".join(json.dumps(task) for task in [TASKWARRIOR[0], bad])
    result = todo("import", "-", "--from", "taskwarrior", input=text)
    assert result.stdout == (
        "Imported -: 1 added, 0 updated, 0 unchanged, 0 conflicts, 1 problem(s)\n"
    )
    assert result.stderr == "warning: line 2: 'end' is not a time: 'soon': skipped\n"
    todo("import", "-", "--from", "taskwarrior", "--strict", input=text, code=2)
    assert len(todo.json("list", "--status", "all")) == 1


# Written from https://github.com/todotxt/todo.txt (the format's README), dates moved to 2026.
TODOTXT = """\
(A) Thank Mom for the meatballs @phone
(B) Schedule Goodwill pickup +GarageSale @phone
Post signs around the neighborhood +GarageSale
@GroceryStore Eskimo pies
(A) 2026-11-20 Call Mom +Family +PeaceLoveAndHappiness @iphone @phone due:2026-11-27
x 2026-11-25 2026-11-20 Review Tim's pull request +TodoTxtTouch @github pri:C
(D) 2026-11-24 Renew passport due:2026-12-15 t:2026-12-01 rec:1y
x Pay the rent
(Z) Someday
"""


def test_import_todotxt(todo: Todo, tmp_path: Path) -> None:
    path = tmp_path / "todo.txt"
    path.write_text(TODOTXT, encoding="utf-8")
    result = todo("import", str(path), "--from", "todotxt")
    assert result.stdout == f"Imported {path}: 9 added, 0 updated, 0 unchanged, 0 conflicts\n"
    tasks = {task["title"]: task for task in todo.json("list", "--status", "all")}
    mom = tasks["Call Mom"]
    assert (mom["urgency"], mom["area"], mom["tags"]) == (
        5,
        "Family",
        ["iphone", "peaceloveandhappiness", "phone"],
    )
    assert mom["due"] == "2026-11-27T23:59:59+01:00"
    assert mom["created_at"] == "2026-11-20T00:00:00+01:00"
    assert [tasks[t]["urgency"] for t in ("Schedule Goodwill pickup", "Someday")] == [4, 2]
    assert tasks["Post signs around the neighborhood"]["urgency"] == 3, "no priority: 3"
    assert tasks["Eskimo pies"]["tags"] == ["grocerystore"]
    review = tasks["Review Tim's pull request"]
    assert (review["status"], review["urgency"]) == ("done", 3)
    assert review["completed_at"] == "2026-11-25T00:00:00+01:00"
    passport = tasks["Renew passport"]
    assert (passport["urgency"], passport["notes"]) == (2, "t:2026-12-01")
    assert (passport["recurrence"], passport["every"]) == ("FREQ=YEARLY", "every year")
    assert tasks["Pay the rent"]["status"] == DONE
    again = todo("import", str(path), "--from", "todotxt").stdout
    assert "0 added, 0 updated, 9 unchanged, 0 conflicts" in again
    path.write_text(TODOTXT.replace("(A) 2026-11-20 Call Mom", "x 2026-11-26 2026-11-20 Call Mom"))
    later = todo("import", str(path), "--from", "todotxt").stdout
    assert "0 added, 1 updated, 8 unchanged, 0 conflicts" in later
    assert todo.json("show", str(mom["id"]))["status"] == "done"
    assert todo("undo").stdout.startswith("Undid reimported #5 Call Mom")
    assert todo.json("show", str(mom["id"]))["status"] == "open"
    todo("undo")
    assert todo.json("list", "--status", "all") == [], "undo takes a whole import back"


# -- importing again: the newer version of each task wins ---------------------------------------


def _exported_here(todo: Todo, path: Path) -> list[str]:
    todo.add("First task")
    todo.add("Second task")
    todo("export", "--format", "json", "--output", str(path))
    return []


def _imported(content: str, form: str) -> Callable[[Todo, Path], list[str]]:
    def write_and_import(todo: Todo, path: Path) -> list[str]:
        path.write_text(content, encoding="utf-8")
        todo("import", str(path), "--from", form)
        return ["--from", form]

    return write_and_import


TWO_TASKS = {
    "taskwarrior": _imported(
        "\n".join(
            json.dumps({**task, "description": title})
            for task, title in [(TASKWARRIOR[0], "First task"), (TASKWARRIOR[1], "Second task")]
        ),
        "taskwarrior",
    ),
    "json": _exported_here,
    "todotxt": _imported("First task\nSecond task\n", "todotxt"),
}


@pytest.mark.parametrize("form", TWO_TASKS)
def test_importing_again_keeps_newer_local_changes(
    todo: Todo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """Taskwarrior's ``modified`` and our ``updated_at`` are older than the local changes; a
    todo.txt line has no time, and the changes were made after its last import."""
    path = tmp_path / f"two.{form}"
    args = TWO_TASKS[form](todo, path)
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-26T09:12")
    todo("done", "1")
    todo("edit", "2", "--title", "Second task, reworded")
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-26T09:30")
    assert todo("import", str(path), *args).stdout.splitlines() == [
        "kept your change to #1: done Thu 26 Nov 09:12",
        "kept your change to #2: edited Thu 26 Nov 09:12",
        f"Imported {path}: 0 added, 0 updated, 0 unchanged, 2 conflicts",
    ]
    first, second = todo.json("list", "--status", "all")
    assert (first["status"], second["title"]) == ("done", "Second task, reworded")
    forced = todo("import", str(path), *args, "--prefer", "incoming").stdout
    assert forced == f"Imported {path}: 0 added, 2 updated, 0 unchanged, 0 conflicts\n"
    first, second = todo.json("list", "--status", "all")
    assert (first["status"], second["title"]) == ("open", "Second task")


def test_a_newer_file_wins_unless_prefer_local(
    todo: Todo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tw.json"
    path.write_text(json.dumps(TASKWARRIOR[0]), encoding="utf-8")
    todo("import", str(path))
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-26T09:12")
    todo("done", "1")
    newer = {**TASKWARRIOR[0], "description": "Renew it", "modified": "20261126T090000Z"}
    path.write_text(json.dumps(newer), encoding="utf-8")
    kept = todo("import", str(path), "--prefer", "local").stdout
    assert kept == (
        "kept your change to #1: done Thu 26 Nov 09:12\n"
        f"Imported {path}: 0 added, 0 updated, 0 unchanged, 1 conflict\n"
    )
    assert todo.json("show", "1")["title"] == "Renew Acme contract"
    assert "1 updated, 0 unchanged, 0 conflicts" in todo("import", str(path)).stdout
    assert (todo.json("show", "1")["title"], todo.json("show", "1")["status"]) == (
        "Renew it",
        "open",
    )
    todo("import", str(path), "--prefer", "mine", code=2)


def test_the_format_is_guessed_without_from(todo: Todo, tmp_path: Path) -> None:
    text_file = tmp_path / "x.txt"
    text_file.write_text("(A) Call Mom +Family\n", encoding="utf-8")
    assert "1 added" in todo("import", str(text_file)).stdout
    assert todo.json("show", "1")["title"] == "Call Mom"
    assert "1 unchanged" in todo("import", str(text_file), "--from", "todo.txt").stdout
    lines = "\n".join(json.dumps(task) for task in TASKWARRIOR)
    assert "4 added" in todo("import", "-", input=lines).stdout
    backup = todo("export", "--format", "json").stdout
    assert "0 added, 0 updated, 5 unchanged" in todo("import", "-", input=backup).stdout


# -- errors and guarantees ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "cannot read {path}: No such file or directory"),
        ("{not json", [], "not valid JSON: Expecting value: line 1 column 2"),
        (json.dumps(TASKWARRIOR), ["--from", "json"], "not a coo-todo backup"),
        (b"\xff\xfe(A) bad bytes", ["--from", "todotxt"], "cannot read {path}: not UTF-8 text"),
        ("x", ["--from", "xml"], "unknown import format 'xml'"),
    ],
    ids=["missing", "bad-json", "not-a-backup", "not-utf8", "unknown-format"],
)
def test_import_errors_write_nothing(
    todo: Todo, tmp_path: Path, content: str | bytes | None, args: list[str], message: str
) -> None:
    path = tmp_path / "input.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    result = todo("import", str(path), *args, code=2)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: ") and message.format(path=path) in result.stderr
    assert not (tmp_path / "todo.sqlite").exists(), "the file is read before the database opens"


@pytest.mark.parametrize("source", ["/dev/zero", "-", "file"])
def test_an_endless_or_oversized_import_is_refused(
    todo: Todo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    """An import reads at most ``MAX_READ_BYTES``: a device (``/dev/zero``, endless) is refused
    before any read, a stream or a file once past the limit; nothing is written."""
    monkeypatch.setattr(user_files, "MAX_READ_BYTES", 1000)
    line = b"(A) Call Acme about the renewal\n"
    content = line * (1000 // len(line) + 1)
    if source == "file":
        source = str(tmp_path / "big.txt")
        Path(source).write_bytes(content)
    result = todo.runner.invoke(app, ["import", source, "--from", "todotxt"], input=content)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (result.exit_code, result.stdout) == (2, "")
    why = "a device, not a file" if source == "/dev/zero" else "more than 1,000 bytes"
    assert result.stderr == f"error: cannot read {source}: {why}\n"
    assert not (tmp_path / "todo.sqlite").exists(), "the file is read before the database"


_BACKUP_HEAD = '{"format": "coo-todo", "version": 1, "tasks": '


@pytest.mark.parametrize(
    ("content", "args", "code", "message"),
    [
        (b"[" * 100_000, [], 2, "error: not valid JSON: arrays or objects nested too deeply"),
        ((_BACKUP_HEAD + "[" * 100_000).encode(), [], 2, "error: not valid JSON: arrays or"),
        (b'[{"urgency": ' + b"9" * 5000 + b"}]", [], 2, "error: not valid JSON: a number with"),
        (
            json.dumps({**TASKWARRIOR[0], "description": "\ud800"}).encode(),
            [],
            0,
            "warning: line 1: 'description' cannot be stored: not valid UTF-8 text: skipped",
        ),
        (
            (
                _BACKUP_HEAD + json.dumps([{"uuid": TASKWARRIOR[0]["uuid"], "id": 2**70}]) + "}"
            ).encode(),
            [],
            0,
            "warning: line 1: 'id' must be a whole number from 1 to 9223372036854775807",
        ),
        (
            json.dumps({**TASKWARRIOR[0], "due": "99991231T235959Z"}).encode(),
            [],
            0,
            "warning: line 1: 'due' is out of range: '99991231T235959Z' (years 1900 to 9998)",
        ),
        (b"(A) Caf\xe9\n", ["--from", "todotxt"], 2, "error: cannot read -: not UTF-8 text"),
    ],
    ids=["deep", "deep-backup", "huge-number", "surrogate", "huge-id", "far-date", "bad-bytes"],
)
def test_hostile_input_is_one_line_and_writes_nothing(
    todo: Todo, tmp_path: Path, content: bytes, args: list[str], code: int, message: str
) -> None:
    result = todo.runner.invoke(app, ["import", "-", *args], input=content)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (result.exit_code, result.stderr.count("\n")) == (code, 1)
    assert result.stderr.startswith(message)
    if code:
        assert not (tmp_path / "todo.sqlite").exists(), "the file is read before the database"
    else:
        assert todo.json("list", "--status", "all") == []
        assert todo("triage").exit_code == 0


def test_import_is_one_transaction(tmp_path: Path) -> None:
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    store = Store(f"sqlite:///{tmp_path / 'tx.sqlite'}", now)
    batch = readers.parse(TODOTXT, "todotxt", now)
    written = []

    def interrupted(count: int) -> None:
        written.append(count)
        if len(written) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_export.import_batch(store, batch, now, progress=interrupted)
    assert store.tasks() == [] and store.people() == [] and store.events() == []


def test_progress_bar_only_on_a_terminal(
    todo: Todo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "todo.txt"
    path.write_text(TODOTXT, encoding="utf-8")
    assert "Importing" not in todo("import", str(path), "--from", "todotxt").stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert (
        "Importing"
        in todo(
            "--db", str(tmp_path / "tty.sqlite"), "import", str(path), "--from", "todotxt"
        ).stdout
    )


# -- the round trip, as a property -----------------------------------------------------------------

titles = st.text(  # any text a title can hold: no lone surrogate, no NUL (limits.py)
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=40
)
task_sets = st.lists(
    st.tuples(
        titles.filter(lambda t: t.strip()),
        st.integers(1, 5),
        st.none() | st.integers(-10, 40),  # due, days from now
        st.lists(st.sampled_from(["ops", "été", "板"]), max_size=2),
        st.sampled_from(["open", "open", "done", "dropped", "delegated", "deleted"]),
        st.booleans(),  # waits for the previous task
    ),
    max_size=6,
)


@settings(max_examples=15, deadline=None)
@given(specs=task_sets)
def test_round_trip_property(specs) -> None:
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    original, restored = Store("sqlite://", now), Store("sqlite://", now)
    person = original.add_person("Zoë Ångström", "Ops", None, now)
    for n, (title, impact, due, tags, fate, waits) in enumerate(specs, 1):
        fields = check_fields({"title": title, "impact": impact}, now, DEFAULT_CALENDAR, DAY_FIRST)
        if due is not None:
            fields["due"] = now + timedelta(days=due)
        at = now + timedelta(minutes=n)
        original.add(fields, tags, [n - 1] if waits and n > 1 else [], at)
        if fate in (DONE, DROPPED):
            original.set_status([n], fate, at, fate)
        elif fate == "delegated":
            original.delegate(n, Handover(person.id, now + timedelta(days=3), title), at)
    for n, spec in enumerate(specs, 1):
        if spec[4] == "deleted":
            original.delete(n, now + timedelta(hours=1))
    first = import_export.export(original, "json", now, Settings())
    import_export.import_batch(restored, readers.parse(first, "json", now), now)
    assert import_export.export(restored, "json", now, Settings()) == first


def test_export_waiting_groups_next_follow_up_first_then_folded_name(todo: Todo) -> None:
    """Groups follow the README: next follow-up first; ties by folded name (#10, 31)."""
    for name in ("Zoé Roux", "Chloé Petit", "Élodie Blanc", "Cécile Durand"):
        todo("people", "add", name)
    todo("add", "Later", "--to", "cecile", "--follow-up", "2026-12-20")
    todo("add", "Soon", "--to", "zoe", "--follow-up", "2026-12-01")
    todo("add", "Tie one", "--to", "elodie", "--follow-up", "2026-12-05")
    todo("add", "Tie two", "--to", "chloe", "--follow-up", "2026-12-05")
    todo("add", "Even later", "--to", "zoe", "--follow-up", "2026-12-30")
    found = sections(todo("export").stdout)
    groups = [heading for heading in found if heading not in SECTIONS and "Day list" not in heading]
    assert groups == ["Zoé Roux", "Chloé Petit", "Élodie Blanc", "Cécile Durand"]
    assert ids_in(found["Zoé Roux"]) == [2, 5]


def test_export_counts_a_blocked_follow_up_as_due(todo: Todo, monkeypatch) -> None:
    """A delegated task whose follow-up day came is due even while blocked (#10, 28)."""
    todo("people", "add", "Alice Martin")
    todo("add", "Blocker impact:1")
    todo("add", "Blocked delegated blocked-by:1 to:alice follow:fri")
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-27T09:00")
    text = todo("export").stdout
    found = sections(text)
    assert found["Follow-ups due"] == [
        "[ ] **#2 Blocked delegated**: delegated to Alice Martin · follow-up Fri 27 Nov (today)"
        " · waits for #1"
    ]
    assert "1 follow-up(s) due" in text and ids_in(found["Later"]) == [1]
    assert "1 follow-up(s) due" in todo("brief", "alice").stdout


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(todo: Todo) -> None:
    """OWASP's CSV injection advice: a cell starting with = + - @ tab or CR gets a quote (#10,
    21); JSON keeps the text exact."""
    import csv
    import io

    formulas = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]
    for title in formulas:
        todo("add", "--literal", "--", title)
    rows = list(csv.DictReader(io.StringIO(todo("export", "--format", "csv").stdout)))
    assert [row["title"] for row in rows] == ["'" + title for title in formulas]
    assert [t["title"] for t in todo.json("list")] == formulas
