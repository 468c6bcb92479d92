"""Scores, quadrants and the morning ranking. Pure: every function takes ``now``.

A score is a sum of named terms, each ``value * weight`` with ``value`` in [0, 1] (the
inherited term is the one exception, see below). The design, defended in the README:

* **Importance and time pressure weigh the same** (10 points each at most), so a spuriously
  urgent trifle never beats important work by pressure alone (the "mere urgency effect").
* **Time pressure has two sources that are not counted twice**: the hand-set urgency ``u`` and
  the due date's pressure ``d``. They combine as ``1 - (1 - u)(1 - d)``: the ``due`` term adds
  ``d * (1 - u)``, what the due date says that urgency does not already say.
* **The due curve** is 0 beyond ``due_horizon_days`` (a deadline weeks away weighs nothing
  today), rises smoothly (quadratically) to 0.8 at the deadline, then creeps towards 1 as the
  task becomes overdue, saturating within about ``overdue_saturation_days``: a task two months
  overdue presses no more than urgency 5.
* **Age and quick wins are small, bounded nudges** (1 point each at most), together less than
  one impact level (2.5 points): they order near-equals, never overturn importance.
* **Unblocking**: a blocker gains a small bonus per open task it unblocks, and inherits the gap
  to the best score those tasks would have if free, so it always ranks at least as high as the
  most pressing task waiting on it.
* **Delegated tasks** wait out of the list until their follow-up day (or until their deadline
  is less than ``resurface_before_due_days + 1`` days away). Back, a missed follow-up is a third
  source of time pressure, ``f``, from 0.2 on the day to 0.6 after ``follow_up_days_to_max``
  days: it grows day by day, but stays below the pressure of a deadline due today (about 0.7),
  so it never buries an important deadline of my own.
* Tags, notes and titles are not inputs: bookkeeping never moves a rank.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Generic, Protocol, TypeVar

from coo_todo import dates

IMPORTANT_IMPACT = 4
"""Impact from which a task counts as important (Eisenhower's vertical axis)."""

URGENT_PRESSURE = 0.7
"""Time pressure (0-1) from which a task counts as urgent: urgency 4 alone; urgency 3 with a
deadline about four days away; urgency 2 within about two days; urgency 1 within a day."""

QUADRANTS = ("do", "schedule", "delegate", "drop")

FOLLOW_UP_PRESSURE = (0.2, 0.6)
"""Time pressure of a follow-up on its day, and at most (below a deadline due today's ~0.7)."""

RESURFACE_BEFORE_DUE_DAYS = 2
"""Default: a delegated task comes back two days before its deadline, whatever its follow-up."""


@dataclass(frozen=True)
class Weights:
    """The tunable constants of the score; every field can be set in the config file."""

    impact: float = 10.0
    pressure: float = 10.0
    age: float = 1.0
    quick_win: float = 1.0
    unblocking: float = 1.0
    due_horizon_days: float = 14.0
    overdue_saturation_days: float = 3.0
    age_saturation_days: float = 60.0
    follow_up_days_to_max: float = 7.0
    quick_win_minutes: float = 15.0
    long_job_minutes: float = 240.0

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The names of the settable fields, in declaration order."""
        return tuple(f.name for f in fields(cls))

    def as_dict(self) -> dict[str, float]:
        """The weights as a plain mapping (for display and JSON)."""
        return {name: getattr(self, name) for name in self.names()}


DEFAULT_WEIGHTS = Weights()


class Scorable(Protocol):
    """What the score reads of a task. Times are aware (UTC, as stored)."""

    @property
    def id(self) -> int: ...
    @property
    def impact(self) -> int: ...
    @property
    def urgency(self) -> int: ...
    @property
    def due(self) -> datetime | None: ...
    @property
    def effort_minutes(self) -> int | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def blocked_by(self) -> tuple[int, ...]: ...
    @property
    def delegate(self) -> str | None: ...
    @property
    def delegated_at(self) -> datetime | None: ...
    @property
    def follow_up(self) -> datetime | None: ...
    @property
    def last_note(self) -> str | None: ...


@dataclass(frozen=True)
class Term:
    """One named component of a score: ``points = value * weight``, with a reason in words."""

    name: str
    reason: str
    value: float
    weight: float

    @property
    def points(self) -> float:
        return self.value * self.weight


@dataclass(frozen=True)
class Breakdown:
    """A task's score: its terms, their total, its time pressure and Eisenhower quadrant."""

    terms: tuple[Term, ...]
    pressure: float
    quadrant: str

    @cached_property
    def total(self) -> float:
        return math.fsum(term.points for term in self.terms)


T = TypeVar("T", bound="Scorable")


@dataclass(frozen=True)
class Ranked(Generic[T]):
    """A task in the ranking, with its 1-based rank and score breakdown."""

    rank: int
    task: T
    breakdown: Breakdown


@dataclass(frozen=True)
class Ranking(Generic[T]):
    """The morning view: ranked tasks; blocked ones with the open ids they wait for; delegated
    ones waiting for their follow-up day."""

    ranked: list[Ranked[T]]
    blocked: list[tuple[T, tuple[int, ...]]]
    waiting: list[T]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _utc(now: datetime) -> datetime:
    return now.astimezone(UTC)


def _days(delta: timedelta) -> float:
    return delta.total_seconds() / 86400.0


def hand_set_pressure(urgency: int) -> float:
    """Urgency 1-5 mapped to [0, 1]."""
    return (urgency - 1) / 4.0


def due_pressure(due: datetime | None, now: datetime, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """Time pressure of a due date in [0, 1]: 0 far away, 0.8 at the deadline, -> 1."""
    if due is None:
        return 0.0
    days_left = _days(due - _utc(now))
    if days_left >= weights.due_horizon_days:
        return 0.0
    if days_left >= 0:
        return 0.8 * (1.0 - days_left / weights.due_horizon_days) ** 2
    overdue = -days_left
    return 0.8 + 0.2 * (1.0 - math.exp(-overdue / weights.overdue_saturation_days))


def follow_up_pressure(
    follow_up: datetime | None, now: datetime, weights: Weights = DEFAULT_WEIGHTS
) -> float:
    """Pressure of a delegated task's follow-up: 0 before the day, then 0.2 rising to 0.6."""
    if follow_up is None:
        return 0.0
    days_late = _days(_utc(now) - follow_up)
    if days_late < 0:
        return 0.0
    start, top = FOLLOW_UP_PRESSURE
    return min(top, start + (top - start) * days_late / weights.follow_up_days_to_max)


def time_pressure(task: Scorable, now: datetime, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """Combined time pressure in [0, 1]: ``1 - (1 - urgency)(1 - due)(1 - follow-up)``."""
    return score(task, now, weights).pressure


def is_waiting(
    task: Scorable, now: datetime, resurface_days: float = RESURFACE_BEFORE_DUE_DAYS
) -> bool:
    """Whether a delegated task is still out of my list: before its follow-up day, and its
    deadline (if any) at least ``resurface_days + 1`` days away."""
    if task.delegate is None or task.follow_up is None or _utc(now) >= task.follow_up:
        return False
    return task.due is None or _days(task.due - _utc(now)) >= resurface_days + 1


def follow_up_due(
    task: Scorable, now: datetime, resurface_days: float = RESURFACE_BEFORE_DUE_DAYS
) -> bool:
    """Whether a delegated task's follow-up is due: it is back in my list (its follow-up day
    has come, or its deadline is near). The one definition every view counts."""
    return task.delegate is not None and not is_waiting(task, now, resurface_days)


def quadrant(impact: int, pressure: float) -> str:
    """Eisenhower quadrant from impact (1-5) and time pressure (0-1); see the thresholds above."""
    important = impact >= IMPORTANT_IMPACT
    urgent = pressure >= URGENT_PRESSURE
    if important:
        return "do" if urgent else "schedule"
    return "delegate" if urgent else "drop"


def _quick_win_value(minutes: int | None, weights: Weights) -> float:
    if minutes is None:
        return 0.0
    low, high = math.log(weights.quick_win_minutes), math.log(weights.long_job_minutes)
    return min(1.0, max(0.0, (high - math.log(max(minutes, 1))) / (high - low)))


def _due_reason(due: datetime | None, now: datetime, value: float, urgency: float) -> str:
    if due is None:
        return "no due date"
    if due == dates.UNREADABLE:
        return f"due date: {dates.INVALID_DATE} (counted as overdue; todo edit sets it)"
    local_due = dates.from_utc(due, now.tzinfo or UTC)
    days = dates.days_until(local_due, now)
    if days < 0:
        when = f"{-days} day{'s' if days != -1 else ''} overdue"
    elif days == 0:
        when = "due today"
    elif days == 1:
        when = "due tomorrow"
    else:
        when = f"due in {days} days"
    if value == 0:
        return f"{when}: too far off to press"
    return f"{when} (urgency already says it)" if urgency == 1 else when


def _follow_up_reason(task: Scorable, now: datetime, value: float) -> str:
    assert task.follow_up is not None
    late = -dates.days_until(task.follow_up, now)
    facts = [
        _early_return_reason(task.due, now)
        if value == 0
        else "due today"
        if late == 0
        else f"{_plural(late, 'day')} late"
    ]
    if task.delegated_at is not None:
        ago = -dates.days_until(task.delegated_at, now)
        facts.append(f"delegated {_plural(ago, 'day')} ago")
    note = f': "{task.last_note}"' if task.last_note else ""
    return f"follow up with {task.delegate} ({', '.join(facts)}){note}"


def _early_return_reason(due: datetime | None, now: datetime) -> str:
    """Why a delegated task is back before its follow-up day: its deadline is near, or past."""
    if due is None or due > _utc(now):
        return "back before its deadline"
    return f"back: overdue since {dates.format_date(dates.from_utc(due, now.tzinfo), now)}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def score(
    task: Scorable,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    unblocks: Sequence[tuple[int, float]] = (),
) -> Breakdown:
    """Score one task as of ``now``.

    ``unblocks`` lists ``(id, free score)`` of the open tasks that wait for this one.
    """
    urgency = hand_set_pressure(task.urgency)
    due = due_pressure(task.due, now, weights)
    age_days = max(0.0, _days(_utc(now) - task.created_at))
    quick = _quick_win_value(task.effort_minutes, weights)
    terms = [
        Term("impact", f"impact {task.impact}/5", (task.impact - 1) / 4.0, weights.impact),
        Term("urgency", f"hand-set urgency {task.urgency}/5", urgency, weights.pressure),
        Term(
            "due",
            _due_reason(task.due, now, due, urgency),
            due * (1.0 - urgency),
            weights.pressure,
        ),
        Term(
            "age",
            f"open for {_plural(int(age_days), 'day')}",
            min(1.0, age_days / weights.age_saturation_days),
            weights.age,
        ),
        Term(
            "quick win",
            "effort unknown"
            if task.effort_minutes is None
            else f"effort {dates.format_duration(task.effort_minutes)}",
            quick,
            weights.quick_win,
        ),
    ]
    pressure = urgency + due * (1.0 - urgency)
    if task.delegate is not None and task.follow_up is not None:
        follow = follow_up_pressure(task.follow_up, now, weights)
        terms.insert(
            3,
            Term(
                "follow-up",
                _follow_up_reason(task, now, follow),
                follow * (1.0 - pressure),
                weights.pressure,
            ),
        )
        pressure += follow * (1.0 - pressure)
    if unblocks:
        own = math.fsum(term.points for term in terms)
        best_id, best = max(unblocks, key=lambda item: item[1])
        ids = ", ".join(f"#{task_id}" for task_id, _ in unblocks)
        terms.append(
            Term(
                "unblocks",
                f"unblocks {_plural(len(unblocks), 'task')} ({ids})",
                min(len(unblocks), 3) / 3.0,
                weights.unblocking,
            )
        )
        if best > own:
            terms.append(
                Term(
                    "inherited",
                    f"#{best_id} waits for it and would score {best:.1f} on its own",
                    best - own,
                    1.0,
                )
            )
    return Breakdown(tuple(terms), pressure, quadrant(task.impact, pressure))


def rank(
    tasks: Iterable[T],
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    resurface_days: float = RESURFACE_BEFORE_DUE_DAYS,
) -> Ranking[T]:
    """Rank open tasks: free ones by score, highest first; blocked and waiting ones set aside.

    A task is blocked while any of its ``blocked_by`` ids is among ``tasks``; a delegated task
    waits until its follow-up day (see ``is_waiting``). Ties break on the earlier due date, then
    higher impact, then lower id, so the order is total and stable.
    """
    by_id: Mapping[int, T] = {task.id: task for task in tasks}
    waiting_on: dict[int, list[int]] = {}  # only blockers: most tasks block nothing
    for task in by_id.values():
        for blocker in task.blocked_by:
            if blocker in by_id:
                waiting_on.setdefault(blocker, []).append(task.id)

    breakdowns: dict[int, Breakdown] = {}

    free, blocked, waiting = [], [], []
    for task in by_id.values():
        open_blockers = tuple(b for b in task.blocked_by if b in by_id)
        if open_blockers:
            blocked.append((task, open_blockers))
        elif is_waiting(task, now, resurface_days):
            waiting.append(task)
        else:
            if task.id not in breakdowns:
                _score_with_dependents(task.id, by_id, waiting_on, breakdowns, now, weights)
            free.append((task, breakdowns[task.id]))
    free.sort(key=lambda pair: _order_key(pair[0], pair[1]))
    blocked.sort(key=lambda pair: pair[0].id)
    waiting.sort(key=lambda task: (task.follow_up, task.id))
    ranked = [Ranked(i, task, bd) for i, (task, bd) in enumerate(free, start=1)]
    return Ranking(ranked, blocked, waiting)


def _score_with_dependents(
    root: int,
    by_id: Mapping[int, T],
    waiting_on: Mapping[int, list[int]],
    breakdowns: dict[int, Breakdown],
    now: datetime,
    weights: Weights,
) -> None:
    """Score ``root`` into ``breakdowns``, after every task that waits for it (depth first).

    Iterative, with an explicit stack, so a dependency chain of any length is scored without
    recursion; a task already on the stack is not followed again (a cycle ends there).
    """
    on_stack: dict[int, int] = {}  # task id -> how many frames of the stack score it

    def frame(task_id: int) -> tuple[int, list[int], list[tuple[int, float]]]:
        dependents = sorted(d for d in waiting_on.get(task_id, ()) if not on_stack.get(d))
        on_stack[task_id] = on_stack.get(task_id, 0) + 1
        return task_id, dependents[::-1], []

    stack = [frame(root)]
    while stack:
        task_id, to_visit, unblocks = stack[-1]
        while to_visit and to_visit[-1] in breakdowns:
            done = to_visit.pop()
            unblocks.append((done, breakdowns[done].total))
        if to_visit:
            stack.append(frame(to_visit[-1]))
            continue
        stack.pop()
        on_stack[task_id] -= 1
        breakdowns[task_id] = score(by_id[task_id], now, weights, unblocks)


def _order_key(task: Scorable, breakdown: Breakdown) -> tuple[float, float, int, int]:
    due_key = _days(task.due - _EPOCH) if task.due is not None else math.inf
    return (-round(breakdown.total, 9), due_key, -task.impact, task.id)
