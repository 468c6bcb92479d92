"""Recurring tasks: a rule read from words, written back in words, and its next date. Pure.

A rule is an RFC 5545 RRULE (``FREQ=WEEKLY;BYDAY=FR``) that python-dateutil's ``rrule``
interprets: no calendar arithmetic of our own. Its dates are days; an occurrence is due at the
end of its day, as a date typed alone is (``dates.END_OF_DAY``). A rule has no start of its
own: each occurrence's due day anchors the next (``every 2 weeks on mon`` counts the two weeks
from the occurrence just completed).

Forms read by ``parse_every`` (``every:`` inline, ``--every``; ``_`` stands for a space):
``day``, ``week``, ``month``, ``year`` (and ``daily``...), ``weekday``, ``fri``, ``mon,thu``,
``2 weeks on mon``, ``3 months on the 15th``, ``15th``, ``month-end``, ``last-working-day``,
``first-mon`` (``last fri``...), Taskwarrior's and todo.txt's periods (``2d``, ``1w``, ``+1m``,
``biweekly``, ``quarterly``), and an RRULE itself. French words read as the English ones
they mean (``_FRENCH``), case and accents aside: ``lundi``, ``lun,jeu``, ``lundi et jeudi``,
``chaque vendredi``, ``tous les 2 semaines le lundi``, ``chaque mois le 15``, ``fin de mois``,
``jour ouvré``, and whatever ``describe`` writes in French (``le premier lundi de chaque mois``).
"""

from __future__ import annotations

import re
import unicodedata
from calendar import month_name
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from itertools import groupby, islice
from typing import TYPE_CHECKING, NamedTuple

from coo_todo.domain.dates import END_OF_DAY
from coo_todo.domain.worktime import WorkCalendar
from coo_todo.errors import InvalidInput
from coo_todo.i18n import N_, _, format_date_pattern, ngettext, pgettext

if TYPE_CHECKING:
    from dateutil.rrule import rrule

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""RFC 5545 weekday codes, Monday first (``datetime.weekday`` numbers)."""
_DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS = {
    **{name.lower(): number for number, name in enumerate(_DAY_WORDS)},
    **{name.lower()[:3]: number for number, name in enumerate(_DAY_WORDS)},
    "tues": 1,
    "wednes": 2,
    "thur": 3,
    "thurs": 3,
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4}
_ORDINALS |= {"4th": 4, "last": -1}
_UNITS = {
    "d": "DAILY",
    "day": "DAILY",
    "w": "WEEKLY",
    "week": "WEEKLY",
    "m": "MONTHLY",
    "mo": "MONTHLY",
    "month": "MONTHLY",
    "y": "YEARLY",
    "year": "YEARLY",
}
_NAMED = {
    "daily": "FREQ=DAILY",
    "weekly": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY",
    "yearly": "FREQ=YEARLY",
    "annually": "FREQ=YEARLY",
    "annual": "FREQ=YEARLY",
    "biyearly": "FREQ=YEARLY;INTERVAL=2",
    "biweekly": "FREQ=WEEKLY;INTERVAL=2",
    "fortnight": "FREQ=WEEKLY;INTERVAL=2",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "other week": "FREQ=WEEKLY;INTERVAL=2",
    "bimonthly": "FREQ=MONTHLY;INTERVAL=2",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "quarter": "FREQ=MONTHLY;INTERVAL=3",
    "semiannual": "FREQ=MONTHLY;INTERVAL=6",
    "biannual": "FREQ=YEARLY;INTERVAL=2",
    "month-end": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "month end": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "end of month": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "end of the month": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "eom": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "month on the last day": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "last day of the month": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "last day of month": "FREQ=MONTHLY;BYMONTHDAY=-1",
}
_PERIOD_RE = re.compile(r"\+?(?P<n>\d{1,3})\s*(?P<unit>d|w|m|mo|y|q|b)", re.ASCII)
_EVERY_N_RE = re.compile(
    r"(?P<n>\d{1,3}|other)\s+(?P<unit>day|week|month|year)s?(?:\s+on\s+(?P<on>.+))?", re.ASCII
)
_UNIT_ON_RE = re.compile(r"(?P<unit>day|week|month|year)(?:\s+on\s+(?P<on>.+))?", re.ASCII)
_MONTH_DAY_RE = re.compile(r"(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?", re.ASCII)
_NTH_DAY_RE = re.compile(r"(?P<nth>\w+)[\s-]+(?P<day>[a-z]+?)(?:\s+of\s+(?:the|every)\s+month)?")
_LAST_WORKING_RE = re.compile(
    r"last[\s-]+(?:working|work|business)[\s-]+day(?:\s+of\s+(?:the|every)\s+month)?"
)
_WORKING_DAY_WORDS = frozenset(
    {"weekday", "weekdays", "working day", "work day", "workday", "business day"}
)

_FRENCH = {
    **dict.fromkeys(("lundi", "lundis", "lun"), "mon"),
    **dict.fromkeys(("mardi", "mardis", "mar"), "tue"),
    **dict.fromkeys(("mercredi", "mercredis", "mer"), "wed"),
    **dict.fromkeys(("jeudi", "jeudis", "jeu"), "thu"),
    **dict.fromkeys(("vendredi", "vendredis", "ven"), "fri"),
    **dict.fromkeys(("samedi", "samedis", "sam"), "sat"),
    **dict.fromkeys(("dimanche", "dimanches", "dim"), "sun"),
    **dict.fromkeys(("jour", "jours"), "day"),
    **dict.fromkeys(("semaine", "semaines"), "week"),
    "mois": "month",
    **dict.fromkeys(("an", "ans", "annee", "annees"), "year"),
    **dict.fromkeys(("jour ouvre", "jours ouvres", "jour ouvrable", "jours ouvrables"), "weekday"),
    **dict.fromkeys(("fin de mois", "fin du mois"), "month-end"),
    **dict.fromkeys(("chaque", "tous les", "toutes les"), "every"),
    "et": "and",
    "et le": "and",
    "le": "on",
    "premier": "first",
    "1er": "1st",
    "deuxieme": "second",
    "troisieme": "third",
    "quatrieme": "fourth",
    "dernier": "last",
    "dernier jour ouvre": "last working day",
    "de chaque mois": "of every month",
    "(ou le dernier jour d'un mois plus court)": "(or the last day of a shorter month)",
}
"""French words and phrases, without accents, read as the English they mean: those a user
types, and those ``describe`` writes in French (``le premier lundi de chaque mois``)."""

EVERY_FORMS = N_(
    "fri, 2 weeks on mon, month-end, last-working-day, first-mon, 3 months on the 15th"
)


class NextOccurrence(NamedTuple):
    """Where a series goes after an occurrence: the next due time, and how many earlier
    dates, already past, it stands for besides its own (``missed``)."""

    due: datetime
    missed: int


def _bad_rule(text: str) -> InvalidInput:
    return InvalidInput(
        _("cannot read recurrence {text!r}: use e.g. {forms}").format(
            text=text, forms=_(EVERY_FORMS)
        )
    )


def working_days_rule(workdays: Iterable[int]) -> str:
    """``BYDAY`` of the working days (0 = Monday): ``MO,TU,WE,TH,FR`` by default."""
    return ",".join(RRULE_DAYS[day] for day in sorted(workdays))


def parse_every(text: str, workdays: Iterable[int] = range(5)) -> str:
    """The RRULE that words such as ``fri`` or ``2 weeks on mon`` describe (see the module
    docstring); ``workdays`` are what "working day" means. InvalidInput if unreadable."""
    low = _french_re().sub(lambda word: _FRENCH[word[0]], _plain(text))
    low = re.sub(r"^(every|each|on)\s+", "", low).removeprefix("the ")
    low = low.removesuffix(SHORTER_MONTH_WORDS)
    if low.upper().startswith(("FREQ=", "RRULE:")):
        return checked_rule(text.strip())
    rule = _read(low, working_days_rule(workdays))
    if rule is None:
        raise _bad_rule(text.strip())
    return checked_rule(rule)


@cache
def _french_re() -> re.Pattern[str]:
    """The words and phrases of ``_FRENCH``, longest first, as whole words; compiled on first
    use (a command that only shows rules needs none of it)."""
    phrases = "|".join(map(re.escape, sorted(_FRENCH, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])(?:{phrases})(?![\w-])")


def _plain(text: str) -> str:
    """``text`` in lower case, without accents, ``_`` read as a space, single-spaced."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("_", " "))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _read(low: str, workdays: str) -> str | None:
    if low in _NAMED:
        return _NAMED[low]
    if low in _WORKING_DAY_WORDS:
        return f"FREQ=WEEKLY;BYDAY={workdays}"
    if _LAST_WORKING_RE.fullmatch(low):
        return f"FREQ=MONTHLY;BYDAY={workdays};BYSETPOS=-1"
    period = _PERIOD_RE.fullmatch(low)
    if period:
        return _period(int(period["n"]), period["unit"], workdays)
    every_n = _EVERY_N_RE.fullmatch(low) or _UNIT_ON_RE.fullmatch(low)
    if every_n:
        count = every_n.groupdict().get("n") or "1"
        interval = 2 if count == "other" else int(count)
        return _unit_on(interval, _UNITS[every_n["unit"]], every_n["on"])
    days = _day_list(low)
    if days is not None:
        return f"FREQ=WEEKLY;BYDAY={days}"
    return _month_day(low) or _nth_weekday(low)


def _period(count: int, unit: str, workdays: str) -> str | None:
    """Taskwarrior's and todo.txt's ``2d``, ``1w``, ``3m``, ``1y``, ``1q``, ``5b``."""
    if count < 1:
        return None
    if unit == "q":
        return f"FREQ=MONTHLY;INTERVAL={3 * count}"
    if unit == "b":
        return f"FREQ=WEEKLY;BYDAY={workdays}" if count == 1 else None
    return _with_interval(f"FREQ={_UNITS[unit]}", count)


def _with_interval(rule: str, interval: int) -> str:
    return rule if interval == 1 else f"{rule};INTERVAL={interval}"


def _unit_on(interval: int, freq: str, on: str | None) -> str | None:
    """``N weeks on mon``, ``N months on the 15th`` (or ``on the last day``)."""
    if interval < 1:
        return None
    rule = _with_interval(f"FREQ={freq}", interval)
    if on is None:
        return rule
    on = on.removeprefix("the ")
    if freq == "WEEKLY":
        days = _day_list(on)
        return None if days is None else f"{rule};BYDAY={days}"
    if freq == "MONTHLY":
        if on in ("last day", "last day of the month"):
            return f"{rule};BYMONTHDAY=-1"
        month_day = _month_day(on)
        nth = month_day or _nth_weekday(on)
        return None if nth is None else f"{rule};{nth.partition(';')[2]}"
    return None


def _day_list(text: str) -> str | None:
    """``mon``, ``mon,thu``, ``monday and thursday`` as ``MO,TH``; None if not weekdays."""
    words = [word for word in re.split(r"[\s,+/]+|\band\b", text) if word]
    numbers = [_WEEKDAYS.get(word.rstrip("s")) for word in words]
    if not words or None in numbers:
        return None
    return ",".join(RRULE_DAYS[number] for number in sorted({n for n in numbers if n is not None}))


SHORTEST_MONTH = 28
"""Days every month has; a later day (29th to 31st) falls on a shorter month's last day."""
SHORTER_MONTH_WORDS = N_(" (or the last day of a shorter month)")
"""What ``describe`` says after such a day, and ``parse_every`` reads back."""


def _month_day(text: str) -> str | None:
    """``15th``, ``the 31st``: that day of the month, or the month's last day when it is
    shorter (``BYMONTHDAY=28,29,30,31;BYSETPOS=-1``: RFC 5545 would skip the month)."""
    match = _MONTH_DAY_RE.fullmatch(text.removesuffix(" of the month").removesuffix(" of month"))
    if match is None or not 1 <= int(match["day"]) <= 31:
        return None
    day = int(match["day"])
    if day <= SHORTEST_MONTH:
        return f"FREQ=MONTHLY;BYMONTHDAY={day}"
    days = ",".join(str(number) for number in range(SHORTEST_MONTH, day + 1))
    return f"FREQ=MONTHLY;BYMONTHDAY={days};BYSETPOS=-1"


_MONTH_NUMBERS = {str(number): month_name[number] for number in range(1, 13)}
_FROM_START_ALONE = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"})
"""Parts of a rule that takes its day of the month (and month) from its start alone."""


def pinned_to(rule: str, day: date) -> str:
    """``rule`` with ``day``'s place in the month written in, when a monthly or yearly rule
    takes it from its start alone and ``day`` is past the 28th: each occurrence anchors the
    next, and RFC 5545 skips a month (a year) without that day, so ``every month`` from the
    31st falls on a shorter month's last day instead, ``every year`` from 29 February on the
    28th of a common year."""
    parts = _parts(rule)
    freq = parts.get("FREQ")
    if freq not in ("MONTHLY", "YEARLY") or not parts.keys() <= _FROM_START_ALONE:
        return rule
    if day.day <= SHORTEST_MONTH:
        return rule
    month = f";BYMONTH={day.month}" if freq == "YEARLY" else ""
    days = ",".join(str(number) for number in range(SHORTEST_MONTH, day.day + 1))
    return f"{rule}{month};BYMONTHDAY={days};BYSETPOS=-1"


def _late_month_day(parts: dict[str, str]) -> int | None:
    """The day ``_month_day`` wrote as ``BYMONTHDAY=28,...,day;BYSETPOS=-1``, else None."""
    days = parts.get("BYMONTHDAY", "").split(",")
    if set(parts) != {"BYMONTHDAY", "BYSETPOS"} or parts["BYSETPOS"] != "-1":
        return None
    last = days[-1]
    if not (last.isascii() and last.isdigit()) or not SHORTEST_MONTH < int(last) <= 31:
        return None
    return int(last) if days == [str(n) for n in range(SHORTEST_MONTH, int(last) + 1)] else None


def _nth_weekday(text: str) -> str | None:
    """``first-mon``, ``first monday``, ``last fri of the month``: ``BYDAY=1MO``."""
    match = _NTH_DAY_RE.fullmatch(text)
    if match is None or match["nth"] not in _ORDINALS:
        return None
    day = _WEEKDAYS.get(match["day"].rstrip("s"))
    if day is None:
        return None
    return f"FREQ=MONTHLY;BYDAY={_ORDINALS[match['nth']]}{RRULE_DAYS[day]}"


DAY_FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
"""The frequencies a rule may have: its dates are days (an hourly rule would count its
hours, since a task due long ago, as missed occurrences)."""
MAX_INTERVAL = 999
"""The largest ``INTERVAL``, as the words allow (``every 999 days``); 0 or less never moves."""
_TIME_PARTS = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})
PROBE_START = datetime(9942, 1, 1)
"""Where a rule's days are looked for once, to refuse one that matches none: python-dateutil
steps through every day to the end of the calendar (9999) before it says so, seconds from
today, a few milliseconds from here. The 58 years left hold two cycles of 28, in which any
day the parts can match comes (29 February on a Monday, a week 53)."""
_LIMIT_PARTS = ("INTERVAL=", "COUNT=", "UNTIL=")


@lru_cache(maxsize=256)
def checked_rule(rule: str) -> str:
    """``rule`` if python-dateutil reads it as a rule of days without a start of its own (no
    ``DTSTART``; a frequency of ``DAY_FREQUENCIES``, an ``INTERVAL`` from 1 to
    ``MAX_INTERVAL``, no time of day), upper-cased; InvalidInput otherwise. Kept for the
    rules last checked (dateutil reads a rule twice here: 50 us; a done checks its rule
    again)."""
    text = rule.strip().upper().removeprefix("RRULE:")
    if "DTSTART" in text or "\n" in text:
        raise _bad_rule(rule)
    parts = _parts(text)
    interval = parts.get("INTERVAL", "1")
    if (
        parts.get("FREQ") not in DAY_FREQUENCIES
        or not (interval.isascii() and interval.isdigit())
        or not 1 <= int(interval) <= MAX_INTERVAL
        or _TIME_PARTS & parts.keys()
    ):
        raise _bad_rule(rule)
    from dateutil.rrule import rrulestr  # imported on first use: showing a rule needs none

    try:
        rrulestr(text, dtstart=datetime(2000, 1, 1))
        pattern = ";".join(part for part in text.split(";") if not part.startswith(_LIMIT_PARTS))
        if rrulestr(pattern, dtstart=PROBE_START).after(PROBE_START, inc=True) is None:
            raise InvalidInput(_("the rule {rule} matches no day").format(rule=text))
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise _bad_rule(rule) from exc
    return text


def _parts(rule: str) -> dict[str, str]:
    return dict(part.partition("=")[::2] for part in rule.split(";") if part)


_EVERY_UNIT = {
    "DAILY": N_("every day"),
    "WEEKLY": N_("every week"),
    "MONTHLY": N_("every month"),
    "YEARLY": N_("every year"),
}
_ORDINAL_NAMES = {1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"), -1: N_("last")}
"""A weekday's place in the month (``BYDAY=1MO``), as ``describe`` names it."""
_DAY_SUFFIXES = {1: N_("{day}st"), 2: N_("{day}nd"), 3: N_("{day}rd")}


def _every(freq: str, interval: int) -> str:
    """``every week``, ``every 2 weeks``: the rule's step, in the active language."""
    if interval == 1:
        return _(_EVERY_UNIT[freq])
    if freq == "DAILY":
        words = ngettext("every {count} day", "every {count} days", interval)
    elif freq == "WEEKLY":
        words = ngettext("every {count} week", "every {count} weeks", interval)
    elif freq == "MONTHLY":
        words = ngettext("every {count} month", "every {count} months", interval)
    else:
        words = ngettext("every {count} year", "every {count} years", interval)
    return words.format(count=interval)


def _ordinal(day: int) -> str:
    """A day of the month as a rule names it: ``1st``, ``15th`` (French: ``1er``, ``15``)."""
    if day == 1:
        # NOTE: French writes the first day of a month "1er", and the others as numbers.
        return _("1st")
    other = N_("{day}th")
    suffixed = other if 10 <= day % 100 <= 20 else _DAY_SUFFIXES.get(day % 10, other)
    return _(suffixed).format(day=day)


def _weekday_names(after: str | None) -> tuple[str, ...]:
    """The weekdays' names, Monday first, as they read alone (``Monday``, ``lundi``), after
    ``every`` (French: ``tous les lundis``) or after ``on`` (``toutes les 2 semaines le
    lundi``)."""
    if after == "every":
        return (
            pgettext("every", "Monday"),
            pgettext("every", "Tuesday"),
            pgettext("every", "Wednesday"),
            pgettext("every", "Thursday"),
            pgettext("every", "Friday"),
            pgettext("every", "Saturday"),
            pgettext("every", "Sunday"),
        )
    if after == "on":
        return (
            pgettext("on", "Monday"),
            pgettext("on", "Tuesday"),
            pgettext("on", "Wednesday"),
            pgettext("on", "Thursday"),
            pgettext("on", "Friday"),
            pgettext("on", "Saturday"),
            pgettext("on", "Sunday"),
        )
    return (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )


def _days_in_words(codes: list[str], after: str) -> str:
    """``Monday and Thursday`` (``lundis et jeudis`` after every, ``le lundi et le jeudi``
    after on)."""
    names = [_weekday_names(after)[RRULE_DAYS.index(code)] for code in codes]
    if len(names) == 1:
        return names[0]
    return _("{days} and {day}").format(days=", ".join(names[:-1]), day=names[-1])


def describe(rule: str) -> str:
    """A rule in words, in the active language: ``every Friday``, ``every 2 weeks on
    Monday``, ``every month on the last day``, ``every last working day of the month``
    (``tous les vendredis``, ``toutes les 2 semaines le lundi``...); the RRULE itself when it
    says more than these words can."""
    parts = _parts(rule)
    freq = parts.pop("FREQ", "")
    interval = int(parts.pop("INTERVAL", "1") or 1)
    if freq not in _EVERY_UNIT:
        return rule
    every = _every(freq, interval)
    codes = parts.pop("BYDAY", "").split(",") if "BYDAY" in parts else []
    plain = all(code in RRULE_DAYS for code in codes)
    if not parts and not codes:
        return every
    if set(parts) <= {"BYSETPOS"} and parts.get("BYSETPOS", "-1") == "-1" and plain and codes:
        if "BYSETPOS" in parts and freq == "MONTHLY" and interval == 1:
            return _("every last working day of the month")
        if "BYSETPOS" not in parts and freq == "WEEKLY" and interval == 1:
            if codes == list(RRULE_DAYS[:5]):
                return _("every working day")
            return _("every {days}").format(days=_days_in_words(codes, "every"))
        if "BYSETPOS" not in parts and freq == "WEEKLY":
            return _("{every} on {days}").format(every=every, days=_days_in_words(codes, "on"))
    month = parts.pop("BYMONTH", "") if freq == "YEARLY" else ""
    late = _late_month_day(parts) if not codes else None
    if late is not None and freq == "MONTHLY":
        on = _("{every} on the {day}").format(every=every, day=_ordinal(late))
        return on + _(SHORTER_MONTH_WORDS)
    if late is not None and month in _MONTH_NUMBERS:
        name = format_date_pattern(date(2000, int(month), 1), "MMMM") or _MONTH_NUMBERS[month]
        on = _("{every} on {month} {day}").format(every=every, month=name, day=_ordinal(late))
        return on + _(SHORTER_MONTH_WORDS)
    if month:
        return rule
    if not codes and set(parts) == {"BYMONTHDAY"} and freq == "MONTHLY":
        day = parts["BYMONTHDAY"]
        if day == "-1":
            return _("{every} on the last day").format(every=every)
        if day.isdigit():
            return _("{every} on the {day}").format(every=every, day=_ordinal(int(day)))
    if not parts and len(codes) == 1 and freq == "MONTHLY" and not plain:
        nth, code = int(codes[0][:-2] or 1), codes[0][-2:]
        if nth in _ORDINAL_NAMES and code in RRULE_DAYS:
            name = _weekday_names(None)[RRULE_DAYS.index(code)]
            if interval == 1:
                return _("every {nth} {day} of the month").format(
                    nth=_(_ORDINAL_NAMES[nth]), day=name
                )
            return _("{every} on the {nth} {day}").format(
                every=every, nth=_(_ORDINAL_NAMES[nth]), day=name
            )
    return rule


def _rule(rule: str, start: date) -> rrule:
    from dateutil.rrule import rrule, rrulestr

    result = rrulestr(rule, dtstart=datetime.combine(start, time()))
    assert isinstance(result, rrule)
    return result


def _due_on(day: datetime | date, now: datetime) -> datetime:
    """The end of a rule's day, in now's timezone."""
    return datetime.combine(
        day.date() if isinstance(day, datetime) else day, END_OF_DAY, tzinfo=now.tzinfo
    )


def first_due(rule: str, now: datetime, calendar: WorkCalendar) -> datetime | None:
    """The first day from today on (today, if it is one) that fits ``rule`` but for its
    interval (``every 2 weeks on mon``: the coming Monday, from which the two weeks count),
    due at the end of that day; None if the rule has no date left. A rule of working days
    skips ``calendar``'s holidays (``on_working_days``)."""
    pattern = ";".join(part for part in rule.split(";") if not part.startswith("INTERVAL="))
    first = next(_days_from(pattern, now.date(), calendar, inc=True), None)
    return None if first is None else _due_on(first, now)


def next_occurrence(
    rule: str, due: datetime, now: datetime, calendar: WorkCalendar
) -> NextOccurrence | None:
    """The occurrence that follows one due at ``due``: the first rule date strictly after
    ``due``'s day (which anchors the rule), due at the end of that day. When dates after it
    are already past (before today), they collapse into one: the latest past date, which
    counts the others as ``missed``. None when the rule ends (``COUNT``, ``UNTIL``). A rule
    of working days skips ``calendar``'s holidays (``on_working_days``). InvalidInput for a
    rule ``checked_rule`` refuses: one stored before rules were checked (an ``INTERVAL`` of
    0 never moves on)."""
    day = due.astimezone(now.tzinfo).date()
    latest_past, missed = None, -1
    for following in _days_from(checked_rule(rule), day, calendar, inc=False):
        if following >= now.date():
            if latest_past is None:
                return NextOccurrence(_due_on(following, now), 0)
            break
        latest_past, missed = following, missed + 1
    return None if latest_past is None else NextOccurrence(_due_on(latest_past, now), missed)


_WORKING_DAY_PARTS = frozenset({"FREQ", "INTERVAL", "BYDAY", "BYSETPOS", "COUNT", "UNTIL", "WKST"})
"""The parts of a rule of working days: nothing but a position picks among them."""
_PERIOD_ENDS = {"WEEKLY": 6, "MONTHLY": 30, "YEARLY": 365}
_PICKS = frozenset({"BYSETPOS", "COUNT"})
"""The parts that pick among a period's working days, or limit how many are picked."""


def on_working_days(rule: str, calendar: WorkCalendar) -> bool:
    """Whether ``rule`` is in working-day terms: its days are ``calendar``'s working days
    (``weekday``, ``1b``, ``last-working-day``), picked by no part but a position
    (``BYSETPOS``). Its dates skip the calendar's holidays: "the last working day of the
    month" falls on the 30th when the 31st is a holiday. Any other rule keeps its days, the
    user's own (``every:fri`` stays on a Friday that is a holiday)."""
    parts = _parts(rule)
    working = {RRULE_DAYS[day] for day in calendar.days}
    return parts.keys() <= _WORKING_DAY_PARTS and set(parts.get("BYDAY", "").split(",")) == working


def _days_from(rule: str, anchor: date, calendar: WorkCalendar, *, inc: bool) -> Iterator[date]:
    """The days of ``rule`` anchored on ``anchor``, after it (or from it, ``inc``), in order;
    those of a rule of working days taken among ``calendar``'s working days, holidays off."""
    has_holidays = bool(calendar.holidays) or calendar.country is not None
    skips_holidays = has_holidays and on_working_days(rule, calendar)
    if skips_holidays and "BYSETPOS" in _parts(rule):
        yield from _positioned_working_days(rule, anchor, calendar, inc=inc)
        return
    start = datetime.combine(anchor, time())
    days = (moment.date() for moment in _rule(rule, anchor).xafter(start, inc=inc))
    yield from (day for day in days if not skips_holidays or calendar.is_working_day(day))


def _positioned_working_days(
    rule: str, anchor: date, calendar: WorkCalendar, *, inc: bool
) -> Iterator[date]:
    """The days a rule of working days picks by position (``BYSETPOS``) among each period's
    working days, holidays off, after ``anchor`` (or from it, ``inc``). Periods count from
    the anchor's own (``INTERVAL``), up to ``UNTIL``; ``COUNT`` days at most. The anchor's
    period is looked at whole: with a holiday on the 1st, "the first working day" is the
    2nd even from the anchor between them (the rule's own date, the 1st, is past)."""
    parts = _parts(rule)
    freq = parts["FREQ"]
    first = _period_start(anchor, freq)
    unpicked = ";".join(f"{key}={value}" for key, value in parts.items() if key not in _PICKS)
    listed = _rule(unpicked, first).xafter(datetime.combine(first, time()), inc=True)
    picks = (
        pick
        for period, moments in groupby(
            listed, key=lambda moment: _period_start(moment.date(), freq)
        )
        for pick in _picked_working_days(rule, period, calendar, {m.date() for m in moments})
        if pick > anchor or (inc and pick == anchor)
    )
    yield from picks if "COUNT" not in parts else islice(picks, int(parts["COUNT"]))


def _period_start(day: date, freq: str) -> date:
    """The first day of the week (Monday), month or year of ``day`` by ``freq``."""
    if freq == "WEEKLY":
        return day - timedelta(days=day.weekday())
    if freq == "MONTHLY":
        return day.replace(day=1)
    return day.replace(month=1, day=1) if freq == "YEARLY" else day


def _picked_working_days(
    rule: str, first: date, calendar: WorkCalendar, within: set[date]
) -> list[date]:
    """The days ``rule``'s positions (``BYSETPOS``) pick among the working days, holidays
    off, of the period that starts on ``first``, kept if ``within`` holds them (the days
    before ``UNTIL``): python-dateutil lists the period's days."""
    parts = _parts(rule)
    pattern = f"FREQ={parts['FREQ']};BYDAY={parts['BYDAY']}"
    last = first + timedelta(days=_PERIOD_ENDS.get(parts["FREQ"], 0))
    if parts["FREQ"] != "DAILY":
        last = _period_start(last + timedelta(days=1), parts["FREQ"]) - timedelta(days=1)
    listed = _rule(pattern, first).between(
        datetime.combine(first, time()), datetime.combine(last, time()), inc=True
    )
    working = [moment.date() for moment in listed if calendar.is_working_day(moment.date())]
    positions = {int(position) for position in parts["BYSETPOS"].split(",")}
    picked = {working[p - 1 if p > 0 else p] for p in positions if 0 < abs(p) <= len(working)}
    return sorted(picked & within)
