"""Schema migrations: shipped with the package, from a blank database and from the oldest one,
on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, create_engine, inspect, text
from sqlalchemy.schema import CreateIndex
from sqlmodel import SQLModel

from coo_todo.errors import DatabaseError
from coo_todo.migrations import HEAD, REVISIONS
from coo_todo.store import (
    Store,
    TaskFilter,
    models,  # noqa: F401  (tables on SQLModel.metadata)
)
from tests.conftest import Database, Todo

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", "coo_todo:migrations")
    config.attributes["connection"] = connection
    return config


def build_at(database: Database, revision: str) -> None:
    """The schema of ``revision`` in the test's empty database, as that version made it."""
    engine = create_engine(database.sqlalchemy_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    engine.dispose()


def test_revisions_constant_matches_the_scripts() -> None:
    scripts = ScriptDirectory.from_config(alembic_config(None))
    chain = [script.revision for script in scripts.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS and scripts.get_current_head() == HEAD


# Alembic cannot read back an index on expressions from SQLite, and says so for each:
# test_sqlite_indexes_on_expressions_match_the_models checks those.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_migrations_from_blank_match_the_models(database: Database) -> None:
    build_at(database, "head")
    engine = create_engine(database.sqlalchemy_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == [], differences


@pytest.mark.sqlite_only
def test_sqlite_indexes_on_expressions_match_the_models(database: Database) -> None:
    build_at(database, "head")
    engine = create_engine(database.sqlalchemy_url)
    on_expressions = {
        index.name: str(CreateIndex(index).compile(dialect=engine.dialect))
        for table in SQLModel.metadata.sorted_tables
        for index in table.indexes
        if any(not isinstance(part, Column) for part in index.expressions)
    }
    with engine.connect() as connection:
        migrated = {
            name: sql
            for name, sql in connection.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
            )
        }
    engine.dispose()
    assert on_expressions  # the review's indexes (migration 0009)
    assert {name: migrated.get(name) for name in on_expressions} == on_expressions


def test_new_database_is_created_at_head(database: Database) -> None:
    store = Store(database.sqlalchemy_url, NOW)
    assert store.revision() == HEAD and store.upgraded is None
    store.close()


def fill_oldest(database: Database) -> None:
    """Rows as coo-todo 0.1 (revision 0001) wrote them: on SQLite, times as text in UTC."""
    utc = "" if database.kind == "sqlite" else "+00"
    for number in range(1, 51):
        uuid = f"00000000-0000-0000-0000-{number:012d}"
        database.execute(
            "INSERT INTO task (uuid, title, status, impact, urgency, due, effort_minutes,"
            " area, notes, created_at, updated_at, completed_at) VALUES"
            " (:uuid, :title, :status, 3, 4, :due, 30, 'Sales', NULL, :at, :at, NULL)",
            uuid=uuid,
            title=f"Task {number} — été",
            status="open" if number % 5 else "done",
            due=f"2026-12-01 22:59:59.000000{utc}",
            at=f"2026-11-20 08:00:00.000000{utc}",
        )
        database.execute("INSERT INTO task_tag (task_id, tag) VALUES (:id, 'legacy')", id=number)
        database.execute(
            "INSERT INTO event (task_id, task_uuid, kind, at, changes, note) VALUES"
            " (:id, :uuid, 'created', :at, '{}', NULL)",
            id=number,
            uuid=uuid,
            at=f"2026-11-20 08:00:00.000000{utc}",
        )
    database.execute("INSERT INTO dependency (task_id, blocker_id) VALUES (2, 1)")


def test_upgrade_from_the_first_migration_keeps_every_row(database: Database) -> None:
    build_at(database, "0001")
    fill_oldest(database)
    store = Store(database.sqlalchemy_url, NOW)
    assert store.upgraded is not None and store.upgraded.from_revision == "0001"
    backup = store.upgraded.backup
    if database.kind == "sqlite":
        assert backup is not None and backup.name == "todo.sqlite.2026-11-26T080000.bak"
        assert backup.stat().st_mode & 0o777 == 0o600
        old = Database("sqlite", str(backup))
        assert old.rows("SELECT version_num FROM alembic_version") == [("0001",)]
    else:
        assert backup is None, "PostgreSQL is upgraded in one transaction, without a copy"
    assert store.revision() == HEAD
    tasks = store.tasks(TaskFilter(status=None))
    assert len(tasks) == 50
    assert tasks[0].title == "Task 1 — été" and tasks[0].tags == ("legacy",)
    assert tasks[1].blocked_by == (1,)
    assert tasks[0].due == datetime(2026, 12, 1, 22, 59, 59, tzinfo=UTC)
    assert len(store.history(1)) == 1
    assert sum(task.status == "done" for task in tasks) == 10
    store.close()


def test_legacy_database_without_version_table_is_upgraded(database: Database) -> None:
    build_at(database, "0002")
    database.execute("DROP TABLE alembic_version")
    store = Store(database.sqlalchemy_url, NOW)
    assert store.upgraded is not None and store.upgraded.from_revision == "0002"
    assert store.revision() == HEAD
    store.close()


def everything(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, and the schema: what "untouched" compares."""
    engine = create_engine(database.sqlalchemy_url)
    with engine.connect() as connection:
        tables = sorted(inspect(connection).get_table_names())
    engine.dispose()
    return {table: sorted(database.rows(f"SELECT * FROM {table}"), key=repr) for table in tables}


def test_database_newer_than_the_program_is_refused_untouched(database: Database) -> None:
    build_at(database, "head")
    database.execute("UPDATE alembic_version SET version_num = '0999'")
    before = everything(database)
    with pytest.raises(DatabaseError, match="newer than this coo-todo"):
        Store(database.sqlalchemy_url, NOW)
    assert everything(database) == before


def test_cli_upgrades_automatically_with_a_note(todo: Todo, database: Database) -> None:
    """The note names the backup of an SQLite file; PostgreSQL gets none, and none is named."""
    build_at(database, "0001")
    fill_oldest(database)
    result = todo("list")
    note = f"note: upgraded the database schema 0001 -> {HEAD}"
    if database.kind == "sqlite":
        assert f"{note}; backup: {database.url}.2026-11-26T090000.bak\n" in result.stderr
    else:
        # one transaction upgrades it, or nothing changes; no copy was made, none is named
        assert f"{note}\n" in result.stderr and "backup" not in result.stderr
    assert "Task 1" in result.stdout
    assert f"up to date ({HEAD})" in todo("db", "upgrade").stdout
    assert f"schema {HEAD} (current: {HEAD})" in todo("db", "check").stdout


@pytest.mark.parametrize("start", ["0001", "head"])
def test_deleted_ids_are_never_reused_after_any_migration(database: Database, start: str) -> None:
    build_at(database, start)
    store = Store(database.sqlalchemy_url, NOW)
    first = store.add({"title": "One"}, [], [], NOW)
    second = store.add({"title": "Two"}, [], [], NOW)
    store.delete(second.id, NOW)
    assert store.add({"title": "Three"}, [], [], NOW).id == second.id + 1
    assert first.id == 1
    store.close()
