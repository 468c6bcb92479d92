"""Recurring tasks: rules read from words and written back (``domain.recurrence``), the next
occurrence, and the properties the issue asks for, on a real store: a series never has two
open occurrences, and each next occurrence comes after the completed one, on a rule date."""

from __future__ import annotations

import time as time_module
import uuid
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coo_todo.domain.records import DROPPED, OPEN
from coo_todo.domain.recurrence import (
    describe,
    first_due,
    next_occurrence,
    on_working_days,
    parse_every,
    working_days_rule,
)
from coo_todo.domain.worktime import DEFAULT_CALENDAR, WorkCalendar
from coo_todo.errors import Conflict, InvalidInput
from coo_todo.store import Store, TaskFilter

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=PARIS)  # a Thursday
PARIS_CALENDAR = DEFAULT_CALENDAR.in_zone(PARIS)

READ = {
    "fri": "FREQ=WEEKLY;BYDAY=FR",
    "every Friday": "FREQ=WEEKLY;BYDAY=FR",
    "2 weeks on mon": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    "month-end": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "last-working-day": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "the last working day of the month": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "first-mon": "FREQ=MONTHLY;BYDAY=1MO",
    "every first Monday": "FREQ=MONTHLY;BYDAY=1MO",
    "every 3 months on the 15th": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
    "every_3_months_on_the_15th": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
    "day": "FREQ=DAILY",
    "week": "FREQ=WEEKLY",
    "month": "FREQ=MONTHLY",
    "mon,thu": "FREQ=WEEKLY;BYDAY=MO,TH",
    "weekday": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "1w": "FREQ=WEEKLY",
    "+1m": "FREQ=MONTHLY",
    "2d": "FREQ=DAILY;INTERVAL=2",
    "biweekly": "FREQ=WEEKLY;INTERVAL=2",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "FREQ=WEEKLY;BYDAY=TU": "FREQ=WEEKLY;BYDAY=TU",
    "every month on the 31st": "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
    "3 months on the 30th": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=28,29,30;BYSETPOS=-1",
    "29th": "FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1",
    "28th": "FREQ=MONTHLY;BYMONTHDAY=28",
}


@pytest.mark.parametrize(("words", "rule"), READ.items())
def test_words_read_as_a_rule_and_the_rule_in_words_reads_back(words: str, rule: str) -> None:
    assert parse_every(words) == rule
    assert parse_every(describe(rule)) == rule


def test_rules_in_words() -> None:
    assert describe("FREQ=WEEKLY;BYDAY=FR") == "every Friday"
    assert describe("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO") == "every 2 weeks on Monday"
    assert describe("FREQ=MONTHLY;BYMONTHDAY=-1") == "every month on the last day"
    assert describe("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15") == "every 3 months on the 15th"
    assert describe("FREQ=MONTHLY;BYDAY=1MO") == "every first Monday of the month"
    last_working = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
    assert describe(last_working) == "every last working day of the month"
    assert describe("FREQ=YEARLY;BYMONTH=3") == "FREQ=YEARLY;BYMONTH=3"  # no words for it


def test_a_late_day_of_the_month_falls_on_a_shorter_months_last_day() -> None:
    """RFC 5545 skips a month without the day: "every month on the 31st" skipped five months
    of the year, February's month-end close never came."""
    rule = parse_every("every month on the 31st")
    assert describe(rule) == "every month on the 31st (or the last day of a shorter month)"
    due, seen = first_due(rule, NOW, DEFAULT_CALENDAR), []
    assert due is not None
    for _ in range(5):
        seen.append(due.date())
        following = next_occurrence(rule, due, NOW, DEFAULT_CALENDAR)
        assert following is not None
        due = following.due
    ends = [(2026, 11, 30), (2026, 12, 31), (2027, 1, 31), (2027, 2, 28), (2027, 3, 31)]
    assert seen == [date(*end) for end in ends]
    leap = next_occurrence(
        parse_every("30th"), datetime(2028, 1, 30, 23, tzinfo=PARIS), NOW, DEFAULT_CALENDAR
    )
    assert leap is not None and leap.due.date() == date(2028, 2, 29)


def test_the_last_working_day_follows_the_working_days() -> None:
    assert parse_every("last-working-day", workdays=range(4)) == (
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH;BYSETPOS=-1"
    )


@pytest.mark.parametrize("words", ["", "fortnite", "0 weeks", "32nd", "FREQ=SOMETIMES", "2b"])
def test_unreadable_rules_are_refused(words: str) -> None:
    with pytest.raises(InvalidInput, match="cannot read recurrence"):
        parse_every(words)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;INTERVAL=0",  # never moved: done looped for ever
        "FREQ=WEEKLY;INTERVAL=-1",  # done raised a ValueError traceback
        "FREQ=DAILY;INTERVAL=1000",
        "FREQ=DAILY;INTERVAL=",
        "FREQ=SECONDLY",  # done counted every second since the due day as missed
        "FREQ=HOURLY",
        "FREQ=DAILY;BYHOUR=9",
        "RRULE:FREQ=WEEKLY;BYDAY=MO;BYMINUTE=30",
    ],
)
def test_rules_that_do_not_step_by_days_are_refused(rule: str) -> None:
    for _ in range(2):  # each time: checked rules are kept (checked_rule), refused ones not
        with pytest.raises(InvalidInput, match="cannot read recurrence"):
            parse_every(rule)


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=WEEKLY;BYYEARDAY=366;BYMONTH=1;BYDAY=MO"]
)
def test_a_rule_that_matches_no_day_is_refused_fast(rule: str) -> None:
    """It was refused only after python-dateutil had stepped through every day to 9999:
    seconds of CPU for the daily rule (``todo add`` said "has no date left" 10 s later)."""
    started = time_module.process_time()
    with pytest.raises(InvalidInput, match="matches no day"):
        parse_every(rule)
    assert time_module.process_time() - started < 0.5


def test_the_first_occurrence_is_the_next_rule_day_at_its_end() -> None:
    assert first_due("FREQ=WEEKLY;BYDAY=FR", NOW, DEFAULT_CALENDAR) == datetime(
        2026, 11, 27, 23, 59, 59, tzinfo=PARIS
    )
    assert first_due("FREQ=WEEKLY;BYDAY=TH", NOW, DEFAULT_CALENDAR) == datetime(
        2026, 11, 26, 23, 59, 59, tzinfo=PARIS
    )
    last_working = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
    assert first_due(last_working, NOW, DEFAULT_CALENDAR) == datetime(
        2026, 11, 30, 23, 59, 59, tzinfo=PARIS
    )


def test_missed_occurrences_collapse_into_the_latest_past_one() -> None:
    due = datetime(2026, 10, 30, 23, 59, 59, tzinfo=PARIS)  # a Friday, four weeks ago
    following = next_occurrence("FREQ=WEEKLY;BYDAY=FR", due, NOW, DEFAULT_CALENDAR)
    assert following is not None
    assert following.due == datetime(2026, 11, 20, 23, 59, 59, tzinfo=PARIS)
    assert following.missed == 2  # 6 and 13 November
    on_time = next_occurrence("FREQ=WEEKLY;BYDAY=FR", following.due, NOW, DEFAULT_CALENDAR)
    assert on_time is not None and on_time.missed == 0
    assert on_time.due.date() == date(2026, 11, 27)


def test_a_rule_that_ends_brings_nothing() -> None:
    due = datetime(2026, 11, 27, 23, 59, 59, tzinfo=PARIS)
    assert next_occurrence("FREQ=WEEKLY;UNTIL=20261128", due, NOW, DEFAULT_CALENDAR) is None


RULES = st.sampled_from(sorted(set(READ.values())))
DAYS = st.dates(date(2020, 1, 1), date(2030, 12, 31))


@settings(max_examples=100, deadline=None)
@given(rule=RULES, due_day=DAYS, today=DAYS)
def test_the_next_occurrence_comes_after_and_is_a_rule_date(
    rule: str, due_day: date, today: date
) -> None:
    due = datetime.combine(due_day, time(23, 59, 59), tzinfo=PARIS)
    now = datetime.combine(today, time(9), tzinfo=PARIS)
    following = next_occurrence(rule, due, now, DEFAULT_CALENDAR)
    assert following is not None
    day = following.due.date()
    assert day > due_day
    dates = rrulestr(rule, dtstart=datetime.combine(due_day, time())).between(
        datetime.combine(due_day, time()), datetime.combine(day, time()), inc=True
    )
    assert datetime.combine(day, time()) in dates  # one of the rule's own dates
    later = [d for d in dates if d.date() > due_day]
    assert following.missed == len(later) - 1  # the others, every one of them past
    assert following.missed == 0 or day < today


OPS = st.lists(st.sampled_from(["done", "skip", "reopen", "undo"]), min_size=1, max_size=8)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("recurrence") / "todo.db"
    return Store(f"sqlite:///{path}", NOW)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rule=RULES, ops=OPS, days=st.lists(st.integers(0, 40), min_size=8, max_size=8))
def test_a_series_never_has_two_open_occurrences(
    store: Store, rule: str, ops: list[str], days: list[int]
) -> None:
    """Done, skip, reopen (refused when the next one is open) and undo, in any order and on
    any day, leave a series at most one open occurrence; each next one is due after the
    occurrence it follows."""
    series = str(uuid.uuid4())
    fields = {"title": "Weekly KPI review", "recurrence": rule, "series": series}
    current = store.add(
        {**fields, "due": first_due(rule, NOW, DEFAULT_CALENDAR)}, ["kpi"], [], NOW
    ).id
    for op, offset in zip(ops, days, strict=False):
        now = NOW + timedelta(days=offset)
        try:
            if op == "undo":
                store.undo(now.astimezone(UTC))
            elif op == "reopen":
                store.set_status([current], OPEN, now.astimezone(UTC), "reopened")
            else:
                closed = store.task(current)
                status, kind = ("done", "done") if op == "done" else (DROPPED, "skipped")
                changed = store.set_status([current], status, now, kind, calendar=PARIS_CALENDAR)
                for following in changed[1:]:
                    assert following.due is not None and closed.due is not None
                    assert following.due > closed.due
                    assert following.tags == ("kpi",) and following.series == series
        except (InvalidInput, Conflict):  # done twice, nothing to undo, a refused reopen
            pass
        everything = store.tasks(TaskFilter(status=None))
        open_series = Counter(task.series for task in everything if task.status == OPEN)
        assert all(count == 1 for name, count in open_series.items() if name), open_series
        occurrences = [task for task in everything if task.series == series]
        if not occurrences:  # undo removed the first one
            break
        current = max(occurrences, key=lambda task: (task.status == OPEN, task.id)).id


HOLIDAY_CALENDARS = st.builds(
    lambda days, holidays: WorkCalendar(frozenset(days), zone=PARIS, holidays=frozenset(holidays)),
    st.sets(st.integers(0, 6), min_size=1),
    st.sets(DAYS, max_size=400),
)


@settings(max_examples=150, deadline=None)
@given(calendar=HOLIDAY_CALENDARS, due_day=DAYS, today=DAYS)
def test_a_rule_of_working_days_skips_holidays(
    calendar: WorkCalendar, due_day: date, today: date
) -> None:
    """ "Every working day" never lands on a holiday; "the last working day of the month"
    lands on the month's last day that is neither off nor a holiday."""
    due = datetime.combine(due_day, time(23, 59, 59), tzinfo=PARIS)
    now = datetime.combine(today, time(9), tzinfo=PARIS)
    for words in ("weekday", "last-working-day"):
        following = next_occurrence(parse_every(words, calendar.days), due, now, calendar)
        assert following is not None
        day = following.due.date()
        assert day > due_day and calendar.is_working_day(day), words
        if words == "last-working-day":
            rest = (day + timedelta(days=n) for n in range(1, 7))
            later = [d for d in rest if d.month == day.month]
            assert not any(calendar.is_working_day(d) for d in later)
        first = first_due(parse_every(words, calendar.days), now, calendar)
        assert first is not None and calendar.is_working_day(first.date())


@settings(max_examples=60, deadline=None)
@given(calendar=HOLIDAY_CALENDARS, rule=RULES, due_day=DAYS, today=DAYS)
def test_a_rule_of_the_users_own_days_keeps_them_on_holidays(
    calendar: WorkCalendar, rule: str, due_day: date, today: date
) -> None:
    """``every:fri`` is the user's own day: a holiday on a Friday does not move it."""
    due = datetime.combine(due_day, time(23, 59, 59), tzinfo=PARIS)
    now = datetime.combine(today, time(9), tzinfo=PARIS)
    if on_working_days(rule, calendar):
        return
    plain = replace(calendar, holidays=frozenset())
    assert next_occurrence(rule, due, now, calendar) == next_occurrence(rule, due, now, plain)


def test_the_last_working_day_before_a_holiday_on_the_31st() -> None:
    rule = parse_every("the last working day of the month")
    calendar = WorkCalendar(zone=PARIS, holidays=frozenset({date(2026, 12, 31)}))
    due = datetime(2026, 11, 30, 23, 59, 59, tzinfo=PARIS)
    following = next_occurrence(rule, due, NOW, calendar)
    assert following is not None and following.due.date() == date(2026, 12, 30)
    after = next_occurrence(rule, following.due, NOW, calendar)
    assert after is not None and after.due.date() == date(2027, 1, 29)
    on_the_30th = datetime(2026, 12, 30, 9, tzinfo=PARIS)
    first = first_due(rule, datetime(2026, 12, 31, 9, tzinfo=PARIS), calendar)
    assert first is not None and first.date() == date(2027, 1, 29)  # the 30th has gone
    first = first_due(rule, on_the_30th, calendar)
    assert first is not None and first.date() == date(2026, 12, 30)


FIRST_WORKING_DAY = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1"


def test_the_first_working_day_after_a_holiday_on_the_1st() -> None:
    """Friday 1 January 2027 is a holiday: the month's first working day is Monday the 4th,
    its second Tuesday the 5th. From the weekend between, or from a due day on the holiday,
    the rule found its date on the 1st, past, and went on to February."""
    calendar = WorkCalendar(zone=PARIS, holidays=frozenset({date(2027, 1, 1)}))
    weekend = datetime(2027, 1, 2, 9, tzinfo=PARIS)
    first = first_due(FIRST_WORKING_DAY, weekend, calendar)
    assert first is not None and first.date() == date(2027, 1, 4)
    on_the_holiday = datetime(2027, 1, 1, 23, 59, 59, tzinfo=PARIS)
    following = next_occurrence(FIRST_WORKING_DAY, on_the_holiday, weekend, calendar)
    assert following is not None and following.due.date() == date(2027, 1, 4)
    second = FIRST_WORKING_DAY.replace("BYSETPOS=1", "BYSETPOS=2")
    on_the_4th = datetime(2027, 1, 4, 23, 59, 59, tzinfo=PARIS)
    following = next_occurrence(second, on_the_4th, weekend, calendar)
    assert following is not None and following.due.date() == date(2027, 1, 5)


def _nth_working_day_after(
    anchor: date, position: int, calendar: WorkCalendar, *, inc: bool
) -> date:
    """The first month's ``position``-th working day (from the end when negative), holidays
    off, after ``anchor`` (or from it, ``inc``), counted day by day."""
    month = anchor.replace(day=1)
    while True:
        following = (month + timedelta(days=31)).replace(day=1)
        days = [month + timedelta(days=n) for n in range((following - month).days)]
        working = [day for day in days if calendar.is_working_day(day)]
        if abs(position) <= len(working):
            day = working[position - 1 if position > 0 else position]
            if day > anchor or (inc and day == anchor):
                return day
        month = following


@st.composite
def _holidays_near(draw: st.DrawFn) -> tuple[WorkCalendar, date]:
    """An anchor, and a calendar whose holidays crowd its month and the next (where a
    position's day moves)."""
    anchor = draw(st.dates(date(2025, 1, 1), date(2029, 12, 31)))
    month = anchor.replace(day=1)
    offsets = draw(st.sets(st.integers(0, 61), max_size=20))
    days = draw(st.sets(st.integers(0, 6), min_size=1))
    holidays = frozenset(month + timedelta(days=offset) for offset in offsets)
    return WorkCalendar(frozenset(days), zone=PARIS, holidays=holidays), anchor


@settings(max_examples=200, deadline=None)
@given(calendar_and_anchor=_holidays_near(), position=st.integers(-5, 5).filter(bool))
def test_a_working_day_position_counts_working_days_that_are_not_holidays(
    calendar_and_anchor: tuple[WorkCalendar, date], position: int
) -> None:
    """``BYSETPOS=n`` of a month's working days is the n-th working day that is no holiday
    (from the end for a negative n), and the first such day after the anchor: never a later
    month's when the anchor's own month still has it to come."""
    calendar, anchor = calendar_and_anchor
    rule = f"FREQ=MONTHLY;BYDAY={working_days_rule(calendar.days)};BYSETPOS={position}"
    now = datetime.combine(anchor, time(9), tzinfo=PARIS)
    first = first_due(rule, now, calendar)
    assert first is not None
    assert first.date() == _nth_working_day_after(anchor, position, calendar, inc=True)
    due = datetime.combine(anchor, time(23, 59, 59), tzinfo=PARIS)
    following = next_occurrence(rule, due, now, calendar)
    assert following is not None and following.missed == 0
    day = following.due.date()
    assert calendar.is_working_day(day)
    assert day == _nth_working_day_after(anchor, position, calendar, inc=False)
