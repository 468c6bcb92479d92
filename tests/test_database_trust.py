"""The database itself: any file name, never in memory, never created by a command that only
reads, clear errors for damaged files, missing drivers and unusable folders, upgrade races."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.migrations import HEAD
from tests.conftest import Database, Todo
from tests.test_completion import complete
from tests.test_migrations import build_at, everything, fill_oldest


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


@pytest.mark.parametrize(
    "name", ["my?db.sqlite", "pct%20x.sqlite", "a#b.sqlite", "with space.sqlite", "été ü.sqlite"]
)
def test_a_database_path_opens_exactly_that_file(todo: Todo, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    todo("--db", str(path), "add", "Call Acme")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite") == [name]
    assert [t["title"] for t in todo.json("--db", str(path), "list")] == ["Call Acme"]


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///file::memory:?uri=true",
        "sqlite:///file:x?mode=memory&uri=true",
    ],
)
def test_an_in_memory_database_is_refused(todo: Todo, url: str) -> None:
    line = one_error_line(todo("--db", url, "add", "Forgotten", code=2).stderr)
    assert "in-memory" in line


@pytest.mark.parametrize(
    "args",
    [
        ["triage"],
        ["list"],
        ["show", "1"],
        ["explain", "1"],
        ["waiting"],
        ["people"],
        ["export"],
        ["brief", "alice"],
        ["undo"],
        ["db", "check"],
        ["db", "backup"],
    ],
)
def test_a_command_that_reads_never_creates_a_database(
    todo: Todo, tmp_path: Path, args: list[str]
) -> None:
    missing = tmp_path / "no" / "such" / "x.sqlite"
    line = one_error_line(todo("--db", str(missing), *args, code=1).stderr)
    assert "no database at" in line and "todo add" in line and "todo demo" in line
    assert not (tmp_path / "no").exists()


def test_completion_never_creates_or_upgrades_a_database(
    todo: Todo, database: Database, isolated: Path
) -> None:
    def state() -> object:
        """The SQLite file's bytes; PostgreSQL's tables and rows."""
        if database.kind == "sqlite":
            path = Path(database.url)
            return path.read_bytes() if path.exists() else None
        return everything(database)

    empty = state()
    assert complete(todo, "todo done ") == []
    assert state() == empty
    build_at(database, "0001")
    fill_oldest(database)
    before = state()
    assert complete(todo, "todo done ") == []
    assert state() == before and not list(isolated.glob("*.bak"))


@pytest.mark.parametrize("variable", ["XDG_DATA_HOME", "HOME"])
def test_a_data_folder_that_cannot_be_made_is_one_line(
    todo: Todo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.delenv("COO_TODO_DB")
    monkeypatch.delenv("COO_TODO_DATA_DIR")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv(variable, str(blocker))
    line = one_error_line(todo("add", "x", code=3).stderr)
    assert "cannot open database" in line and str(blocker) in line
    assert "no database" in one_error_line(todo("list", code=1).stderr)


@pytest.mark.sqlite_only
def test_a_file_sqlite_cannot_make_a_database_of_is_one_line(
    todo: Todo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path SQLite opens but cannot turn into a database (a file of the kernel's, which
    takes no journal) is one line, exit 3, from the raw statements of opening (WAL mode)
    as from the others."""
    monkeypatch.setenv("COO_TODO_DB", "/proc/self/status")
    line = one_error_line(todo("add", "x", code=3).stderr)
    assert line.startswith("error: cannot open database /proc/"), line


def test_postgresql_without_its_driver_names_the_extra_and_masks_the_password(
    todo: Todo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # not installed
    for command in (["add", "x"], ["list"], ["db", "check"]):
        result = todo("--db", "postgresql://coo:s3cret-pw@db.example/todo", *command, code=3)
        line = one_error_line(result.stderr)
        assert "pip install 'coo-todo[postgres]'" in line
        assert "s3cret-pw" not in result.output and "coo:***@db.example" in line


def test_a_malformed_url_is_refused_without_echoing_it(todo: Todo) -> None:
    line = one_error_line(todo("--db", "pg+x://u:s3cret@[::1/db", "list", code=2).stderr)
    assert "s3cret" not in line


@pytest.mark.sqlite_only
def test_a_damaged_database_is_reported_damaged(todo: Todo, isolated: Path) -> None:
    lines = "".join(f"Task {number} {'x' * 400}\n" for number in range(80))
    todo("import", "-", "--from", "todotxt", input=lines)
    path = isolated / "todo.sqlite"
    with closing(sqlite3.connect(path)) as connection:  # where the task table starts
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'task'"
        ).fetchone()
    data = bytearray(path.read_bytes())
    assert len(data) > (root + 2) * 4096
    data[(root - 1) * 4096 : (root + 2) * 4096] = os.urandom(3 * 4096)
    path.write_bytes(bytes(data))
    line = one_error_line(todo("db", "check", code=3).stderr)
    assert "damaged" in line
    for command in (["list"], ["add", "y"], ["triage"]):
        one_error_line(todo(*command, code=3).stderr)


@pytest.mark.sqlite_only
def test_two_backups_in_one_second_both_work(todo: Todo, isolated: Path) -> None:
    todo("add", "One")
    taken = isolated / "todo.sqlite.2026-11-26T090000.bak"
    taken.write_text("someone else's file")
    first = Path(todo("db", "backup").stdout.split()[-1])
    second = Path(todo("db", "backup").stdout.split()[-1])
    assert len({taken, first, second}) == 3
    assert first.name.startswith("todo.sqlite.") and first.name.endswith(".bak")
    assert taken.read_text() == "someone else's file"


@pytest.mark.slow
def test_commands_racing_on_an_older_database_upgrade_it_once(
    database: Database, isolated: Path
) -> None:
    """Of 5 commands starting at once on a database at 0001, one upgrades it (and, on SQLite,
    backs it up), the others wait for it and go on."""
    build_at(database, "0001")
    fill_oldest(database)
    env = {**os.environ, "COO_TODO_DB": database.url}
    script = Path(sys.executable).with_name("todo")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "coo_todo"]
    runs = [
        subprocess.Popen(
            [*command, "list", "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(5)
    ]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    assert [code for code, _, _ in results] == [0] * 5, [err for _, _, err in results]
    assert all(len(json.loads(out)) == 40 for _, out, _ in results)
    notes = [err for _, _, err in results if b"note: upgraded" in err]
    assert len(notes) == 1, [err for _, _, err in results]
    assert len(list(isolated.glob("todo.sqlite.*.bak"))) == (database.kind == "sqlite")
    assert (
        f"schema {HEAD}".encode()
        in subprocess.run(
            [*command, "db", "check"], env=env, capture_output=True, check=True
        ).stdout
    )


# -- times: stored values that are not dates, the fixed clock, the time zone (#10, 13 and 23) --


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("column", "stored"),
    [
        ("due", "9999-12-31 23:59:59.000000"),  # east of UTC, local time is in year 10000
        ("due", "0001-01-01 00:00:00.000000"),
        ("created_at", "garbage"),
        ("follow_up", "2026-13-45 99:00:00"),
    ],
)
def test_a_stored_time_that_is_not_a_date_shows_as_invalid(
    todo: Todo, isolated: Path, monkeypatch: pytest.MonkeyPatch, column: str, stored: str
) -> None:
    """Written by another tool or an older version: every view still lists the task and says
    "invalid date"; db check names it (exit 3)."""
    import sqlite3
    from contextlib import closing

    todo("add", "Renew Acme", "due:fri")
    todo("delegate", "1", "--to", "Alice", "--create", "--follow-up", "tue")
    with closing(sqlite3.connect(isolated / "todo.sqlite")) as db, db:
        db.execute(f"UPDATE task SET {column} = ? WHERE id = 1", (stored,))
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    views = [["triage"], ["list"], ["show", "1"], ["explain", "1"], ["waiting"], ["brief", "alice"]]
    for view in views:
        assert "Renew Acme" in todo(*view).stdout
    assert "invalid date" in todo("show", "1").stdout
    for form in ("markdown", "csv", "json"):
        assert "Renew Acme" in todo("export", "--format", form).stdout
    problem = one_error_line(todo("db", "check", code=3).stderr)
    assert f"task 1 {column}" in problem


@pytest.mark.parametrize("fixed", ["0001-01-01", "9999-12-31T23:59+00:00", "1899-12-31T23:00"])
def test_a_fixed_clock_outside_the_years_is_refused(
    todo: Todo, monkeypatch: pytest.MonkeyPatch, fixed: str
) -> None:
    todo("add", "Renew Acme")
    monkeypatch.setenv("COO_TODO_NOW", fixed)
    for command in (["triage"], ["list"], ["add", "Another"]):
        assert "years 1900 to 9998" in one_error_line(todo(*command, code=2).stderr)
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-26T09:00")
    assert [t["title"] for t in todo.json("list")] == ["Renew Acme"]


def test_an_unknown_time_zone_is_noted_once(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    todo("add", "Renew Acme", "due:fri")
    monkeypatch.setenv("TZ", "Mars/Olympus")
    time.tzset()  # the C library, whose offset the note reports, reads TZ here
    notes = todo("triage").stderr.splitlines()
    assert notes == [
        "note: TZ='Mars/Olympus' is not a time zone this machine knows (e.g. Europe/Paris); "
        "times use today's offset, UTC+00:00"
    ]
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert todo("triage").stderr == ""


@pytest.mark.sqlite_only
def test_an_existing_database_keeps_its_mode_and_its_journal_follows(
    todo: Todo, isolated: Path
) -> None:
    """A shared 0644 database stays 0644 under a private umask; the WAL SQLite writes beside
    it takes the same mode (a reader holding it open keeps it there to look at)."""
    import sqlite3
    from contextlib import closing

    database = isolated / "todo.sqlite"
    todo("add", "Renew Acme")
    database.chmod(0o644)
    old_umask = os.umask(0o077)
    try:
        with closing(sqlite3.connect(database)) as reader:
            reader.execute("SELECT count(*) FROM task").fetchall()
            todo("add", "Call Globex")
            todo("done", "1")
            assert oct((database.parent / "todo.sqlite-wal").stat().st_mode & 0o777) == "0o644"
    finally:
        os.umask(old_umask)
    assert oct(database.stat().st_mode & 0o777) == "0o644"


def test_a_read_only_shared_memory_file_is_explained(tmp_path: Path) -> None:
    """A -shm made while the database was read-only keeps it unwritable once access is back:
    the error says which file and what to do."""
    from coo_todo.user_files import read_only_hint

    database = tmp_path / "todo.sqlite"
    database.write_bytes(b"")
    assert read_only_hint(database) == ""
    shared = tmp_path / "todo.sqlite-shm"
    shared.write_bytes(b"")
    shared.chmod(0o444)
    hint = read_only_hint(database)
    assert f"read-only: {shared}: chmod u+w {shared}" in hint
    assert "removed while no todo command runs" in hint


SQLITE_TIMES = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda when: f"{when:%Y-%m-%d %H:%M:%S.%f}"
    ),
    st.text(alphabet="0123456789-:. T+Z", min_size=26, max_size=26).map(
        lambda text: text[:10] + " " + text[11:]
    ),
    st.text(max_size=30),
)


@settings(max_examples=500, deadline=None)
@given(stored=SQLITE_TIMES)
def test_a_stored_sqlite_time_reads_as_sqlalchemys_reader_reads_it(stored: str) -> None:
    """StoredTime's quick path for SQLite's text agrees with SQLAlchemy's general reader: the
    same time, or "invalid date" for text that is not one or is out of the years."""
    from sqlalchemy.dialects import sqlite
    from sqlmodel.sql.sqltypes import UTCDateTime

    from coo_todo.domain.dates import UNREADABLE, YEARS
    from coo_todo.store.models import StoredTime

    dialect = sqlite.dialect()
    convert = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)
    try:
        general = UTCDateTime().process_result_value(convert(stored), dialect)
    except (ValueError, TypeError, OverflowError):
        general = UNREADABLE
    if general is not None and not YEARS[0] <= general.year <= YEARS[1]:
        general = UNREADABLE
    read = StoredTime().dialect_impl(dialect).result_processor(dialect, None)
    assert read(stored) == general
    assert read(None) is None


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("table", "column", "stored"),
    [
        ("task", "impact", "high"),
        ("task", "urgency", b"\x01"),
        ("task", "effort_minutes", "lots"),
        ("task", "title", b"Renew Acme \xff"),
        ("task", "area", b"\xff"),
        ("task", "notes", b"\x00\xff"),
        ("task", "status", b"open"),
        ("task_tag", "tag", b"\xff"),
        ("person", "name", b"Alice \xff"),
        ("event", "note", b"\xff"),
        ("event", "changes", "{not json"),
        ("event", "changes", b"\xff"),
        ("event", "changes", "[1, 2]"),
    ],
)
def test_a_value_of_another_type_written_by_another_tool_is_read_as_the_nearest(
    todo: Todo, isolated: Path, table: str, column: str, stored: object
) -> None:
    """SQLite keeps any value in any column: text in an INTEGER one, bytes (a BLOB) in a TEXT
    one. Every view still works (a number's default, text from its bytes), and db check names
    the value (exit 3). One such value crashed every listing, its JSON and the review."""
    todo("add", "Renew Acme", "due:fri", "effort:1h", "+renewal")
    todo("delegate", "1", "--to", "Alice", "--create", "--note", "call first")
    with closing(sqlite3.connect(isolated / "todo.sqlite")) as db, db:
        db.execute(f"UPDATE {table} SET {column} = ?", (stored,))
    views = [["triage"], ["list", "--status", "all"], ["show", "1"], ["explain", "1"]]
    views += [["waiting"], ["people"], ["review"], ["search", "acme"], ["plan"], ["brief", "alice"]]
    views += [["export", "--format", form] for form in ("markdown", "csv", "json")]
    for view in views:
        todo(*view)
    for view in (["list", "--status", "all"], ["show", "1"], ["plan"], ["triage"]):
        json.loads(todo(*view, "--json").stdout)
    problem = one_error_line(todo("db", "check", code=3).stderr)
    assert f"{table} 1 {column}" in problem, problem


@pytest.mark.sqlite_only
def test_a_history_entry_another_tool_made_unreadable_is_passed_over_by_undo(
    todo: Todo, isolated: Path
) -> None:
    """Changes that are not a JSON object: ``todo show`` lists the entry as unreadable, and
    ``todo undo`` refuses it in one line (and passes over it), never reverting nothing."""
    todo("add", "Renew Acme", "due:fri")
    todo("edit", "1", "impact:4")
    with closing(sqlite3.connect(isolated / "todo.sqlite")) as db, db:
        db.execute("UPDATE event SET changes = '{not json' WHERE kind = 'edited'")
    assert "unreadable: '{not json'" in todo("show", "1").stdout
    line = one_error_line(todo("undo", code=2).stderr)
    assert "its changes cannot be read ('{not json')" in line
    assert todo.json("show", "1")["impact"] == 4


@pytest.mark.sqlite_only
def test_a_time_in_a_history_entry_that_is_not_a_date_is_shown_as_written(
    todo: Todo, isolated: Path
) -> None:
    todo("add", "Renew Acme", "due:fri")
    todo("edit", "1", "due:mon")
    with closing(sqlite3.connect(isolated / "todo.sqlite")) as db, db:
        db.execute(
            """UPDATE event SET changes = '{"due": {"from": "garbage", "to": "x"}}'"""
            " WHERE kind = 'edited'"
        )
    assert "due: garbage → x" in todo("show", "1").stdout
    assert "due cannot be 'garbage'" in one_error_line(todo("undo", code=2).stderr)
