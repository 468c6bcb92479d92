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
        if calendar.is_working_day(day):
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


def assert_moment_reads_back(calendar: WorkCalendar, start: datetime, seconds: float) -> None:
    """The moment of a reading ``seconds`` after ``start`` reads back as that reading, and
    falls within working hours on a working day."""
    reading = calendar.clock(start) + seconds
    moment = calendar.moment(reading)
    assert calendar.clock(moment) == pytest.approx(reading, abs=1e-3)
    local = moment.astimezone(calendar.zone)
    assert calendar.is_working_day(local.date())
    assert calendar.start <= local.time() < calendar.end


@PROPERTY
@given(calendar=calendars, start=instants, seconds=st.floats(0, 3e7))
def test_moment_reads_back_the_clock(
    calendar: WorkCalendar, start: datetime, seconds: float
) -> None:
    assert_moment_reads_back(calendar, start, seconds)


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


# --------------------------------------------------------------------------- working days

holiday_calendars = st.builds(
    lambda days, holidays: WorkCalendar(frozenset(days), holidays=frozenset(holidays)),
    st.sets(st.integers(0, 6), min_size=1),
    st.sets(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=40),
)
days_2026 = st.dates(date(2026, 1, 1), date(2026, 12, 31))


def working_days_between(calendar: WorkCalendar, after: date, until: date) -> int:
    """Working days in ``(after, until]``, one day at a time."""
    count, day = 0, after
    while day < until:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


@PROPERTY
@given(calendar=holiday_calendars, today=days_2026, count=st.integers(0, 300))
def test_working_day_after_counts_working_days(
    calendar: WorkCalendar, today: date, count: int
) -> None:
    landed = calendar.working_day_after(today, count)
    assert calendar.is_working_day(landed)
    assert working_days_between(calendar, today, landed) == count or (
        count == 0 and working_days_between(calendar, today, landed) <= 1
    )


def week_of(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


@PROPERTY
@given(calendar=holiday_calendars, today=days_2026)
def test_end_of_week_is_this_working_weeks_last_day_or_the_next(
    calendar: WorkCalendar, today: date
) -> None:
    landed = calendar.end_of_week(today)
    assert calendar.is_working_day(landed)
    left = [day for day in week_of(today) if day >= today and calendar.is_working_day(day)]
    if left:
        assert landed == max(left)
    else:  # the first later week with a working day: the next one, unless holidays fill it
        week = week_of(landed)
        assert landed == max(day for day in week if calendar.is_working_day(day))
        assert working_days_between(calendar, today, week[0] - timedelta(days=1)) == 0
        if not calendar.holidays:
            assert week[0] == week_of(today)[0] + timedelta(weeks=1)


def test_holidays_are_days_off() -> None:
    christmas = WorkCalendar(holidays=frozenset({date(2026, 12, 25)}))
    assert not christmas.is_working_day(date(2026, 12, 25))
    assert christmas.working_day_after(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert christmas.end_of_week(date(2026, 12, 21)) == date(2026, 12, 24)


def test_a_country_lists_its_public_holidays() -> None:
    france = WorkCalendar(country="FR")
    assert not france.is_working_day(date(2026, 7, 14))  # a Tuesday, Bastille Day
    assert france.working_day_after(date(2026, 7, 13), 1) == date(2026, 7, 15)
    landed = france.working_day_after(date(2026, 1, 1), 300)  # jumps weeks across holidays
    assert working_days_between(france, date(2026, 1, 1), landed) == 300


holiday_clocks = st.builds(
    lambda days, hours, zone, holidays: WorkCalendar(
        frozenset(days), time(hours[0]), time(hours[1]), zone, frozenset(holidays)
    ),
    st.sets(st.integers(0, 6), min_size=1),
    st.lists(st.integers(0, 23), min_size=2, max_size=2, unique=True).map(sorted),
    st.sampled_from(ZONES),
    st.sets(st.dates(date(2026, 1, 1), date(2026, 3, 31)), max_size=40),
)
instants_2026 = st.datetimes(datetime(2026, 1, 1), datetime(2026, 3, 31), timezones=st.just(UTC))


@PROPERTY
@given(
    calendar=holiday_clocks,
    start=instants_2026,
    span=st.timedeltas(timedelta(0), timedelta(days=40)),
)
def test_holidays_are_no_working_time(
    calendar: WorkCalendar, start: datetime, span: timedelta
) -> None:
    end = start + span
    assert calendar.between(start, end) == pytest.approx(counted(calendar, start, end), abs=1e-3)


@PROPERTY
@given(calendar=holiday_clocks, start=instants_2026, seconds=st.floats(0, 3e6))
def test_moment_reads_back_the_clock_across_holidays(
    calendar: WorkCalendar, start: datetime, seconds: float
) -> None:
    assert_moment_reads_back(calendar, start, seconds)


def test_a_countrys_holidays_are_no_working_time() -> None:
    """Bastille Day 2026 is a Tuesday: Monday 9:00 to Wednesday 18:00 is two working days."""
    france = WorkCalendar(country="FR")
    monday = datetime(2026, 7, 13, 9, tzinfo=UTC)
    wednesday_evening = datetime(2026, 7, 15, 18, tzinfo=UTC)
    assert france.between(monday, wednesday_evening) == 2 * france.day_seconds
    assert france.moment(france.clock(monday) + france.day_seconds) == monday + timedelta(days=2)
