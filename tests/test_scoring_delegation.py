"""Delegated tasks in coo_todo.domain.scoring: waiting, resurfacing and follow-up pressure.

Property 9 of guide/scoring.md, plus what the design in scoring.py promises of delegation: a
delegated task waits out of the list until its follow-up day (or comes back at once when that
check-in would leave less than a working day before its deadline: property 17, with more in
tests/test_scoring_hours.py), then comes back with a "follow-up" term whose pressure grows day
by day, yet never buries an important deadline of my own.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.domain import dates
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import (
    DEFAULT_WEIGHTS,
    FOLLOW_UP_PRESSURE,
    Breakdown,
    Ranking,
    Term,
    Weights,
    due_pressure,
    follow_up_pressure,
    hand_set_pressure,
    is_waiting,
    rank,
    score,
)
from coo_todo.domain.worktime import DEFAULT_CALENDAR, WorkCalendar
from tests.test_scoring import (
    NOW,
    PARIS,
    ages,
    efforts,
    instants,
    levels,
    make_task,
    order,
    points,
    replace,
    tasks,
    worlds,
    zones,
)

PROPERTY = settings(max_examples=150, deadline=None)
START, TOP = FOLLOW_UP_PRESSURE
DELEGATED_ID = 50
"""Id of the delegated task added to generated worlds (whose ids are 1-5 and 100-103)."""
SECOND = timedelta(seconds=1)


def delegated(
    task: TaskRecord,
    follow_up: datetime,
    *,
    delegate: str = "Alice Martin",
    delegated_at: datetime | None = None,
    last_note: str | None = None,
) -> TaskRecord:
    """``task`` delegated to ``delegate``, to follow up at ``follow_up`` (stored in UTC)."""
    return replace(
        task,
        delegate=delegate,
        delegated_at=None if delegated_at is None else delegated_at.astimezone(UTC),
        follow_up=follow_up.astimezone(UTC),
        last_note=last_note,
    )


def start_of(day: date, zone: tzinfo) -> datetime:
    """The follow-up instant of a local day: its midnight, in UTC (as the service stores it)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def end_of(day: date, zone: tzinfo) -> datetime:
    """A due date "on" a local day: 23:59:59 that day, in UTC."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone).astimezone(UTC)


def follow_up_term(breakdown: Breakdown) -> Term:
    [term] = [term for term in breakdown.terms if term.name == "follow-up"]
    return term


def ranked_ids(ranking: Ranking[TaskRecord]) -> list[int]:
    return order(ranking)


def waiting_ids(ranking: Ranking[TaskRecord]) -> list[int]:
    return [task.id for task in ranking.waiting]


# --- Strategies -------------------------------------------------------------------------------

names = st.sampled_from(["Alice Martin", "Hélène Dupont", "Bob", "Zoë O'Neil"])
notes = st.none() | st.sampled_from(
    ["waiting on legal", "said Friday", "Relancé : « d'ici jeudi »", "1 day", "x"]
)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
lateness = st.timedeltas(timedelta(0), timedelta(days=400))


@st.composite
def follow_ups(draw: st.DrawFn) -> datetime:
    """A follow-up instant: the start of some local day in some zone, in UTC."""
    return start_of(draw(days), draw(zones))


@st.composite
def delegated_tasks(
    draw: st.DrawFn, now: datetime, follow_up: datetime, task_id: int = DELEGATED_ID
) -> TaskRecord:
    """Any free task (see tests.test_scoring.tasks) delegated with ``follow_up``."""
    return delegated(
        draw(tasks(now, task_id)),
        follow_up,
        delegate=draw(names),
        delegated_at=draw(st.none() | ages.map(lambda age: now - age)),
        last_note=draw(notes),
    )


@st.composite
def delegated_worlds(draw: st.DrawFn) -> tuple[datetime, list[TaskRecord]]:
    """A world of tests.test_scoring.worlds in which some tasks are delegated, some with a
    future follow-up, some with a missed one, some with stale delegation fields."""
    now, made = draw(worlds(max_size=5))
    result = []
    for task in made:
        kind = draw(st.sampled_from(["own", "delegated", "stale"]))
        offset = draw(st.timedeltas(timedelta(days=-30), timedelta(days=30)))
        if kind == "delegated":
            task = delegated(task, now + offset, delegate=draw(names), last_note=draw(notes))
        elif kind == "stale":
            task = replace(task, follow_up=now + offset, delegated_at=now, last_note="old")
        result.append(task)
    return now, result


CHECK_IN_MARGIN = timedelta(days=3)
"""A deadline this long after a check-in leaves at least a working day after it: any three
days hold at least nine working hours of Monday-Friday, 09:00-18:00."""


def should_wait(task: TaskRecord, now: datetime, calendar: WorkCalendar) -> bool:
    """The oracle: delegated, follow-up still ahead, and at least a working day from the
    check-in to the deadline (``between`` is checked against a day-by-day count in
    tests/test_worktime.py)."""
    if task.delegate is None or task.follow_up is None or now >= task.follow_up:
        return False
    return task.due is None or calendar.between(task.follow_up, task.due) >= calendar.day_seconds


# --- 1. Property 9: out of the list until the follow-up day, then in it exactly once ----------


@PROPERTY
@given(
    world=worlds(max_size=5),
    data=st.data(),
    ahead=st.timedeltas(SECOND, timedelta(days=60)),
    due_after=st.none() | st.timedeltas(CHECK_IN_MARGIN, timedelta(days=90)),
    after=lateness,
)
def test_9_delegated_task_waits_then_is_ranked_exactly_once(
    world: tuple[datetime, list[TaskRecord]],
    data: st.DataObject,
    ahead: timedelta,
    due_after: timedelta | None,
    after: timedelta,
) -> None:
    now, others = world
    follow_up = now + ahead
    task = replace(
        data.draw(delegated_tasks(now, follow_up)),
        due=None if due_after is None else follow_up + due_after,
    )
    everyone = [*others, task]

    before = rank(everyone, now)
    assert DELEGATED_ID not in ranked_ids(before)
    assert waiting_ids(before).count(DELEGATED_ID) == 1
    assert all(blocked.id != DELEGATED_ID for blocked, _ in before.blocked)

    for later in (follow_up, follow_up + after):
        back = rank(everyone, later)
        assert ranked_ids(back).count(DELEGATED_ID) == 1
        assert DELEGATED_ID not in waiting_ids(back)


@PROPERTY
@given(world=delegated_worlds(), zone=zones)
def test_9_every_task_is_ranked_blocked_or_waiting_exactly_once(
    world: tuple[datetime, list[TaskRecord]], zone: tzinfo
) -> None:
    now, all_tasks = world
    calendar = DEFAULT_CALENDAR.in_zone(zone)
    ranking = rank(all_tasks, now.astimezone(zone), calendar=calendar)
    ranked = ranked_ids(ranking)
    blocked = [task.id for task, _ in ranking.blocked]
    waiting = waiting_ids(ranking)
    assert sorted(ranked + blocked + waiting) == sorted(task.id for task in all_tasks)
    open_ids = {task.id for task in all_tasks}
    for task in all_tasks:
        if set(task.blocked_by) & open_ids:
            assert task.id in blocked
        elif should_wait(task, now, calendar):
            assert task.id in waiting
        else:
            assert task.id in ranked
        assert is_waiting(task, now, calendar) == should_wait(task, now, calendar)
    assert ranking.waiting == sorted(ranking.waiting, key=lambda t: (t.follow_up, t.id))


# --- 2. Resurfacing exactly on the follow-up day ------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [date(2026, 11, 30), date(2026, 3, 29), date(2026, 10, 25), date(2027, 1, 1)],
    ids=str,
)
@pytest.mark.parametrize("zone", [PARIS, UTC], ids=str)
def test_resurfaces_at_midnight_of_the_follow_up_day(day: date, zone: tzinfo) -> None:
    """Waiting until 23:59:59 the evening before, ranked from 00:00 on the day (also on the
    days clocks change in Paris)."""
    follow_up = start_of(day, zone)
    task = delegated(make_task(1), follow_up, delegated_at=follow_up - timedelta(days=7))
    evening_before = datetime.combine(day - timedelta(days=1), time(23, 59, 59), tzinfo=zone)
    midnight = datetime.combine(day, time(0), tzinfo=zone)

    waiting = rank([task], evening_before)
    assert (ranked_ids(waiting), waiting.waiting) == ([], [task])
    assert is_waiting(task, evening_before)

    back = rank([task], midnight)
    assert (ranked_ids(back), back.waiting) == ([1], [])
    assert not is_waiting(task, midnight)
    term = follow_up_term(back.ranked[0].breakdown)
    assert term.value == pytest.approx(START * (1 - hand_set_pressure(3)))
    assert "due today" in term.reason


def test_resurfaces_on_the_follow_up_day_in_paris_not_in_utc() -> None:
    """A follow-up set for Monday in Paris (Sunday 23:00 UTC) is back at 00:00 Paris time."""
    follow_up = start_of(date(2026, 11, 30), PARIS)
    assert follow_up == datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    task = delegated(make_task(1), follow_up)
    assert ranked_ids(rank([task], datetime(2026, 11, 29, 22, 59, 59, tzinfo=UTC))) == []
    assert ranked_ids(rank([task], datetime(2026, 11, 29, 23, 0, tzinfo=UTC))) == [1]
    assert ranked_ids(rank([task], datetime(2026, 11, 30, 0, 0, tzinfo=PARIS))) == [1]


@PROPERTY
@given(follow_up=follow_ups(), view_zone=zones, data=st.data())
def test_waits_until_the_last_second_and_is_back_at_the_instant(
    follow_up: datetime, view_zone: tzinfo, data: st.DataObject
) -> None:
    instant = follow_up
    last_second = (instant - SECOND).astimezone(view_zone)
    task = data.draw(delegated_tasks(instant - SECOND, instant, task_id=1))
    task = replace(task, due=None)
    assert rank([task], last_second).waiting == [task]
    assert ranked_ids(rank([task], last_second)) == []
    at = instant.astimezone(view_zone)
    assert ranked_ids(rank([task], at)) == [1]
    assert rank([task], at).waiting == []
    assert follow_up_pressure(task.follow_up, last_second) == 0.0
    assert follow_up_pressure(task.follow_up, at) == START


# --- 3. A check-in too close to the deadline brings a delegated task back now ------------------

PARIS_HOURS = DEFAULT_CALENDAR.in_zone(PARIS)


def test_back_now_when_the_check_in_leaves_less_than_a_working_day() -> None:
    """Check-in Thursday 3 Dec (Paris): a deadline Friday 12:00 leaves 12 working hours after
    it, so the task waits; one Thursday 17:00 leaves 8, so it is back on Monday already."""
    follow_up = start_of(date(2026, 12, 3), PARIS)
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=PARIS)
    friday_noon = datetime(2026, 12, 4, 12, 0, tzinfo=PARIS).astimezone(UTC)
    thursday_five = datetime(2026, 12, 3, 17, 0, tzinfo=PARIS).astimezone(UTC)
    waits = delegated(make_task(1, due=friday_noon), follow_up)
    back = delegated(make_task(2, due=thursday_five), follow_up)
    ranking = rank([waits, back], monday, calendar=PARIS_HOURS)
    assert (ranked_ids(ranking), ranking.waiting) == ([2], [waits])
    term = follow_up_term(ranking.ranked[0].breakdown)
    assert term.value == 0.0
    assert term.reason.startswith(
        "follow up with Alice Martin (back now: a check-in on Thu 3 Dec would leave less than "
        "a working day before the deadline"
    )


def test_a_check_in_after_the_deadline_says_so() -> None:
    follow_up = start_of(date(2026, 12, 10), PARIS)
    task = delegated(make_task(1, due=end_of(date(2026, 12, 4), PARIS)), follow_up)
    [entry] = rank([task], NOW, calendar=PARIS_HOURS).ranked
    assert "back now: a check-in on Thu 10 Dec would come after the deadline" in (
        follow_up_term(entry.breakdown).reason
    )


def test_exactly_one_working_day_after_the_check_in_is_enough() -> None:
    """Check-in Monday 00:00 UTC: a deadline Monday 18:00 leaves exactly 9 working hours (it
    waits); one second earlier does not (back now)."""
    follow_up = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
    now = follow_up - timedelta(days=5)
    just_enough = delegated(make_task(1, due=follow_up + timedelta(hours=18)), follow_up)
    just_short = delegated(make_task(2, due=follow_up + timedelta(hours=18) - SECOND), follow_up)
    ranking = rank([just_enough, just_short], now)
    assert ranked_ids(ranking) == [2]
    assert ranking.waiting == [just_enough]
    assert is_waiting(just_enough, now)
    assert not is_waiting(just_short, now)


@PROPERTY
@given(
    scene=instants,
    zone=zones,
    follow_up_in=st.timedeltas(SECOND, timedelta(days=60)),
    due_before_check_in=st.timedeltas(timedelta(0), timedelta(days=120)),
    data=st.data(),
)
def test_deadline_before_the_check_in_is_ranked_now_whatever_the_follow_up(
    scene: datetime,
    zone: tzinfo,
    follow_up_in: timedelta,
    due_before_check_in: timedelta,
    data: st.DataObject,
) -> None:
    now = scene.astimezone(zone)
    follow_up = scene + follow_up_in
    task = replace(
        data.draw(delegated_tasks(scene, follow_up, task_id=1)),
        due=follow_up - due_before_check_in,
    )
    ranking = rank([task], now, calendar=DEFAULT_CALENDAR.in_zone(zone))
    assert ranked_ids(ranking) == [1]
    assert ranking.waiting == []
    term = follow_up_term(ranking.ranked[0].breakdown)
    assert term.value == 0.0
    assert task.delegate in term.reason


# --- 4. A missed follow-up grows more pressing day by day, up to a cap -------------------------


@PROPERTY
@given(
    scene=instants,
    data=st.data(),
    late=lateness,
    later_by=st.timedeltas(timedelta(0), timedelta(days=400)),
)
def test_score_never_decreases_after_the_follow_up(
    scene: datetime, data: st.DataObject, late: timedelta, later_by: timedelta
) -> None:
    follow_up = scene
    task = data.draw(delegated_tasks(follow_up, follow_up))
    now = follow_up + late
    assert score(task, now + later_by).total >= score(task, now).total
    assert score(task, now + later_by).pressure >= score(task, now).pressure


@PROPERTY
@given(
    scene=instants,
    data=st.data(),
    urgency=st.integers(1, 4),
    days_to_max=st.sampled_from([1.0, 3.5, 7.0, 14.0, 30.0]),
    where=st.floats(0.0, 1.0),
    gap=st.floats(0.0, 1.0),
)
def test_score_strictly_increases_until_follow_up_days_to_max(
    scene: datetime,
    data: st.DataObject,
    urgency: int,
    days_to_max: float,
    where: float,
    gap: float,
) -> None:
    """Without a due date and below urgency 5, each minute late adds pressure (and points),
    from the follow-up instant to ``follow_up_days_to_max`` days later."""
    weights = Weights(follow_up_days_to_max=days_to_max)
    follow_up = scene
    task = replace(data.draw(delegated_tasks(follow_up, follow_up)), urgency=urgency, due=None)
    minute, top = timedelta(minutes=1), follow_up + timedelta(days=days_to_max)
    early = follow_up + (top - minute - follow_up) * where
    late = early + minute + (top - early - minute) * gap
    before, after = score(task, early, weights), score(task, late, weights)
    assert follow_up_pressure(task.follow_up, late, weights) > follow_up_pressure(
        task.follow_up, early, weights
    )
    assert follow_up_term(after).value > follow_up_term(before).value
    assert after.pressure > before.pressure
    assert after.total > before.total


@pytest.mark.parametrize(
    ("days_late", "expected"), [(0, 0.2), (1, 0.2 + 0.4 / 7), (3.5, 0.4), (7, 0.6), (30, 0.6)]
)
def test_follow_up_pressure_rises_linearly_from_the_day(days_late: float, expected: float) -> None:
    follow_up = start_of(date(2026, 11, 20), PARIS)
    now = follow_up + timedelta(days=days_late)
    assert follow_up_pressure(follow_up, now) == pytest.approx(expected)
    assert follow_up_pressure(follow_up, now.astimezone(PARIS)) == pytest.approx(expected)


def test_follow_up_pressure_is_zero_before_the_day_or_without_follow_up() -> None:
    follow_up = start_of(date(2026, 11, 20), PARIS)
    assert follow_up_pressure(follow_up, follow_up - SECOND) == 0.0
    assert follow_up_pressure(follow_up, follow_up - timedelta(days=300)) == 0.0
    assert follow_up_pressure(None, follow_up) == 0.0


@PROPERTY
@given(
    scene=instants,
    data=st.data(),
    beyond=st.lists(lateness, min_size=2, max_size=2),
    days_to_max=st.sampled_from([1.0, 7.0, 30.0]),
)
def test_follow_up_pressure_is_capped(
    scene: datetime, data: st.DataObject, beyond: list[timedelta], days_to_max: float
) -> None:
    """From ``follow_up_days_to_max`` days late on, f stays at its top: with no due date and an
    age already saturated, the score stops moving."""
    weights = Weights(follow_up_days_to_max=days_to_max)
    follow_up = scene
    task = replace(
        data.draw(delegated_tasks(follow_up, follow_up)),
        due=None,
        created_at=follow_up - timedelta(days=DEFAULT_WEIGHTS.age_saturation_days),
    )
    moments = [follow_up + timedelta(days=days_to_max) + extra for extra in beyond]
    breakdowns = [score(task, moment, weights) for moment in moments]
    for moment, breakdown in zip(moments, breakdowns, strict=True):
        assert follow_up_pressure(task.follow_up, moment, weights) == TOP
        u = hand_set_pressure(task.urgency)
        assert breakdown.pressure == pytest.approx(1 - (1 - u) * (1 - TOP))
        assert breakdown.pressure <= 1 - (1 - u) * (1 - TOP) + 1e-12
    assert points(breakdowns[0]) == points(breakdowns[1])
    assert breakdowns[0].total == breakdowns[1].total


@PROPERTY
@given(
    scene=instants,
    zone=zones,
    data=st.data(),
    late_by=st.timedeltas(timedelta(days=-30), timedelta(days=400)),
)
def test_pressure_combines_urgency_due_and_follow_up(
    scene: datetime, zone: tzinfo, data: st.DataObject, late_by: timedelta
) -> None:
    """``p = 1 - (1 - u)(1 - d)(1 - f)``, and the follow-up term adds ``f`` times what urgency
    and due date leave."""
    now = scene.astimezone(zone)
    task = data.draw(delegated_tasks(scene, scene - late_by))
    breakdown = score(task, now)
    u = hand_set_pressure(task.urgency)
    d = due_pressure(task.due, now, effort_minutes=task.effort_minutes)
    f = follow_up_pressure(task.follow_up, now)
    assert breakdown.pressure == pytest.approx(1 - (1 - u) * (1 - d) * (1 - f), abs=1e-12)
    assert follow_up_term(breakdown).value == pytest.approx(f * (1 - u) * (1 - d), abs=1e-12)
    assert follow_up_term(breakdown).weight == DEFAULT_WEIGHTS.pressure
    assert 0.0 <= breakdown.pressure <= 1.0


# --- 5. Never buries an important deadline of my own -------------------------------------------


@PROPERTY
@given(
    scene=instants,
    zone=zones,
    impact=levels,
    urgency=levels,
    effort=efforts,
    age=ages,
    late=lateness,
    overdue=lateness,
    ids=st.permutations([1, 2]),
    delegate=names,
    note=notes,
)
def test_delegated_task_never_outranks_own_task_due_today_or_overdue(
    scene: datetime,
    zone: tzinfo,
    impact: int,
    urgency: int,
    effort: int | None,
    age: timedelta,
    late: timedelta,
    overdue: timedelta,
    ids: list[int],
    delegate: str,
    note: str | None,
) -> None:
    """However late its follow-up, a delegated task (no due date) ranks below the same task of
    my own due by tonight, or overdue: f tops out at 0.6, below a deadline due today."""
    now = scene.astimezone(zone)
    own = make_task(
        ids[0],
        impact=impact,
        urgency=urgency,
        effort_minutes=effort,
        created_at=scene - age,
        due=end_of(now.date(), zone) - overdue,
    )
    theirs = delegated(
        replace(own, id=ids[1], uuid=f"uuid-{ids[1]}", due=None),
        scene - late,
        delegate=delegate,
        delegated_at=scene - late - timedelta(days=7),
        last_note=note,
    )
    mine, delegated_score = score(own, now), score(theirs, now)
    assert mine.pressure >= delegated_score.pressure
    assert mine.total >= delegated_score.total
    if urgency < 5:
        assert mine.total > delegated_score.total
    assert ranked_ids(rank([theirs, own], now)) == [own.id, theirs.id]


def test_follow_up_cap_is_below_a_deadline_due_today() -> None:
    """The design's margin: a deadline at the very end of today presses 0.9 or more > 0.6."""
    midnight = datetime(2026, 11, 26, 0, 0, tzinfo=PARIS)
    assert due_pressure(end_of(midnight.date(), PARIS), midnight) > TOP
    assert TOP == 0.6
    assert START == 0.2


# --- 6. The follow-up term is explained ------------------------------------------------------


def test_follow_up_reason_names_delegate_note_and_days_late() -> None:
    """Follow-up set for Monday 23 Nov; on Thursday 26 Nov it is three days late."""
    task = delegated(
        make_task(1),
        start_of(date(2026, 11, 23), PARIS),
        delegate="Hélène Dupont",
        delegated_at=datetime(2026, 11, 16, 8, 0, tzinfo=PARIS),
        last_note="waiting on legal",
    )
    reason = follow_up_term(score(task, NOW)).reason
    assert "Hélène Dupont" in reason
    assert "waiting on legal" in reason
    assert "3 days late" in reason
    assert "10 days ago" in reason

    one_day = replace(task, follow_up=start_of(date(2026, 11, 25), PARIS), last_note=None)
    reason = follow_up_term(score(one_day, NOW)).reason
    assert "1 day late" in reason
    assert "waiting on legal" not in reason

    today = replace(task, follow_up=start_of(date(2026, 11, 26), PARIS))
    assert "due today" in follow_up_term(score(today, NOW)).reason


@PROPERTY
@given(day=days, zone=zones, late=lateness, data=st.data())
def test_follow_up_reason_says_who_what_and_how_late(
    day: date, zone: tzinfo, late: timedelta, data: st.DataObject
) -> None:
    """Days late are calendar days in now's zone, as the list shows them ("2d overdue")."""
    follow_up = start_of(day, zone)
    now = (follow_up + late).astimezone(zone)
    task = data.draw(delegated_tasks(follow_up + late, follow_up))
    term = follow_up_term(score(task, now))
    assert task.delegate is not None
    assert f"follow up with {task.delegate}" in term.reason
    if task.last_note is not None:
        assert task.last_note in term.reason
    days_late = (now.date() - day).days
    if days_late == 0:
        assert "due today" in term.reason
    else:
        expected = f"{days_late} day{'' if days_late == 1 else 's'} late"
        assert f" {expected}" in term.reason or f"({expected}" in term.reason
    assert "\n" not in term.reason


@pytest.mark.parametrize(
    ("follow_up_day", "expected"),
    [(date(2027, 3, 28), "1 day late"), (date(2027, 3, 27), "2 days late")],
)
def test_follow_up_reason_counts_calendar_days_across_a_dst_change(
    follow_up_day: date, expected: str
) -> None:
    """Clocks go forward in Paris on Sunday 28 March 2027: on Monday at 00:30, less than 24
    hours after Sunday's midnight, a follow-up set for Sunday is still one day late."""
    task = delegated(make_task(1), start_of(follow_up_day, PARIS))
    monday = datetime(2027, 3, 29, 0, 30, tzinfo=PARIS)
    reason = follow_up_term(score(task, monday)).reason
    assert "due today" not in reason
    assert expected in reason


def test_delegated_days_ago_agrees_with_the_waiting_table() -> None:
    """Delegated Mon 16 Nov at 10:00: on Thu 26 Nov at 09:00 that is 10 days ago, by the
    calendar, as the waiting table counts it (not 9 elapsed 24-hour days)."""
    delegated_at = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)
    task = delegated(make_task(1), start_of(date(2026, 11, 23), PARIS), delegated_at=delegated_at)
    waited = dates.days_until(NOW, delegated_at)  # what render.waiting_table shows
    assert waited == 10
    assert f"delegated {waited} days ago" in follow_up_term(score(task, NOW)).reason


@PROPERTY
@given(world=delegated_worlds(), zone=zones)
def test_2_total_is_fsum_of_term_points_with_delegation(
    world: tuple[datetime, list[TaskRecord]], zone: tzinfo
) -> None:
    now, all_tasks = world
    for entry in rank(all_tasks, now.astimezone(zone)).ranked:
        terms = entry.breakdown.terms
        assert entry.breakdown.total == math.fsum(term.value * term.weight for term in terms)
        assert all(term.name and term.reason for term in terms)
        assert all(0.0 <= term.value <= 1.0 for term in terms if term.name != "inherited")
        has_term = any(term.name == "follow-up" for term in terms)
        assert has_term == (entry.task.delegate is not None and entry.task.follow_up is not None)


# --- 7. Delegation fields never touch my own tasks; a waiting task is not scored ---------------


@PROPERTY
@given(
    scene=instants,
    data=st.data(),
    follow_up_in=st.timedeltas(timedelta(days=-60), timedelta(days=60)),
    delegated_ago=st.none() | ages,
    note=notes,
    zone=zones,
)
def test_stale_delegation_fields_never_change_own_task_score(
    scene: datetime,
    data: st.DataObject,
    follow_up_in: timedelta,
    delegated_ago: timedelta | None,
    note: str | None,
    zone: tzinfo,
) -> None:
    """A task with no delegate (say, taken back) scores and ranks as if never delegated."""
    now = scene.astimezone(zone)
    plain = data.draw(tasks(scene, 1))
    stale = replace(
        plain,
        follow_up=scene + follow_up_in,
        delegated_at=None if delegated_ago is None else scene - delegated_ago,
        last_note=note,
    )
    assert score(stale, now) == score(plain, now)
    assert not is_waiting(stale, now)
    ranking = rank([stale], now)
    assert ranking.waiting == []
    assert [entry.breakdown for entry in ranking.ranked] == [score(plain, now)]


@PROPERTY
@given(
    world=delegated_worlds(),
    data=st.data(),
    ahead=st.timedeltas(SECOND, timedelta(days=60)),
    due_after=st.none() | st.timedeltas(CHECK_IN_MARGIN, timedelta(days=90)),
)
def test_waiting_task_is_not_scored_into_the_ranking(
    world: tuple[datetime, list[TaskRecord]],
    data: st.DataObject,
    ahead: timedelta,
    due_after: timedelta | None,
) -> None:
    """Adding a delegated task before its day changes nothing in the ranking but ``waiting``."""
    now, others = world
    follow_up = now + ahead
    task = replace(
        data.draw(delegated_tasks(now, follow_up)),
        due=None if due_after is None else follow_up + due_after,
    )
    without, with_it = rank(others, now), rank([*others, task], now)
    assert with_it.ranked == without.ranked
    assert with_it.blocked == without.blocked
    assert task in with_it.waiting
    assert [t for t in with_it.waiting if t is not task] == without.waiting


@PROPERTY
@given(
    scene=instants,
    data=st.data(),
    follow_up_in=st.timedeltas(SECOND, timedelta(days=60)),
    due_before_check_in=st.timedeltas(timedelta(0), timedelta(days=90)),
)
def test_task_back_before_its_follow_up_scores_like_my_own(
    scene: datetime, data: st.DataObject, follow_up_in: timedelta, due_before_check_in: timedelta
) -> None:
    """Back early for its deadline, a delegated task gets a zero follow-up term: the rest of its
    score is that of the same task undelegated (ranked by that deadline like my own work)."""
    now = scene
    follow_up = now + follow_up_in
    task = replace(data.draw(delegated_tasks(now, follow_up)), due=follow_up - due_before_check_in)
    own = replace(task, delegate=None, follow_up=None, delegated_at=None, last_note=None)
    breakdown = score(task, now)
    assert follow_up_term(breakdown).value == 0.0
    assert [p for p in points(breakdown) if p[0] != "follow-up"] == points(score(own, now))
    assert breakdown.total == score(own, now).total
    assert breakdown.pressure == score(own, now).pressure
