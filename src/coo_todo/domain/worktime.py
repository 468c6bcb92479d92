"""Working time: how much of the working week lies between two instants. Pure.

A ``WorkCalendar`` names the working days, the working hours and the zone they are in. Its
``clock`` reads, for any instant, the working seconds since a fixed Monday: whole weeks times the
week's working seconds, plus the working days before that weekday, plus the clamped part of the
day itself. Working time between two instants is the difference of two readings, so it costs
the same for a deadline tomorrow as for one next year (no loop over days). Evenings, nights and
days off add nothing; clock times are wall-clock times in the calendar's zone.

Public holidays (``holidays``, and a ``country``'s served by the optional ``holidays`` library,
from ``COUNTRY_YEARS``) are days off too: the clock takes a working day off its reading for
each one before the instant (a bisection in the sorted list, a count per year for a country's),
and date phrases that count working days skip them (``working_day_after``, ``end_of_week``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property

from coo_todo.errors import ConfigError
from coo_todo.i18n import _

COUNTRY_YEARS = range(2020, 2101)
"""The years whose public holidays a ``country`` adds to the working clock (each year the clock
reads is filled in by the library on first use, about 6 ms a year)."""
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
    holidays: frozenset[date] = frozenset()
    country: str | None = None
    """A country code (``FR``) whose public holidays the ``holidays`` library lists."""

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
        return WorkCalendar(self.days, self.start, self.end, zone, self.holidays, self.country)

    @cached_property
    def _country_holidays(self) -> Collection[date]:
        """The country's public holidays (years are filled in as they are asked about)."""
        if self.country is None:
            return frozenset()
        return country_holidays(self.country)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working weekday and no public holiday."""
        return day.weekday() in self.days and not self._is_off(day)

    def working_day_after(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``count`` 0: ``day`` itself when it is a
        working day, else the next one). Whole weeks are jumped, then days stepped over."""
        if count <= 0:
            while not self.is_working_day(day):
                day += timedelta(days=1)
            return day
        weeks, rest = divmod(count, len(self.days))
        if rest == 0:
            weeks, rest = weeks - 1, len(self.days)
        jumped = day + timedelta(weeks=weeks)
        next_day = timedelta(days=1)
        rest += self._off_before(jumped + next_day) - self._off_before(day + next_day)  # made up
        while rest:
            jumped += timedelta(days=1)
            rest -= self.is_working_day(jumped)
        return jumped

    def end_of_week(self, day: date) -> date:
        """The last working day of ``day``'s week (Monday to Sunday) if it is not past, else
        the next week's (a week with no working day left is passed over)."""
        monday = day - timedelta(days=day.weekday())
        while True:
            last = max(
                (monday + timedelta(days=n) for n in range(7)),
                key=lambda candidate: (self.is_working_day(candidate), candidate),
            )
            if self.is_working_day(last) and last >= day:
                return last
            monday += timedelta(weeks=1)

    @cached_property
    def _listed_off(self) -> tuple[date, ...]:
        """The listed holidays that fall on a working weekday, in order."""
        return tuple(sorted(day for day in self.holidays if day.weekday() in self.days))

    @cached_property
    def _country_off(self) -> dict[int, tuple[date, ...]]:
        """Each year's country holidays on a working weekday and not listed (filled lazily)."""
        return {}

    def _country_year(self, year: int) -> tuple[date, ...]:
        if year not in self._country_off:
            served = self._country_holidays
            date(year, 1, 1) in served  # noqa: B015 - the library fills in that year
            self._country_off[year] = tuple(
                sorted(
                    day
                    for day in served
                    if day.year == year and day.weekday() in self.days and day not in self.holidays
                )
            )
        return self._country_off[year]

    @cached_property
    def _country_sums(self) -> dict[int, int]:
        """The country's holidays on a working weekday before each year (filled lazily)."""
        return {COUNTRY_YEARS.start: 0}

    def _country_before_year(self, year: int) -> int:
        sums = self._country_sums
        if year not in sums:
            sums[year] = self._country_before_year(year - 1) + len(self._country_year(year - 1))
        return sums[year]

    def _off_before(self, day: date) -> int:
        """Holidays on a working weekday before ``day`` (a country's from ``COUNTRY_YEARS``)."""
        count = bisect_left(self._listed_off, day)
        if self.country is not None and day.year >= COUNTRY_YEARS.start:
            count += self._country_before_year(min(day.year, COUNTRY_YEARS.stop))
            if day.year in COUNTRY_YEARS:
                count += bisect_left(self._country_year(day.year), day)
        return count

    def _is_off(self, day: date) -> bool:
        """Whether ``day`` is a holiday on a working weekday (one the clock skips)."""
        if day in self.holidays:
            return day.weekday() in self.days
        return (
            day.year in COUNTRY_YEARS
            and self.country is not None
            and (day in self._country_year(day.year))
        )

    def clock(self, moment: datetime) -> float:
        """Working seconds from Monday 1 January of year 1 to ``moment`` (an aware datetime)."""
        local = moment.astimezone(self.zone)
        weeks, weekday = divmod(local.toordinal() - 1, 7)
        before = self._before
        reading: float = weeks * before[7] + before[weekday]
        length = before[weekday + 1] - before[weekday]  # 0 on a day off
        if self.holidays or self.country is not None:
            day = local.date()
            reading -= self._off_before(day) * self.day_seconds
            if length and self._is_off(day):
                length = 0
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
        found = self._weekday_moment(reading)
        if not self.holidays and self.country is None:
            return found
        # Each holiday before the instant shifts it by a working day: the count of those
        # before (and on) the day found only grows, so this settles on the least such count.
        shift = -1
        while True:
            day = found.date()
            count = self._off_before(day) + self._is_off(day)
            if count == shift:
                return found
            shift = count
            found = self._weekday_moment(reading + shift * self.day_seconds)

    def _weekday_moment(self, reading: float) -> datetime:
        """``moment`` for the working weekdays alone (no holiday)."""
        weeks, rest = divmod(reading, self._before[7])
        weekday = next(day for day in range(7) if self._before[day + 1] > rest)
        day = date.fromordinal(int(weeks) * 7 + weekday + 1)
        start = datetime.combine(day, self.start)
        return (start + timedelta(seconds=rest - self._before[weekday])).replace(tzinfo=self.zone)


def country_holidays(country: str) -> Collection[date]:
    """The public holidays of ``country`` (an ISO code such as ``FR``), from the optional
    ``holidays`` library; ConfigError if it is not installed or does not know the country."""
    try:
        import holidays
    except ImportError:
        raise ConfigError(
            _(
                "'work.country' = {country!r} needs the holidays library: pip install "
                "'coo-todo[holidays]' (or list the days in 'work.holidays')"
            ).format(country=country)
        ) from None
    try:
        return holidays.country_holidays(country.upper())
    except NotImplementedError:
        raise ConfigError(
            _("'work.country': the holidays library has no {country!r}").format(country=country)
        ) from None


DEFAULT_CALENDAR = WorkCalendar()
