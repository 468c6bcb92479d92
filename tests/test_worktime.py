"""Tests for coo_todo.domain.worktime: the working clock against a day-by-day count."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.domain.worktime import DEFAULT_CALENDAR, WorkCalendar

PROPERTY = settings(max_examples=200, deadline=None)
ZONES: tuple[tzinfo, ...] = (UTC, ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York"))


def counted(calendar: WorkCalendar, start: datetime, end: datetime) -> float:
    """Working seconds from ``start`` to ``end`` (start <= end), one local day at a time."""
    zone = calendar.zone
    first, last = start.astimezone(zone), end.astimezone(zone)
    total = 0.0
    day = first.date()
    while day <= last.date():
        if day.weekday() in calendar.days:
            opens = datetime.combine(day, calendar.start)
            closes = datetime.combine(day, calendar.end)
            lower = max(opens, first.replace(tzinfo=None))
            upper = min(closes, last.replace(tzinfo=None))
            total += max(0.0, (upper - lower).total_seconds())
        day += timedelta(days=1)
    return total


calendars = st.builds(
    lambda days, hours, zone: WorkCalendar(frozenset(days), time(hours[0]), time(hours[1]), zone),
    st.sets(st.integers(0, 6), min_size=1),
    st.lists(st.integers(0, 23), min_size=2, max_size=2, unique=True).map(sorted),
    st.sampled_from(ZONES),
)
instants = st.datetimes(datetime(2000, 1, 1), datetime(2040, 12, 31), timezones=st.just(UTC))


@PROPERTY
@given(calendar=calendars, start=instants, span=st.timedeltas(timedelta(0), timedelta(days=40)))
def test_working_time_between_matches_a_day_by_day_count(
    calendar: WorkCalendar, start: datetime, span: timedelta
) -> None:
    end = start + span
    assert calendar.between(start, end) == pytest.approx(counted(calendar, start, end), abs=1e-3)
    assert calendar.between(end, start) == -calendar.between(start, end)


@PROPERTY
@given(calendar=calendars, start=instants, seconds=st.floats(0, 3e7))
def test_moment_reads_back_the_clock(
    calendar: WorkCalendar, start: datetime, seconds: float
) -> None:
    reading = calendar.clock(start) + seconds
    moment = calendar.moment(reading)
    assert calendar.clock(moment) == pytest.approx(reading, abs=1e-3)
    local = moment.astimezone(calendar.zone)
    assert local.weekday() in calendar.days
    assert calendar.start <= local.time() < calendar.end


def test_a_working_day_ending_is_the_next_one_starting() -> None:
    """Friday 18:00 and Monday 09:00 read the same: moment gives Monday 09:00."""
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert DEFAULT_CALENDAR.clock(friday_evening) == DEFAULT_CALENDAR.clock(monday)
    assert DEFAULT_CALENDAR.moment(DEFAULT_CALENDAR.clock(friday_evening)) == monday
    assert DEFAULT_CALENDAR.day_seconds == 9 * 3600
    assert (
        DEFAULT_CALENDAR.between(
            datetime(2026, 11, 27, 17, 0, tzinfo=UTC), datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
        )
        == 2 * 3600
    )


def test_hours_are_kept_in_the_calendars_zone() -> None:
    paris = DEFAULT_CALENDAR.in_zone(ZoneInfo("Europe/Paris"))
    eight_utc = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # 09:00 in Paris
    assert paris.between(eight_utc, eight_utc + timedelta(hours=1)) == 3600
    assert DEFAULT_CALENDAR.between(eight_utc, eight_utc + timedelta(hours=1)) == 0
    assert date(2026, 11, 26).weekday() == 3
