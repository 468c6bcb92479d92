"""The weekly review (``todo review``): its period, the steps of its in-vs-out chart, and the
figures the store computes for it. Pure: takes ``now``, reads no clock and no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from coo_todo.errors import InvalidInput
from coo_todo.i18n import _, format_number

Unit = Literal["day", "week", "month", "year"]
UNITS: tuple[Unit, ...] = ("day", "week", "month", "year")
MOST_STEPS = 62
"""The most steps (days, weeks, months) the in-vs-out chart has: the smallest unit that keeps
within it is chosen, so a week is seen by day and a year by week; beyond, years."""

PERCENTILES = (50, 90)
"""The percentiles of time to done the review reports: the median and the 90th."""

OLDEST_SHOWN = 5
"""How many of the oldest open tasks the review lists."""


@dataclass(frozen=True)
class Period:
    """What the review covers: from ``start`` (a local midnight) to ``end`` (now, included),
    and the steps of its in-vs-out chart, each ``(start, end)``, the last ending at ``end``."""

    start: datetime
    end: datetime
    unit: Unit
    steps: tuple[tuple[datetime, datetime], ...]


@dataclass(frozen=True)
class DoneFigures:
    """Tasks done in the period, of one area, one person or all: how many, yours and
    delegated, deadlines met and missed, and the median and 90th percentile of their time to
    done (seconds from capture to done; None when none was done)."""

    key: str | None
    done: int
    own: int
    delegated: int
    met: int
    late: int
    median_seconds: float | None
    p90_seconds: float | None


@dataclass(frozen=True)
class FollowUpDebt:
    """Open tasks delegated to ``person`` whose follow-up has passed."""

    person: str
    tasks: int
    oldest_follow_up: datetime


@dataclass(frozen=True)
class OpenTask:
    """One of the oldest open tasks."""

    id: int
    title: str
    area: str | None
    created_at: datetime
    delegate: str | None


@dataclass(frozen=True)
class Flow:
    """What came in (captured) and went out (done, dropped) in one step of the period."""

    start: datetime
    end: datetime
    came_in: int
    done: int
    dropped: int


@dataclass(frozen=True)
class Review:
    """The figures of ``todo review``, all computed by the database."""

    period: Period
    total: DoneFigures
    by_area: list[DoneFigures]
    by_person: list[DoneFigures]
    open_past_due: int
    postponed: int
    follow_ups: list[FollowUpDebt]
    oldest: list[OpenTask]
    flow: list[Flow]


def review_period(now: datetime, since: datetime | None = None) -> Period:
    """The period of a review at ``now``: from the start of ``since``'s day, or by default
    from Monday of this week, to ``now``. InvalidInput if ``since`` is not before ``now``."""
    zone = now.tzinfo
    first = (since.astimezone(zone) if since else now).date()
    if since is None:
        first -= timedelta(days=first.weekday())
    start = datetime.combine(first, time(0), tzinfo=zone)
    if start >= now:
        raise InvalidInput(
            _("--since must be a day before now, not {day}").format(day=first.isoformat())
        )
    unit, days = next(
        (unit, days) for unit in UNITS if (days := _step_days(first, now.date(), unit))
    )
    starts = [datetime.combine(day, time(0), tzinfo=zone) for day in days]
    return Period(start, now, unit, tuple(zip(starts, [*starts[1:], now], strict=True)))


def _step_days(first: date, last: date, unit: Unit) -> list[date]:
    """The first day of each step from ``first`` to ``last`` (both included): the first step
    starts on ``first``, the others at the start of a week (Monday), a month or a year. Empty
    if there would be more than ``MOST_STEPS`` (years: never)."""
    days = [first]
    while (following := _next_step(days[-1], unit)) <= last:
        days.append(following)
        if len(days) > MOST_STEPS and unit != "year":
            return []
    return days


def _next_step(day: date, unit: Unit) -> date:
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7 - day.weekday())
    if unit == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def format_span(seconds: float | None) -> str:
    """A time to done in the unit that reads best: ``40m``, ``5h``, ``3.5d``; ``-`` for none."""
    if seconds is None:
        return "-"
    minutes = seconds / 60
    if minutes < 60:
        return _("{minutes}m").format(minutes=f"{minutes:.0f}")
    if minutes < 24 * 60:
        return _("{hours}h").format(hours=format_number(minutes / 60))
    return _("{days}d").format(days=format_number(minutes / 1440))
