"""Schema migrations: shipped with the package, from a blank database and from the oldest one."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from coo_todo.errors import DatabaseError
from coo_todo.migrations import HEAD, REVISIONS
from coo_todo.store import (
    Store,
    TaskFilter,
    models,  # noqa: F401  (tables on SQLModel.metadata)
)
from tests.conftest import Todo

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", "coo_todo:migrations")
    config.attributes["connection"] = connection
    return config


def build_at(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    engine.dispose()


def test_revisions_constant_matches_the_scripts() -> None:
    scripts = ScriptDirectory.from_config(alembic_config(None))
    chain = [script.revision for script in scripts.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS and scripts.get_current_head() == HEAD


def test_migrations_from_blank_match_the_models(tmp_path: Path) -> None:
    path = tmp_path / "blank.sqlite"
    build_at(path, "head")
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], differences


def test_new_database_is_created_at_head(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'new.sqlite'}", NOW)
    assert store.revision() == HEAD and store.upgraded is None


def fill_oldest(path: Path) -> None:
    """Rows as coo-todo 0.1 (revision 0001) wrote them."""
    with sqlite3.connect(path) as db:
        for number in range(1, 51):
            db.execute(
                "INSERT INTO task (uuid, title, status, impact, urgency, due, effort_minutes,"
                " area, notes, created_at, updated_at, completed_at) VALUES"
                " (?, ?, ?, 3, 4, ?, 30, 'Sales', NULL, ?, ?, NULL)",
                (
                    f"00000000-0000-0000-0000-{number:012d}",
                    f"Task {number} — été",
                    "open" if number % 5 else "done",
                    "2026-12-01 22:59:59.000000",
                    "2026-11-20 08:00:00.000000",
                    "2026-11-20 08:00:00.000000",
                ),
            )
            db.execute("INSERT INTO task_tag (task_id, tag) VALUES (?, 'legacy')", (number,))
            db.execute(
                "INSERT INTO event (task_id, task_uuid, kind, at, changes, note) VALUES"
                " (?, ?, 'created', '2026-11-20 08:00:00.000000', '{}', NULL)",
                (number, f"00000000-0000-0000-0000-{number:012d}"),
            )
        db.execute("INSERT INTO dependency (task_id, blocker_id) VALUES (2, 1)")


def test_upgrade_from_the_first_migration_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    build_at(path, "0001")
    fill_oldest(path)
    store = Store(f"sqlite:///{path}", NOW)
    assert store.upgraded is not None and store.upgraded.from_revision == "0001"
    backup = store.upgraded.backup
    assert backup is not None and backup.name == "old.sqlite.2026-11-26T080000.bak"
    assert backup.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(backup) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert store.revision() == HEAD
    tasks = store.tasks(TaskFilter(status=None))
    assert len(tasks) == 50
    assert tasks[0].title == "Task 1 — été" and tasks[0].tags == ("legacy",)
    assert tasks[1].blocked_by == (1,)
    assert tasks[0].due == datetime(2026, 12, 1, 22, 59, 59, tzinfo=UTC)
    assert len(store.history(1)) == 1
    assert sum(task.status == "done" for task in tasks) == 10


def test_legacy_database_without_version_table_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.sqlite"
    build_at(path, "0002")
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE alembic_version")
    store = Store(f"sqlite:///{path}", NOW)
    assert store.upgraded is not None and store.upgraded.from_revision == "0002"
    assert store.revision() == HEAD


def test_database_newer_than_the_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    build_at(path, "head")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '0999'")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer than this coo-todo"):
        Store(f"sqlite:///{path}", NOW)
    assert path.read_bytes() == before


@pytest.mark.sqlite_only
def test_cli_upgrades_automatically_with_a_note(todo: Todo, isolated: Path) -> None:
    path = isolated / "todo.sqlite"
    build_at(path, "0001")
    fill_oldest(path)
    result = todo("list")
    assert f"note: upgraded the database schema 0001 -> {HEAD}; backup:" in result.stderr
    assert "Task 1" in result.stdout
    assert f"up to date ({HEAD})" in todo("db", "upgrade").stdout
    assert f"schema {HEAD} (current: {HEAD})" in todo("db", "check").stdout


@pytest.mark.parametrize("start", ["0001", "head"])
def test_deleted_ids_are_never_reused_after_any_migration(tmp_path: Path, start: str) -> None:
    path = tmp_path / "ids.sqlite"
    build_at(path, start)
    store = Store(f"sqlite:///{path}", NOW)
    first = store.add({"title": "One"}, [], [], NOW)
    second = store.add({"title": "Two"}, [], [], NOW)
    store.delete(second.id, NOW)
    assert store.add({"title": "Three"}, [], [], NOW).id == second.id + 1
    assert first.id == 1
