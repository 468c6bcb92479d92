"""Reading import files (pure), and sorting the day's list into sections (pure)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.errors import InvalidInput
from coo_todo.export import plan_day
from coo_todo.importers import parse, todotxt_urgency
from coo_todo.records import OPEN, TaskRecord
from coo_todo.scoring import rank

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_json_records_are_located_by_line() -> None:
    tasks = [{"uuid": f"00000000-0000-0000-0000-00000000000{n}", "title": f"T{n}"} for n in (1, 2)]
    tasks.insert(1, {"uuid": "not-a-uuid", "title": "Bad"})
    text = json.dumps({"format": "coo-todo", "version": 1, "tasks": tasks}, indent=2)
    batch = parse(text, "json", NOW)
    assert [task.title for task in batch.tasks] == ["T1", "T2"]
    lines = text.splitlines()
    bad_line = lines.index('      "uuid": "not-a-uuid",')  # the 1-based number of the line above
    assert lines[bad_line - 1] == "    {"
    assert [str(p) for p in batch.problems] == [f"line {bad_line}: not a UUID: 'not-a-uuid'"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected an array or an object"),
        ('{"format": "coo-todo", "version": 1,}', "not valid JSON: Expecting value: line 1"),
        ('{"format": "coo-todo", "version": 1} []', "not valid JSON: Extra data: line 1"),
        ('{"tasks": [{"a": 1}\n {"b": 2}]}', "Expecting ',' delimiter: line 2 column 2"),
        ('[{"a": 1}]', "not a coo-todo backup"),
        ('{"format": "coo-todo", "version": 2}', "backup version 2 is not one"),
        ('{"format": "coo-todo", "version": 1, "tasks": {}}', "'tasks' must be a list"),
    ],
)
def test_unreadable_backups(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse(text, "json", NOW)


def test_unknown_format() -> None:
    with pytest.raises(InvalidInput, match="unknown import format 'xml': use json, taskwarrior"):
        parse("", "xml", NOW)


def test_taskwarrior_midnight_due_is_that_day() -> None:
    line = {"uuid": "a360fc44-315c-4366-b70c-ea7e7520b749", "description": "x", "status": "pending"}
    midnight = parse(json.dumps({**line, "due": "20261130T230000Z"}), "taskwarrior", NOW)
    assert midnight.tasks[0].due == datetime(2026, 12, 1, 22, 59, 59, tzinfo=UTC)
    timed = parse(json.dumps({**line, "due": "20261201T140000Z"}), "taskwarrior", NOW)
    assert timed.tasks[0].due == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"status": "recurring"}, "a recurring template"),
        ({"status": "someday"}, "unknown Taskwarrior status 'someday'"),
        ({"priority": "X"}, "unknown priority 'X'"),
        ({"description": "  "}, "no title"),
        ({"uuid": None}, "no 'uuid'"),
        ({"entry": "yesterday"}, "'entry' is not a time: 'yesterday'"),
        ({"tags": "a,b"}, "'tags' must be a list"),
        ({"annotations": [{"description": "no time"}]}, "no 'entry' time"),
    ],
)
def test_taskwarrior_records_that_cannot_be_read(record: dict, message: str) -> None:
    good = {"uuid": "a360fc44-315c-4366-b70c-ea7e7520b749", "description": "x", "status": "pending"}
    batch = parse(json.dumps({**good, **record}) + "\n[1]\n", "taskwarrior", NOW)
    assert batch.tasks == []
    assert [p.line for p in batch.problems] == [1, 2]
    assert message in batch.problems[0].message
    assert batch.problems[1].message == "not a JSON object"


@pytest.mark.parametrize(
    ("priority", "urgency"), [("A", 5), ("B", 4), ("C", 3), ("D", 2), ("Z", 2)]
)
def test_todotxt_priority_is_urgency(priority: str, urgency: int) -> None:
    assert todotxt_urgency(priority) == urgency


@pytest.mark.parametrize(
    ("line", "title", "status"),
    [
        ("xylophone lesson", "xylophone lesson", OPEN),
        ("X 2026-11-20 Capital x is not done", "X 2026-11-20 Capital x is not done", OPEN),
        ("Read https://example.com at 10:30 re: pricing", None, OPEN),
        ("(a) lower case is no priority", None, OPEN),
        ("x Done without dates", "Done without dates", "done"),
    ],
)
def test_todotxt_words_that_stay_in_the_title(line: str, title: str | None, status: str) -> None:
    task = parse(line, "todotxt", NOW).tasks[0]
    assert (task.title, task.status, task.notes) == (title or line, status, None)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("(B) 2026-02-30 Leap nonsense", "not a date: '2026-02-30'"),
        ("Ship it due:someday", "cannot read date 'someday'"),
        ("+Project @context", "no title"),
        ("Long +" + "x" * 101, "the area is 101 characters long; the limit is 100"),
        ("x 2026-11-25 Old pri:AB", "priority must be a letter A to Z, not 'AB'"),
    ],
)
def test_todotxt_lines_that_cannot_be_read(line: str, message: str) -> None:
    batch = parse(f"Fine\n\n{line}\n", "todotxt", NOW)
    assert [task.title for task in batch.tasks] == ["Fine"]
    assert batch.problems[0].line == 3 and message in batch.problems[0].message


def test_todotxt_uuid_survives_completion_and_new_priority() -> None:
    first = parse("(A) 2026-11-20 Call Mom +Family due:2026-11-27", "todotxt", NOW).tasks[0]
    done = parse("x 2026-11-26 2026-11-20 Call Mom +Family due:2026-11-28 pri:B", "todotxt", NOW)
    other = parse("(A) 2026-11-21 Call Mom +Family", "todotxt", NOW).tasks[0]
    assert done.tasks[0].uuid == first.uuid != other.uuid


# -- the day's list: every open task in exactly one section ------------------------------------

task_specs = st.lists(
    st.tuples(
        st.integers(1, 5),  # impact
        st.integers(1, 5),  # urgency
        st.none() | st.integers(-5, 30),  # due, days from now
        st.none() | st.sampled_from(["Alice", "Bob"]),  # delegate
        st.integers(-3, 10),  # follow-up, days from now
        st.none() | st.integers(0, 20),  # waits for the task at this position
    ),
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(specs=task_specs, limit=st.none() | st.integers(1, 5))
def test_plan_day_puts_every_open_task_in_exactly_one_section(specs, limit) -> None:
    utc = NOW.astimezone(UTC)
    tasks = [
        TaskRecord(
            id=n,
            uuid=str(n),
            title=f"t{n}",
            status=OPEN,
            impact=impact,
            urgency=urgency,
            due=None if due is None else utc + timedelta(days=due),
            effort_minutes=None,
            area=None,
            created_at=utc,
            updated_at=utc,
            completed_at=None,
            blocked_by=() if waits is None or waits + 1 >= n else (waits + 1,),
            delegate=delegate,
            delegated_at=utc if delegate else None,
            follow_up=utc + timedelta(days=follow_up) if delegate else None,
        )
        for n, (impact, urgency, due, delegate, follow_up, waits) in enumerate(specs, 1)
    ]
    ranking = rank(tasks, NOW)
    day = plan_day(ranking, [], NOW, limit)
    waiting = [task for _, group in day.waiting for task in group]
    shown = [*(task for task, _ in day.follow_ups), *day.do_today, *day.scheduled, *waiting]
    shown += [task for task, _ in day.later]
    assert sorted(task.id for task in shown) == [task.id for task in tasks]
    assert limit is None or len(day.do_today) <= limit
    order = {entry.task.id: entry.rank for entry in ranking.ranked}
    assert [order[t.id] for t in day.do_today] == sorted(order[t.id] for t in day.do_today)
    assert all(task.delegate is None for task in day.do_today + day.scheduled)
