"""A plan for today: what of the ranked list fits in the hours left. Pure: the ranking, the
capacity, ``now`` and the work calendar in; no clock, no I/O.

The plan takes whole tasks, never part of one. First the deadlines that cannot wait (see
``cannot_wait``), then everything else, each group in rank order (by score); a task that does
not fit in what is left is left out, and the next, smaller ones are still tried. A task
without an effort estimate counts ``default_effort`` minutes. Every task of the ranking ends
up either in the plan or left out with its reason: it does not fit, it is blocked, or it is
delegated (the delegate does the work; a follow-up due is in ``todo triage``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Generic, NamedTuple, TypeVar

from coo_todo.domain import dates
from coo_todo.domain.scoring import Breakdown, Ranking, Scorable, Weights
from coo_todo.domain.slices import FAR, NEAR, UNDATED, Merged, OpenTasks
from coo_todo.domain.worktime import WorkCalendar
from coo_todo.i18n import _, language

T = TypeVar("T", bound=Scorable)

DOES_NOT_FIT, BLOCKED, DELEGATED = "does not fit", "blocked", "delegated"
"""Why a task is left out of the plan (``LeftOut.kind``)."""


class Capacity(NamedTuple):
    """The minutes a plan may fill, and where they come from: the working time left today
    minus the meetings still to come (``working_left - meetings``), or hours given outright
    (``given``; then ``working_left`` and ``meetings`` are 0). ``closed`` says why there is no
    working time left today: "not a working day", "the working day ended at 18:00"."""

    minutes: int
    working_left: int = 0
    meetings: int = 0
    given: bool = False
    closed: str | None = None

    def describe(self) -> str:
        """Where the minutes come from, in words: "6h (--hours)", "8h of working time left
        today minus 2h of meetings", "no working time left today: not a working day"."""
        if self.given:
            return _("{hours} (--hours)").format(hours=dates.format_duration(self.minutes))
        if self.closed is not None:
            return _("no working time left today: {why}").format(why=self.closed)
        left = dates.format_duration(self.working_left)
        if not self.meetings:
            return _("{left} of working time left today").format(left=left)
        return _("{left} of working time left today minus {meetings} of meetings").format(
            left=left, meetings=dates.format_duration(self.meetings)
        )


def closing_time(now: datetime, calendar: WorkCalendar) -> datetime:
    """The end of today's working hours: ``calendar.end`` on now's date, in the calendar's
    zone (a time on a day off, where no working time is left either)."""
    local = now.astimezone(calendar.zone)
    return datetime.combine(local.date(), calendar.end, tzinfo=calendar.zone)


def working_capacity(now: datetime, calendar: WorkCalendar, meetings: int) -> Capacity:
    """The working minutes left today less their share of the day's ``meetings`` minutes:
    meetings are taken as spread over the working day, so at 09:00 a 9-hour day with 2 hours
    of meetings leaves 7 hours, and at 13:30 half of each (4h30 - 1h = 3h30). 0 on a day off
    or after hours (``closed`` says which)."""
    closing = closing_time(now, calendar)
    left = max(0, int(calendar.between(now, closing) // 60))
    share = round(meetings * left * 60 / calendar.day_seconds)
    closed = None
    if left == 0:
        local = now.astimezone(calendar.zone)
        ended = local.weekday() in calendar.days and local.time() >= calendar.end
        closed = (
            _("the working day ended at {time}").format(time=f"{calendar.end:%H:%M}")
            if ended
            else _("not a working day")
        )
    return Capacity(left - share, left, share, closed=closed)


def cannot_wait(breakdown: Breakdown, today_left: float) -> bool:
    """Whether a task's deadline cannot wait past today: no working time lies between the
    end of today's working hours and the deadline pressing on it (its own, or that of a task
    waiting for it: ``Breakdown.deadline``), that is the working time left before that
    deadline (``Deadline.left``) is at most ``today_left``, the working seconds left today.

    So a deadline today at 16:00, at 20:00 or at the end of the day (a date without a time)
    cannot wait, nor one on Saturday when today is Friday, nor an overdue one; a deadline at
    10:00 on the next working day can."""
    deadline = breakdown.deadline
    return deadline is not None and deadline.left <= today_left


class Planned(NamedTuple, Generic[T]):
    """A task in the plan: the minutes it counts (its effort, or the default when it has no
    estimate), and whether its deadline cannot wait."""

    task: T
    breakdown: Breakdown
    minutes: int
    estimated: bool
    urgent: bool

    @property
    def effort(self) -> str:
        """The effort in words: "1h30", or "no estimate: counted 30m"."""
        counted = dates.format_duration(self.minutes)
        return (
            counted if self.estimated else _("no estimate: counted {effort}").format(effort=counted)
        )


class LeftOut(NamedTuple, Generic[T]):
    """A task left out of the plan, why (``kind``: DOES_NOT_FIT, BLOCKED or DELEGATED), and
    the reason in words: "does not fit: 4h left, needs 8h", "does not fit: 15m left, needs
    30m (no estimate)", "blocked by #3", "delegated to Alice Martin". Named tuples, like
    ``scoring.Term``: a plan of 10,000 open tasks leaves out nearly all of them."""

    task: T
    kind: str
    reason: str
    minutes: int | None = None
    """The minutes it would count (for a task that does not fit)."""


@dataclass(frozen=True)
class DayPlan(Generic[T]):
    """Today's plan: the tasks in it in order, the ones left out, against the capacity;
    ``closing`` ends today's working hours (see ``cannot_wait``). A plan made to list only the
    first few left out (``fill_day``'s ``listed``) holds those in ``left_out`` and counts the
    others in ``unlisted``."""

    capacity: Capacity
    default_effort: int
    closing: datetime
    planned: list[Planned[T]]
    left_out: list[LeftOut[T]]
    unlisted: int = 0

    @property
    def planned_minutes(self) -> int:
        """The minutes the plan fills (never more than ``capacity.minutes``)."""
        return sum(entry.minutes for entry in self.planned)

    @property
    def free_minutes(self) -> int:
        """The capacity the plan leaves unfilled."""
        return self.capacity.minutes - self.planned_minutes


def fill_day(
    ranking: Ranking[T],
    capacity: Capacity,
    now: datetime,
    calendar: WorkCalendar,
    default_effort: int,
    plain: tuple[OpenTasks[T], Weights] | None = None,
    listed: int | None = None,
) -> DayPlan[T]:
    """Fill ``capacity`` with whole tasks of ``ranking``: those that cannot wait first
    (``cannot_wait``), then the others, each group by rank; a task that does not fit is left
    out and the next one tried. Blocked tasks and delegated ones (back for a follow-up, or
    waiting for it) are left out with that reason. ``left_out`` lists what does not fit (in the
    order tried), then blocked tasks, then delegated ones.

    With ``plain`` (the open tasks not in ``ranking`` and the weights that score them) and
    ``listed``, the plan reads and scores the plain tasks only as far as it needs: in the order
    of their slices' bounds, each task placed once no unread one can rank above it, until
    nothing left fits and ``listed`` tasks are left out; ``left_out`` then holds those first
    ones and ``unlisted`` counts the others. The plan is the same as with every task ranked."""
    closing = closing_time(now, calendar)
    today_left = calendar.between(now, closing)
    delegated: list[LeftOut[T]] = []
    urgent: list[tuple[T, Breakdown]] = []
    others: list[tuple[T, Breakdown]] = []
    for entry in ranking.ranked:
        if entry.task.delegate is not None:
            delegated.append(_delegated(entry.task, follow_up_due=True))
        elif cannot_wait(entry.breakdown, today_left):
            urgent.append((entry.task, entry.breakdown))
        else:
            others.append((entry.task, entry.breakdown))
    least = -math.inf
    groups: tuple[Iterable[tuple[T, Breakdown]], Iterable[tuple[T, Breakdown]]] = (urgent, others)
    if plain is not None:
        source, weights = plain
        least = source.least_minutes
        cut = _cut(now, today_left, calendar)

        def can_wait(breakdown: Breakdown) -> bool:
            return not cannot_wait(breakdown, today_left)

        later = Merged(others, (FAR, UNDATED), can_wait, source, weights, now, calendar, cut)
        first = Merged(
            urgent, (NEAR,), lambda b: not can_wait(b), source, weights, now, calendar, cut
        )
        groups = (first.handing_on(later), later)
    planned: list[Planned[T]] = []
    left_out: list[LeftOut[T]] = []
    room = capacity.minutes
    words = language()  # the key of the reasons' cache, read once
    for group, pressing in zip(groups, (True, False), strict=True):
        for task, breakdown in group:
            effort = task.effort_minutes
            minutes = default_effort if effort is None else effort
            if minutes <= room:
                planned.append(Planned(task, breakdown, minutes, effort is not None, pressing))
                room -= minutes
                continue
            reason = _does_not_fit(room, minutes, effort is not None, words)
            left_out.append(LeftOut(task, DOES_NOT_FIT, reason, minutes))
            if (
                plain is not None
                and listed is not None
                and len(left_out) >= listed
                and room < least
            ):
                # Nothing unread fits: the rest is left out, counted, not listed (every open
                # task but the snoozed ones is either planned or left out).
                unlisted = plain[0].count - len(ranking.snoozed) - len(planned) - len(left_out)
                return DayPlan(capacity, default_effort, closing, planned, left_out, unlisted)
    for task, waits in ranking.blocked:
        ids = ", ".join(f"#{b}" for b in waits)
        left_out.append(LeftOut(task, BLOCKED, _("blocked by {ids}").format(ids=ids)))
    left_out += delegated + [_delegated(task) for task in ranking.waiting]
    return DayPlan(capacity, default_effort, closing, planned, left_out)


def _cut(now: datetime, today_left: float, calendar: WorkCalendar) -> datetime:
    """An instant after every deadline that cannot wait (``cannot_wait``): one working second
    past the end of today's working time, and a day more, which covers any rounding of the
    clock's readings and a stored time in another offset (near the end of time, where there
    is no such instant, the last instant there is)."""
    try:
        return calendar.moment(calendar.clock(now) + today_left + 1.0) + timedelta(days=1)
    except (OverflowError, ValueError):
        return datetime.max.replace(tzinfo=UTC)


@cache
def _does_not_fit(room: int, minutes: int, estimated: bool, language: str) -> str:
    """Why a task does not fit, in words (a few distinct ones, however many tasks), in the
    active ``language`` (a key of the cache)."""
    left, needs = dates.format_duration(room), dates.format_duration(minutes)
    if estimated:
        return _("does not fit: {left} left, needs {needs}").format(left=left, needs=needs)
    return _("does not fit: {left} left, needs {needs} (no estimate)").format(
        left=left, needs=needs
    )


def _delegated(task: T, follow_up_due: bool = False) -> LeftOut[T]:
    reason = (
        _("delegated to {person} (follow-up due)") if follow_up_due else _("delegated to {person}")
    )
    return LeftOut(task, DELEGATED, reason.format(person=task.delegate))
