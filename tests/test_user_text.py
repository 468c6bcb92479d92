"""Every piece of user text passes one check: storable (valid Unicode, no NUL) and not longer
than its field's limit; control characters are stored as typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coo_todo.domain.limits import MAX_LENGTH, MAX_TAGS
from tests.conftest import Database, Todo

BAD_BYTES = "bad\udcffbytes"
"""What Python makes of the argv bytes b'bad\\xffbytes' (not UTF-8): a lone surrogate."""


def rows(database: Database) -> list[tuple[object, ...]]:
    tables = ("task", "task_tag", "person", "event")
    return [row for t in tables for row in database.rows(f"SELECT * FROM {t} ORDER BY 1, 2")]


@pytest.fixture
def seeded(todo: Todo, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Todo:
    monkeypatch.chdir(isolated)  # where a mistaken relative --db would land
    todo("add", "Renew contract", "+sales")
    todo("people", "add", "Alice Martin")
    return todo


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["add", "Title", "--tag", BAD_BYTES], "'--tag'"),
        (["add", "Title", f"+{BAD_BYTES}"], "'WORDS'"),
        (["add", BAD_BYTES], "'WORDS'"),
        (["people", "add", "Bob", "--team", BAD_BYTES], "'--team'"),
        (["people", "add", "Bob", "--contact", BAD_BYTES], "'--contact'"),
        (["people", "edit", "alice", "--team", BAD_BYTES], "'--team'"),
        (["people", "edit", "alice", "--contact", BAD_BYTES], "'--contact'"),
        (["delegate", "1", "--to", "alice", "--note", BAD_BYTES], "'--note'"),
        (["edit", "1", "--tag", BAD_BYTES], "'--tag'"),
        (["edit", "1", "--untag", BAD_BYTES], "'--untag'"),
        (["list", "--area", BAD_BYTES], "'--area'"),
        (["list", "--tag", BAD_BYTES], "'--tag'"),
        (["--db", BAD_BYTES, "triage"], "'--db'"),
        (["add", "Title", "--note", "nul\x00inside"], "'--note'"),
        (["add", "nul\x00inside"], "'WORDS'"),
    ],
)
def test_text_no_database_can_store_is_one_usage_error(
    seeded: Todo, database: Database, args: list[str], option: str
) -> None:
    before = rows(database)
    result = seeded(*args, code=2)
    assert result.stderr.startswith("error: Invalid value for ") and option in result.stderr
    assert "not valid UTF-8" in result.stderr or "NUL" in result.stderr
    assert result.stderr.count("\n") == 1
    assert rows(database) == before


def test_control_characters_are_stored_as_typed(todo: Todo) -> None:
    title = "bell\x07 escape\x1b[31m tab\there \x85next"
    task_id = todo.add("--literal", "--", title)
    todo("edit", str(task_id), "--note", "osc\x1b]52;c;aGk=\x07 end", "--tag", "a\x01b")
    shown = todo.json("show", str(task_id))
    assert shown["title"] == title.strip()
    assert shown["notes"] == "osc\x1b]52;c;aGk=\x07 end" and "a\x01b" in shown["tags"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["add", "--literal", "--", "x" * (MAX_LENGTH["title"] + 1)], "title"),
        (["add", "x" * 1_000_000], "title"),
        (["edit", "1", "--title", "x" * (MAX_LENGTH["title"] + 1)], "title"),
        (["add", "Title", "--note", "n" * (MAX_LENGTH["note"] + 1)], "note"),
        (["add", "Title", "--tag", "t" * (MAX_LENGTH["tag"] + 1)], "tag"),
        (["add", "Title", "+" + "t" * (MAX_LENGTH["tag"] + 1)], "tag"),
        (["add", "Title", "--area", "a" * (MAX_LENGTH["area"] + 1)], "area"),
        (["people", "add", "N" * (MAX_LENGTH["name"] + 1)], "name"),
        (["people", "add", "Bob", "--team", "T" * (MAX_LENGTH["team"] + 1)], "team"),
        (["people", "add", "Bob", "--contact", "c" * (MAX_LENGTH["contact"] + 1)], "contact"),
        (["delegate", "1", "--to", "alice", "--note", "n" * (MAX_LENGTH["note"] + 1)], "note"),
    ],
)
def test_text_beyond_its_limit_is_refused_saying_the_limit(
    seeded: Todo, database: Database, args: list[str], field: str
) -> None:
    before = rows(database)
    result = seeded(*args, code=2)
    limit = f"{MAX_LENGTH[field]:,}"
    assert result.stderr.startswith(f"error: the {field} is ") and f"the limit is {limit}" in (
        result.stderr
    )
    assert result.stderr.count("\n") == 1
    assert rows(database) == before


def test_text_at_its_limit_is_accepted(seeded: Todo) -> None:
    title = "x" * MAX_LENGTH["title"]
    task_id = seeded.add("--literal", "--note", "n" * MAX_LENGTH["note"], "--", title)
    assert seeded.json("show", str(task_id))["title"] == title
    seeded("people", "add", "N" * MAX_LENGTH["name"], "--team", "T" * MAX_LENGTH["team"])


def test_import_respects_the_same_limits(todo: Todo, isolated: Path) -> None:
    source = isolated / "tasks.json"
    long_title = {"uuid": "0" * 8 + "-0000-4000-8000-" + "0" * 12, "description": "x" * 501}
    fine = {"uuid": "1" * 8 + "-0000-4000-8000-" + "0" * 12, "description": "Fine"}
    source.write_text(json.dumps([long_title, fine]), encoding="utf-8")
    result = todo("import", str(source), "--from", "taskwarrior")
    assert "the title is 501 characters long; the limit is 500" in result.stdout + result.stderr
    assert [t["title"] for t in todo.json("list")] == ["Fine"]


def test_a_task_holds_at_most_max_tags_from_any_path(todo: Todo, isolated: Path) -> None:
    """A runaway script stops at MAX_TAGS tags, whether it adds, edits or imports them."""
    tags = [f"+t{number}" for number in range(MAX_TAGS + 1)]
    result = todo("add", "Too many", *tags, code=2)
    assert result.stderr == f"error: a task holds at most {MAX_TAGS} tags, not {MAX_TAGS + 1}\n"
    task_id = todo.add("Many", *tags[:MAX_TAGS])
    todo("edit", str(task_id), "+one-more", code=2)
    assert len(todo.json("show", str(task_id))["tags"]) == MAX_TAGS
    todo("edit", str(task_id), "+t0")  # a tag it has: nothing more
    source = isolated / "tasks.json"
    crowded = {
        "uuid": "1" * 8 + "-0000-4000-8000-" + "0" * 12,
        "description": "Imported",
        "tags": [f"t{number}" for number in range(MAX_TAGS + 1)],
    }
    source.write_text(json.dumps([crowded]), encoding="utf-8")
    result = todo("import", str(source), "--from", "taskwarrior")
    assert f"a task holds at most {MAX_TAGS} tags" in result.stdout + result.stderr
    assert [t["title"] for t in todo.json("list")] == ["Many"]
