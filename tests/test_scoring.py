"""Tests for coo_todo.domain.scoring: design examples, then the properties of guide/scoring.md.

Property tests are named after the property they check (numbers from "Properties any correct
ranking has"); property 9 (delegation) is not tested here.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import (
    DEFAULT_WEIGHTS,
    IMPORTANT_IMPACT,
    QUADRANTS,
    URGENT_PRESSURE,
    Breakdown,
    Ranking,
    Weights,
    due_pressure,
    quadrant,
    rank,
    score,
    time_pressure,
)
from coo_todo.domain.worktime import WorkCalendar

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
ZONES: tuple[tzinfo, ...] = (UTC, PARIS, NEW_YORK, ZoneInfo("Asia/Kolkata"))
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=PARIS)
"""A Thursday morning in Paris."""

BEYOND_HORIZON = timedelta(weeks=4)
"""20 working days: beyond the 10 working days of slack of the horizon, even after the 2000
minutes (3.7 working days) of effort the strategies draw at most."""
AGE_SATURATION = timedelta(days=DEFAULT_WEIGHTS.age_saturation_days)
ONE_IMPACT_LEVEL = DEFAULT_WEIGHTS.impact / 4
PROPERTY = settings(max_examples=150, deadline=None)
WORLD_PROPERTY = settings(max_examples=100, deadline=None)
"""For properties of whole rankings, whose inputs cost more to draw."""


def make_task(task_id: int = 1, **changes: object) -> TaskRecord:
    """An open task created at NOW, impact 3, urgency 3, no due date, unknown effort."""
    created = NOW.astimezone(UTC)
    record = TaskRecord(
        id=task_id,
        uuid=f"uuid-{task_id}",
        title=f"task {task_id}",
        status="open",
        impact=3,
        urgency=3,
        due=None,
        effort_minutes=None,
        area=None,
        created_at=created,
        updated_at=created,
        completed_at=None,
    )
    return replace(record, **changes)


def replace(task: TaskRecord, **changes: Any) -> TaskRecord:
    """A copy of ``task`` with ``changes``."""
    return task._replace(**changes)


def points(breakdown: Breakdown) -> list[tuple[str, float, float]]:
    """The terms without their reasons (reasons name local days, which depend on the zone)."""
    return [(term.name, term.value, term.weight) for term in breakdown.terms]


def order(ranking: Ranking[TaskRecord]) -> list[int]:
    return [entry.task.id for entry in ranking.ranked]


# --- Strategies -------------------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
zones = st.sampled_from(ZONES)
levels = st.integers(1, 5)
efforts = st.none() | st.integers(1, 2000)
ages = st.timedeltas(timedelta(0), timedelta(days=400))
due_offsets = st.none() | st.timedeltas(timedelta(days=-120), timedelta(days=60))


@st.composite
def tasks(draw: st.DrawFn, now: datetime, task_id: int = 1) -> TaskRecord:
    """A free task as of ``now``: due between 120 days ago and 60 days ahead, or never."""
    offset = draw(due_offsets)
    return make_task(
        task_id,
        impact=draw(levels),
        urgency=draw(levels),
        due=None if offset is None else now + offset,
        effort_minutes=draw(efforts),
        created_at=now - draw(ages),
    )


@st.composite
def scenes(draw: st.DrawFn) -> tuple[datetime, TaskRecord]:
    now = draw(instants)
    return now, draw(tasks(now))


@st.composite
def worlds(draw: st.DrawFn, max_size: int = 8) -> tuple[datetime, list[TaskRecord]]:
    """A now and up to ``max_size`` tasks whose dependencies form a random DAG.

    Some tasks also wait for closed tasks (ids >= 100, not in the set), and some copy an earlier
    task's fields under a new id, so that ties happen.
    """
    now = draw(instants)
    size = draw(st.integers(0, max_size))
    topological = draw(st.permutations(range(1, size + 1)))
    made: list[TaskRecord] = []
    for position, task_id in enumerate(topological):
        template = draw(st.none() | st.sampled_from(made)) if made else None
        task = (
            draw(tasks(now, task_id))
            if template is None
            else replace(template, id=task_id, uuid=f"uuid-{task_id}")
        )
        earlier = list(topological[:position])
        blockers = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)) if earlier else []
        )
        closed = draw(st.lists(st.integers(100, 103), unique=True, max_size=1))
        made.append(replace(task, blocked_by=tuple(blockers + closed)))
    return now, made


def dependents_of(task_id: int, all_tasks: list[TaskRecord]) -> set[int]:
    """Ids of the tasks that wait, directly or through others, for ``task_id``."""
    found: set[int] = set()
    frontier = {task_id}
    while frontier:
        frontier = {t.id for t in all_tasks if set(t.blocked_by) & frontier} - found
        found |= frontier
    return found


# --- The design, by example -------------------------------------------------------------------


def test_overdue_task_outranks_same_task_due_next_week() -> None:
    next_week = make_task(1, due=(NOW + timedelta(days=7)).astimezone(UTC))
    overdue = make_task(2, due=(NOW - timedelta(days=1)).astimezone(UTC))
    assert score(overdue, NOW).total > score(next_week, NOW).total
    assert order(rank([next_week, overdue], NOW)) == [2, 1]


@pytest.mark.parametrize("weeks", [3, 5, 9])
@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_due_three_weeks_or_more_away_scores_like_no_due_date(weeks: int, zone: tzinfo) -> None:
    now = NOW.astimezone(zone)
    far = make_task(due=(now + timedelta(weeks=weeks)).astimezone(UTC))
    far_breakdown, undated_breakdown = score(far, now), score(make_task(), now)
    assert points(far_breakdown) == points(undated_breakdown)
    assert far_breakdown.total == undated_breakdown.total
    due_term = next(term for term in far_breakdown.terms if term.name == "due")
    assert due_term.reason.endswith("too far off to press")


@pytest.mark.parametrize("urgency", [1, 2, 3, 4, 5])
def test_long_overdue_trifle_does_not_outrank_important_task_due_today(urgency: int) -> None:
    """Overdue pressure saturates: two months late, with every nudge, still loses to impact 5."""
    end_of_today = NOW.replace(hour=23, minute=59, second=59).astimezone(UTC)
    trifle = make_task(
        1,
        impact=1,
        urgency=urgency,
        due=(NOW - timedelta(days=61)).astimezone(UTC),
        effort_minutes=5,
        created_at=(NOW - timedelta(days=120)).astimezone(UTC),
    )
    important = make_task(2, impact=5, urgency=urgency, due=end_of_today)
    assert score(important, NOW).total > score(trifle, NOW).total
    assert order(rank([trifle, important], NOW)) == [2, 1]


@pytest.mark.parametrize(
    ("impact", "pressure", "expected"),
    [
        (5, 1.0, "do"),
        (3, URGENT_PRESSURE, "do"),
        (3, URGENT_PRESSURE - 0.01, "schedule"),
        (5, 0.0, "schedule"),
        (2, URGENT_PRESSURE, "delegate"),
        (1, 1.0, "delegate"),
        (2, URGENT_PRESSURE - 0.01, "drop"),
        (1, 0.0, "drop"),
    ],
)
def test_quadrant_thresholds(impact: int, pressure: float, expected: str) -> None:
    assert quadrant(impact, pressure) == expected


@pytest.mark.parametrize(
    ("impact", "urgency", "due_in", "expected"),
    [
        (4, 5, None, "do"),  # urgency 5 alone is urgent
        (4, 4, None, "schedule"),  # urgency 4 alone is not: only a deadline says "now"
        (3, 3, timedelta(days=1), "do"),  # urgency 3, one working day left
        (3, 3, timedelta(days=6), "schedule"),  # four working days left
        (3, 3, None, "schedule"),  # default values: never "drop"
        (2, 1, timedelta(hours=12), "delegate"),  # ten working hours left, even at urgency 1
        (2, 2, timedelta(hours=30), "delegate"),  # fourteen working hours left
        (2, 3, None, "drop"),
        (1, 5, timedelta(days=-30), "delegate"),
    ],
)
def test_quadrant_of_tasks(
    impact: int, urgency: int, due_in: timedelta | None, expected: str
) -> None:
    due = None if due_in is None else (NOW + due_in).astimezone(UTC)
    breakdown = score(make_task(impact=impact, urgency=urgency, due=due), NOW)
    assert breakdown.quadrant == expected


def test_blocker_gains_unblocks_and_inherited_terms() -> None:
    """A trivial blocker of pressing work inherits the gap and ends just above it."""
    blocker = make_task(1, impact=1, urgency=1)
    pressing = make_task(2, impact=5, urgency=5, blocked_by=(1,))
    ranking = rank([blocker, pressing], NOW)
    [entry] = ranking.ranked
    terms = {term.name: term for term in entry.breakdown.terms}
    assert terms["unblocks"].points == pytest.approx(DEFAULT_WEIGHTS.unblocking / 3)
    assert "#2" in terms["unblocks"].reason
    free_score = score(replace(pressing, blocked_by=()), NOW).total
    own = score(blocker, NOW).total
    assert terms["inherited"].points == pytest.approx(free_score - own)
    assert entry.breakdown.total == pytest.approx(free_score + DEFAULT_WEIGHTS.unblocking / 3)


def test_blocker_already_ahead_inherits_nothing() -> None:
    blocker = make_task(1, impact=5, urgency=5)
    trifle = make_task(2, impact=1, urgency=1, blocked_by=(1,))
    [entry] = rank([blocker, trifle], NOW).ranked
    assert [term.name for term in entry.breakdown.terms][-1] == "unblocks"
    assert entry.breakdown.total == pytest.approx(score(blocker, NOW).total + 1 / 3)


def test_task_blocked_by_open_task_is_set_aside() -> None:
    blocker, waiting = make_task(1), make_task(2, impact=5, blocked_by=(1, 99))
    ranking = rank([waiting, blocker], NOW)
    assert order(ranking) == [1]
    assert ranking.blocked == [(waiting, (1,))]


def test_dependency_chain_of_any_depth_is_ranked() -> None:
    """10,000 tasks each blocked by the previous: the head ranks alone and inherits the tail's
    score (a recursive walk of the chain overflowed Python's stack from about 600)."""
    chain = [make_task(1)] + [make_task(i, blocked_by=(i - 1,)) for i in range(2, 10_001)]
    chain[-1] = replace(chain[-1], impact=5, urgency=5)
    ranking = rank(chain, NOW)
    assert order(ranking) == [1]
    assert len(ranking.blocked) == 9_999
    tail_alone = score(replace(chain[-1], blocked_by=()), NOW).total
    assert ranking.ranked[0].breakdown.total >= tail_alone


def test_task_blocked_by_closed_task_is_ranked() -> None:
    """A blocked_by id missing from the set is a closed task: it no longer blocks."""
    waiting = make_task(2, blocked_by=(1,))
    ranking = rank([waiting], NOW)
    assert order(ranking) == [2]
    assert ranking.blocked == []
    assert ranking.ranked[0].breakdown == score(waiting, NOW)


# --- Properties ---------------------------------------------------------------------------------


@WORLD_PROPERTY
@given(world=worlds(), zone=zones)
def test_1_deterministic_for_now_in_any_time_zone(
    world: tuple[datetime, list[TaskRecord]], zone: tzinfo
) -> None:
    now, all_tasks = world
    in_utc, in_zone = rank(all_tasks, now), rank(all_tasks, now.astimezone(zone))
    assert order(in_zone) == order(in_utc)
    assert in_zone.blocked == in_utc.blocked
    for a, b in zip(in_utc.ranked, in_zone.ranked, strict=True):
        assert points(a.breakdown) == points(b.breakdown)
        assert (a.breakdown.pressure, a.breakdown.quadrant) == (
            b.breakdown.pressure,
            b.breakdown.quadrant,
        )


@WORLD_PROPERTY
@given(world=worlds(), data=st.data())
def test_1_deterministic_under_insertion_order(
    world: tuple[datetime, list[TaskRecord]], data: st.DataObject
) -> None:
    now, all_tasks = world
    shuffled = data.draw(st.permutations(all_tasks))
    assert rank(shuffled, now) == rank(all_tasks, now)


@WORLD_PROPERTY
@given(world=worlds())
def test_2_total_is_fsum_of_term_points(world: tuple[datetime, list[TaskRecord]]) -> None:
    now, all_tasks = world
    for entry in rank(all_tasks, now).ranked:
        terms = entry.breakdown.terms
        assert entry.breakdown.total == math.fsum(term.value * term.weight for term in terms)
        assert all(term.name and term.reason for term in terms)
        assert all(0.0 <= term.value <= 1.0 for term in terms if term.name != "inherited")


@PROPERTY
@given(scene=scenes(), impacts=st.lists(levels, min_size=2, max_size=2).map(sorted))
def test_3_raising_impact_never_lowers_score(
    scene: tuple[datetime, TaskRecord], impacts: list[int]
) -> None:
    now, task = scene
    low, high = (score(replace(task, impact=level), now).total for level in impacts)
    assert high >= low


@PROPERTY
@given(scene=scenes(), urgencies=st.lists(levels, min_size=2, max_size=2).map(sorted))
def test_3_raising_urgency_never_lowers_score(
    scene: tuple[datetime, TaskRecord], urgencies: list[int]
) -> None:
    now, task = scene
    low, high = (score(replace(task, urgency=level), now).total for level in urgencies)
    assert high >= low


@PROPERTY
@given(
    scene=scenes(),
    due=instants,
    earlier_by=st.timedeltas(timedelta(0), timedelta(days=100)),
)
def test_4_earlier_due_never_lowers_score(
    scene: tuple[datetime, TaskRecord], due: datetime, earlier_by: timedelta
) -> None:
    now, task = scene
    later = score(replace(task, due=due), now).total
    earlier = score(replace(task, due=due - earlier_by), now).total
    undated = score(replace(task, due=None), now).total
    assert earlier >= later >= undated


@PROPERTY
@given(scene=scenes(), beyond=st.timedeltas(timedelta(0), timedelta(days=2000)), zone=zones)
def test_5_due_beyond_horizon_scores_like_no_due(
    scene: tuple[datetime, TaskRecord], beyond: timedelta, zone: tzinfo
) -> None:
    now, task = scene
    local_now = now.astimezone(zone)
    far = score(replace(task, due=now + BEYOND_HORIZON + beyond), local_now)
    undated = score(replace(task, due=None), local_now)
    assert points(far) == points(undated)
    assert far.total == undated.total
    assert due_pressure(now + BEYOND_HORIZON + beyond, local_now) == 0.0


@PROPERTY
@given(scene=scenes(), later_by=st.timedeltas(timedelta(0), timedelta(days=400)))
def test_6_score_never_decreases_as_now_advances(
    scene: tuple[datetime, TaskRecord], later_by: timedelta
) -> None:
    now, task = scene
    assert score(task, now + later_by).total >= score(task, now).total


@PROPERTY
@given(
    scene=scenes(),
    effort=st.integers(1, 2000),
    more=st.integers(0, 10_000),
)
def test_7_more_effort_never_raises_score(
    scene: tuple[datetime, TaskRecord], effort: int, more: int
) -> None:
    """Without a deadline inside the horizon: before one, effort eats slack and presses more
    (property 15, tests/test_scoring_hours.py, supersedes this one there)."""
    now, task = scene
    assume(due_pressure(task.due, now, effort_minutes=effort + more) == 0.0)
    quick = score(replace(task, effort_minutes=effort), now).total
    long = score(replace(task, effort_minutes=effort + more), now).total
    assert long <= quick


@PROPERTY
@given(
    scene=scenes(),
    lower_impact=st.integers(1, 4),
    old_by=st.timedeltas(AGE_SATURATION, timedelta(days=400)),
    quick_effort=st.integers(1, int(DEFAULT_WEIGHTS.quick_win_minutes)),
    long_effort=st.none() | st.integers(int(DEFAULT_WEIGHTS.long_job_minutes), 2000),
    ids=st.permutations([1, 2]),
)
def test_7_age_and_effort_never_overturn_one_impact_level(
    scene: tuple[datetime, TaskRecord],
    lower_impact: int,
    old_by: timedelta,
    quick_effort: int,
    long_effort: int | None,
    ids: list[int],
) -> None:
    """The lower-impact task gets the full age and quick-win boost, the other none. With no
    deadline pressing, the margin is exactly one impact level minus both nudges; before a
    deadline, the longer job has less slack and presses more (or, of unknown effort, at most
    a quarter of an hour's slack less), so the margin stays positive."""
    now, task = scene
    nudged = replace(
        task, id=ids[0], impact=lower_impact, created_at=now - old_by, effort_minutes=quick_effort
    )
    important = replace(
        task, id=ids[1], impact=lower_impact + 1, created_at=now, effort_minutes=long_effort
    )
    margin = score(important, now).total - score(nudged, now).total
    if all(due_pressure(task.due, now, effort_minutes=e) == 0 for e in (quick_effort, long_effort)):
        assert margin == pytest.approx(
            ONE_IMPACT_LEVEL - DEFAULT_WEIGHTS.age - DEFAULT_WEIGHTS.quick_win
        )
    assert margin > 0
    assert order(rank([nudged, important], now)) == [important.id, nudged.id]


@WORLD_PROPERTY
@given(
    world=worlds(),
    title=st.text(max_size=20),
    notes=st.none() | st.text(max_size=40),
    tags=st.lists(st.text(min_size=1, max_size=10), max_size=4).map(tuple),
)
def test_8_tags_notes_titles_do_not_change_score(
    world: tuple[datetime, list[TaskRecord]], title: str, notes: str | None, tags: tuple[str, ...]
) -> None:
    now, all_tasks = world
    relabelled = [replace(t, title=title, notes=notes, tags=tags, area="ops") for t in all_tasks]
    for plain, labelled in zip(all_tasks, relabelled, strict=True):
        assert score(labelled, now) == score(plain, now)
    before, after = rank(all_tasks, now), rank(relabelled, now)
    assert [(e.rank, e.task.id, e.breakdown) for e in after.ranked] == [
        (e.rank, e.task.id, e.breakdown) for e in before.ranked
    ]


@WORLD_PROPERTY
@given(world=worlds())
def test_10_task_blocked_by_open_task_is_never_ranked(
    world: tuple[datetime, list[TaskRecord]],
) -> None:
    now, all_tasks = world
    ranking = rank(all_tasks, now)
    open_ids = {t.id for t in all_tasks}
    waiting = {t.id: tuple(b for b in t.blocked_by if b in open_ids) for t in all_tasks}
    assert {e.task.id for e in ranking.ranked} == {i for i, bs in waiting.items() if not bs}
    assert [(t.id, blockers) for t, blockers in ranking.blocked] == sorted(
        (i, bs) for i, bs in waiting.items() if bs
    )


@WORLD_PROPERTY
@given(world=worlds())
def test_10_blocker_scores_at_least_free_score_of_what_it_blocks(
    world: tuple[datetime, list[TaskRecord]],
) -> None:
    """Checked transitively: a ranked task outscores every task waiting on it, however deep."""
    now, all_tasks = world
    by_id = {t.id: t for t in all_tasks}
    for entry in rank(all_tasks, now).ranked:
        for dependent in dependents_of(entry.task.id, all_tasks):
            free_score = score(replace(by_id[dependent], blocked_by=()), now).total
            assert entry.breakdown.total >= free_score


@PROPERTY
@given(scene=scenes(), zone=zones)
def test_11_quadrant_depends_only_on_impact_and_pressure(
    scene: tuple[datetime, TaskRecord], zone: tzinfo
) -> None:
    now, task = scene
    breakdown = score(task, now.astimezone(zone))
    assert breakdown.pressure == time_pressure(task, now)
    assert 0.0 <= breakdown.pressure <= 1.0
    assert breakdown.quadrant == quadrant(task.impact, breakdown.pressure)


# What raising impact or pressure may turn each quadrant into.
_REACHABLE = {
    "do": {"do"},
    "schedule": {"schedule", "do"},
    "delegate": {"delegate", "do"},
    "drop": set(QUADRANTS),
}


@PROPERTY
@given(
    impacts=st.lists(levels, min_size=2, max_size=2).map(sorted),
    pressures=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=2).map(sorted),
)
def test_11_quadrant_moves_monotonically(impacts: list[int], pressures: list[float]) -> None:
    before = quadrant(impacts[0], pressures[0])
    after = quadrant(impacts[1], pressures[1])
    assert after in _REACHABLE[before]
    assert (after in {"do", "schedule"}) == (impacts[1] >= IMPORTANT_IMPACT)


@WORLD_PROPERTY
@given(world=worlds(), data=st.data())
def test_12_ranking_is_total_order_with_stable_tie_break(
    world: tuple[datetime, list[TaskRecord]], data: st.DataObject
) -> None:
    now, all_tasks = world
    ranking = rank(all_tasks, now)
    entries = ranking.ranked
    assert [e.rank for e in entries] == list(range(1, len(entries) + 1))
    assert all(math.isfinite(e.breakdown.total) for e in entries)
    keys = [
        (
            -round(e.breakdown.total, 9),
            e.task.due or datetime.max.replace(tzinfo=UTC),
            -e.task.impact,
            e.task.id,
        )
        for e in entries
    ]
    assert all(a < b for a, b in itertools.pairwise(keys))
    assert order(rank(data.draw(st.permutations(all_tasks)), now)) == order(ranking)


@st.composite
def calendars(draw: st.DrawFn, now: datetime) -> WorkCalendar:
    """Working days and holidays near ``now``, kept in one of ``ZONES``."""
    days = draw(st.sets(st.integers(0, 6), min_size=1))
    near = st.integers(-30, 60).map(lambda offset: now.date() + timedelta(days=offset))
    holidays = draw(st.sets(near, max_size=6))
    return WorkCalendar(frozenset(days), holidays=frozenset(holidays)).in_zone(draw(zones))


@st.composite
def crowds(draw: st.DrawFn) -> tuple[datetime, WorkCalendar, list[TaskRecord]]:
    """A now in a zone, a calendar and up to 12 free tasks that often share a due date (the
    same instant written in another zone, or the same wall-clock time), some delegated."""
    calendar = draw(calendars(draw(instants)))
    now = draw(instants).astimezone(calendar.zone)
    shared = draw(st.lists(due_offsets.filter(bool), min_size=1, max_size=2))
    made = []
    for task_id in range(1, draw(st.integers(0, 12)) + 1):
        task = draw(tasks(now, task_id))
        if task.due is not None and draw(st.booleans()):
            due, zone = now + draw(st.sampled_from(shared)), draw(zones)
            # the same instant in another zone, or the same wall-clock time there
            due = due.astimezone(zone) if draw(st.booleans()) else due.replace(tzinfo=zone)
            task = replace(task, due=due)
        if draw(st.booleans()):
            follow_up = now - draw(ages)  # its day has come: back in the list, followed up
            task = replace(task, delegate="Alice Martin", follow_up=follow_up.astimezone(UTC))
        made.append(task)
    return now, calendar, made


@WORLD_PROPERTY
@given(crowd=crowds())
def test_ranking_scores_each_free_task_as_it_scores_alone(
    crowd: tuple[datetime, WorkCalendar, list[TaskRecord]],
) -> None:
    """What a ranking reads once and shares between tasks (now in UTC, each due date's working
    clock reading) changes nothing: without dependencies, every ranked task has the very
    breakdown ``score`` gives it alone (its total to the last bit, its reasons word for word),
    in the order of those scores."""
    now, calendar, all_tasks = crowd
    ranking = rank(all_tasks, now, calendar=calendar)
    alone = {task.id: score(task, now, calendar=calendar) for task in all_tasks}
    for entry in ranking.ranked:
        assert entry.breakdown == alone[entry.task.id]
        assert entry.breakdown.total.hex() == alone[entry.task.id].total.hex()
    expected = sorted(
        (entry.task for entry in ranking.ranked),
        key=lambda task: (
            -round(alone[task.id].total, 9),
            (task.due or datetime.max.replace(tzinfo=UTC)).astimezone(UTC),
            -task.impact,
            task.id,
        ),
    )
    assert order(ranking) == [task.id for task in expected]
    assert len(ranking.ranked) + len(ranking.waiting) == len(all_tasks)


def test_custom_weights_are_used() -> None:
    """Weights are inputs too: doubling the impact weight doubles the impact term."""
    task = make_task(impact=5)
    doubled = Weights(impact=2 * DEFAULT_WEIGHTS.impact)
    impact_points = {
        weights: next(t.points for t in score(task, NOW, weights).terms if t.name == "impact")
        for weights in (DEFAULT_WEIGHTS, doubled)
    }
    assert impact_points[doubled] == 2 * impact_points[DEFAULT_WEIGHTS]
