"""``todo plan`` and ``todo triage --limit`` on a long list (issue 15): the plain open tasks
are read a slice at a time, in the order of the most each slice can score
(``scoring.score_bound``), and scoring stops once the day is full or the first tasks are
known. The properties hold each to what ranking every task gives: the same tasks planned in
the same order, the same first tasks left out, the rest counted; the same first tasks ranked.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from coo_todo.domain.dates import UNREADABLE
from coo_todo.domain.planning import Capacity, DayPlan, fill_day
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import DEFAULT_WEIGHTS, Weights, rank, score_bound
from coo_todo.domain.slices import NEAR, UNDATED, Slice, first_ranked, slices
from coo_todo.domain.worktime import DEFAULT_CALENDAR, WorkCalendar
from coo_todo.paths import Paths
from coo_todo.service.planning import plan_today
from coo_todo.settings import Settings
from coo_todo.store import Store
from coo_todo.store.open_tasks import LATEST
from tests.conftest import Todo
from tests.test_scoring import make_task

EFFORTS = (None, 1, 10, 15, 16, 29, 30, 31, 60, 90, 120, 239, 240, 241, 480)
"""Efforts on and around the edges of the default bands."""


def is_plain(task: TaskRecord) -> bool:
    return task.delegate is None and task.snoozed_until is None and not task.blocked_by


class Listed:
    """``domain.planning.OpenTasks`` over a list, read as the store reads a database; it
    counts the tasks it hands out."""

    def __init__(self, tasks: Sequence[TaskRecord], default_effort: int) -> None:
        held = {blocker for task in tasks for blocker in task.blocked_by}
        self.plain = [task for task in tasks if is_plain(task) and task.id not in held]
        self.count = len(tasks)
        efforts = [task.effort_minutes for task in tasks]
        self.least_minutes = min(
            (default_effort if effort is None else effort for effort in efforts), default=0
        )
        self.handed_out = 0

    def read(self, wanted: Sequence[Slice], cut: datetime) -> list[TaskRecord]:
        found = [task for task in self.plain if any(_lies_in(task, piece, cut) for piece in wanted)]
        self.handed_out += len(found)
        return found


def _lies_in(task: TaskRecord, piece: Slice, cut: datetime) -> bool:
    if (task.impact, task.urgency) != (piece.impact, piece.urgency):
        return False
    due = task.due
    deadline = UNDATED if due is None else NEAR if due <= cut or due >= LATEST else "far"
    if deadline != piece.deadline:
        return False
    effort = task.effort_minutes
    if piece.efforts is None or effort is None:
        return piece.efforts is None and effort is None
    low, high = piece.efforts
    return (low is None or effort > low) and (high is None or effort <= high)


def both_plans(
    tasks: list[TaskRecord],
    now: datetime,
    capacity: Capacity,
    default: int,
    listed: int,
    weights: Weights = DEFAULT_WEIGHTS,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> tuple[DayPlan[TaskRecord], DayPlan[TaskRecord], Listed]:
    """The plan of every task ranked, and the plan that reads the plain tasks by slices."""
    whole = fill_day(rank(tasks, now, weights, calendar), capacity, now, calendar, default)
    source = Listed(tasks, default)
    plain = {task.id for task in source.plain}
    entangled = [task for task in tasks if task.id not in plain]
    ranking = rank(entangled, now, weights, calendar)
    sliced = fill_day(ranking, capacity, now, calendar, default, (source, weights), listed)
    return whole, sliced, source


def assert_same_plan(whole: DayPlan[TaskRecord], sliced: DayPlan[TaskRecord], listed: int) -> None:
    assert sliced.planned == whole.planned
    assert sliced.left_out == whole.left_out[: len(sliced.left_out)]
    assert len(sliced.left_out) >= min(listed, len(whole.left_out))
    assert len(sliced.left_out) + sliced.unlisted == len(whole.left_out)


# --- The property -----------------------------------------------------------------------------

weights = st.builds(
    Weights,
    impact=st.sampled_from([0.0, 2.5, 10.0, 30.0]),
    pressure=st.sampled_from([0.0, 4.0, 10.0, 25.0]),
    age=st.sampled_from([0.0, 1.0, 3.0]),
    quick_win=st.sampled_from([0.0, 1.0, 6.0]),
    quick_win_minutes=st.sampled_from([5.0, 15.0, 45.0]),
    long_job_minutes=st.sampled_from([60.0, 240.0, 1000.0]),
    due_horizon_days=st.sampled_from([2.0, 10.0]),
)


@st.composite
def long_days(draw: st.DrawFn) -> tuple[list[TaskRecord], datetime, Capacity, int, int, Weights]:
    """Up to 60 tasks, most of them plain, a few delegated, snoozed or linked; deadlines around
    today, some unreadable; a now, a capacity, a default effort, how many to list, weights."""
    now = draw(st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC)))
    tasks = []
    for task_id in range(1, draw(st.integers(0, 60)) + 1):
        kind = draw(st.sampled_from(["plain"] * 6 + ["delegated", "snoozed", "blocked"]))
        hours = draw(st.none() | st.integers(-60, 400))
        due = None if hours is None else now + timedelta(hours=hours)
        if due is not None and draw(st.integers(0, 15)) == 0:
            due = UNREADABLE
        tasks.append(
            make_task(
                task_id,
                impact=draw(st.integers(1, 5)),
                urgency=draw(st.integers(1, 5)),
                due=due,
                effort_minutes=draw(st.sampled_from(EFFORTS)),
                created_at=now - timedelta(days=draw(st.integers(0, 120))),
                delegate="Alice" if kind == "delegated" else None,
                follow_up=now + timedelta(days=draw(st.integers(-3, 3)))
                if kind == "delegated"
                else None,
                snoozed_until=now + timedelta(days=draw(st.integers(-2, 5)))
                if kind == "snoozed"
                else None,
                blocked_by=(draw(st.integers(1, task_id - 1)),)
                if kind == "blocked" and task_id > 1
                else (),
            )
        )
    capacity = Capacity(draw(st.integers(0, 900)), given=True)
    return tasks, now, capacity, draw(st.integers(1, 120)), draw(st.integers(0, 12)), draw(weights)


@settings(max_examples=300, deadline=None)
@given(long_days())
def test_the_plan_read_by_slices_is_the_plan_of_every_task(day: tuple) -> None:
    tasks, now, capacity, default, listed, chosen = day
    whole, sliced, _source = both_plans(tasks, now, capacity, default, listed, chosen)
    assert_same_plan(whole, sliced, listed)


@settings(max_examples=200, deadline=None)
@given(long_days())
def test_the_first_tasks_read_by_slices_are_the_first_of_every_task_ranked(day: tuple) -> None:
    tasks, now, _capacity, default, listed, chosen = day
    whole = rank(tasks, now, chosen).ranked
    source = Listed(tasks, default)
    plain = {task.id for task in source.plain}
    ranking = rank([task for task in tasks if task.id not in plain], now, chosen)
    count = listed + 1
    first = first_ranked(ranking, source, chosen, now, DEFAULT_CALENDAR, count)
    assert first == whole[:count]


@settings(max_examples=60, deadline=None)
@given(long_days(), st.sampled_from([date(2026, 12, 25), date(2027, 1, 1)]))
def test_the_cut_holds_on_a_calendar_with_holidays_and_another_zone(
    day: tuple, holiday: date
) -> None:
    tasks, now, capacity, default, listed, chosen = day
    calendar = WorkCalendar(
        days=frozenset({0, 1, 2, 3, 5}),
        start=time(7, 30),
        end=time(16),
        holidays=frozenset({holiday}),
    ).in_zone(ZONE)
    whole, sliced, _source = both_plans(
        tasks, now.astimezone(ZONE), capacity, default, listed, chosen, calendar
    )
    assert_same_plan(whole, sliced, listed)


ZONE = datetime(2026, 6, 1, tzinfo=UTC).astimezone().tzinfo or UTC
"""The suite's zone (Europe/Paris, see conftest), at a fixed offset."""


@pytest.mark.parametrize("effort", [1, 15, 16, 30, 31, 239, 240, 241, 10_000])
def test_a_band_bounds_the_score_of_its_every_effort(effort: int) -> None:
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    for piece in slices(DEFAULT_WEIGHTS):
        task = make_task(
            1,
            impact=piece.impact,
            urgency=piece.urgency,
            due=None if piece.deadline == UNDATED else now - timedelta(days=3),
            effort_minutes=None if piece.efforts is None else effort,
            created_at=now - timedelta(days=400),
        )
        if piece.efforts is not None and not _lies_in(task, piece, now + timedelta(days=1)):
            continue
        total = rank([task], now).ranked[0].breakdown.total
        bound = score_bound(
            piece.impact, piece.urgency, piece.deadline != UNDATED, piece.efforts, DEFAULT_WEIGHTS
        )
        assert total <= bound + 1e-9


# --- Reading less -----------------------------------------------------------------------------


def crowd(count: int, now: datetime) -> list[TaskRecord]:
    """``count`` tasks like the benchmark's: captured over 900 days, 60% with a deadline."""
    rng = random.Random(6)
    tasks = []
    for task_id in range(1, count + 1):
        created = now - timedelta(days=rng.uniform(1, 900))
        due = created + timedelta(days=rng.randint(-5, 60)) if rng.random() < 0.6 else None
        tasks.append(
            make_task(
                task_id,
                impact=rng.randint(1, 5),
                urgency=rng.randint(1, 5),
                due=due,
                effort_minutes=rng.choice(EFFORTS),
                created_at=created,
            )
        )
    return tasks


def test_a_day_planned_from_2000_tasks_reads_a_tenth_of_them() -> None:
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    whole, sliced, source = both_plans(crowd(2000, now), now, Capacity(540, given=True), 30, 10)
    assert_same_plan(whole, sliced, 10)
    assert sliced.unlisted == 2000 - len(sliced.planned) - len(sliced.left_out) > 1800
    assert source.handed_out < 200  # 136: the quick wins due before today


def test_the_first_30_of_2000_tasks_read_a_tenth_of_them() -> None:
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    tasks = crowd(2000, now)
    source = Listed(tasks, 30)
    first = first_ranked(rank([], now), source, DEFAULT_WEIGHTS, now, DEFAULT_CALENDAR, 30)
    assert first == rank(tasks, now).ranked[:30]
    assert source.handed_out < 200


# --- The store --------------------------------------------------------------------------------

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)


@pytest.fixture
def mixed(todo: Todo) -> Store:
    """Forty tasks of every kind, in a database: delegated, snoozed, blocked, due today or
    later, with and without an estimate."""
    todo("people", "add", "Alice Martin")
    rng = random.Random(15)
    for number in range(1, 41):
        words = [
            f"Task {number}",
            f"impact:{rng.randint(1, 5)}",
            f"urgency:{rng.randint(1, 5)}",
        ]
        effort = rng.choice(EFFORTS)
        if effort is not None:
            words.append(f"effort:{effort}m")
        words.append(rng.choice(["", "due:today", "due:tomorrow", "due:fri", "due:in_3_weeks"]))
        if number % 9 == 0:
            words.append("to:alice follow:mon")
        elif number % 11 == 0:
            words.append("wait:mon")
        elif number % 7 == 0:
            words.append(f"blocked-by:{number - 3}")
        todo.add(" ".join(word for word in words if word))
    return Store(Paths().database_url(), NOW)


@pytest.mark.parametrize("hours", [None, 0.25, 1, 3, 8, 24])
def test_the_store_reads_the_plan_of_every_task(mixed: Store, hours: float | None) -> None:
    now = datetime.fromisoformat("2026-11-26T09:00:00+01:00")
    whole = plan_today(mixed, now, Settings(), hours)
    sliced = plan_today(mixed, now, Settings(), hours, listed=3)
    assert_same_plan(whole, sliced, 3)


@pytest.mark.parametrize("limit", ["1", "5", "30", "100"])
def test_triage_limit_shows_the_first_of_every_task_ranked(
    mixed: Store, todo: Todo, limit: str
) -> None:
    assert todo.json("triage", "--limit", limit) == todo.json("triage")[: int(limit)]
    shown = todo("triage", "--limit", limit).stdout.splitlines()
    whole = todo("triage").stdout.splitlines()
    assert [line.split()[:2] for line in shown[4 : 4 + int(limit)]] == [
        line.split()[:2] for line in whole[4 : 4 + int(limit)]
    ]
    assert shown[-3:] == whole[-3:]  # blocked, waiting and snoozed counts


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "column, value", [("impact", "'high'"), ("urgency", "7"), ("effort_minutes", "'1h'")]
)
def test_a_task_in_no_slice_is_planned_with_every_task_ranked(
    mixed: Store, column: str, value: str
) -> None:
    with mixed.engine.begin() as connection:
        connection.execute(text(f"UPDATE task SET {column} = {value} WHERE id = 5"))
    now = datetime.fromisoformat("2026-11-26T09:00:00+01:00")
    with mixed.open_task_reads(30, "mine") as reads:
        assert reads is None
    assert_same_plan(
        plan_today(mixed, now, Settings(), 2), plan_today(mixed, now, Settings(), 2, listed=3), 3
    )
