"""Undo walks back through every change, people's included, and is never stuck (#10, 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Database, Todo
from tests.test_database_trust import one_error_line


@pytest.fixture
def bob(todo: Todo) -> Todo:
    """Task #1 delegated to Bob Stone; Alice Martin there too."""
    todo("people", "add", "Alice Martin")
    todo("people", "add", "Bob Stone", "--team", "Ops")
    todo("add", "Call the auditors impact:4")
    todo("delegate", "1", "--to", "bob", "--follow-up", "mon")
    return todo


def names(todo: Todo) -> list[tuple[str, str | None]]:
    return [(person["name"], person["team"]) for person in todo.json("people")]


def test_people_edit_is_undone_before_older_changes(bob: Todo) -> None:
    bob("edit", "1", "--impact", "5")
    bob("people", "edit", "bob", "--name", "Robert Stone", "--team", "Finance")
    assert bob("undo").stdout == "Undid person-edited Robert Stone\n"
    assert names(bob) == [("Alice Martin", None), ("Bob Stone", "Ops")]
    assert bob.json("show", "1")["impact"] == 5, "the older edit stays"
    assert bob("undo").stdout == "Undid edited #1 Call the auditors\n"
    assert bob.json("show", "1")["delegate"] == "Bob Stone"


def test_people_remove_and_reassign_are_undone_whole(bob: Todo) -> None:
    bob("add", "Closed one")
    bob("delegate", "2", "--to", "bob")
    bob("followup", "2", "--done")
    before = bob.json("list", "--status", "all")
    bob("people", "remove", "bob", "--reassign", "alice")
    assert bob.json("show", "1")["delegate"] == "Alice Martin"
    out = bob("undo").stdout
    assert out.splitlines() == [
        "Undid person-removed Bob Stone",
        "Undid redelegated #1 Call the auditors",
    ]
    assert names(bob) == [("Alice Martin", None), ("Bob Stone", "Ops")]
    assert bob.json("list", "--status", "all") == before, "both tasks with Bob again, as they were"
    for _ in range(7):  # done, delegated, created, delegated, created, two people added
        assert bob("undo").stdout.startswith("Undid ")
    assert bob.json("list", "--status", "all") == [] and names(bob) == []
    assert "nothing to undo" in one_error_line(bob("undo", code=2).stderr)


def test_people_remove_of_someone_in_the_history_is_undone_then_older_ones(bob: Todo) -> None:
    bob("reclaim", "1")
    bob("people", "remove", "bob")
    assert bob("undo").stdout == "Undid person-removed Bob Stone\n"
    assert bob("undo").stdout == "Undid reclaimed #1 Call the auditors\n"
    assert bob.json("show", "1")["delegate"] == "Bob Stone"
    assert bob("undo").stdout == "Undid delegated #1 Call the auditors\n"


def test_people_add_is_undone_and_so_is_a_person_added_by_create(todo: Todo) -> None:
    todo("add", "Task")
    todo("delegate", "1", "--to", "Carol Ng", "--create")
    out = todo("undo").stdout.splitlines()
    assert out == ["Undid delegated #1 Task", "Undid person-added Carol Ng (removed)"]
    assert names(todo) == []
    todo("people", "add", "Dan Brown")
    assert todo("undo").stdout == "Undid person-added Dan Brown (removed)\n"


def test_a_change_that_cannot_be_undone_is_passed_over_in_one_line(
    bob: Todo, database: Database
) -> None:
    """Bob deleted behind coo-todo's back (as versions before #10 did: no history entry):
    the reclaim cannot be undone. Undo says why, once, then goes on to older changes."""
    bob("reclaim", "1")
    database.execute("DELETE FROM person WHERE name = 'Bob Stone'")
    line = one_error_line(bob("undo", code=2).stderr)
    assert line.startswith("error: cannot undo reclaimed #1 Call the auditors: Bob Stone is no")
    assert "passed over it" in line
    assert bob.json("show", "1")["delegate"] is None
    assert bob("undo").stdout == "Undid delegated #1 Call the auditors\n"
    assert bob("undo").stdout == "Undid created #1 Call the auditors (removed)\n"
    assert "cannot undo person-added Bob Stone" in bob("undo", code=2).stderr
    assert bob("undo").stdout == "Undid person-added Alice Martin (removed)\n"
    assert "nothing to undo" in bob("undo", code=2).stderr


def test_a_damaged_entry_is_passed_over_never_put_back(bob: Todo, database: Database) -> None:
    bob("edit", "1", "--impact", "2")
    database.execute(
        "UPDATE event SET changes = :changes WHERE kind = 'edited'",
        changes=json.dumps({"impact": {"from": "abc", "to": 2}}),
    )
    line = one_error_line(bob("undo", code=2).stderr)
    assert "damaged" in line and "impact cannot be 'abc'" in line
    assert bob.json("show", "1")["impact"] == 2
    assert bob("undo").stdout == "Undid delegated #1 Call the auditors\n"


def backup_of(todo: Todo, tmp_path: Path) -> Path:
    path = tmp_path / "backup.json"
    todo("export", "--format", "json", "--output", str(path))
    return path


def test_backup_history_is_checked_before_it_is_stored(bob: Todo, tmp_path: Path) -> None:
    bob("edit", "1", "--impact", "2", "--title", "Call the auditors today")
    lines = backup_of(bob, tmp_path).read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if '"kind": "edited"' in line)
    lines[number - 1] = lines[number - 1].replace('"from": 4', '"from": "abc"')
    tampered = tmp_path / "tampered.json"
    tampered.write_text("\n".join(lines), encoding="utf-8")
    restored = str(tmp_path / "restored.sqlite")
    result = bob("--db", restored, "import", str(tampered))
    assert f"line {number}: impact cannot be 'abc'" in result.stderr
    assert "1 added" in result.stdout
    assert bob("--db", restored, "undo").stdout == "Undid delegated #1 Call the auditors today\n"
    assert bob.json("--db", restored, "show", "1")["impact"] == 2


def test_undo_after_a_restore_finds_people_by_name(todo: Todo, tmp_path: Path) -> None:
    """A restored backup numbers people afresh (Adam before Zoe): undo goes back to the
    person the history names, never to whoever holds the old id."""
    todo("people", "add", "Zoe Park")
    todo("people", "add", "Adam Lee")
    todo("add", "Reclaimed")
    todo("delegate", "1", "--to", "zoe")
    todo("reclaim", "1")
    todo("add", "Deleted")
    todo("delegate", "2", "--to", "zoe")
    todo("delete", "2", "--yes")
    restored = str(tmp_path / "restored.sqlite")
    todo("--db", restored, "import", str(backup_of(todo, tmp_path)))
    assert todo("--db", restored, "undo").stdout == "Undid deleted #2 Deleted\n"
    assert todo.json("--db", restored, "show", "2")["delegate"] == "Zoe Park"
    todo("--db", restored, "undo")
    todo("--db", restored, "undo")
    assert todo("--db", restored, "undo").stdout == "Undid reclaimed #1 Reclaimed\n"
    assert todo.json("--db", restored, "show", "1")["delegate"] == "Zoe Park"


def test_every_kind_of_entry_passes_the_check_of_a_restore(bob: Todo, tmp_path: Path) -> None:
    """What coo-todo itself writes in the history is never refused when its backup is restored."""
    bob("add", "Second +x blocked-by:1")
    bob("edit", "2", "--untag", "x", "--tag", "y", "--unblock", "1", "--due", "fri")
    bob("edit", "2", "--effort", "1h", "--area", "Ops", "--note", "n", "--urgency", "5")
    bob("followup", "1", "--note", "moving", "--next", "tue")
    bob("delegate", "1", "--to", "alice")
    bob("reclaim", "1")
    bob("people", "edit", "bob", "--name", "Robert Stone", "--contact", "r@example.com")
    bob("brief", "robert", "--record")
    for command in ("done", "reopen", "drop"):
        bob(command, "2")
    bob("delete", "2", "--yes")
    bob("undo")
    bob("people", "add", "Carol Ng")
    bob("people", "remove", "carol")
    earlier = backup_of(bob, tmp_path)
    bob("edit", "1", "--title", "Renamed")
    bob("import", str(earlier))  # reimported
    backup = backup_of(bob, tmp_path)
    kinds = {entry["kind"] for entry in json.loads(backup.read_text(encoding="utf-8"))["history"]}
    assert kinds == {
        *("created", "edited", "followed-up", "delegated", "redelegated", "reclaimed"),
        *("done", "reopened", "dropped", "deleted", "undo", "reimported"),
        *("person-added", "person-edited", "person-removed", "briefed"),
    }
    restored = str(tmp_path / "restored.sqlite")
    result = bob("--db", restored, "import", str(backup))
    assert result.stderr == "" and "problem" not in result.stdout
    assert bob("--db", restored, "export", "--format", "json").stdout == backup.read_text("utf-8")
