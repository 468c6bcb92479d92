"""Properties 13-18 of guide/scoring.md: deadlines in working hours, slack, inherited deadlines,
delegated tasks back before a deadline, advice that fits the facts.

They sit beside properties 1-12 (tests/test_scoring.py, tests/test_scoring_delegation.py).
Most use only ``score``, ``rank`` and ``is_waiting`` with the default work calendar (Monday to
Friday, 09:00-18:00, in UTC), so that they could be run against the formula before them: on it,
13 of the first 16 failed (all but the two tests of a deadline later today, which a
continuous day count already ranked right, and the tax filing example, which its three-day
rule brought back too).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.domain import dates
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import (
    DEFAULT_WEIGHTS,
    Breakdown,
    hand_set_pressure,
    is_waiting,
    rank,
    score,
    slack_pressure,
)
from coo_todo.service.delegation import follow_up_day
from coo_todo.settings import Settings
from tests.test_scoring import ages, dependents_of, levels, make_task, order, replace, worlds
from tests.test_scoring_delegation import delegated

PROPERTY = settings(max_examples=150, deadline=None)
MONDAY = date(2026, 11, 23)
"""A Monday; the default calendar works Monday to Friday, 09:00-18:00 UTC."""


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def due_points(breakdown: Breakdown) -> float:
    return next(term.points for term in breakdown.terms if term.name == "due")


def due_reason(breakdown: Breakdown) -> str:
    return next(term.reason for term in breakdown.terms if term.name == "due")


def deadline_pressure(task: TaskRecord, breakdown: Breakdown) -> float:
    """``d`` out of the due term, which adds ``d * (1 - u)`` (u < 1 for urgency below 5)."""
    value = next(term.value for term in breakdown.terms if term.name == "due")
    return value / (1.0 - hand_set_pressure(task.urgency))


def working_days_later(moment: datetime, count: int) -> datetime:
    """The same clock time ``count`` working days (Monday to Friday) later."""
    while count:
        moment += timedelta(days=1)
        count -= moment.weekday() < 5
    return moment


working_days = st.integers(0, 400).map(lambda n: MONDAY + timedelta(weeks=n // 5, days=n % 5))
working_minutes = st.integers(0, 9 * 60 - 1)
"""Minutes after 09:00 within a working day."""


@st.composite
def working_moments(draw: st.DrawFn) -> datetime:
    """An instant within working hours: a weekday between 09:00 and 17:59."""
    return at(draw(working_days), 9) + timedelta(minutes=draw(working_minutes))


# --- The deadline curve -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slack", "expected"),
    [(-3.0, 1.0), (0.0, 1.0), (0.5, 0.95), (1.0, 0.9), (2.0, 0.331), (3.0, 0.122), (10.0, 0.0)],
)
def test_deadline_curve_checkpoints(slack: float, expected: float) -> None:
    assert slack_pressure(slack) == pytest.approx(expected, abs=1e-3)


@PROPERTY
@given(slacks=st.lists(st.floats(-50, 50), min_size=2, max_size=2).map(sorted))
def test_deadline_curve_falls_continuously_to_zero_at_the_horizon(slacks: list[float]) -> None:
    less, more = slacks
    assert 1.0 >= slack_pressure(less) >= slack_pressure(more) >= 0.0
    assert slack_pressure(less) - slack_pressure(more) <= 0.91 * (more - less) + 1e-12
    assert (slack_pressure(more) == 0.0) == (more >= DEFAULT_WEIGHTS.due_horizon_days)


# --- 13. Time pressure in working hours ---------------------------------------------------------


@PROPERTY
@given(
    now=working_moments(),
    minutes_to_deadline=st.integers(1, 9 * 60),
    effort=st.none() | st.integers(1, 9 * 60),
    urgency=st.integers(1, 4),
    impact=levels,
)
def test_13_deadline_later_today_presses_more_than_tomorrow_more_than_in_three_days(
    now: datetime, minutes_to_deadline: int, effort: int | None, urgency: int, impact: int
) -> None:
    """Same task, same clock time of the deadline: today, the next working day, three working
    days later (over a weekend, "tomorrow" is Monday: Saturday and Sunday are no time left)."""
    deadline = now + timedelta(minutes=minutes_to_deadline)
    if deadline > at(now.date(), 18) or (effort or 0) > minutes_to_deadline:
        return  # the deadline within today's working hours, the work still possible
    task = make_task(impact=impact, urgency=urgency, effort_minutes=effort, created_at=now)
    today, tomorrow, in_three_days = (
        score(replace(task, due=working_days_later(deadline, days)), now) for days in (0, 1, 3)
    )
    assert today.pressure > tomorrow.pressure > in_three_days.pressure
    assert today.total > tomorrow.total > in_three_days.total


@PROPERTY
@given(
    day=working_days,
    left=st.integers(1, 8 * 60),
    effort=st.none() | st.integers(1, 600),
    urgency=levels,
)
def test_13_evenings_and_weekends_are_not_time_left(
    day: date, left: int, effort: int | None, urgency: int
) -> None:
    """A deadline ``left`` minutes into the next working day presses the same seen at 18:00
    the evening before (a Friday's: over the weekend) as at 09:00 that morning."""
    next_day = day + timedelta(days=3 if day.weekday() == 4 else 1)
    deadline = at(next_day, 9) + timedelta(minutes=left)
    task = make_task(urgency=urgency, effort_minutes=effort, due=deadline)
    evening, morning = at(day, 18), at(next_day, 9)
    assert score(task, evening).pressure == score(task, morning).pressure
    assert due_points(score(task, evening)) == due_points(score(task, morning))


def test_13_a_cut_off_at_noon_today_presses_more_than_the_evening_and_tomorrow() -> None:
    now = at(MONDAY + timedelta(days=3), 9)  # Thursday 09:00
    payroll = make_task(1, effort_minutes=60, due=at(now.date(), 12))
    tonight = make_task(2, effort_minutes=60, due=at(now.date(), 23, 59))
    tomorrow = make_task(3, effort_minutes=60, due=at(now.date() + timedelta(days=1), 12))
    assert order(rank([tomorrow, tonight, payroll], now)) == [1, 2, 3]


# --- 14. Hours away is not overtaken by one impact level, days away ---------------------------


@PROPERTY
@given(
    now=working_moments(),
    minutes_to_deadline=st.integers(1, 9 * 60),
    days_away=st.integers(5, 30),
    impact=st.integers(1, 4),
    urgency=levels,
    effort=st.none() | st.integers(1, 240),
    age=ages,
)
def test_14_deadline_hours_away_beats_one_impact_level_more_days_away(
    now: datetime,
    minutes_to_deadline: int,
    days_away: int,
    impact: int,
    urgency: int,
    effort: int | None,
    age: timedelta,
) -> None:
    """A due within today's working hours, B one impact level higher, due at least five
    calendar days (two working days and its effort) later; otherwise equal."""
    due_today = now + timedelta(minutes=minutes_to_deadline)
    if due_today > at(now.date(), 18):
        return
    base = make_task(urgency=urgency, effort_minutes=effort, created_at=now - age)
    hours_away = replace(base, id=1, impact=impact, due=due_today)
    days_later = replace(base, id=2, impact=impact + 1, due=now + timedelta(days=days_away))
    assert score(hours_away, now).total > score(days_later, now).total
    assert order(rank([days_later, hours_away], now)) == [1, 2]


def test_14_the_payroll_cut_off_at_noon_beats_more_impact_due_in_three_days() -> None:
    """The morning that went wrong: impact 4 due at noon, impact 5 due in three days."""
    now = at(MONDAY, 9)
    payroll = make_task(1, impact=4, effort_minutes=60, due=at(MONDAY, 12))
    bigger = make_task(2, impact=5, effort_minutes=60, due=at(MONDAY + timedelta(days=3), 18))
    assert order(rank([bigger, payroll], now)) == [1, 2]


# --- 15. Effort eats slack --------------------------------------------------------------------


@PROPERTY
@given(
    now=working_moments(),
    due_in=st.timedeltas(timedelta(minutes=1), timedelta(days=8)),
    effort=st.integers(1, 2000),
    more=st.integers(1, 2000),
    urgency=levels,
)
def test_15_more_effort_before_the_same_deadline_presses_at_least_as_much(
    now: datetime, due_in: timedelta, effort: int, more: int, urgency: int
) -> None:
    quick = make_task(urgency=urgency, effort_minutes=effort, due=now + due_in)
    long = replace(quick, effort_minutes=effort + more)
    assert score(long, now).pressure >= score(quick, now).pressure
    assert (
        deadline_pressure(long, score(long, now)) >= deadline_pressure(quick, score(quick, now))
        or urgency == 5
    )


def test_15_four_hours_due_the_day_after_tomorrow_has_less_room_than_fifteen_minutes() -> None:
    now = at(MONDAY, 9)
    due = at(MONDAY + timedelta(days=2), 18)
    four_hours = make_task(1, effort_minutes=240, due=due)
    quarter = make_task(2, effort_minutes=15, due=due)
    assert score(four_hours, now).pressure > score(quarter, now).pressure


def test_15_explain_says_when_the_work_no_longer_fits() -> None:
    """4 h of work, 3 working hours to a 12:00 deadline: the reason says so, and the pressure
    is at its top."""
    now = at(MONDAY, 9)
    task = make_task(effort_minutes=240, due=at(MONDAY, 12))
    breakdown = score(task, now)
    assert "4h of work, 3 working hours left" in due_reason(breakdown)
    assert "cannot be finished in time" in due_reason(breakdown)
    assert deadline_pressure(task, breakdown) == 1.0


def test_15_explain_shows_the_slack_in_words() -> None:
    now = at(MONDAY, 9)
    breakdown = score(make_task(effort_minutes=120, due=at(MONDAY, 12)), now)
    assert "2h of work, 3 working hours left" in due_reason(breakdown)
    assert "cannot" not in due_reason(breakdown)


# --- 16. A blocker inherits the deadline of what waits for it -----------------------------------


@settings(max_examples=100, deadline=None)
@given(world=worlds())
def test_16_blocker_presses_at_least_as_much_as_any_deadline_waiting_for_it(
    world: tuple[datetime, list[TaskRecord]],
) -> None:
    now, all_tasks = world
    by_id = {task.id: task for task in all_tasks}
    for entry in rank(all_tasks, now).ranked:
        if entry.task.urgency == 5:
            continue
        mine = deadline_pressure(entry.task, entry.breakdown)
        for dependent_id in dependents_of(entry.task.id, all_tasks):
            dependent = replace(by_id[dependent_id], blocked_by=())
            if dependent.urgency == 5:
                continue
            free = deadline_pressure(dependent, score(dependent, now))
            assert mine >= free - 1e-12


def test_16_the_review_holding_a_delivery_due_tomorrow_is_due_before_it() -> None:
    """The review (2 h) alone holds the delivery (3 h) due tomorrow 17:00: it presses like a
    5-hour task due tomorrow 17:00, and explain says what it holds."""
    now = at(MONDAY, 9)
    tomorrow_five = at(MONDAY + timedelta(days=1), 17)
    review = make_task(1, effort_minutes=120)
    delivery = make_task(2, effort_minutes=180, due=tomorrow_five, blocked_by=(1,))
    [entry] = rank([review, delivery], now).ranked
    both = make_task(3, effort_minutes=300, due=tomorrow_five)
    assert deadline_pressure(review, entry.breakdown) == pytest.approx(
        deadline_pressure(both, score(both, now))
    )
    assert deadline_pressure(review, entry.breakdown) > deadline_pressure(
        delivery, score(replace(delivery, blocked_by=()), now)
    )
    assert "holds #2, due tomorrow 17:00" in due_reason(entry.breakdown)


# --- 17. A delegated task comes back when its check-in would be too late -----------------------


@PROPERTY
@given(
    follow_up_day=working_days,
    deadline_minute=st.integers(0, 18 * 60 - 1),
    before=st.timedeltas(timedelta(seconds=1), timedelta(days=30)),
    urgency=levels,
)
def test_17_back_now_when_the_check_in_leaves_less_than_a_working_day(
    follow_up_day: date, deadline_minute: int, before: timedelta, urgency: int
) -> None:
    """Check-in at the start of a working day, deadline before 18:00 that day: less than a
    working day after the check-in, so the task is back now, whenever now is."""
    follow_up = at(follow_up_day, 0)
    due = follow_up + timedelta(minutes=deadline_minute)
    task = delegated(make_task(1, urgency=urgency, due=due), follow_up)
    now = follow_up - before
    assert not is_waiting(task, now)
    [entry] = rank([task], now).ranked
    reason = next(t.reason for t in entry.breakdown.terms if t.name == "follow-up")
    assert reason.startswith("follow up with Alice Martin")


@PROPERTY
@given(
    follow_up_day=working_days,
    after_start=st.integers(0, 30 * 24 * 60),
    before=st.timedeltas(timedelta(seconds=1), timedelta(days=30)),
)
def test_17_waits_when_a_full_working_day_is_left_after_the_check_in(
    follow_up_day: date, after_start: int, before: timedelta
) -> None:
    """Deadline at or after 09:00 of the working day after the check-in's day (a full working
    day later): the task waits for its check-in."""
    next_day = follow_up_day + timedelta(days=3 if follow_up_day.weekday() == 4 else 1)
    follow_up = at(follow_up_day, 0)
    due = at(next_day, 9) + timedelta(minutes=after_start)
    task = delegated(make_task(1, due=due), follow_up)
    assert is_waiting(task, follow_up - before)


def test_17_tax_filing_due_tomorrow_with_a_check_in_tomorrow_is_back_today() -> None:
    """The morning that went wrong: delegated tax filing due Tuesday 17:00, check-in Tuesday."""
    now = at(MONDAY, 9)
    filing = delegated(
        make_task(1, impact=4, due=at(MONDAY + timedelta(days=1), 17)),
        at(MONDAY + timedelta(days=1), 0),
    )
    mine = make_task(2, impact=4, due=at(MONDAY + timedelta(days=4), 18))
    assert order(rank([mine, filing], now)) == [1, 2]


@PROPERTY
@given(
    now=working_moments(),
    due_in=st.timedeltas(timedelta(hours=-48), timedelta(days=20)),
    zone=st.sampled_from([UTC, ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")]),
)
def test_17_the_default_follow_up_lands_a_working_day_before_a_near_deadline(
    now: datetime, due_in: timedelta, zone: ZoneInfo
) -> None:
    """The default check-in is the default interval, or earlier: the last day whose start
    still leaves a working day before the deadline (today when none does)."""
    settings = Settings()
    local_now = now.astimezone(zone)
    calendar = settings.calendar(zone)
    due = now + due_in
    follow_up = follow_up_day(None, local_now, settings, due)
    default = follow_up_day(None, local_now, settings)
    today = dates.to_utc(dates.start_of_day(local_now, local_now))
    assert today <= follow_up <= default
    if follow_up < default:
        next_day = dates.to_utc(dates.start_of_day(follow_up + timedelta(hours=36), local_now))
        assert calendar.between(next_day, due) < calendar.day_seconds
        assert follow_up == today or calendar.between(follow_up, due) >= calendar.day_seconds
    task = delegated(make_task(1, due=due), follow_up)
    assert is_waiting(task, local_now, calendar) == (
        follow_up > now and calendar.between(follow_up, due) >= calendar.day_seconds
    )


# --- 18. Advice that fits the facts -------------------------------------------------------------


@PROPERTY
@given(now=working_moments(), effort=st.none() | st.integers(1, 2000), age=ages)
def test_18_a_task_at_default_values_is_not_advised_drop(
    now: datetime, effort: int | None, age: timedelta
) -> None:
    task = make_task(effort_minutes=effort, created_at=now - age)
    assert score(task, now).quadrant != "drop"


@PROPERTY
@given(
    now=working_moments(),
    impact=levels,
    urgency=levels,
    late=st.timedeltas(timedelta(0), timedelta(days=60)),
    due_in=st.none() | st.timedeltas(timedelta(days=-10), timedelta(days=30)),
)
def test_18_a_delegated_task_is_advised_to_follow_up_not_to_delegate(
    now: datetime, impact: int, urgency: int, late: timedelta, due_in: timedelta | None
) -> None:
    task = delegated(
        make_task(impact=impact, urgency=urgency, due=None if due_in is None else now + due_in),
        now - late,
    )
    [entry] = rank([task], now).ranked
    assert entry.breakdown.advice == "follow up"
    assert score(replace(task, delegate=None), now).advice != "follow up"
