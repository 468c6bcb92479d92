"""Tests for coo_todo.domain.dates: table tests per accepted form, errors, Hypothesis properties."""

from __future__ import annotations

import contextlib
import datetime as dt_module
import os
import time as time_module
import types
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import dateutil.parser
import dateutil.parser._parser as du_parser_impl
import pytest
from dateutil.tz import gettz
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.domain import dates
from coo_todo.domain.dates import (
    END_OF_DAY,
    days_until,
    format_date,
    format_duration,
    format_relative,
    from_utc,
    iso,
    parse_duration,
    parse_when,
    read_when,
    to_utc,
)
from coo_todo.domain.worktime import WorkCalendar
from coo_todo.errors import InvalidInput

_paris = gettz("Europe/Paris")  # a dateutil zone (the other zone type is zoneinfo, below)
assert _paris is not None
PARIS: tzinfo = _paris
MINUS5 = timezone(timedelta(hours=-5))
ZONES: list[tzinfo] = [
    UTC,
    MINUS5,
    timezone(timedelta(hours=13, minutes=45)),
    PARIS,
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Kolkata"),
]
TABLE_ZONES = pytest.mark.parametrize("tz", [UTC, PARIS, MINUS5], ids=["utc", "paris", "minus5"])

WEEKDAY_NAMES = [
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "weds",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def thursday(tz: tzinfo) -> datetime:
    """The fixed 'now' of the table tests: Thursday 2026-11-26 09:30 in tz."""
    return datetime(2026, 11, 26, 9, 30, 0, 123456, tzinfo=tz)


def eod(y: int, m: int, d: int, tz: tzinfo) -> datetime:
    return datetime.combine(date(y, m, d), END_OF_DAY, tzinfo=tz)


# --------------------------------------------------------------------------- clock guard


class _NoClockDatetime(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _NoClockDatetime:
        raise AssertionError("datetime.now() called")

    @classmethod
    def today(cls) -> _NoClockDatetime:
        raise AssertionError("datetime.today() called")

    @classmethod
    def utcnow(cls) -> _NoClockDatetime:
        raise AssertionError("datetime.utcnow() called")


class _NoClockDate(date):
    @classmethod
    def today(cls) -> _NoClockDate:
        raise AssertionError("date.today() called")


def _clock_read(*args: object, **kwargs: object) -> None:
    raise AssertionError("clock read through the time module")


@contextlib.contextmanager
def no_clock() -> Iterator[None]:
    """Make every clock read by dates.py or dateutil's parser fail loudly."""
    fake_datetime = types.ModuleType("datetime")
    fake_datetime.__dict__.update(vars(dt_module))
    fake_datetime.__dict__.update(datetime=_NoClockDatetime, date=_NoClockDate)
    fake_time = types.ModuleType("time")
    fake_time.__dict__.update(vars(time_module))
    for name in ("time", "time_ns", "localtime", "gmtime", "ctime", "asctime"):
        setattr(fake_time, name, _clock_read)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dates, "datetime", _NoClockDatetime)
        mp.setattr(dates, "date", _NoClockDate)
        mp.setattr(du_parser_impl, "datetime", fake_datetime)
        mp.setattr(du_parser_impl, "time", fake_time)
        yield


def test_clock_guard_catches_dateutil_without_default() -> None:
    with no_clock(), pytest.raises(AssertionError, match="now"):
        dateutil.parser.parse("Dec 1")


# --------------------------------------------------------------------------- parse_when tables

# (text, expected local (y, m, d) at END_OF_DAY or (y, m, d, H, M, S)) with now = Thu 26 Nov 2026
# 09:30:00.123456, checked in three zones: the result is that local time in now's zone.
LOCAL_CASES: list[tuple[str, tuple[int, ...]]] = [
    ("now", (2026, 11, 26, 9, 30, 0)),
    ("NOW", (2026, 11, 26, 9, 30, 0)),
    ("today", (2026, 11, 26)),
    ("  Today  ", (2026, 11, 26)),
    ("eod", (2026, 11, 26)),
    ("tomorrow", (2026, 11, 27)),
    ("yesterday", (2026, 11, 25)),
    # weekdays: today included
    ("thu", (2026, 11, 26)),
    ("Thursday", (2026, 11, 26)),
    ("thur", (2026, 11, 26)),
    ("thurs", (2026, 11, 26)),
    ("fri", (2026, 11, 27)),
    ("friday", (2026, 11, 27)),
    ("sat", (2026, 11, 28)),
    ("sun", (2026, 11, 29)),
    ("mon", (2026, 11, 30)),
    ("Monday", (2026, 11, 30)),
    ("tue", (2026, 12, 1)),
    ("tues", (2026, 12, 1)),
    ("wed", (2026, 12, 2)),
    ("weds", (2026, 12, 2)),
    ("wednesday", (2026, 12, 2)),
    # next weekday: today excluded
    ("next thu", (2026, 12, 3)),
    ("next thursday", (2026, 12, 3)),
    ("next fri", (2026, 11, 27)),
    ("next mon", (2026, 11, 30)),
    ("next   Monday", (2026, 11, 30)),
    ("next wed", (2026, 12, 2)),
    # ends of periods
    ("eow", (2026, 11, 27)),  # the working week ends on Friday
    ("eom", (2026, 11, 30)),
    ("EOQ", (2026, 12, 31)),
    ("eoy", (2026, 12, 31)),
    # offsets
    ("in 0 days", (2026, 11, 26)),
    ("in 1 day", (2026, 11, 27)),
    ("in 3 days", (2026, 11, 29)),
    ("in 10 days", (2026, 12, 6)),
    ("in 1 week", (2026, 12, 3)),
    ("in 2 weeks", (2026, 12, 10)),
    ("in 1 month", (2026, 12, 26)),
    ("in 3 months", (2027, 2, 26)),
    ("+0d", (2026, 11, 26)),
    ("+3d", (2026, 11, 29)),
    ("+ 3d", (2026, 11, 29)),
    ("+2w", (2026, 12, 10)),
    ("+1m", (2026, 12, 26)),
    ("+12M", (2027, 11, 26)),
    ("in 3 hours", (2026, 11, 26, 12, 30, 0)),
    ("in 1 hour", (2026, 11, 26, 10, 30, 0)),
    ("+0h", (2026, 11, 26, 9, 30, 0)),
    ("+3h", (2026, 11, 26, 12, 30, 0)),
    ("+24h", (2026, 11, 27, 9, 30, 0)),
    # ISO
    ("2026-12-01", (2026, 12, 1)),
    ("2020-01-01", (2020, 1, 1)),
    ("2026-12-01T14:00", (2026, 12, 1, 14, 0, 0)),
    ("2026-12-01t14:00", (2026, 12, 1, 14, 0, 0)),
    ("2026-12-01 14:00", (2026, 12, 1, 14, 0, 0)),
    ("2026-12-01T14:00:30", (2026, 12, 1, 14, 0, 30)),
    ("2026-12-01T14:00:30.999", (2026, 12, 1, 14, 0, 30)),
    # written forms
    ("1 Dec", (2026, 12, 1)),
    ("Dec 1", (2026, 12, 1)),
    ("dec 1", (2026, 12, 1)),
    ("December 1", (2026, 12, 1)),
    ("December 1st", (2026, 12, 1)),
    ("1st of December", (2026, 12, 1)),
    ("Dec 1 2026", (2026, 12, 1)),
    ("1 December 2026", (2026, 12, 1)),
    ("Dec 1, 2026", (2026, 12, 1)),
    ("Dec 1 2026 14:00", (2026, 12, 1, 14, 0, 0)),
    ("1 Dec 14:00", (2026, 12, 1, 14, 0, 0)),
    ("1 Dec 2pm", (2026, 12, 1, 14, 0, 0)),
    ("1 Dec at 2:30 pm", (2026, 12, 1, 14, 30, 0)),
    ("the 1st of December 2026 at 14:00:30", (2026, 12, 1, 14, 0, 30)),
    ("Sept 3rd", (2027, 9, 3)),
    ("2026 Dec 01", (2026, 12, 1)),
    ("26 Nov", (2026, 11, 26)),  # today: no year roll
    ("26 Nov 08:00", (2026, 11, 26, 8, 0, 0)),  # earlier today: overdue, not next year
    ("25 Nov", (2027, 11, 25)),  # yesterday's date: next year
    ("1 Jan", (2027, 1, 1)),  # year roll late in the year
    ("1 Jan 2026", (2026, 1, 1)),  # a written past year is kept
    ("29 Feb", (2028, 2, 29)),  # next leap day
    ("Fri 27 Nov", (2026, 11, 27)),  # format_date output reads back
    ("Fri 27 Nov 14:00", (2026, 11, 27, 14, 0, 0)),
    ("Fri 3 Dec 2027", (2027, 12, 3)),
]


@TABLE_ZONES
@pytest.mark.parametrize(("text", "local"), LOCAL_CASES, ids=[c[0] for c in LOCAL_CASES])
def test_parse_when_table(text: str, local: tuple[int, ...], tz: tzinfo) -> None:
    result = parse_when(text, thursday(tz))
    clock = time(local[3], local[4], local[5]) if len(local) == 6 else END_OF_DAY
    expected = datetime.combine(date(local[0], local[1], local[2]), clock, tzinfo=tz)
    assert result == expected
    assert result.tzinfo is tz
    assert (result.replace(tzinfo=None), result.microsecond) == (expected.replace(tzinfo=None), 0)


# (now's local date, text, expected local date); now is 09:30 that day.
DAY_CASES: list[tuple[date, str, date]] = [
    (date(2026, 11, 29), "eow", date(2026, 12, 4)),  # on a Sunday, the next working week's end
    (date(2026, 11, 30), "eow", date(2026, 12, 4)),  # on a Monday, the coming Friday
    (date(2026, 12, 4), "eow", date(2026, 12, 4)),  # on a Friday, today
    (date(2026, 12, 5), "eow", date(2026, 12, 11)),  # on a Saturday, next Friday
    (date(2026, 12, 3), "+1bd", date(2026, 12, 4)),
    (date(2026, 12, 4), "+1bd", date(2026, 12, 7)),  # Friday + 1 working day: Monday
    (date(2026, 12, 4), "in 3 working days", date(2026, 12, 9)),
    (date(2026, 12, 5), "in 1 business day", date(2026, 12, 7)),
    (date(2026, 12, 5), "+0bd", date(2026, 12, 7)),  # a Saturday: the next working day
    (date(2026, 12, 7), "+0bd", date(2026, 12, 7)),
    (date(2026, 12, 7), "+10bd", date(2026, 12, 21)),
    (date(2026, 11, 29), "sun", date(2026, 11, 29)),
    (date(2026, 11, 29), "next sun", date(2026, 12, 6)),
    (date(2028, 2, 10), "eom", date(2028, 2, 29)),  # leap February
    (date(2027, 2, 10), "eom", date(2027, 2, 28)),
    (date(2026, 12, 31), "eom", date(2026, 12, 31)),
    (date(2026, 1, 1), "eoq", date(2026, 3, 31)),
    (date(2026, 3, 31), "eoq", date(2026, 3, 31)),
    (date(2026, 4, 1), "eoq", date(2026, 6, 30)),
    (date(2026, 6, 15), "eoq", date(2026, 6, 30)),
    (date(2026, 7, 1), "eoq", date(2026, 9, 30)),
    (date(2026, 9, 30), "eoq", date(2026, 9, 30)),
    (date(2026, 10, 1), "eoq", date(2026, 12, 31)),
    (date(2026, 12, 31), "eoy", date(2026, 12, 31)),
    (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
    (date(2027, 1, 31), "+1m", date(2027, 2, 28)),
    (date(2028, 1, 31), "in 1 month", date(2028, 2, 29)),
    (date(2026, 12, 5), "1 Dec", date(2027, 12, 1)),  # the spec's example
    (date(2026, 12, 5), "Dec 1 2026", date(2026, 12, 1)),
    (date(2026, 12, 30), "1 Jan", date(2027, 1, 1)),
    (date(2028, 3, 1), "29 Feb", date(2032, 2, 29)),
    (date(2028, 2, 29), "29 Feb", date(2028, 2, 29)),
]


@TABLE_ZONES
@pytest.mark.parametrize(("today", "text", "expected"), DAY_CASES)
def test_parse_when_depends_on_today(today: date, text: str, expected: date, tz: tzinfo) -> None:
    now = datetime.combine(today, time(9, 30), tzinfo=tz)
    assert parse_when(text, now) == datetime.combine(expected, END_OF_DAY, tzinfo=tz)


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        ("2026-12-01T14:00:00+02:00", UTC, datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
        ("2026-12-01T14:00:00+02:00", PARIS, datetime(2026, 12, 1, 13, 0, tzinfo=PARIS)),
        ("2026-12-01T14:00:00+02:00", MINUS5, datetime(2026, 12, 1, 7, 0, tzinfo=MINUS5)),
        ("2026-12-01T14:00Z", PARIS, datetime(2026, 12, 1, 15, 0, tzinfo=PARIS)),
        ("2026-12-01T23:30:00-05:00", UTC, datetime(2026, 12, 2, 4, 30, tzinfo=UTC)),
        ("2026-07-01T14:00:00+00:00", PARIS, datetime(2026, 7, 1, 16, 0, tzinfo=PARIS)),  # CEST
        ("Dec 1 2026 14:00 UTC", PARIS, datetime(2026, 12, 1, 15, 0, tzinfo=PARIS)),
        ("Dec 1 2026 14:00 +02:00", UTC, datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
        ("dec 1 2026 14:00 utc", MINUS5, datetime(2026, 12, 1, 9, 0, tzinfo=MINUS5)),
        ("1 Dec 2pm GMT", PARIS, datetime(2026, 12, 1, 15, 0, tzinfo=PARIS)),
        ("1 Dec 14:00 z", PARIS, datetime(2026, 12, 1, 15, 0, tzinfo=PARIS)),
        ("1 Dec 14:00 -0500", UTC, datetime(2026, 12, 1, 19, 0, tzinfo=UTC)),
    ],
)
def test_parse_when_offsets_are_converted(text: str, tz: tzinfo, expected: datetime) -> None:
    result = parse_when(text, thursday(tz))
    assert result == expected
    assert result.tzinfo is tz
    assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_hours_are_elapsed_time_across_dst() -> None:
    # Paris springs forward at 02:00 on Sunday 2026-03-29: two hours after 01:30 is 04:30.
    now = datetime(2026, 3, 29, 1, 30, tzinfo=PARIS)
    result = parse_when("+2h", now)
    assert result.replace(tzinfo=None) == datetime(2026, 3, 29, 4, 30)
    assert result.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=2)
    assert parse_when("in 1 day", now) == eod(2026, 3, 30, PARIS)


def test_parse_when_needs_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("today", datetime(2026, 11, 26, 9, 30))


BAD_DATES = [
    "",
    "   ",
    "flurb",
    "in -3 days",
    "in 3",
    "in three days",
    "in 3 fortnights",
    "+3x",
    "+d",
    "-3d",
    "3d",
    "+3 days",
    "in 3d",
    "32 Dec",
    "Dec 32",
    "Feb 30",
    "30 Feb 2027",
    "29 Feb 2027",
    "12",
    "2026",
    "0",
    "Dec",
    "December 2026",
    "2026/12/01",
    "Dec 1 26",
    "next",
    "next dec",
    "next 1 Dec",
    "next week",
    "tomorrow!",
    "fri day",
    "2026-13-01",
    "2026-02-30",
    "2026-12-01T25:00",
    "2026-12-1",
    "26-12-01",
    "in 99999999 days",
    "+999999999w",
    "in 999999 months",
    "+99999999999999999999999999d",
    "Dec 1 2026 14:00 EST",
    "1 Dec flurb",
    "Dec 1 30m",
    "Dec 1 14:00 15:00",
    "1 Dec 2 Dec",
    "Dec Jan 1",
    "1 Dec UTC",
    "1 Dec 14:00 UTC GMT",
    "1-Dec-2026",
    "Dec 1 0",
    "Dec 00",
    "Dec 1 20266",
    "Dec 1 14:00am",
    "Dec 1 25:00",
    "may of +02:00 3",
    "0026 Dec",
    "eow eom",
]


@pytest.mark.parametrize("text", BAD_DATES)
def test_parse_when_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_when(text, thursday(UTC))
    message = str(info.value)
    assert repr(text.strip()) in message
    assert "use e.g. today, tomorrow, fri" in message
    assert "\n" not in message


@pytest.mark.parametrize("text", ["Mon 27 Nov", "Thu 27 Nov"])
def test_a_wrong_weekday_is_refused_saying_which_day_it_is(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_when(text, thursday(UTC))
    assert str(info.value) == f"cannot read date {text!r}: Fri 27 Nov 2026 is not a {text[:3]}"


def test_error_message_matches_the_documented_example() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_when("flurb", thursday(UTC))
    assert str(info.value) == (
        "cannot read date 'flurb': use e.g. today, tomorrow, fri, next mon, eod, eow, eom, eoq, "
        "in 3 days, +3d, +3bd, +2w, +1m, 2026-12-01, 1 Dec, 2026-12-01 14:00"
    )


def test_error_message_is_one_line_for_multiline_input() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_when("to\nday", thursday(UTC))
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------- durations

DURATIONS = [
    ("30m", 30),
    ("30min", 30),
    ("30 min", 30),
    ("45 mins", 45),
    ("5 minutes", 5),
    ("1 minute", 1),
    ("1h", 60),
    ("1H", 60),
    ("1 hr", 60),
    ("2hrs", 120),
    ("2 hours", 120),
    ("1 hour", 60),
    ("1h30", 90),
    ("1h30m", 90),
    ("1h 30m", 90),
    (" 1 h 30 ", 90),
    ("2h05", 125),
    ("1.5h", 90),
    (".5h", 30),
    ("0.25h", 15),
    ("0.1h", 6),
    ("1.5m", 2),  # halves round up
    ("2.5m", 3),
    ("0.5m", 1),
    ("90", 90),
    ("1", 1),
    ("1d", 480),
    ("2 days", 960),
    ("1 day", 480),
    ("0.5d", 240),
    ("1d 2h", 600),
    ("1d2h30", 630),
    ("1d 30m", 510),
]


@pytest.mark.parametrize(("text", "minutes"), DURATIONS)
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


BAD_DURATIONS = [
    "",
    "  ",
    "x",
    "0",
    "0m",
    "0h",
    "0.4m",
    "0h0m",
    "-5",
    "-30m",
    "30s",
    "1x",
    "h",
    "m",
    "1d30",
    "1 30",
    "30m 1h",
    "1h-30m",
    "1..5h",
    "1.h",
    "\uff11\uff12",  # fullwidth digits
    "1e3",
    "an hour",
    "100000000",
    "9" * 5000,
]


@pytest.mark.parametrize("text", BAD_DURATIONS)
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_duration(text)
    message = str(info.value)
    assert repr(text.strip()) in message
    assert message.startswith("cannot read duration")
    assert "\n" not in message


def test_duration_error_message_matches_the_documented_example() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_duration("x")
    assert str(info.value) == (
        "cannot read duration 'x': use e.g. 30m, 1h, 1h30, 1.5h, 90 (minutes), 1d"
    )


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (None, ""),
        (1, "1m"),
        (30, "30m"),
        (59, "59m"),
        (60, "1h"),
        (61, "1h01"),
        (90, "1h30"),
        (125, "2h05"),
        (480, "8h"),
        (1440, "24h"),
        (6001, "100h01"),
    ],
)
def test_format_duration(minutes: int | None, text: str) -> None:
    assert format_duration(minutes) == text


# --------------------------------------------------------------------------- display helpers


def test_days_until_uses_nows_timezone() -> None:
    when = datetime(2026, 11, 27, 0, 30, tzinfo=PARIS)  # 26 Nov 23:30 UTC
    assert days_until(when, thursday(UTC)) == 0
    assert days_until(when, thursday(PARIS)) == 1
    assert days_until(eod(2026, 11, 20, UTC), thursday(UTC)) == -6
    assert days_until(datetime(2026, 11, 26, 0, 0, tzinfo=UTC), thursday(UTC)) == 0


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (2, "in 2d"),
        (3, "in 3d"),
        (13, "in 13d"),
        (14, "in 2w"),
        (20, "in 2w"),
        (21, "in 3w"),
        (400, "in 57w"),
        (-1, "1d overdue"),
        (-5, "5d overdue"),
        (-30, "30d overdue"),
    ],
)
def test_format_relative(days: int, text: str) -> None:
    now = thursday(PARIS)
    when = eod(2026, 11, 26, PARIS) + timedelta(days=days)
    assert format_relative(when, now) == text


def test_format_relative_earlier_today_is_still_today() -> None:
    now = thursday(UTC)
    assert format_relative(now - timedelta(hours=2), now) == "today"


@pytest.mark.parametrize(
    ("when", "now_tz", "text"),
    [
        (eod(2026, 11, 27, UTC), UTC, "Fri 27 Nov"),
        (eod(2027, 12, 3, UTC), UTC, "Fri 3 Dec 2027"),
        (eod(2020, 1, 1, UTC), UTC, "Wed 1 Jan 2020"),
        (datetime(2026, 11, 27, 14, 0, tzinfo=UTC), UTC, "Fri 27 Nov 14:00"),
        (datetime(2026, 11, 27, 0, 0, tzinfo=UTC), UTC, "Fri 27 Nov 00:00"),
        (datetime(2026, 11, 27, 23, 30, tzinfo=UTC), PARIS, "Sat 28 Nov 00:30"),
        (eod(2026, 11, 27, UTC), PARIS, "Sat 28 Nov 00:59"),
        (eod(2027, 1, 1, PARIS), PARIS, "Fri 1 Jan 2027"),
        (eod(2026, 11, 27, PARIS).replace(microsecond=5), PARIS, "Fri 27 Nov"),
    ],
)
def test_format_date(when: datetime, now_tz: tzinfo, text: str) -> None:
    assert format_date(when, thursday(now_tz)) == text


def test_utc_storage_helpers() -> None:
    plus_one = timezone(timedelta(hours=1))
    aware = datetime(2026, 12, 4, 23, 59, 59, tzinfo=plus_one)
    stored = to_utc(aware)
    assert stored == datetime(2026, 12, 4, 22, 59, 59, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)
    back = from_utc(stored, PARIS)
    assert back == aware
    assert back.tzinfo is PARIS
    assert back.replace(tzinfo=None) == datetime(2026, 12, 4, 23, 59, 59)
    assert from_utc(aware, UTC) == aware  # an aware value is converted, not re-labelled
    with pytest.raises(ValueError):
        to_utc(datetime(2026, 12, 4))


def test_iso() -> None:
    plus_one = timezone(timedelta(hours=1))
    assert iso(datetime(2026, 12, 4, 23, 59, 59, tzinfo=plus_one)) == "2026-12-04T23:59:59+01:00"
    assert iso(datetime(2026, 12, 4, 9, 0, 0, 999999, tzinfo=UTC)) == "2026-12-04T09:00:00+00:00"
    assert iso(eod(2026, 7, 1, PARIS)) == "2026-07-01T23:59:59+02:00"
    with pytest.raises(ValueError):
        iso(datetime(2026, 12, 4))


# --------------------------------------------------------------------------- properties

zones = st.sampled_from(ZONES)
aware_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 12, 31, 23, 59, 59),
    timezones=zones,
    allow_imaginary=False,
)
counts = st.integers(min_value=0, max_value=1000)
day_forms = st.one_of(
    st.sampled_from(["today", "tomorrow", "eod", "eow", "eom", "eoq", "eoy", *WEEKDAY_NAMES]),
    st.sampled_from(WEEKDAY_NAMES).map(lambda name: f"next {name}"),
    st.builds(
        "in {} {}".format,
        counts,
        st.sampled_from(["day", "days", "week", "weeks", "month", "months"]),
    ),
    st.builds("+{}{}".format, counts, st.sampled_from(["d", "w", "m", "bd"])),
    st.builds("in {} working days".format, counts),
)
hour_forms = st.one_of(
    st.builds("in {} hours".format, counts),
    st.builds("+{}h".format, counts),
)


@settings(max_examples=200, deadline=None)
@given(text=day_forms, now=aware_datetimes)
def test_relative_day_forms_land_on_or_after_today(text: str, now: datetime) -> None:
    with no_clock():
        result = parse_when(text, now)
    assert result.tzinfo is now.tzinfo
    assert days_until(result, now) >= 0
    assert result.timetz().replace(tzinfo=None) == END_OF_DAY


@settings(max_examples=100, deadline=None)
@given(text=hour_forms, now=aware_datetimes)
def test_hour_forms_add_elapsed_hours(text: str, now: datetime) -> None:
    with no_clock():
        result = parse_when(text, now)
    hours = int("".join(ch for ch in text if ch.isdigit()))
    assert result.tzinfo is now.tzinfo
    assert days_until(result, now) >= 0
    assert result.astimezone(UTC) == now.replace(microsecond=0).astimezone(UTC) + timedelta(
        hours=hours
    )


@settings(max_examples=200, deadline=None)
@given(when=aware_datetimes.map(lambda d: d.replace(microsecond=0)), now=aware_datetimes)
def test_iso_round_trip(when: datetime, now: datetime) -> None:
    result = parse_when(iso(when), now)
    assert result.tzinfo is now.tzinfo
    assert result.astimezone(UTC) == when.astimezone(UTC)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=dates.MAX_EFFORT_MINUTES))
def test_duration_round_trip(minutes: int) -> None:
    assert parse_duration(format_duration(minutes)) == minutes


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_parse_duration_only_raises_invalid_input(text: str) -> None:
    try:
        minutes = parse_duration(text)
    except InvalidInput as exc:
        assert "\n" not in str(exc)
    else:
        assert 1 <= minutes <= dates.MAX_EFFORT_MINUTES


EFFORT_UNITS = {"m": 1, "min": 1, " minutes": 1, "h": 60, " heures": 60, "d": 480, "j": 480}


@settings(max_examples=300, deadline=None)
@given(
    number=st.decimals(0, 10**7, places=2, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(sorted(EFFORT_UNITS)),
)
def test_an_effort_past_999h_is_refused_in_one_line(number: object, unit: str) -> None:
    """Any effort up to 999h is read; any past it is refused, naming the limit."""
    text = f"{number}{unit}"
    minutes = round(float(str(number)) * EFFORT_UNITS[unit])
    if minutes < 1:
        return
    if minutes <= dates.MAX_EFFORT_MINUTES - 1:
        assert abs(parse_duration(text) - minutes) <= 1
    elif minutes > dates.MAX_EFFORT_MINUTES + 1:
        with pytest.raises(InvalidInput) as info:
            parse_duration(text)
        assert "more than 999h" in str(info.value) and "\n" not in str(info.value)


date_words = st.sampled_from(
    [
        *MONTHS,
        *WEEKDAY_NAMES,
        "next",
        "in",
        "days",
        "+3d",
        "of",
        "at",
        "UTC",
        "EST",
        "pm",
        "1",
        "12",
        "31",
        "2026",
        "26",
        "14:00",
        "-",
        "/",
        "+02:00",
        ":",
        "T",
    ]
)
arbitrary_text = st.one_of(st.text(), st.lists(date_words, max_size=5).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(text=arbitrary_text, now=aware_datetimes)
def test_parse_when_only_raises_invalid_input_and_is_deterministic(
    text: str, now: datetime
) -> None:
    outcomes = []
    with no_clock():
        for _ in range(2):
            try:
                result = parse_when(text, now)
            except InvalidInput as exc:
                assert "\n" not in str(exc)
                outcomes.append(str(exc))
            else:
                assert result.tzinfo is now.tzinfo
                assert result.microsecond == 0
                outcomes.append(iso(result))
    assert outcomes[0] == outcomes[1]


@settings(max_examples=200, deadline=None)
@given(first=aware_datetimes, second=aware_datetimes, now=aware_datetimes)
def test_days_until_is_monotone(first: datetime, second: datetime, now: datetime) -> None:
    early, late = sorted([first, second])
    assert days_until(early, now) <= days_until(late, now)
    label = format_relative(early, now)
    assert label.endswith("overdue") == (days_until(early, now) < 0)


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    now=aware_datetimes,
)
def test_written_dates(day: date, now: datetime) -> None:
    month = MONTHS[day.month - 1]
    with no_clock():
        with_year = parse_when(f"{day.day} {month} {day.year}", now)
        without_year = parse_when(f"{month} {day.day}", now)
    assert with_year == datetime.combine(day, END_OF_DAY, tzinfo=now.tzinfo)
    local = without_year.date()
    assert (local.month, local.day) == (day.month, day.day)
    assert 0 <= days_until(without_year, now) <= 366 * 8  # 29 Feb can be 8 years away
    if day.month != 2 or day.day != 29:
        assert days_until(without_year, now) <= 365


@settings(max_examples=200, deadline=None)
@given(
    now=aware_datetimes,
    ahead=st.integers(min_value=0, max_value=2000),
    at=st.one_of(st.just(END_OF_DAY), st.times().map(lambda t: t.replace(second=0, microsecond=0))),
)
def test_format_date_reads_back(now: datetime, ahead: int, at: time) -> None:
    day = now.date() + timedelta(days=ahead)
    when = datetime.combine(day, at, tzinfo=now.tzinfo)
    assert parse_when(format_date(when, now), now) == when


# --------------------------------------------------------------------------- times of day

TIME_EXAMPLES = int(os.environ.get("COO_TODO_FUZZ_EXAMPLES", "60"))


@st.composite
def written_times(draw: st.DrawFn) -> tuple[str, time]:
    """A time of day as a user writes it (9am, 9:15 pm, 14:30, 14h, 14h05), and its value."""
    clock = draw(st.times()).replace(second=0, microsecond=0)
    half = "am" if clock.hour < 12 else "pm"
    hour12 = clock.hour % 12 or 12
    forms = [f"{clock.hour}:{clock.minute:02d}", f"{clock.hour:02d}:{clock.minute:02d}"]
    forms += [f"{clock.hour}h{clock.minute:02d}", f"{hour12}:{clock.minute:02d}{half}"]
    forms += [f"{hour12}:{clock.minute:02d} {half.upper()}"]
    if clock.minute == 0:
        forms += [f"{clock.hour}h", f"{hour12}{half}", f"{hour12} {half}"]
    return draw(st.sampled_from(forms)), clock


@settings(max_examples=TIME_EXAMPLES, deadline=None)
@given(
    day=st.one_of(day_forms, st.just("")),
    at=written_times(),
    joiner=st.sampled_from([" ", " at ", "_", "_at_"]),
    now=aware_datetimes,
)
def test_a_time_after_any_day_form_sets_that_time(
    day: str, at: tuple[str, time], joiner: str, now: datetime
) -> None:
    """``fri 9am``, ``tomorrow at 14h``, ``next_mon_9:15pm``; a time alone is today's."""
    text, clock = at
    with no_clock():
        result = parse_when(f"{day}{joiner}{text}" if day else text, now)
        day_of = parse_when(day, now).date() if day else now.date()
    assert result.tzinfo is now.tzinfo
    assert result.replace(tzinfo=None) == datetime.combine(day_of, clock)


@settings(max_examples=TIME_EXAMPLES, deadline=None)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    at=written_times(),
    now=aware_datetimes,
)
def test_a_time_after_a_written_or_iso_date(day: date, at: tuple[str, time], now: datetime) -> None:
    text, clock = at
    expected = datetime.combine(day, clock)
    parse_when("1 Dec", now)  # dateutil's parser notes the year once, on first use
    with no_clock():
        written = parse_when(f"{day.day} {MONTHS[day.month - 1]} {day.year} {text}", now)
        iso_day = parse_when(f"{day.isoformat()} {text}", now)
    assert written.replace(tzinfo=None) == iso_day.replace(tzinfo=None) == expected


@pytest.mark.parametrize("text", ["13pm", "0am", "24h", "9h60", "fri 25:00", "now 9am", "+3h 9am"])
def test_impossible_times_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_when(text, thursday(UTC))


@pytest.mark.parametrize(
    ("text", "now", "inferred"),
    [
        ("1 Dec", datetime(2026, 12, 2, 9, tzinfo=UTC), True),
        ("1 Dec 2027", datetime(2026, 12, 2, 9, tzinfo=UTC), False),
        ("fri", datetime(2026, 12, 2, 9, tzinfo=UTC), False),
    ],
)
def test_read_when_tells_whether_the_year_was_inferred(
    text: str, now: datetime, inferred: bool
) -> None:
    read = read_when(text, now)
    assert read.year_inferred is inferred and read.at == parse_when(text, now)


working_calendars = st.builds(
    lambda days, holidays: WorkCalendar(frozenset(days), holidays=frozenset(holidays)),
    st.sets(st.integers(0, 6), min_size=1),
    st.sets(st.dates(date(2000, 1, 1), date(2101, 12, 31)), max_size=30),
)


@settings(max_examples=200, deadline=None)
@given(calendar=working_calendars, now=aware_datetimes, count=st.integers(1, 400))
def test_working_day_offsets_land_on_the_nth_working_day(
    calendar: WorkCalendar, now: datetime, count: int
) -> None:
    result = parse_when(f"+{count}bd", now, calendar)
    assert result.timetz().replace(tzinfo=None) == END_OF_DAY
    assert calendar.is_working_day(result.date())
    between = [
        now.date() + timedelta(days=n) for n in range(1, (result.date() - now.date()).days + 1)
    ]
    assert sum(calendar.is_working_day(day) for day in between) == count


@settings(max_examples=200, deadline=None)
@given(calendar=working_calendars, now=aware_datetimes)
def test_eow_is_a_working_day_this_week_or_later(calendar: WorkCalendar, now: datetime) -> None:
    result = parse_when("eow", now, calendar).date()
    assert calendar.is_working_day(result)
    assert now.date() <= result
    if not calendar.holidays:
        assert (result - now.date()).days < 14 - now.weekday()


# --------------------------------------------------------------------------- French and numeric

# (text, expected local (y, m, d) at END_OF_DAY or (y, m, d, H, M, S)) with now = Thu 26 Nov 2026
# 09:30, as LOCAL_CASES: the French forms of issue #17.
FRENCH_CASES: list[tuple[str, tuple[int, ...]]] = [
    ("maintenant", (2026, 11, 26, 9, 30, 0)),
    ("aujourd'hui", (2026, 11, 26)),
    ("aujourd\N{RIGHT SINGLE QUOTATION MARK}hui", (2026, 11, 26)),
    ("Aujourdhui", (2026, 11, 26)),
    ("demain", (2026, 11, 27)),
    ("après-demain", (2026, 11, 28)),
    ("apres-demain", (2026, 11, 28)),
    ("hier", (2026, 11, 25)),
    ("jeudi", (2026, 11, 26)),
    ("ven", (2026, 11, 27)),
    ("vendredi", (2026, 11, 27)),
    ("VENDREDI", (2026, 11, 27)),
    ("mar", (2026, 12, 1)),  # mardi alone: Tuesday, not March
    ("lundi prochain", (2026, 11, 30)),
    ("jeudi prochain", (2026, 12, 3)),
    ("vendredi en huit", (2026, 12, 4)),
    ("jeudi en huit", (2026, 12, 3)),
    ("dans 3 jours", (2026, 11, 29)),
    ("dans 1 jour", (2026, 11, 27)),
    ("dans 2 semaines", (2026, 12, 10)),
    ("dans 1 mois", (2026, 12, 26)),
    ("dans 3 heures", (2026, 11, 26, 12, 30, 0)),
    ("dans 3 jours ouvrés", (2026, 12, 1)),
    ("dans 3 jours ouvres", (2026, 12, 1)),
    ("d'ici vendredi", (2026, 11, 27)),
    ("pour demain", (2026, 11, 27)),
    ("fin de semaine", (2026, 11, 27)),
    ("fin de mois", (2026, 11, 30)),
    ("fin de trimestre", (2026, 12, 31)),
    ("fin d'année", (2026, 12, 31)),
    ("15 déc", (2026, 12, 15)),
    ("15 dec", (2026, 12, 15)),
    ("15 déc.", (2026, 12, 15)),
    ("15 décembre 2026", (2026, 12, 15)),
    ("3 févr", (2027, 2, 3)),
    ("3 fevrier", (2027, 2, 3)),
    ("1er mars", (2027, 3, 1)),
    ("15 mar", (2027, 3, 15)),  # beside a day alone, mar is March
    ("mar 1 déc", (2026, 12, 1)),  # beside another month, mar is mardi
    ("ven. 27 nov.", (2026, 11, 27)),
    ("le 15", (2026, 12, 15)),
    ("le 26", (2026, 11, 26)),
    ("le 1er", (2026, 12, 1)),
    ("le 31", (2026, 12, 31)),
    ("vendredi 27", (2026, 11, 27)),
    ("14h", (2026, 11, 26, 14, 0, 0)),
    ("14h30", (2026, 11, 26, 14, 30, 0)),
    ("9h", (2026, 11, 26, 9, 0, 0)),
    ("à 9h", (2026, 11, 26, 9, 0, 0)),
    ("demain 14h", (2026, 11, 27, 14, 0, 0)),
    ("demain midi", (2026, 11, 27, 12, 0, 0)),
    ("vendredi à 9h", (2026, 11, 27, 9, 0, 0)),
    ("lundi prochain à 14h30", (2026, 11, 30, 14, 30, 0)),
    ("le 15 à 14h", (2026, 12, 15, 14, 0, 0)),
    ("15 déc 2026 à 14h", (2026, 12, 15, 14, 0, 0)),
    ("15/12", (2026, 12, 15)),
    ("15/12/2026", (2026, 12, 15)),
    ("15.12.26", (2026, 12, 15)),
    ("04/12", (2026, 12, 4)),
    ("26/11 14h", (2026, 11, 26, 14, 0, 0)),
    ("15/12/2026 à 9h", (2026, 12, 15, 9, 0, 0)),
    ("ven 27/11", (2026, 11, 27)),
    # the English twins that came with them
    ("the 15th", (2026, 12, 15)),
    ("on the 15th", (2026, 12, 15)),
    ("by friday", (2026, 11, 27)),
    ("monday next", (2026, 11, 30)),
    ("friday week", (2026, 12, 4)),
    ("end of the month", (2026, 11, 30)),
    ("the day after tomorrow", (2026, 11, 28)),
    ("tomorrow noon", (2026, 11, 27, 12, 0, 0)),
]


@TABLE_ZONES
@pytest.mark.parametrize(("text", "local"), FRENCH_CASES, ids=[c[0] for c in FRENCH_CASES])
def test_parse_when_reads_french(text: str, local: tuple[int, ...], tz: tzinfo) -> None:
    result = parse_when(text, thursday(tz))
    clock = time(local[3], local[4], local[5]) if len(local) == 6 else END_OF_DAY
    assert result == datetime.combine(date(local[0], local[1], local[2]), clock, tzinfo=tz)
    assert result.tzinfo is tz


# (text, day-first date, month-first date): now is Thursday 26 Nov 2026.
NUMERIC_CASES = [
    ("04/12", date(2026, 12, 4), date(2027, 4, 12)),
    ("04/12/2026", date(2026, 12, 4), date(2026, 4, 12)),
    ("4.12.26", date(2026, 12, 4), date(2026, 4, 12)),
    ("12/1", date(2027, 1, 12), date(2026, 12, 1)),
    ("1/12/2026", date(2026, 12, 1), date(2026, 1, 12)),
    ("1.12.2026", date(2026, 12, 1), date(2026, 1, 12)),
    ("26/11/75", date(2075, 11, 26), None),  # two-digit years: the nearest, 49 ahead at most
    ("26/11/76", date(1976, 11, 26), None),
    ("29/02/28", date(2028, 2, 29), None),
    ("29/02", date(2028, 2, 29), None),
    ("12/15", None, date(2026, 12, 15)),
    ("12/25/2026", None, date(2026, 12, 25)),
    ("31/02", None, None),
    ("13/13", None, None),
    ("0/12", None, None),
    ("29/02/2027", None, None),
    ("31/04/2027", None, None),
]


@pytest.mark.parametrize(("text", "day_first", "month_first"), NUMERIC_CASES)
def test_numeric_dates_follow_the_order(
    text: str, day_first: date | None, month_first: date | None
) -> None:
    now = thursday(PARIS)
    for order, expected in ((dates.DAY_FIRST, day_first), (dates.MONTH_FIRST, month_first)):
        if expected is None:
            with pytest.raises(InvalidInput) as info:
                parse_when(text, now, order=order)
            first = "day first (dd/mm)" if order == dates.DAY_FIRST else "month first (mm/dd)"
            assert str(info.value) == f"cannot read date {text!r}: no such day when read {first}"
        else:
            assert parse_when(text, now, order=order) == eod(*expected.timetuple()[:3], PARIS)


@pytest.mark.parametrize(
    "text",
    ["2026/12/01", "15-12-2026", "15/12/", "15//12", "15/12.2026", "1/2/3", "15/12/202", "le 32"],
)
def test_numeric_dates_other_than_these_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"use e\.g\. today"):
        parse_when(text, thursday(UTC))


@pytest.mark.parametrize(
    "text",
    [
        "le",
        "le 15 2026",
        "12",
        "le 15 déc déc",
        "prochain",
        "en huit",
        "lun mar 1 déc",  # Monday (weekday 0) then another weekday
        "15/12/00 2026",  # year 0 then another year
        "mon 1/12 dec",
    ],
)
def test_french_fragments_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_when(text, thursday(UTC))


def test_date_order_names() -> None:
    assert [dates.date_order(name) for name in ("dmy", " MDY ", "ymd", "")] == [
        "dmy",
        "mdy",
        None,
        None,
    ]


FRENCH_WEEKDAYS = [
    ("lundi", "monday"),
    ("lun", "mon"),
    ("mardi", "tuesday"),
    ("mer", "wed"),
    ("mercredi", "wednesday"),
    ("jeudi", "thursday"),
    ("jeu", "thu"),
    ("vendredi", "friday"),
    ("ven", "fri"),
    ("samedi", "saturday"),
    ("sam", "sat"),
    ("dimanche", "sunday"),
    ("dim", "sun"),
]
FRENCH_MONTHS = [
    ("janvier", "january"),
    ("janv", "jan"),
    ("février", "february"),
    ("févr", "feb"),
    ("fev", "feb"),
    ("mars", "march"),
    ("avril", "april"),
    ("avr", "apr"),
    ("mai", "may"),
    ("juin", "june"),
    ("juillet", "july"),
    ("juil", "jul"),
    ("août", "august"),
    ("septembre", "september"),
    ("sept", "sep"),
    ("octobre", "october"),
    ("novembre", "november"),
    ("décembre", "december"),
    ("déc", "dec"),
]


@st.composite
def french_and_english(draw: st.DrawFn) -> tuple[str, str]:
    """A French date phrase and its English twin, which must read the same for any now."""
    weekday = draw(st.sampled_from(FRENCH_WEEKDAYS))
    month = draw(st.sampled_from(FRENCH_MONTHS))
    count = draw(counts)
    day = draw(st.integers(1, 31))
    year = draw(st.integers(2000, 2100))
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    fr_clock, en_clock = f"{hour}h{minute:02d}", f"{hour}:{minute:02d}"
    day_forms = [
        ("aujourd'hui", "today"),
        ("aujourdhui", "today"),
        ("demain", "tomorrow"),
        ("après-demain", "in 2 days"),
        ("hier", "yesterday"),
        ("fin de journée", "eod"),
        ("fin de semaine", "eow"),
        ("fin de mois", "eom"),
        ("fin de trimestre", "eoq"),
        ("fin d'année", "eoy"),
        weekday,
        (f"{weekday[0]} prochain", f"next {weekday[1]}"),
        (f"{weekday[0]} en huit", f"{weekday[1]} week"),
        (f"d'ici {weekday[0]}", weekday[1]),
        (f"dans {count} jours", f"in {count} days"),
        (f"dans {count} semaines", f"in {count} weeks"),
        (f"dans {count} mois", f"in {count} months"),
        (f"dans {count} jours ouvrés", f"in {count} working days"),
        (f"{day} {month[0]}", f"{day} {month[1]}"),
        (f"{day} {month[0]} {year}", f"{month[1]} {day}, {year}"),
        (f"le {day}", f"the {day}th"),
        (f"{day:02d}/{draw(st.integers(1, 12)):02d}", ""),  # twin filled in below
    ]
    french, english = draw(st.sampled_from(day_forms))
    if not english:  # a numeric date, day first: its twin spells the month out
        numeric_day, numeric_month = french.split("/")
        english = f"{int(numeric_day)} {MONTHS[int(numeric_month) - 1]}"
    timed = draw(st.sampled_from(["", " ", " à "]))
    if timed:
        return (
            f"{french}{timed}{fr_clock}",
            f"{english}{' at ' if timed == ' à ' else ' '}{en_clock}",
        )
    return french, english


def _outcome(text: str, now: datetime, calendar: WorkCalendar = WorkCalendar()) -> str:
    """What reading ``text`` gives: the instant, or that it was refused."""
    try:
        return iso(parse_when(text, now, calendar))
    except InvalidInput:
        return "refused"


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@settings(max_examples=300, deadline=None)
@given(pair=french_and_english(), now=aware_datetimes, calendar=working_calendars)
def test_french_phrases_read_as_their_english_twins(
    pair: tuple[str, str], now: datetime, calendar: WorkCalendar
) -> None:
    french, english = pair
    with no_clock():
        expected = _outcome(english, now, calendar)
        assert _outcome(french, now, calendar) == expected
        assert _outcome(_without_accents(french), now, calendar) == expected
        assert _outcome(french.upper(), now, calendar) == expected
        for apostrophe in ("\N{RIGHT SINGLE QUOTATION MARK}", "\N{MODIFIER LETTER APOSTROPHE}"):
            assert _outcome(french.replace("'", apostrophe), now, calendar) == expected
        assert _outcome(unicodedata.normalize("NFD", french), now, calendar) == expected


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    now=aware_datetimes,
    separator=st.sampled_from(["/", "."]),
)
def test_numeric_dates_read_as_written_dates_in_either_order(
    day: date, now: datetime, separator: str
) -> None:
    """15/12/2026 day first and 12/15/2026 month first are 15 Dec 2026; without a year, the
    next 15 Dec, like the written date; with two digits, the year nearest now's."""
    written = f"{day.day} {MONTHS[day.month - 1]}"
    day_first = f"{day.day}{separator}{day.month:02d}"
    month_first = f"{day.month}{separator}{day.day:02d}"
    with no_clock():
        for year in (f"{separator}{day.year}", ""):
            expected = read_when(f"{written} {year[1:]}".strip(), now)
            assert read_when(day_first + year, now, order=dates.DAY_FIRST) == expected
            assert read_when(month_first + year, now, order=dates.MONTH_FIRST) == expected
        short = parse_when(f"{day_first}{separator}{day.year % 100:02d}", now)
    assert short.month == day.month and short.day == day.day and short.year % 100 == day.year % 100
    assert abs(short.year - now.year) <= 50


french_words = st.sampled_from(
    [
        *(name for pair in FRENCH_WEEKDAYS + FRENCH_MONTHS for name in pair),
        "prochain",
        "en",
        "huit",
        "dans",
        "jours",
        "ouvrés",
        "d'ici",
        "le",
        "à",
        "fin",
        "de",
        "mois",
        "14h",
        "15/12",
        "31/02",
        "15.12.26",
        "/",
        ".",
        "1er",
        "aujourd\N{RIGHT SINGLE QUOTATION MARK}hui",
        "\u0301",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(), st.lists(st.one_of(french_words, date_words), max_size=5).map(" ".join)
    ),
    now=aware_datetimes,
    order=st.sampled_from(dates.DATE_ORDERS),
)
def test_french_and_numeric_text_only_raises_invalid_input(
    text: str, now: datetime, order: dates.DateOrder
) -> None:
    with no_clock():
        try:
            result = parse_when(text, now, order=order)
        except InvalidInput as exc:
            assert "\n" not in str(exc)
        else:
            assert result.tzinfo is now.tzinfo and result.microsecond == 0
