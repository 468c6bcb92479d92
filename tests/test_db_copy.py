"""``todo db copy`` between SQLite and PostgreSQL, and ``todo db backup`` on PostgreSQL."""

from __future__ import annotations

import json
import re
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from coo_todo.cli import app
from coo_todo.service.database import same_list
from coo_todo.store import Store
from tests.conftest import Database, Todo
from tests.fuzzing import fuzz_settings
from tests.postgres import PostgresServer
from tests.test_cli_exchange import a_full_list
from tests.test_database_trust import one_error_line
from tests.test_migrations import build_at, fill_oldest

TABLES = (
    "person",
    "task",
    "task_tag",
    "dependency",
    "event",
    "shared_area",
    "initiative",
    "initiative_member",
    "initiative_review",
)
SET_BY_THE_DATABASE = (("task", "owner"), ("event", "author"), ("initiative", "owner"))
"""Columns PostgreSQL fills in with the role that writes (team mode); None on SQLite."""


@pytest.fixture
def fresh(postgres_server: PostgresServer) -> Iterator[list[str]]:
    """New, empty databases on the run's server, made on demand and dropped afterwards."""
    made: list[str] = []
    yield made
    for url in made:
        postgres_server.drop_database(url)


def new_database(server: PostgresServer, made: list[str]) -> str:
    made.append(server.new_database())
    return made[-1]


def fill(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    """People, delegation, tags, dependencies, every status, a follow-up, a recorded brief,
    an undone change and a deleted task (the highest id: its history stays, its id unused)."""
    a_full_list(todo, monkeypatch)
    todo("edit", "2", "--impact", "1")
    todo("undo")
    todo("delete", str(todo.add("Typo")), "--yes")


def export(todo: Todo, url: str) -> str:
    return str(todo("--db", url, "export", "--format", "json").stdout)


def sqlite_rows(path: str) -> dict[str, list[dict[str, object]]]:
    """Every row of every table of an SQLite file, in a stable order."""
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        rows = {name: connection.execute(f"SELECT * FROM {name}").fetchall() for name in TABLES}
    return {
        name: sorted((dict(row) for row in found), key=lambda row: [str(v) for v in row.values()])
        for name, found in rows.items()
    }


COPIED = re.compile(
    r"Copied 5 tasks, 2 people and (\d+) history entries to (\S+); "
    r"verified: both export the same JSON backup\.\n"
)


@pytest.mark.slow
def test_round_trip_sqlite_postgresql_sqlite_keeps_everything(
    postgres_server: PostgresServer,
    fresh: list[str],
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    todo = Todo()
    source = str(isolated / "todo.sqlite")
    fill(todo, monkeypatch)
    server, other = new_database(postgres_server, fresh), new_database(postgres_server, fresh)
    back = str(isolated / "back.sqlite")

    there = COPIED.fullmatch(todo("db", "copy", "--to", server).stdout)
    assert there, "the copy says what it copied, and that it verified it"
    password = make_url(server).password
    assert password and password not in there.group(2) and "***" in there.group(2)
    between = COPIED.fullmatch(todo("--db", server, "db", "copy", "--to", other).stdout)
    again = COPIED.fullmatch(todo("--db", other, "db", "copy", "--to", back).stdout)
    assert between and again and again.group(1) == between.group(1) == there.group(1)

    assert same_list(export(todo, source), export(todo, server)), "owners aside (SQLite has none)"
    assert export(todo, server) == export(todo, other) == export(todo, back)
    copier = make_url(server).username
    came_back, went = sqlite_rows(back), sqlite_rows(source)
    for table, column in SET_BY_THE_DATABASE:  # SQLite has no roles: PostgreSQL set them
        assert {row.pop(column) for row in went[table]} == {None}
        assert {row.pop(column) for row in came_back[table]} == {copier}
    assert came_back == went, "every other column of every row, ids included"


def statements_of_a_copy(folder: Path, tasks: int) -> int:
    """How many statements copying a list of ``tasks`` tagged tasks into a new file takes."""
    lines = "".join(f"Task {number} +tag{number % 3}\n" for number in range(tasks))
    source = str(folder / f"source{tasks}.sqlite")
    Todo()("--db", source, "import", "-", "--from", "todotxt", input=lines)
    now = datetime.now(UTC)
    origin = Store(f"sqlite:///{source}", now)
    target = Store(f"sqlite:///{folder / f'target{tasks}.sqlite'}", now)
    seen: list[str] = []

    def count(*_: object) -> None:
        seen.append("statement")

    event.listen(Engine, "before_cursor_execute", count)
    try:
        assert origin.copy_into(target, now)["task"] == tasks
    finally:
        event.remove(Engine, "before_cursor_execute", count)
        origin.close()
        target.close()
    return len(seen)


def test_the_copy_makes_no_query_per_row(tmp_path: Path) -> None:
    assert statements_of_a_copy(tmp_path, 5) == statements_of_a_copy(tmp_path, 300)


@pytest.fixture
def copied(
    postgres_server: PostgresServer,
    fresh: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """A filled SQLite list (COO_TODO_DB) copied into a new PostgreSQL database: its URL."""
    todo = Todo()
    fill(todo, monkeypatch)
    server = new_database(postgres_server, fresh)
    todo("db", "copy", "--to", server)
    return server


def test_history_and_undo_work_on_the_copy(copied: str) -> None:
    todo = Todo()
    assert same_list(todo("export", "--format", "json").stdout, export(todo, copied))
    assert todo("--db", copied, "show", "3").stdout == todo("show", "3").stdout
    assert todo("--db", copied, "undo").stdout == todo("undo").stdout, "the same last change"
    assert todo("--db", copied, "list").stdout == todo("list").stdout


def test_ids_after_the_copy_continue_past_the_deleted_tasks(copied: str) -> None:
    todo = Todo()
    assert todo("--db", copied, "add", "New one").stdout.startswith("Added #7 "), "not #6, deleted"
    todo("--db", copied, "people", "add", "Zoé")  # person ids continue too: no clash
    assert [person["name"] for person in todo.json("--db", copied, "people")][-1] == "Zoé"


def test_a_target_that_is_not_empty_is_refused_and_left_alone(
    database: Database, postgres_server: PostgresServer, fresh: list[str], tmp_path: Path
) -> None:
    todo = Todo()
    todo.add("Mine")
    for target in (new_database(postgres_server, fresh), str(tmp_path / "other.sqlite")):
        todo("--db", target, "add", "Theirs")
        before = export(todo, target)
        line = one_error_line(todo("db", "copy", "--to", target, code=3).stderr)
        assert "is not empty" in line and "task" in line
        assert export(todo, target) == before


def test_a_row_the_target_refuses_leaves_it_empty(
    postgres_server: PostgresServer, fresh: list[str], isolated: Path
) -> None:
    todo = Todo()
    for number in range(3):
        todo.add(f"Task {number}")
    with sqlite3.connect(isolated / "todo.sqlite") as source:  # SQLite keeps any length
        source.execute("UPDATE task SET area = ? WHERE id = 3", ("x" * 150,))
    target = new_database(postgres_server, fresh)
    line = one_error_line(todo("db", "copy", "--to", target, code=3).stderr)
    assert "too long" in line
    assert json.loads(export(todo, target))["tasks"] == [], "all or nothing"
    assert todo("--db", target, "add", "First").stdout.startswith("Added #1 ")


@pytest.mark.postgresql_only
def test_a_team_member_cannot_copy_or_back_up_the_part_they_see(
    database: Database, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    todo = Todo()
    todo.add("The admin's own")
    role = f"member_{make_url(database.url).database}"
    postgres_server.admin.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'member-pw'")
    todo("team", "add", "Karim Haddad", "--login", role)
    member = postgres_server.url_of(str(make_url(database.url).database), role, "member-pw")
    target = tmp_path / "copy.sqlite"
    for command in (["db", "copy", "--to", str(target)], ["db", "backup"]):
        line = one_error_line(todo("--db", member, *command, code=2).stderr)
        assert "only the team's admin" in line and role in line
    assert not target.exists() and not (tmp_path / "data").exists()


@pytest.mark.slow
def test_an_sqlite_list_copied_for_a_member_is_theirs(
    postgres_server: PostgresServer,
    fresh: list[str],
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    todo = Todo()
    fill(todo, monkeypatch)
    server = new_database(postgres_server, fresh)
    name = make_url(server).database
    role = f"owner_{name}"
    postgres_server.admin.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'member-pw'")
    line = one_error_line(todo("db", "copy", "--to", server, "--owner", "nobody", code=2).stderr)
    assert "no role 'nobody'" in line
    todo("db", "copy", "--to", server, "--owner", role)
    todo("--db", server, "team", "add", "Thibault Roy", "--login", role)
    member = postgres_server.url_of(str(name), role, "member-pw")
    assert todo("--db", member, "list").stdout == todo("list").stdout, "all of it is theirs"
    assert todo("--db", member, "undo").stdout == todo("undo").stdout, "their history too"


def test_a_target_of_an_older_schema_is_left_as_it_was(database: Database, tmp_path: Path) -> None:
    todo = Todo()
    todo.add("Mine")
    old = tmp_path / "old.sqlite"
    older = Database("sqlite", str(old))
    build_at(older, "0001")
    fill_oldest(older)
    before = old.read_bytes()
    line = one_error_line(todo("db", "copy", "--to", str(old), code=3).stderr)
    assert "needs an upgrade" in line
    assert old.read_bytes() == before and list(tmp_path.glob("old.sqlite.*")) == [], "no backup"


def test_an_unreachable_target_is_one_line_with_its_password_masked(
    database: Database, tmp_path: Path
) -> None:
    todo = Todo()
    todo.add("Mine")
    before = export(todo, database.url)
    (tmp_path / "a-file").write_text("not a folder")
    targets = [
        "postgresql://coo:s3cr3t-pw@127.0.0.1:1/todo",
        str(tmp_path / "a-file" / "x.sqlite"),
        "nosuchdb://coo:s3cr3t-pw@host/todo",
    ]
    if database.kind == "postgresql":  # a server that is there, without that database
        targets.append(make_url(database.url).set(database="no_such_db").render_as_string(False))
    for target in targets:
        result = todo("db", "copy", "--to", target, code=3)
        line = one_error_line(result.stderr)
        assert "s3cr3t-pw" not in result.output, line
        assert line.startswith("error: cannot open database"), line
    assert export(todo, database.url) == before


LOCAL = st.text(max_size=30).filter(
    lambda text: not text.startswith(("/", "~")) and ".." not in text
)
"""Text that, read as a path, stays inside the test's folder."""


@pytest.mark.sqlite_only
@fuzz_settings("COO_TODO_HOSTILE_EXAMPLES", 40)
@given(
    target=st.one_of(
        LOCAL,
        LOCAL.map(lambda text: f"sqlite:///{text}"),
        st.text(max_size=30).map(lambda text: f"postgresql://u:pw-xyz@127.0.0.1:1/{text}"),
        st.tuples(st.text(max_size=10), st.text(max_size=20))
        .filter(lambda parts: "sqlite" not in parts[0])
        .map("://".join),
    )
)
@example(target="copy.sqlite")
def test_hostile_copy_targets_never_raise_a_traceback(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    todo = Todo()
    if not Path(database.url).exists():
        todo.add("Mine")
    result = todo.runner.invoke(app, ["db", "copy", "--to", target])
    assert result.exit_code in (0, 1, 2, 3), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if result.exit_code:
        one_error_line(result.stderr)
    assert result.exit_code == 0 or target != "copy.sqlite", "a new file is a fine target"
    assert "pw-xyz" not in result.output


# -- backups of PostgreSQL ---------------------------------------------------------------------


@pytest.mark.postgresql_only
def test_backup_of_postgresql_is_our_json_and_restores_the_list(
    database: Database,
    postgres_server: PostgresServer,
    fresh: list[str],
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    todo = Todo()
    fill(todo, monkeypatch)
    path = json_backup(todo("db", "backup").stdout)
    assert path.parent == isolated / "data" and path.suffix == ".json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = json_backup(todo("db", "backup").stdout)
    assert second != path and path.exists(), "never over another backup"

    restored = new_database(postgres_server, fresh)
    todo("--db", restored, "import", str(path))
    assert export(todo, restored) == export(todo, database.url)
    line = one_error_line(todo("db", "backup", str(path), code=3).stderr)
    assert "already exists" in line


def json_backup(said: str) -> Path:
    """The file ``todo db backup`` says it wrote our JSON backup to."""
    written = re.fullmatch(
        r"Backed up \(our JSON backup; todo import restores it\) to (\S+)\n", said
    )
    assert written, said
    return Path(written.group(1))


@pytest.mark.postgresql_only
def test_backup_with_pg_dump_keeps_the_password_off_the_command_line(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    todo = Todo()
    todo.add("Mine")
    seen = tmp_path / "seen"
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text(
        f'#!/bin/sh\necho "$@" > {seen}\necho "$PGPASSWORD" >> {seen}\nexec /usr/bin/pg_dump "$@"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    target = tmp_path / "list.dump"
    result = todo("db", "backup", str(target), "--pg-dump")
    said = f"Backed up (pg_dump's custom format; pg_restore restores it) to {target}\n"
    assert result.stdout == said
    assert target.read_bytes().startswith(b"PGDMP"), "pg_dump's custom format"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    arguments, password = seen.read_text().splitlines()
    assert password == make_url(database.url).password
    assert password not in arguments


@pytest.mark.postgresql_only
def test_pg_dump_missing_is_one_line_and_leaves_no_file(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    todo = Todo()
    todo.add("Mine")
    monkeypatch.setenv("PATH", str(tmp_path))
    target = tmp_path / "list.dump"
    line = one_error_line(todo("db", "backup", str(target), "--pg-dump", code=3).stderr)
    assert "pg_dump is not on PATH" in line
    assert not target.exists()


@pytest.mark.sqlite_only
def test_pg_dump_of_sqlite_is_refused(database: Database) -> None:
    todo = Todo()
    todo.add("Mine")
    line = one_error_line(todo("db", "backup", "--pg-dump", code=2).stderr)
    assert "--pg-dump backs up PostgreSQL" in line
