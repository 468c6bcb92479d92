"""A plan for today (``todo plan``, issue 15): the capacity, what fits, what is left out and why.

The properties hold ``domain.planning.fill_day`` to the issue's bar on random rankings: the plan
never exceeds its capacity, never leaves out a deadline that cannot wait while keeping a task
that can wait and scores less (when the urgent one would fit in its place), accounts for every
task, never splits one, and counts the default effort for a task without an estimate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.domain.planning import (
    BLOCKED,
    DELEGATED,
    DOES_NOT_FIT,
    Capacity,
    DayPlan,
    cannot_wait,
    closing_time,
    fill_day,
    working_capacity,
)
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import Breakdown, rank, score
from coo_todo.domain.worktime import DEFAULT_CALENDAR
from tests.conftest import Todo
from tests.test_cli_delegation import _structure
from tests.test_cli_exchange import ids_in, sections
from tests.test_scoring import levels, make_task

PROPERTY = settings(max_examples=200, deadline=None)
THURSDAY = date(2026, 11, 26)
"""The default calendar works Monday to Friday, 09:00-18:00, here in UTC."""


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


# --- Strategies -------------------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@st.composite
def days(draw: st.DrawFn) -> tuple[datetime, list[TaskRecord], Capacity, int]:
    """A now, up to 12 tasks due around today (some blocked, some delegated, some without an
    estimate), a capacity and a default effort."""
    now = draw(instants)
    made: list[TaskRecord] = []
    for task_id in range(1, draw(st.integers(0, 12)) + 1):
        hours = draw(st.none() | st.integers(-30, 80))
        delegated = draw(st.integers(0, 5)) == 0
        made.append(
            make_task(
                task_id,
                impact=draw(levels),
                urgency=draw(levels),
                due=None if hours is None else now + timedelta(hours=hours),
                effort_minutes=draw(st.none() | st.integers(5, 600)),
                created_at=now - timedelta(days=draw(st.integers(0, 90))),
                blocked_by=tuple(
                    draw(st.lists(st.integers(1, task_id - 1), unique=True, max_size=2))
                    if task_id > 1
                    else ()
                ),
                delegate="Alice" if delegated else None,
                follow_up=now + timedelta(days=draw(st.integers(-3, 3))) if delegated else None,
            )
        )
    capacity = Capacity(draw(st.integers(0, 720)), given=True)
    return now, made, capacity, draw(st.integers(1, 120))


def plan_of(
    now: datetime, tasks: list[TaskRecord], capacity: Capacity, default: int
) -> DayPlan[TaskRecord]:
    return fill_day(rank(tasks, now), capacity, now, DEFAULT_CALENDAR, default)


# --- Properties -------------------------------------------------------------------------------


@PROPERTY
@given(days())
def test_the_plan_never_exceeds_its_capacity(day: tuple) -> None:
    plan = plan_of(*day)
    assert plan.planned_minutes <= plan.capacity.minutes
    assert plan.free_minutes >= 0


@PROPERTY
@given(days())
def test_no_urgent_task_left_out_for_a_later_lower_scoring_one_it_could_replace(
    day: tuple,
) -> None:
    """If U cannot wait, is left out, and N can wait, is in and scores less, then U would not
    fit even in N's place."""
    plan = plan_of(*day)
    closing = DEFAULT_CALENDAR.clock(closing_time(day[0], DEFAULT_CALENDAR))

    def due_today(breakdown: Breakdown) -> bool:
        """No working time between today's closing and the deadline that presses on it."""
        deadline = breakdown.deadline
        return deadline is not None and DEFAULT_CALENDAR.clock(deadline.due) <= closing

    in_plan = {entry.task.id: entry for entry in plan.planned}
    ranked = {entry.task.id: entry.breakdown for entry in rank(day[1], day[0]).ranked}
    for out in plan.left_out:
        if out.kind != DOES_NOT_FIT or not due_today(ranked[out.task.id]):
            continue
        assert out.minutes is not None
        for later in in_plan.values():
            assert later.urgent == due_today(later.breakdown)
            if later.urgent or later.breakdown.total >= ranked[out.task.id].total:
                continue
            assert out.minutes > plan.capacity.minutes - (plan.planned_minutes - later.minutes)


@PROPERTY
@given(days())
def test_every_task_is_in_or_left_out_with_a_reason(day: tuple) -> None:
    now, tasks, _, _ = day
    plan = plan_of(*day)
    planned = [entry.task.id for entry in plan.planned]
    left_out = [out.task.id for out in plan.left_out]
    assert sorted(planned + left_out) == sorted(task.id for task in tasks)
    ranking = rank(tasks, now)
    blocked = {task.id: waits for task, waits in ranking.blocked}
    for out in plan.left_out:
        assert out.reason
        if out.kind == BLOCKED:
            assert out.reason == "blocked by " + ", ".join(f"#{b}" for b in blocked[out.task.id])
        elif out.kind == DELEGATED:
            assert out.task.delegate is not None and out.reason.startswith("delegated to Alice")
        else:
            assert out.kind == DOES_NOT_FIT and out.task.delegate is None
            unknown = "" if out.task.effort_minutes is not None else " (no estimate)"
            assert re.fullmatch(
                rf"does not fit: \S+ left, needs \S+{re.escape(unknown)}", out.reason
            )


@PROPERTY
@given(days())
def test_no_task_is_split_and_unestimated_ones_count_the_default(day: tuple) -> None:
    _, _, _, default = day
    plan = plan_of(*day)
    for entry in plan.planned:
        effort = entry.task.effort_minutes
        assert entry.minutes == (default if effort is None else effort)
        assert entry.estimated == (effort is not None)
        if effort is None:
            assert entry.effort.startswith("no estimate: counted ")
    for out in plan.left_out:
        if out.kind == DOES_NOT_FIT:
            effort = out.task.effort_minutes
            assert out.minutes == (default if effort is None else effort)
            assert out.minutes > plan.capacity.minutes - plan.planned_minutes


@PROPERTY
@given(days())
def test_urgent_first_then_by_score(day: tuple) -> None:
    plan = plan_of(*day)
    flags = [entry.urgent for entry in plan.planned]
    assert flags == sorted(flags, reverse=True), "every task that cannot wait comes first"
    for group in (True, False):
        # to the ranking's precision (scoring.order_key): equal scores go by due date, id
        totals = [round(e.breakdown.total, 9) for e in plan.planned if e.urgent is group]
        assert totals == sorted(totals, reverse=True)


# --- By example -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "due", "urgent"),
    [
        (at(THURSDAY, 9), at(THURSDAY, 16), True),
        (at(THURSDAY, 9), at(THURSDAY, 20), True),  # after hours: no working time after closing
        (at(THURSDAY, 9), datetime.combine(THURSDAY, time(23, 59, 59), UTC), True),
        (at(THURSDAY, 9), at(THURSDAY - timedelta(days=3), 12), True),  # overdue
        (at(THURSDAY, 9), at(THURSDAY + timedelta(days=1), 10), False),
        (at(THURSDAY + timedelta(days=1), 9), at(THURSDAY + timedelta(days=2), 12), True),  # Sat
        (at(THURSDAY + timedelta(days=1), 9), at(THURSDAY + timedelta(days=4), 10), False),  # Mon
    ],
)
def test_a_deadline_cannot_wait_when_no_working_time_lies_after_closing(
    now: datetime, due: datetime, urgent: bool
) -> None:
    today_left = DEFAULT_CALENDAR.between(now, closing_time(now, DEFAULT_CALENDAR))
    assert cannot_wait(score(make_task(due=due), now), today_left) is urgent


def test_a_blocker_of_a_task_due_today_cannot_wait_either() -> None:
    now = at(THURSDAY, 9)
    blocker = make_task(1, effort_minutes=60)
    waiting = make_task(2, due=at(THURSDAY, 17), blocked_by=(1,))
    later = make_task(3, impact=5, urgency=5, effort_minutes=60)
    plan = plan_of(now, [blocker, waiting, later], Capacity(60, given=True), 30)
    assert [entry.task.id for entry in plan.planned] == [1]
    assert [(out.task.id, out.reason) for out in plan.left_out] == [
        (3, "does not fit: 0m left, needs 1h"),
        (2, "blocked by #1"),
    ]


def test_what_does_not_fit_is_skipped_for_smaller_tasks() -> None:
    now = at(THURSDAY, 9)
    tasks = [
        make_task(1, impact=5, effort_minutes=240),
        make_task(2, impact=4, effort_minutes=480),
        make_task(3, impact=3, effort_minutes=90),
        make_task(4, impact=2),
    ]
    plan = plan_of(now, tasks, Capacity(360, given=True), 30)
    assert [(e.task.id, e.minutes) for e in plan.planned] == [(1, 240), (3, 90), (4, 30)]
    assert [out.reason for out in plan.left_out] == ["does not fit: 2h left, needs 8h"]
    assert plan.planned[2].effort == "no estimate: counted 30m"


@pytest.mark.parametrize(
    ("now", "meetings", "minutes", "words"),
    [
        (at(THURSDAY, 9), 0, 540, "9h of working time left today"),
        (at(THURSDAY, 9), 120, 420, "9h of working time left today minus 2h of meetings"),
        (at(THURSDAY, 13, 30), 120, 210, "4h30 of working time left today minus 1h of meetings"),
        (at(THURSDAY, 8), 120, 420, "9h of working time left today minus 2h of meetings"),
        (
            at(THURSDAY, 18, 30),
            120,
            0,
            "no working time left today: the working day ended at 18:00",
        ),
        (
            at(THURSDAY + timedelta(days=2), 10),
            0,
            0,
            "no working time left today: not a working day",
        ),
    ],
)
def test_capacity_is_the_working_time_left_less_its_share_of_meetings(
    now: datetime, meetings: int, minutes: int, words: str
) -> None:
    capacity = working_capacity(now, DEFAULT_CALENDAR, meetings)
    assert (capacity.minutes, capacity.describe()) == (minutes, words)


# --- The command ------------------------------------------------------------------------------


@pytest.fixture
def week(todo: Todo) -> Todo:
    """Thursday 26 Nov 2026, 09:00 in Paris: a deadline today, blocked and delegated work."""
    todo("people", "add", "Alice Martin")
    todo.add("Board deck impact:5 effort:4h")  # 1
    todo.add("Sign the payroll impact:3 due:today effort:1h")  # 2 cannot wait
    todo.add("Budget review impact:4 effort:8h")  # 3 does not fit
    todo.add("Call the landlord impact:2")  # 4 no estimate
    todo.add("Board slide impact:5 blocked-by:1")  # 5 blocked
    todo.add("Pipeline review impact:4 to:alice follow:next_wed")  # 6 delegated
    return todo


def test_plan_shows_the_plan_the_total_and_what_is_left_out(week: Todo) -> None:
    out = week("plan", "--hours", "6").stdout
    rows = [line.split() for line in out.splitlines()]
    planned = [
        int(row[1]) for row in rows if len(row) > 2 and row[0].isdigit() and row[1].isdigit()
    ]
    assert planned == [2, 1, 4]
    assert "cannot wait" in out and "no estimate: counted 30m" in out
    assert "Planned 5h30 of 6h (6h (--hours)) · 30m free" in out
    assert "does not fit: 1h left, needs 8h" in out
    assert "blocked by #1" in out
    assert "delegated to Alice Martin" in out


def test_plan_json_and_the_config_keys(week: Todo, write_config: Callable[[str], Path]) -> None:
    write_config('[work]\nmeetings = "2h"\ndefault_effort = 0.25\n')
    plan = week.json("plan")
    assert plan["capacity_minutes"] == 420
    assert (plan["working_minutes_left"], plan["meetings_minutes"]) == (540, 120)
    assert plan["default_effort_minutes"] == 15
    assert plan["working_day_ends"] == "2026-11-26T18:00:00+01:00"
    assert [t["id"] for t in plan["planned"]] == [2, 1, 4]
    assert plan["planned"][0]["cannot_wait"] and not plan["planned"][1]["cannot_wait"]
    assert plan["planned"][2]["counted_minutes"] == 15 and not plan["planned"][2]["estimated"]
    assert plan["planned_minutes"] == 315 and plan["free_minutes"] == 105
    assert [(t["id"], t["kind"]) for t in plan["left_out"]] == [
        (3, "does not fit"),
        (5, "blocked"),
        (6, "delegated"),
    ]
    assert json.dumps(plan)


def test_plan_after_hours_says_so(week: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-28T10:00")  # a Saturday
    out = week("plan").stdout
    assert "Planned 0m of 0m (no working time left today: not a working day)" in out
    assert "To plan anyway: todo plan --hours N" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[work]\nmeetings = "lots"\n', "'work.meetings' must be a duration"),
        ("[work]\nmeetings = -1\n", "'work.meetings' must be a duration"),
        ("[work]\nmeetings = nan\n", "'work.meetings' must be a duration"),
        ('[work]\nmeetings = "10h"\n', "at most a working day (9h), not '10h'"),
        ("[work]\ndefault_effort = 0\n", "'work.default_effort' must be more than 0"),
        ("[work]\ndefault_effort = true\n", "'work.default_effort' must be a duration"),
    ],
)
def test_bad_plan_settings_name_the_key(
    todo: Todo, write_config: Callable[[str], Path], text: str, message: str
) -> None:
    todo("add", "Task")
    path = write_config(text)
    result = todo("plan", code=2)
    assert str(path) in result.stderr and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("hours", ["25", "0", "-1", "0.0001", "1e308", "nan", "inf"])
def test_plan_refuses_hours_out_of_a_day(week: Todo, hours: str) -> None:
    """Less than a minute (which rounds to none) plans nothing: refused, as more than a day."""
    result = week("plan", "--hours", hours, code=2)
    assert result.stderr.startswith("error: --hours must be at least a minute and at most 24")
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_plan_is_its_own_section(week: Todo) -> None:
    text = week("export", "--plan").stdout
    headings = [t for kind, t in _structure(text) if kind in ("h2", "h3")]
    assert headings[:2] == ["Plan for today", "Left out of the plan"]
    found = sections(text)
    assert ids_in(found["Plan for today"]) == [2, 1, 4]
    assert found["Plan for today"][2] == (
        "[ ] **#4 Call the landlord**: no estimate: counted 30m · score 5.0"
    )
    assert found["Left out of the plan"][0] == (
        "[ ] **#3 Budget review**: does not fit: 4h left, needs 8h"
    )
    assert "Plan for today" not in week("export").stdout
    assert (
        "shape the markdown day list only" in week("export", "-F", "csv", "--plan", code=2).stderr
    )


def test_plan_lists_ten_tasks_left_out_unless_all(todo: Todo) -> None:
    for number in range(12):
        todo.add(f"Long job {number} effort:8h")
    out = todo("plan", "--hours", "1").stdout
    assert out.count("does not fit: 1h left, needs 8h") == 10
    assert "2 more left out: todo plan --all" in out
    every = todo("plan", "--hours", "1", "--all").stdout
    assert every.count("does not fit") == 12 and "more left out" not in every
