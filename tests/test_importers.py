"""Reading import files (pure), and sorting the day's list into sections (pure)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.domain.records import OPEN, TaskRecord
from coo_todo.domain.scoring import rank
from coo_todo.errors import InvalidInput
from coo_todo.formats.markdown import plan_day
from coo_todo.formats.readers import guess_format, parse, todotxt_urgency

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
        ({"due": "99991231T235959Z"}, "'due' is out of range: '99991231T235959Z' (years 1900"),
        ({"entry": "00010101T000000Z"}, "'entry' is out of range: '00010101T000000Z'"),
        ({"end": "0001-01-01T00:00:00+01:00"}, "'end' is out of range"),
        ({"due": "99981231T230000Z"}, "'due' is out of range: 9999-01-01"),
        ({"description": "\ud800"}, "'description' cannot be stored: not valid UTF-8 text"),
        ({"tags": ["ok", "nul\x00"]}, "'tags' cannot be stored: holds a NUL character"),
        ({"priority": "H" * 10_000}, "unknown priority '" + "H" * 38 + "… (H, M or L)"),
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
        ("0001-01-01 Ancient", "date out of range: '0001-01-01' (years 1900 to 9998)"),
        ("x 9999-12-31 Far", "date out of range: '9999-12-31'"),
        ("Late due:9999-12-31", "date out of range: '9999-12-31'"),
    ],
)
def test_todotxt_lines_that_cannot_be_read(line: str, message: str) -> None:
    batch = parse(f"Fine\n\n{line}\n", "todotxt", NOW)
    assert [task.title for task in batch.tasks] == ["Fine"]
    assert batch.problems[0].line == 3 and message in batch.problems[0].message


def test_records_are_split_on_line_breaks_only() -> None:
    """U+2028, U+0085 and the file separator are characters of a record, not line breaks."""
    inside = "a\u2028b\u0085c\x1cd\x0be"
    todotxt = parse(f"One {inside}\r\nTwo\rThree\n", "todotxt", NOW)
    assert [task.title for task in todotxt.tasks] == [f"One {inside}", "Two", "Three"]
    uuid = "a360fc44-315c-4366-b70c-ea7e7520b74{}"
    records = [{"uuid": uuid.format(n), "description": f"{n} a\u2028b\u0085c"} for n in (1, 2)]
    lines = "\r\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    taskwarrior = parse(lines + '\r{"uuid": "bad"}', "taskwarrior", NOW)
    assert [task.title for task in taskwarrior.tasks] == ["1 a\u2028b\u0085c", "2 a\u2028b\u0085c"]
    assert [problem.line for problem in taskwarrior.problems] == [3]


def test_backup_records_the_database_could_not_hold() -> None:
    task = {"uuid": "00000000-0000-0000-0000-000000000001", "title": "Fine"}
    entry = {"task_uuid": task["uuid"], "kind": "edited", "at": "2026-11-26T08:00:00+00:00"}
    document = {
        "format": "coo-todo",
        "version": 1,
        "people": [{"name": "\ud800"}],
        "tasks": [
            {**task, "id": 2**70},
            {**task, "effort_minutes": 10**30},
            {**task, "due": "9999-12-31T23:59:59+00:00"},
            task,
        ],
        "history": [{**entry, "changes": {"x": float("nan")}}, {**entry, "task_id": 2**64}],
    }
    batch = parse(json.dumps(document, indent=1), "json", NOW)
    assert [task.title for task in batch.tasks] == ["Fine"]
    assert [problem.message for problem in batch.problems] == [
        "'name' cannot be stored: not valid UTF-8 text",
        "'id' must be a whole number from 1 to 9223372036854775807, "
        "not a number of more than 19 digits",
        "'effort_minutes' must be a whole number from 1 to 10000000, "
        "not a number of more than 19 digits",
        "'due' is out of range: '9999-12-31T23:59:59+00:00' (years 1900 to 9998)",
        "'changes' holds a number JSON cannot (NaN, infinity)",
        "'task_id' must be a whole number from 0 to 9223372036854775807, "
        "not a number of more than 19 digits",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000, "not valid JSON: arrays or objects nested too deeply"),
        ('[{"urgency": ' + "9" * 5000 + "}]", "not valid JSON: a number with too many digits"),
    ],
)
def test_json_the_decoder_cannot_take_is_one_error(text: str, message: str) -> None:
    for source in ("taskwarrior", "json"):
        document = text if source == "taskwarrior" else f'{{"tasks": {text}}}'
        with pytest.raises(InvalidInput, match=message):
            parse(document, source, NOW)
    lines = parse(f'{{"a": {text}}}', "taskwarrior", NOW)
    assert [str(problem) for problem in lines.problems] == [f"line 1: {message}"]


@pytest.mark.parametrize(
    ("name", "text", "form"),
    [
        ("todo.txt", '{"uuid": "x"}', "todotxt"),
        ("TASKS.TXT", "[x] pick up", "todotxt"),
        ("-", "(A) Call Mom", "todotxt"),
        ("-", "[{}]", "taskwarrior"),
        ("tw.json", '\n{"uuid": "a", "description": "x"}\n{"uuid": "b"}', "taskwarrior"),
        ("backup.json", '{\n  "format": "coo-todo"\n}', "json"),
        ("-", '{"format": "coo-todo", "version": 1}', "json"),
        ("broken.json", "{not json", "json"),
    ],
)
def test_the_format_is_guessed_from_the_name_then_the_text(name: str, text: str, form: str) -> None:
    assert guess_format(text, name) == form


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
