"""History does not slow the morning down: its queries touch open tasks only, on SQLite and
on PostgreSQL.

Timing would flake; instead these tests count the work the database does (the statements run
and the rows they return; on SQLite also its virtual machine steps, through a progress
handler) and read the query plans. ``benchmarks/bench_speed.py`` times it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, insert, select, update

from coo_todo.domain.records import DONE
from coo_todo.paths import Paths
from coo_todo.service.demo import load_demo
from coo_todo.service.ranking import triage
from coo_todo.settings import Settings
from coo_todo.store import Store
from coo_todo.store.models import Dependency, Event, Person, Task, TaskTag
from tests.conftest import Database

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)
SETTINGS = Settings()


@pytest.fixture
def store(database: Database) -> Iterator[Store]:
    """The demo's 30 open tasks."""
    store = Store(Paths().database_url(), NOW)
    load_demo(store, NOW)
    yield store
    store.engine.dispose()


def pile_up_history(store: Store, ids: range) -> None:
    """Done tasks with these ids, each tagged, waiting for the previous one, with two events."""
    at = NOW - timedelta(days=30)
    common = {"impact": 3, "urgency": 3, "created_at": at, "updated_at": at, "completed_at": at}
    with store.engine.begin() as connection:
        connection.execute(
            insert(Task),
            [
                {"id": i, "uuid": f"u{i}", "title": f"Old {i}", "status": DONE, **common}
                for i in ids
            ],
        )
        connection.execute(insert(TaskTag), [{"task_id": i, "tag": "old"} for i in ids])
        connection.execute(
            insert(Dependency), [{"task_id": i, "blocker_id": i - 1} for i in ids if i > ids[0]]
        )
        connection.execute(
            insert(Event),
            [
                {"task_id": i, "task_uuid": f"u{i}", "kind": kind, "at": at, "changes": {}}
                for i in ids
                for kind in ("created", "done")
            ],
        )


def work(store: Store, action: Callable[[], Any]) -> dict[str, int]:
    """What the database does for ``action``, not how long it takes: the statements it runs,
    the rows they return (PostgreSQL's driver tells; SQLite's does not) and, on SQLite, its
    virtual machine steps."""
    done = {"statements": 0, "rows": 0}

    def step() -> int:
        done["steps"] = done.get("steps", 0) + 1
        return 0

    def watch(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_progress_handler(step, 1)

    def count(_conn: Any, cursor: Any, *_: Any) -> None:
        done["statements"] += 1
        done["rows"] += max(cursor.rowcount, 0)

    store.engine.dispose()
    sqlite = store.engine.dialect.name == "sqlite"
    if sqlite:
        event.listen(store.engine, "connect", watch)
    event.listen(store.engine, "after_cursor_execute", count)
    try:
        action()
    finally:
        if sqlite:
            event.remove(store.engine, "connect", watch)
        event.remove(store.engine, "after_cursor_execute", count)
        store.engine.dispose()
    return done


def morning(store: Store) -> None:
    """What ``todo triage`` and the completion of open task ids ask the store."""
    triage(store, NOW, SETTINGS)
    store.task_choices("", "open")


def test_triage_does_the_same_work_however_long_the_history(store: Store) -> None:
    pile_up_history(store, range(1000, 1100))
    before = triage(store, NOW, SETTINGS)
    done = work(store, lambda: morning(store))
    pile_up_history(store, range(10_000, 11_000))
    assert work(store, lambda: morning(store)) == done
    assert triage(store, NOW, SETTINGS) == before


def test_adding_does_the_same_work_however_big_the_database(store: Store) -> None:
    def add() -> None:
        store.add({"title": "Call Acme"}, ["renewal"], [1], NOW)

    pile_up_history(store, range(1000, 1100))
    done = work(store, add)
    pile_up_history(store, range(10_000, 11_000))
    assert work(store, add) == done


def test_every_query_of_the_morning_searches_an_index(store: Store) -> None:
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.startswith("SELECT"):
            statements.append((statement, parameters))

    pile_up_history(store, range(1000, 1050))
    event.listen(store.engine, "before_cursor_execute", capture)
    morning(store)
    event.remove(store.engine, "before_cursor_execute", capture)
    assert len(statements) >= 4
    with store.engine.connect() as connection:
        for statement, parameters in statements:
            assert not full_scans(connection, statement, parameters), statement


SMALL_TABLES = {"person", "shared_area"}
"""A team's people and shared areas: a handful of rows, read whole. (On PostgreSQL, a member's
``person.login = current_user`` cannot use ``ix_person_login``: ``current_user`` is a
``name``, whose collation is "C", not the column's.)"""


def full_scans(connection: Any, statement: str, parameters: Any) -> list[str]:
    """The steps of ``statement``'s plan that read a whole table. PostgreSQL prefers reading
    a table whole to using an index when it is small, so it is told to avoid that: one of the
    tables that grow (not ``SMALL_TABLES``) that it still reads whole has no index for the
    query. (It may walk a primary key index end to end for an ``ORDER BY id`` rather than
    use a filter's index: its choice on tables this small, not a missing index.)"""
    if connection.dialect.name == "sqlite":
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        return [row[-1] for row in plan if row[-1].startswith("SCAN")]
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
    return [
        f"Seq Scan on {node['Relation Name']}"
        for node in plan_nodes(plan.scalar_one()[0]["Plan"])
        if node["Node Type"] == "Seq Scan" and node["Relation Name"] not in SMALL_TABLES
    ]


def plan_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A PostgreSQL plan node and all the nodes under it."""
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def review_statements(store: Store, since: str | None) -> list[tuple[str, Any]]:
    """The statements ``todo review --since since`` (None: the week) runs, with parameters."""
    from coo_todo.service.review import weekly_review

    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    weekly_review(store, NOW, SETTINGS, since)
    event.remove(store.engine, "before_cursor_execute", capture)
    assert statements
    return statements


def test_the_weeks_review_searches_an_index_not_the_year(store: Store) -> None:
    """``todo review`` finds the week's done tasks by status and completion time, what came in
    by capture time (migration 0007) and the edits by kind and time (0008), whatever the
    history holds."""
    pile_up_history(store, range(1000, 1050))
    statements = review_statements(store, None)
    with store.engine.connect() as connection:
        scans = [
            scan
            for statement, parameters in statements
            for scan in full_scans(connection, statement, parameters)
        ]
    assert not [scan for scan in scans if scan.endswith((" task", " task t"))], scans
    if store.engine.dialect.name == "sqlite":  # the edits of the period, by kind and time
        [edits] = [statement for statement in statements if "FROM event" in statement[0]]
        with store.engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {edits[0]}", edits[1])
            assert any("ix_event_kind_at" in row[-1] for row in plan)


def done_plan(store: Store, since: str | None) -> list[str]:
    """The steps of the SQLite plans of the statements of ``todo review --since since`` that
    read what was done in the period (the open tasks: others). A sort is written "task: USE
    TEMP B-TREE ..." when it sorts rows of the task table (it reads them in the same step of
    the plan), not the counts of its groups."""
    steps = []
    with store.engine.connect() as connection:
        for statement, parameters in review_statements(store, since):
            if "completed_at >=" not in statement:
                continue
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            rows = [(parent, detail) for _id, parent, _unused, detail in plan]
            reads_tasks = {parent for parent, detail in rows if detail.startswith("SEARCH task")}
            steps += [
                f"task: {detail}"
                if detail.startswith("USE TEMP") and parent in reads_tasks
                else detail
                for parent, detail in rows
            ]
    return steps


@pytest.mark.sqlite_only
def test_a_years_review_sorts_nothing(store: Store) -> None:
    """A review of the whole history counts its done tasks from one index in the order of
    their groups (migration 0010), reading no table row, and reads each percentile at its rank
    down an index in order of time to done (0009): no statement sorts the year's done tasks,
    neither in order nor into groups."""
    pile_up_history(store, range(1000, 1300))
    with store.engine.begin() as connection:  # two groups of each: each group is walked
        person = connection.execute(select(Person.id).limit(1)).scalar_one()
        some = update(Task).where(Task.id.between(1000, 1099))  # type: ignore[attr-defined]
        connection.execute(some.values(delegate_id=person, area="Sales"))
    steps = done_plan(store, "2025-11-26")
    assert not [step for step in steps if "FOR ORDER BY" in step or step.startswith("task: ")]
    assert any("COVERING INDEX ix_task_done_groups (status=?)" in step for step in steps), steps
    for walked in ("seconds", "area_seconds", "delegate_seconds"):
        assert any(f"INDEX ix_task_done_{walked} (" in step for step in steps), (walked, steps)


@pytest.mark.sqlite_only
def test_a_weeks_review_finds_its_done_tasks_by_completion_time(store: Store) -> None:
    """The week's few done tasks are found by completion time (``ix_task_done_period``), not
    picked out of every done task in the order of their groups, however long the history."""
    pile_up_history(store, range(1000, 1300))
    steps = done_plan(store, None)
    period = "ix_task_done_period (status=? AND completed_at>? AND completed_at<?)"
    assert any(period in step for step in steps), steps
    assert not [step for step in steps if "ix_task_done_groups" in step], steps
