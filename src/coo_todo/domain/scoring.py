"""Scores, quadrants and the morning ranking. Pure: every function takes ``now`` and the work
calendar (``coo_todo.domain.worktime``); none reads a clock or does I/O.

A score is a sum of named terms, each ``value * weight`` with ``value`` in [0, 1] (the
inherited term is the one exception, see below). The design, defended in docs/scoring.md:

* **Importance and time pressure weigh the same** (10 points each at most), so a spuriously
  urgent trifle never beats important work by pressure alone (the "mere urgency effect").
* **Time pressure has two sources that are not counted twice**: the hand-set urgency ``u`` and
  the deadline's pressure ``d``, combined as ``1 - (1 - u)(1 - d)``: the ``due`` term adds
  ``d * (1 - u)``, what the deadline says that urgency does not already say. Urgency 5 is
  ``u = 0.5``: a hand-set urgency says "soon", only a deadline says "now". That cap is what
  lets a deadline hours away beat one impact level more due days away (property 14).
* **Deadlines are measured in working time** (the calendar's days and hours; evenings and
  weekends are not time left), after the work itself: the slack ``s`` is the working time to
  the deadline minus the remaining effort (unknown effort counts 0), in working days.
  ``d(s)`` is 1 when ``s <= 0`` (late, or cannot be finished in time), falls linearly to 0.9
  through the last working day of slack, then decays exponentially (a working day's time
  constant) to exactly 0 at ``due_horizon_days`` of slack: a deadline weeks away weighs nothing
  today. Effort eats slack, so before a deadline inside the horizon more effort presses more
  (property 15 overrides property 7 there; beyond the horizon effort only nudges).
* **A blocker inherits the deadline of what waits for it**: its slack is the least of its own
  and, for each task waiting for it, that task's slack minus the blocker's effort.
* **Age and quick wins are small, bounded nudges** (1 point each at most), together less than
  one impact level (2.5 points): they order near-equals, never overturn importance.
* **Unblocking**: a blocker gains a small bonus per open task it unblocks, and inherits the gap
  to the best score those tasks would have if free, so it always ranks at least as high as the
  most pressing task waiting on it.
* **Delegated tasks** wait out of the list until their follow-up day, unless that check-in
  would leave less than one working day before the deadline: then they are back now, ranked
  by that deadline like my own work. Back, a missed follow-up is a third source of time
  pressure, ``f``, from 0.2 on the day to 0.6 after ``follow_up_days_to_max`` days: it grows
  day by day, but stays below the pressure of a deadline due today (0.9 or more), so it never
  buries an important deadline of my own. Their advice is "follow up", never "delegate".
* Tags, notes and titles are not inputs: bookkeeping never moves a rank.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from operator import mul
from typing import Generic, NamedTuple, Protocol, TypeVar

from coo_todo.domain import dates
from coo_todo.domain.worktime import DEFAULT_CALENDAR, WorkCalendar
from coo_todo.i18n import _, format_fixed, format_number, ngettext

IMPORTANT_IMPACT = 3
"""Impact from which a task counts as important (Eisenhower's vertical axis): the default
impact, so only a task marked low-impact (1 or 2) is ever advised "delegate" or "drop"."""

URGENT_PRESSURE = 0.5
"""Time pressure (0-1) from which a task counts as urgent: urgency 5 alone; urgency 3 with a
deadline about two working days of slack away; urgency 1 within about a day and a half."""

QUADRANTS = ("do", "schedule", "delegate", "drop")

FOLLOW_UP = "follow up"
"""The advice for a delegated task back in my list, whatever its quadrant."""

MAX_HAND_SET_PRESSURE = 0.5
"""The time pressure of urgency 5: a hand-set urgency says "soon", only a deadline "now"."""

LAST_DAY_PRESSURE = (1.0, 0.9)
"""A deadline's pressure with no slack left, and with one working day of slack."""

DEADLINE_DECAY_DAYS = 1.0
"""Beyond the last working day, the deadline's pressure decays with this time constant."""

FOLLOW_UP_PRESSURE = (0.2, 0.6)
"""Time pressure of a follow-up on its day, and at most (below a deadline due today's 0.9)."""


@dataclass(frozen=True)
class Weights:
    """The tunable constants of the score; every field can be set in the config file."""

    impact: float = 10.0
    pressure: float = 10.0
    age: float = 1.0
    quick_win: float = 1.0
    unblocking: float = 1.0
    due_horizon_days: float = 10.0
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
    @property
    def snoozed_until(self) -> datetime | None: ...


class Term(NamedTuple):
    """One named component of a score: ``points = value * weight``, with a reason in words.

    A named tuple, like ``Deadline``: a ranking of 10,000 tasks builds 60,000 of them, and a
    frozen dataclass took more than twice as long to build."""

    name: str
    reason: str
    value: float
    weight: float

    @property
    def points(self) -> float:
        return self.value * self.weight


class Deadline(NamedTuple):
    """The deadline pressing on a task: its own, or that of a task waiting for it (a named
    tuple: one is made for each task with a deadline, and they are quicker to build)."""

    task_id: int
    """The task whose deadline it is."""
    due: datetime
    left: float
    """Working seconds from now to the deadline (negative once working time has passed it)."""
    slack: float
    """Working days left after the work before the deadline (this task's, and what it holds)."""


class Breakdown:
    """A task's score: its terms, their total, its time pressure, its Eisenhower quadrant, the
    advice shown for it (the quadrant, or "follow up" for a delegated task) and the deadline
    that presses on it.

    The terms' reasons in words are written when ``terms`` is first read: a ranking of 10,000
    tasks scores them all and shows a few dozen, and the words cost more than the numbers.
    ``names``, ``values`` and ``weights`` hold the terms' parts, in order; ``why`` holds what
    ``_reasons`` writes their reasons from (a tuple, not a closure: a closure and its cells
    cost 10,000 objects more per ranking)."""

    __slots__ = (
        "_terms",
        "_why",
        "advice",
        "deadline",
        "names",
        "pressure",
        "quadrant",
        "total",
        "values",
        "weights",
    )

    def __init__(
        self,
        names: tuple[str, ...],
        values: tuple[float, ...],
        weights: tuple[float, ...],
        pressure: float,
        quadrant: str,
        advice: str,
        deadline: Deadline | None,
        why: _Why,
    ) -> None:
        self.names = names
        self.values = values
        self.weights = weights
        self.total: float = math.fsum(map(mul, values, weights))
        self.pressure = pressure
        self.quadrant = quadrant
        self.advice = advice
        self.deadline = deadline
        self._why = why
        self._terms: tuple[Term, ...] | None = None

    @property
    def terms(self) -> tuple[Term, ...]:
        """The named terms, with their reasons in words."""
        if self._terms is None:
            parts = zip(self.names, _reasons(*self._why), self.values, self.weights, strict=True)
            self._terms = tuple(Term(*part) for part in parts)
        return self._terms

    def _key(self) -> tuple[object, ...]:
        return (self.terms, self.pressure, self.quadrant, self.advice, self.deadline)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Breakdown) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Breakdown(total={self.total!r}, pressure={self.pressure!r}, "
            f"quadrant={self.quadrant!r}, advice={self.advice!r}, terms={self.terms!r})"
        )


_TERMS = ("impact", "urgency", "due", "age", "quick win")
"""The terms every score has, in order (a delegated task's follow-up comes after ``due``, a
blocker's ``unblocks`` and ``inherited`` last)."""

_Why = tuple[
    Scorable,
    datetime,
    WorkCalendar,
    Sequence[tuple[int, Breakdown]],
    Deadline | None,
    float,
    float,
    float,
    int,
    float,
]
"""The arguments of ``_reasons``, which a ``Breakdown`` keeps to write its reasons on demand."""


T = TypeVar("T", bound="Scorable")


class Ranked(NamedTuple, Generic[T]):
    """A task in the ranking, with its 1-based rank and score breakdown (a named tuple: a
    ranking of 10,000 tasks makes 10,000 of them)."""

    rank: int
    task: T
    breakdown: Breakdown


@dataclass(frozen=True)
class Ranking(Generic[T]):
    """The morning view: ranked tasks; blocked ones with the open ids they wait for; delegated
    ones waiting for their follow-up day; snoozed ones, out of view until they wake."""

    ranked: list[Ranked[T]]
    blocked: list[tuple[T, tuple[int, ...]]]
    waiting: list[T]
    snoozed: list[T] = field(default_factory=list)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _days(delta: timedelta) -> float:
    return delta.total_seconds() / 86400.0


Efforts = tuple[float | None, float | None] | None
"""A band of efforts: more than its first minutes, at most its second (None: no limit that
side); None for the tasks without an estimate."""


def score_bound(
    impact: int, urgency: int, dated: bool, efforts: Efforts, weights: Weights
) -> float:
    """The most a task of this ``impact`` and ``urgency``, with a deadline or not (``dated``)
    and an effort in the band ``efforts``, can score when it is not delegated and nothing
    waits for it: its impact and urgency terms as they are, its quick win at the band's best,
    the others at their most (a deadline's pressure and age at 1). ``todo plan`` reads such
    tasks in the order of this bound and stops scoring once the plan is full."""
    urgent = hand_set_pressure(urgency)
    due = max(0.0, (1.0 - urgent) * weights.pressure) if dated else 0.0
    quick_win = 0.0
    if efforts is not None:
        low, high = efforts
        edges = (weights.quick_win_minutes, weights.long_job_minutes)
        most = 1.0 if low is None else _quick_win(low, *edges)  # less effort wins more
        least = 0.0 if high is None else _quick_win(high, *edges)
        quick_win = max(most * weights.quick_win, least * weights.quick_win)
    return (
        (impact - 1) / 4.0 * weights.impact
        + urgent * weights.pressure
        + due
        + max(0.0, weights.age)
        + quick_win
    )


def hand_set_pressure(urgency: int) -> float:
    """Urgency 1-5 mapped to [0, MAX_HAND_SET_PRESSURE]."""
    return MAX_HAND_SET_PRESSURE * (urgency - 1) / 4.0


def slack_pressure(slack: float, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """A deadline's pressure from its slack in working days: 1 at or below 0, 0.9 at one
    working day, then an exponential decay that reaches exactly 0 at ``due_horizon_days``."""
    none_left, one_day = LAST_DAY_PRESSURE
    if slack <= 0:
        return none_left
    if slack <= 1:
        return none_left - (none_left - one_day) * slack
    horizon = weights.due_horizon_days
    if slack >= horizon:
        return 0.0
    floor = math.exp(-(horizon - 1) / DEADLINE_DECAY_DAYS)
    return one_day * (math.exp(-(slack - 1) / DEADLINE_DECAY_DAYS) - floor) / (1 - floor)


class _Now(NamedTuple):
    """What scoring reads of ``now``, once per ranking, and the working clock's readings of the
    deadlines, shared by the tasks that have the same."""

    utc: datetime
    """``now`` in UTC: subtracting a stored (UTC) time from it skips two zone conversions."""
    reading: float
    """The working clock's reading of ``now``."""
    deadlines: dict[datetime, float]
    """The clock's reading of each due date read so far: tasks share due dates (a day typed
    is its 23:59:59), and a reading costs 25 times a look-up."""


def _read_now(now: datetime, calendar: WorkCalendar) -> _Now:
    return _Now(now.astimezone(UTC), calendar.clock(now), {})


def own_deadline(task: Scorable, now: _Now, calendar: WorkCalendar) -> Deadline | None:
    """A task's own deadline as of ``now``: working time left, and slack after its effort."""
    due = task.due
    if due is None:
        return None
    reading = now.deadlines.get(due)
    if reading is None:
        reading = now.deadlines[due] = calendar.clock(due)
    left = reading - now.reading
    return Deadline(task.id, due, left, _slack(left, task.effort_minutes, calendar))


def _slack(left: float, effort_minutes: int | None, calendar: WorkCalendar) -> float:
    """Working days left after the effort, from ``left`` working seconds."""
    return (left - (effort_minutes or 0) * 60) / calendar.day_seconds


def due_pressure(
    due: datetime | None,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    effort_minutes: int | None = None,
) -> float:
    """Time pressure in [0, 1] of a deadline for a task of ``effort_minutes`` (see
    ``slack_pressure``); 0 without a deadline."""
    if due is None:
        return 0.0
    left = calendar.clock(due) - calendar.clock(now)
    return slack_pressure(_slack(left, effort_minutes, calendar), weights)


def follow_up_pressure(
    follow_up: datetime | None, now: datetime, weights: Weights = DEFAULT_WEIGHTS
) -> float:
    """Pressure of a delegated task's follow-up: 0 before the day, then 0.2 rising to 0.6."""
    if follow_up is None:
        return 0.0
    days_late = _days(now - follow_up)
    if days_late < 0:
        return 0.0
    start, top = FOLLOW_UP_PRESSURE
    return min(top, start + (top - start) * days_late / weights.follow_up_days_to_max)


def time_pressure(
    task: Scorable,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> float:
    """Combined time pressure in [0, 1]: ``1 - (1 - urgency)(1 - due)(1 - follow-up)``."""
    return score(task, now, weights, calendar=calendar).pressure


def set_aside(
    until: datetime | None, due: datetime | None, now: datetime, calendar: WorkCalendar
) -> bool:
    """Whether a task set aside ``until`` a day is still out of my list: that day is ahead, and
    coming back then leaves at least one working day before its deadline ``due`` (if any); a
    deadline that comes close brings it back early."""
    if until is None or now >= until:
        return False
    return due is None or calendar.between(until, due) >= calendar.day_seconds


def is_waiting(task: Scorable, now: datetime, calendar: WorkCalendar = DEFAULT_CALENDAR) -> bool:
    """Whether a delegated task is still out of my list: before its follow-up, and that check-in
    leaves at least one working day before its deadline (if any)."""
    return task.delegate is not None and set_aside(task.follow_up, task.due, now, calendar)


def is_snoozed(task: Scorable, now: datetime, calendar: WorkCalendar = DEFAULT_CALENDAR) -> bool:
    """Whether a snoozed task is still hidden: the same rule as a delegated task's check-in."""
    return set_aside(task.snoozed_until, task.due, now, calendar)


def follow_up_due(task: Scorable, now: datetime, calendar: WorkCalendar = DEFAULT_CALENDAR) -> bool:
    """Whether a delegated task's follow-up is due: it is back in my list (its follow-up day
    has come, or its check-in would come too close to its deadline). The one definition every
    view counts."""
    return task.delegate is not None and not is_waiting(task, now, calendar)


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
    return _quick_win(minutes, weights.quick_win_minutes, weights.long_job_minutes)


@lru_cache(maxsize=1024)
def _quick_win(minutes: float, quick: float, long: float) -> float:
    """The quick-win value of an effort (a handful of distinct efforts, however many tasks)."""
    low, high = math.log(quick), math.log(long)
    return min(1.0, max(0.0, (high - math.log(max(minutes, 1))) / (high - low)))


def working_time(seconds: float, calendar: WorkCalendar) -> str:
    """Working time in words: "40 working minutes", "9 working hours" (up to a working day),
    "2.5 working days"."""
    if seconds > calendar.day_seconds:
        days = format_number(seconds / calendar.day_seconds)
        count = 1 if days == "1" else 2
        return ngettext("{days} working day", "{days} working days", count).format(days=days)
    if seconds >= 3600:
        hours = format_number(seconds / 3600)
        count = 1 if hours == "1" else 2
        return ngettext("{hours} working hour", "{hours} working hours", count).format(hours=hours)
    minutes = round(seconds / 60)
    return ngettext("{minutes} working minute", "{minutes} working minutes", minutes).format(
        minutes=minutes
    )


def _when(due: datetime, now: datetime, *, dated: bool = True) -> str:
    """A deadline relative to now, with its clock time when it has one: "due today 16:00",
    "due tomorrow", "due in 3 days (Fri 4 Dec 17:00)" (without the date unless ``dated``),
    "overdue since 12:00", "2 days overdue"."""
    local = due.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    if days >= 2:
        if dated:
            return _("due in {days} days ({date})").format(
                days=days, date=dates.format_date(local, now)
            )
        return _("due in {days} days").format(days=days)
    clock = "" if (local.hour, local.minute, local.second) == (23, 59, 59) else f"{local:%H:%M}"
    if days < 0:
        return ngettext("{days} day overdue", "{days} days overdue", -days).format(days=-days)
    if due <= now:
        if clock:
            return _("overdue since {time}").format(time=clock)
        return _("overdue since the end of yesterday")
    if days == 0:
        return _("due today {time}").format(time=clock) if clock else _("due today")
    return _("due tomorrow {time}").format(time=clock) if clock else _("due tomorrow")


def _due_reason(
    task: Scorable, deadline: Deadline | None, now: datetime, value: float, calendar: WorkCalendar
) -> str:
    if deadline is None:
        return _("no due date")
    if deadline.due == dates.UNREADABLE:
        return _("due date: {invalid} (counted as overdue; todo edit sets it)").format(
            invalid=dates.invalid_date()
        )
    when = _when(deadline.due, now, dated=value > 0)
    if deadline.task_id != task.id:
        when = _("holds #{id}, {when}").format(id=deadline.task_id, when=when)
    if value == 0:
        return _("{when}: too far off to press").format(when=when)
    if deadline.due <= now:
        return when
    if deadline.left <= 0:
        return _("{when}: no working time left before it").format(when=when)
    work = deadline.left - deadline.slack * calendar.day_seconds
    work_text = (
        _("{effort} of work").format(effort=dates.format_duration(max(1, round(work / 60))))
        if work > 0
        else _("effort unknown")
    )
    left = working_time(deadline.left, calendar)
    if deadline.slack <= 0:
        return _("{when}: {work}, {left} left: cannot be finished in time").format(
            when=when, work=work_text, left=left
        )
    return _("{when}: {work}, {left} left").format(when=when, work=work_text, left=left)


def _follow_up_reason(task: Scorable, now: datetime, value: float) -> str:
    assert task.follow_up is not None
    late = -dates.days_until(task.follow_up, now)
    facts = [
        _early_return_reason(task, now)
        if value == 0
        else _("due today")
        if late == 0
        else ngettext("{days} day late", "{days} days late", late).format(days=late)
    ]
    if task.delegated_at is not None:
        ago = -dates.days_until(task.delegated_at, now)
        facts.append(
            _("delegated today")
            if ago == 0
            else ngettext("delegated {days} day ago", "delegated {days} days ago", ago).format(
                days=ago
            )
        )
    reason = _("follow up with {person} ({facts})").format(
        person=task.delegate, facts=", ".join(facts)
    )
    return f'{reason}: "{task.last_note}"' if task.last_note else reason


def _early_return_reason(task: Scorable, now: datetime) -> str:
    """Why a delegated task is back before its follow-up day: its check-in would come after
    its deadline or less than a working day before it, or the deadline has passed."""
    assert task.follow_up is not None
    if task.due is None or task.due > now:
        check_in = dates.format_day(dates.from_utc(task.follow_up, now.tzinfo), now)
        if task.due is not None and task.follow_up > task.due:
            return _("back now: a check-in on {day} would come after the deadline").format(
                day=check_in
            )
        return _(
            "back now: a check-in on {day} would leave less than a working day before the deadline"
        ).format(day=check_in)
    return _("back: overdue since {date}").format(
        date=dates.format_date(dates.from_utc(task.due, now.tzinfo), now)
    )


def _pressing_deadline(
    task: Scorable,
    now: _Now,
    calendar: WorkCalendar,
    unblocks: Sequence[tuple[int, Breakdown]],
) -> Deadline | None:
    """The task's own deadline, or the one it holds with the least slack once its own effort
    is done first (its own on a tie)."""
    deadline = own_deadline(task, now, calendar)
    if not unblocks:
        return deadline
    effort = (task.effort_minutes or 0) * 60 / calendar.day_seconds
    for _id, waiting in unblocks:
        held = waiting.deadline
        if held is not None and (deadline is None or held.slack - effort < deadline.slack):
            deadline = Deadline(held.task_id, held.due, held.left, held.slack - effort)
    return deadline


def score(
    task: Scorable,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    unblocks: Sequence[tuple[int, Breakdown]] = (),
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> Breakdown:
    """Score one task as of ``now``, with working time read on ``calendar``.

    ``unblocks`` lists ``(id, breakdown)`` of the open tasks that wait for this one, each
    scored as if it were free.
    """
    return _score(task, now, _read_now(now, calendar), weights, unblocks, calendar)


def _score(
    task: Scorable,
    now: datetime,
    read: _Now,
    weights: Weights,
    unblocks: Sequence[tuple[int, Breakdown]],
    calendar: WorkCalendar,
) -> Breakdown:
    """``score``, with what it reads of ``now`` read once per ranking (``read``)."""
    urgency = MAX_HAND_SET_PRESSURE * (task.urgency - 1) / 4.0
    deadline = (
        _pressing_deadline(task, read, calendar, unblocks)
        if unblocks
        else own_deadline(task, read, calendar)
    )
    due = 0.0 if deadline is None else slack_pressure(deadline.slack, weights)
    age_days = max(0.0, _days(read.utc - task.created_at))
    names: tuple[str, ...] = _TERMS
    values: tuple[float, ...] = (
        (task.impact - 1) / 4.0,
        urgency,
        due * (1.0 - urgency),
        min(1.0, age_days / weights.age_saturation_days),
        _quick_win_value(task.effort_minutes, weights),
    )
    term_weights: tuple[float, ...] = (
        weights.impact,
        weights.pressure,
        weights.pressure,
        weights.age,
        weights.quick_win,
    )
    pressure = urgency + due * (1.0 - urgency)
    follow = 0.0
    if task.delegate is not None and task.follow_up is not None:
        follow = follow_up_pressure(task.follow_up, now, weights)
        names = (*names[:3], "follow-up", *names[3:])
        values = (*values[:3], follow * (1.0 - pressure), *values[3:])
        term_weights = (*term_weights[:3], weights.pressure, *term_weights[3:])
        pressure += follow * (1.0 - pressure)
    best_id, best = 0, 0.0  # the id of the waiting task whose score is inherited, if any
    if unblocks:
        own = math.fsum(map(mul, values, term_weights))
        best_id, best = max(
            ((task_id, waiting.total) for task_id, waiting in unblocks), key=lambda item: item[1]
        )
        names += ("unblocks",)
        values += (min(len(unblocks), 3) / 3.0,)
        term_weights += (weights.unblocking,)
        if best > own:
            names += ("inherited",)
            values += (best - own,)
            term_weights += (1.0,)
        else:
            best_id = 0
    kind = quadrant(task.impact, pressure)
    advice = FOLLOW_UP if task.delegate is not None else kind
    why = (task, now, calendar, unblocks, deadline, due, follow, age_days, best_id, best)
    return Breakdown(names, values, term_weights, pressure, kind, advice, deadline, why)


def _reasons(
    task: Scorable,
    now: datetime,
    calendar: WorkCalendar,
    unblocks: Sequence[tuple[int, Breakdown]],
    deadline: Deadline | None,
    due: float,
    follow: float,
    age_days: float,
    best_id: int,
    best: float,
) -> list[str]:
    """The reasons in words of the terms ``_score`` made, in its order."""
    age = int(age_days)
    reasons = [
        _("impact {impact}/5").format(impact=task.impact),
        _("hand-set urgency {urgency}/5").format(urgency=task.urgency),
        _due_reason(task, deadline, now, due, calendar),
        ngettext("open for {days} day", "open for {days} days", age).format(days=age),
        _("effort unknown")
        if task.effort_minutes is None
        else _("effort {effort}").format(effort=dates.format_duration(task.effort_minutes)),
    ]
    if task.delegate is not None and task.follow_up is not None:
        reasons.insert(3, _follow_up_reason(task, now, follow))
    if unblocks:
        ids = ", ".join(f"#{task_id}" for task_id, _breakdown in unblocks)
        reasons.append(
            ngettext(
                "unblocks {count} task ({ids})", "unblocks {count} tasks ({ids})", len(unblocks)
            ).format(count=len(unblocks), ids=ids)
        )
    if best_id:
        reasons.append(
            _("#{id} waits for it and would score {score} on its own").format(
                id=best_id, score=format_fixed(best)
            )
        )
    return reasons


def rank(
    tasks: Iterable[T],
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> Ranking[T]:
    """Rank open tasks: free ones by score, highest first; blocked, waiting and snoozed ones
    set aside.

    A task is blocked while any of its ``blocked_by`` ids is among ``tasks``; a delegated task
    waits for its check-in (see ``is_waiting``); a snoozed one sleeps (``is_snoozed``). Ties
    break on the earlier due date, then higher impact, then lower id, so the order is total
    and stable.
    """
    by_id: Mapping[int, T] = {task.id: task for task in tasks}
    waiting_on: dict[int, list[int]] = {}  # only blockers: most tasks block nothing
    for task in by_id.values():
        for blocker in task.blocked_by:
            if blocker in by_id:
                waiting_on.setdefault(blocker, []).append(task.id)

    breakdowns: dict[int, Breakdown] = {}
    read = _read_now(now, calendar)

    free, blocked, waiting, snoozed = [], [], [], []
    for task in by_id.values():
        open_blockers = tuple(b for b in task.blocked_by if b in by_id) if task.blocked_by else ()
        if task.snoozed_until is not None and is_snoozed(task, now, calendar):
            snoozed.append(task)
        elif open_blockers:
            blocked.append((task, open_blockers))
        elif task.delegate is not None and is_waiting(task, now, calendar):
            waiting.append(task)
        elif task.id not in waiting_on:  # most tasks: nothing waits for them
            free.append((task, _score(task, now, read, weights, (), calendar)))
        else:
            if task.id not in breakdowns:
                _score_with_dependents(
                    task.id, by_id, waiting_on, breakdowns, now, read, weights, calendar
                )
            free.append((task, breakdowns[task.id]))
    free.sort(key=order_key)
    blocked.sort(key=lambda pair: pair[0].id)
    waiting.sort(key=lambda task: (task.follow_up, task.id))
    snoozed.sort(key=lambda task: (task.snoozed_until, task.id))
    ranked = [Ranked(i, task, bd) for i, (task, bd) in enumerate(free, start=1)]
    return Ranking(ranked, blocked, waiting, snoozed)


def _score_with_dependents(
    root: int,
    by_id: Mapping[int, T],
    waiting_on: Mapping[int, list[int]],
    breakdowns: dict[int, Breakdown],
    now: datetime,
    read: _Now,
    weights: Weights,
    calendar: WorkCalendar,
) -> None:
    """Score ``root`` into ``breakdowns``, after every task that waits for it (depth first).

    Iterative, with an explicit stack, so a dependency chain of any length is scored without
    recursion; a task already on the stack is not followed again (a cycle ends there).
    """
    on_stack: dict[int, int] = {}  # task id -> how many frames of the stack score it

    def frame(task_id: int) -> tuple[int, list[int], list[tuple[int, Breakdown]]]:
        dependents = sorted(d for d in waiting_on.get(task_id, ()) if not on_stack.get(d))
        on_stack[task_id] = on_stack.get(task_id, 0) + 1
        return task_id, dependents[::-1], []

    stack = [frame(root)]
    while stack:
        task_id, to_visit, unblocks = stack[-1]
        while to_visit and to_visit[-1] in breakdowns:
            done = to_visit.pop()
            unblocks.append((done, breakdowns[done]))
        if to_visit:
            stack.append(frame(to_visit[-1]))
            continue
        stack.pop()
        on_stack[task_id] -= 1
        breakdowns[task_id] = _score(by_id[task_id], now, read, weights, unblocks, calendar)


def order_key(pair: tuple[Scorable, Breakdown]) -> tuple[float, float, int, int]:
    """Where a scored task ranks: by score (to 9 places), then earlier deadline, higher impact,
    lower id."""
    task, breakdown = pair
    due_key = (task.due - _EPOCH).total_seconds() / 86400.0 if task.due is not None else math.inf
    return (-round(breakdown.total, 9), due_key, -task.impact, task.id)
