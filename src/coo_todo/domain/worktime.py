"""Working time: how much of the working week lies between two instants. Pure.

A ``WorkCalendar`` names the working days, the working hours and the zone they are in. Its
``clock`` reads, for any instant, the working seconds since a fixed Monday: whole weeks times the
week's working seconds, plus the working days before that weekday, plus the clamped part of the
day itself. Working time between two instants is the difference of two readings, so it costs
the same for a deadline tomorrow as for one next year (no loop over days). Evenings, nights and
days off add nothing; clock times are wall-clock times in the calendar's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday names in the config file, Monday first (``datetime.weekday`` numbers)."""


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


@dataclass(frozen=True)
class WorkCalendar:
    """Working days (0 = Monday) and hours, in ``zone``. Defaults: Monday-Friday, 09:00-18:00."""

    days: frozenset[int] = frozenset(range(5))
    start: time = time(9)
    end: time = time(18)
    zone: tzinfo = UTC

    @cached_property
    def day_seconds(self) -> int:
        """The length of one working day, in seconds (9 hours by default)."""
        return _seconds(self.end) - _seconds(self.start)

    @cached_property
    def _opens(self) -> int:
        """When a working day starts, in seconds after midnight."""
        return _seconds(self.start)

    @cached_property
    def _before(self) -> tuple[int, ...]:
        """Working seconds of a week before each weekday (index 7: the whole week)."""
        sums = [0]
        for weekday in range(7):
            sums.append(sums[-1] + (self.day_seconds if weekday in self.days else 0))
        return tuple(sums)

    def in_zone(self, zone: tzinfo) -> WorkCalendar:
        """The same hours kept in ``zone`` (the user's local zone)."""
        return WorkCalendar(self.days, self.start, self.end, zone)

    def clock(self, moment: datetime) -> float:
        """Working seconds from Monday 1 January of year 1 to ``moment`` (an aware datetime)."""
        local = moment.astimezone(self.zone)
        weeks, weekday = divmod(local.toordinal() - 1, 7)
        before = self._before
        reading: float = weeks * before[7] + before[weekday]
        length = before[weekday + 1] - before[weekday]  # 0 on a day off
        if length:
            worked = (
                local.hour * 3600
                + local.minute * 60
                + local.second
                + local.microsecond / 1e6
                - self._opens
            )
            if worked > 0:
                reading += worked if worked < length else length
        return reading

    def between(self, start: datetime, end: datetime) -> float:
        """Working seconds from ``start`` to ``end`` (negative when ``end`` is earlier)."""
        return self.clock(end) - self.clock(start)

    def moment(self, reading: float) -> datetime:
        """The instant the working clock shows ``reading``, in the calendar's zone. A reading
        that ends a working day is the start of the next one (the latest such instant)."""
        weeks, rest = divmod(reading, self._before[7])
        weekday = next(day for day in range(7) if self._before[day + 1] > rest)
        day = date.fromordinal(int(weeks) * 7 + weekday + 1)
        start = datetime.combine(day, self.start)
        return (start + timedelta(seconds=rest - self._before[weekday])).replace(tzinfo=self.zone)


DEFAULT_CALENDAR = WorkCalendar()
