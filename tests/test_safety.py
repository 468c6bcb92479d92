"""Nothing lost: undo, private files, bad databases, full disks, documented exit codes."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coo_todo.store import dialect
from tests.conftest import Todo


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_undo_walks_back_through_every_kind_of_change(todo: Todo) -> None:
    todo("people", "add", "Alice Martin")
    todo("add", "A due:fri +x")
    todo("add", "B", "--blocked-by", "1")
    todo("edit", "1", "--impact", "5", "--untag", "x", "--tag", "y", "--due", "none")
    todo("delegate", "1", "--to", "alice", "--follow-up", "mon")
    todo("followup", "1", "--note", "moving", "--next", "tue")
    todo("done", "1", "2")
    states = []
    for _ in range(4):
        states.append(todo.json("list", "--status", "all"))
        out = todo("undo").stdout
        assert out.startswith("Undid ")
    after_done = todo.json("list", "--status", "all")
    assert [task["status"] for task in after_done] == ["open", "open"]
    assert after_done[0]["title"] == "A" and after_done[0]["tags"] == ["x"]
    assert after_done[0]["impact"] == 3 and after_done[0]["due"] == "2026-11-27T23:59:59+01:00"
    assert after_done[0]["delegate"] is None and after_done[1]["blocked_by"] == [1]
    assert states[1][0]["follow_up"] == "2026-12-01", "undoing done kept the follow-up"
    assert states[2][0]["follow_up"] == "2026-11-30", "undoing the follow-up restored Monday"
    todo("undo")
    todo("undo")
    assert todo.json("list", "--status", "all") == []
    assert todo("undo").stdout == "Undid person-added Alice Martin (removed)\n"
    assert todo.json("people") == []
    result = todo("undo", code=2)
    assert "nothing to undo" in result.stderr


def test_undo_reverts_a_whole_command(todo: Todo) -> None:
    for title in ("A", "B", "C"):
        todo("add", title)
    todo("done", "1", "2", "3")
    out = todo("undo").stdout
    assert out.count("Undid done") == 3
    assert {task["status"] for task in todo.json("list", "--status", "all")} == {"open"}


def test_undo_brings_a_deleted_task_back_whole(todo: Todo) -> None:
    todo("people", "add", "Alice Martin")
    todo("add", "Blocker")
    todo("add", "Keep me due:fri impact:5 effort:1h area:Sales +x +y blocked-by:1 --note", "n")
    todo("add", "Waits", "--blocked-by", "2")
    todo("delegate", "2", "--to", "alice")
    before = todo.json("show", "2")
    todo("delete", "2", "--yes")
    assert todo.json("show", "3")["blocked_by"] == []
    assert "Undid deleted #2 Keep me" in todo("undo").stdout
    assert todo.json("show", "2") == before
    assert todo.json("show", "3")["blocked_by"] == [2]
    history = todo("show", "2").stdout
    assert "deleted" in history and "undo" in history


def test_files_are_private(todo: Todo, isolated: Path, tmp_path: Path) -> None:
    data = isolated / "fresh-data"
    todo("--db", str(data / "todo.sqlite"), "add", "Secret client")
    assert mode(data) == 0o700 and mode(data / "todo.sqlite") == 0o600
    backup = Path(todo("--db", str(data / "todo.sqlite"), "db", "backup").stdout.split()[-1])
    assert mode(backup) == 0o600
    todo("people", "add", "Alice")
    todo("add", "x", "--to", "alice")
    brief = tmp_path / "brief.md"
    todo("brief", "alice", "--output", str(brief))
    assert mode(brief) == 0o600


@pytest.mark.sqlite_only
def test_backup_is_a_consistent_copy(todo: Todo, tmp_path: Path) -> None:
    todo("add", "One")
    target = tmp_path / "copy.sqlite"
    todo("db", "backup", str(target))
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT title FROM task").fetchall() == [("One",)]
    result = todo("db", "backup", str(target), code=3)
    assert "already exists" in result.stderr


def test_not_a_database_is_refused_and_never_overwritten(todo: Todo, tmp_path: Path) -> None:
    for content in (b"shopping list\nmilk\n", b"SQLite format 3\x00" + b"\xff" * 4000):
        path = tmp_path / "notes.db"
        path.write_bytes(content)
        result = todo("--db", str(path), "add", "x", code=3)
        assert result.stderr.startswith("error: ") and "Traceback" not in result.output
        assert path.read_bytes() == content


@pytest.mark.sqlite_only
def test_read_only_database_is_a_clear_error(todo: Todo, isolated: Path) -> None:
    todo("add", "Existing")
    url = f"sqlite:///file:{isolated / 'todo.sqlite'}?mode=ro&uri=true"
    assert [t["title"] for t in todo.json("--db", url, "list")] == ["Existing"]
    result = todo("--db", url, "add", "New", code=3)
    assert "readonly" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.sqlite_only
def test_full_disk_is_a_clear_error_and_writes_nothing(todo: Todo, monkeypatch) -> None:
    todo("add", "Existing")
    plain = dialect._enable_sqlite_pragmas

    def tiny_disk(connection, record) -> None:
        plain(connection, record)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count={pages}")

    monkeypatch.setattr(dialect, "_enable_sqlite_pragmas", tiny_disk)
    result = todo("add", "x" * 400, "--note", "y" * 9_000, code=3)
    assert "full" in result.stderr
    monkeypatch.setattr(dialect, "_enable_sqlite_pragmas", plain)
    assert [t["title"] for t in todo.json("list")] == ["Existing"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["add", "x"], 0),
        (["list"], 1),  # no database yet
        (["show", "7"], 1),
        (["people", "edit", "nobody", "--team", "x"], 1),
        (["add", "x", "--impact", "9"], 2),
        (["add", "--nonsense"], 2),
        (["--db", "{garbage}", "list"], 3),
    ],
)
def test_documented_exit_codes(todo: Todo, tmp_path: Path, args: list[str], code: int) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database")
    todo(*[arg.replace("{garbage}", str(garbage)) for arg in args], code=code)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "completing"),
    [(["add", "Call Acme"], None), (["triage"], None), ([], "todo done ")],
    ids=["add", "triage", "completion"],
)
def test_the_todo_process_closes_its_database(
    tmp_path: Path, args: list[str], completing: str | None
) -> None:
    """``main`` skips the interpreter's final garbage collection; the database must still be
    closed: SQLite removes its -wal and -shm files when the last connection closes."""
    db = tmp_path / "todo.sqlite"
    env = {**os.environ, "COO_TODO_DB": str(db)}
    run = [
        sys.executable,
        "-c",
        "import sys; sys.argv[0] = 'todo'; from coo_todo.cli import main; main()",
    ]
    subprocess.run([*run, "add", "First"], env=env, check=True, capture_output=True)
    if completing is not None:
        env.update(_TODO_COMPLETE="complete_bash", COMP_WORDS=completing, COMP_CWORD="2")
    result = subprocess.run([*run, *args], env=env, check=True, capture_output=True, text=True)
    assert result.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["todo.sqlite"]
