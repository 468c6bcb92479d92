"""Reading and showing due dates and effort durations.

Every function here is pure: the current moment is always passed in as ``now``
(an aware datetime) and nothing reads the clock or does I/O.

Dates accepted by :func:`parse_when`, in English and in French alike (case and accents
ignored: ``Déc`` is ``dec``; surrounding whitespace ignored, ``_`` read as a space:
``next_mon``). French words and phrases are read as the English form they mean (``_SYNONYMS``,
``_WEEKDAY_WORDS``, ``_MONTH_WORDS``), so both languages go through one grammar. A form that
names a day but no time of day means the END of that day (23:59:59); any form naming a day may
end with a time of day, optionally after ``at`` or ``à`` (``fri 9am``, ``tomorrow at 14h``,
``vendredi à 9h``, ``2026-12-04 9:15pm``), and a time alone is today's (``14:30``). Times:
``9am``, ``9 am``, ``9:15pm``, ``14:30``, ``14:30:15``, ``14h``, ``14h30``, ``noon``/``midi``.
A leading ``by``, ``on``, ``d'ici`` or ``pour`` changes nothing (``d'ici vendredi``).

- ``now`` (``maintenant``): the moment ``now`` itself (to the second).
- ``today``, ``eod`` (``aujourd'hui``, ``fin de journée``): end of today. ``tomorrow``
  (``demain``), ``yesterday`` (``hier``): end of that day; ``après-demain``: in 2 days.
- A weekday, full or short (``mon``, ``tue``/``tues``, ``wed``/``weds``,
  ``thu``/``thur``/``thurs``, ``fri``, ``sat``, ``sun``, ``monday``..., ``lun``/``lundi``
  ... ``ven``/``vendredi``, ``sam``, ``dim``): its next occurrence, today included (on a
  Friday, ``fri`` is today).
- ``next <weekday>`` or ``<weekday> next`` (``next mon``, ``lundi prochain``): the first such
  weekday strictly after today. ``<weekday> week`` (``friday week``, ``vendredi en huit``): a
  week after ``<weekday>``.
- ``eow`` (``fin de semaine``): the end of the working week: the calendar's last working day of
  this week (Friday by default), or of the next week once this week's working days are over.
  ``eom`` (``fin de mois``): last day of the month. ``eoq`` (``fin de trimestre``): last day of
  the calendar quarter (Mar 31, Jun 30, Sep 30, Dec 31). ``eoy`` (``fin d'année``): Dec 31.
  Also in words: ``end of the week``, ``end of month``...
- ``in N days|day|weeks|week|months|month`` (``dans N jours|semaines|mois``) and ``+Nd``,
  ``+Nw``, ``+Nm`` (N >= 0): that day; months are calendar months (Jan 31 + 1m = end of
  February).
- ``in N working days`` (or ``business days``, ``dans N jours ouvrés``) and ``+Nbd``: the Nth
  working day after today, skipping the calendar's days off and public holidays (``+0bd``:
  today if it is a working day, else the next one).
- ``in N hours|hour`` (``dans N heures``) and ``+Nh``: exactly N elapsed hours after ``now``.
- ISO dates ``2026-12-01`` (end of that day) and ISO datetimes ``2026-12-01T14:00``,
  ``2026-12-01 14:00``, ``2026-12-01T14:00:00+02:00``: naive ones are in now's
  timezone, ones with an offset (or ``Z``) are converted to it.
- Written dates with the month spelled out: ``1 Dec``, ``Dec 1``, ``December 1st``,
  ``the 1st of December``, ``Dec 1 2026``, ``1 December 2026``, ``Dec 1, 2026``, ``15 déc``,
  ``15 décembre 2026``, ``1er févr``, ``ven. 4 déc.``. They may add a weekday, which must
  match (``Fri 4 Dec``, as :func:`format_date` writes), and a time (``Dec 1 2026 14:00``,
  ``1 Dec 2pm``, ``1 Dec at 2:30 pm``), itself optionally followed by ``UTC``, ``GMT``, ``Z``
  or an offset (``+02:00``). Without a written year the date is the next one on or after
  today (on 2026-12-05, ``1 Dec`` is 2027-12-01; ``29 Feb`` is the next leap day); a written
  (four-digit) year is kept even if past. :func:`read_when` also tells whether the year was
  inferred, so that callers can question a date that has just passed.
- A day of the month alone after ``the``/``le``, or after a weekday: ``the 15th``, ``le 15``,
  ``vendredi 15``: the next such day on or after today.
- Numeric dates ``15/12``, ``15/12/2026``, ``15.12.26``, read in the ``order`` given: day
  first (``dmy``) or month first (``mdy``: ``12/15``). A two-digit year is the one nearest
  today's (within 50 years before, 49 after). A day that does not exist in that order
  (``31/02``) is refused with a message that says the order.

Everything else (bare numbers, two-digit years of written dates, stray words, named zones
other than UTC/GMT, ...) is rejected with :class:`~coo_todo.errors.InvalidInput`. Results are
aware datetimes in now's timezone, truncated to whole seconds.

Durations accepted by :func:`parse_duration`, in whole minutes: ``30m``, ``30min``,
``45 mins``, ``1h``, ``2 hours``, ``1h30``, ``1h30m``, ``1h 30m``, ``1.5h``, ``90``
(a bare number is minutes) and ``1d`` (a working day: 8 hours); in French too: a decimal
comma (``1,5h``; not before three digits: ``1,500`` is refused) and ``heures``, ``j``,
``jours`` (``2 heures``, ``1,5 j``).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Literal, NamedTuple

from coo_todo.domain.text import APOSTROPHES
from coo_todo.domain.worktime import DEFAULT_CALENDAR, WorkCalendar
from coo_todo.errors import InvalidInput
from coo_todo.i18n import _, format_date_pattern, format_weekday_day_month, ngettext

__all__ = [
    "DATE_ORDERS",
    "DAY_FIRST",
    "END_OF_DAY",
    "INVALID_DATE",
    "MONTH_FIRST",
    "UNREADABLE",
    "DateOrder",
    "date_order",
    "days_until",
    "format_date",
    "format_duration",
    "format_relative",
    "from_utc",
    "in_years",
    "iso",
    "parse_duration",
    "parse_when",
    "read_when",
    "to_utc",
]

END_OF_DAY = time(23, 59, 59)
"""The time of day a date without a time means: "due friday" is due by end of Friday."""
YEARS = (1900, 9998)
"""Accepted years: any date in them converts to UTC and back in every time zone."""
UNREADABLE = datetime(YEARS[0], 1, 1, microsecond=1, tzinfo=UTC)
"""What a stored time that is not a date (or is out of ``YEARS``) reads as: the earliest
instant, so it sorts first and counts as overdue, and every view shows it as INVALID_DATE
(its microsecond tells it from a real 1 Jan 1900: stored times are whole seconds)."""
INVALID_DATE = "invalid date"


def invalid_date() -> str:
    """``INVALID_DATE`` in the user's language."""
    return _("invalid date")


MINUTES_PER_WORKING_DAY = 8 * 60
MAX_EFFORT_MINUTES = 999 * 60
"""Largest effort accepted, 999h: about 125 working days of 8 hours, half a working year of one
person. A task bigger than that is an initiative to split (docs/week.md), and an estimate past
it a slip of the keyboard (``99999h`` for ``9h``); the three digits of ``999h`` are easy to
remember. Checked wherever an effort is typed (``parse_duration``)."""

MAX_STORED_EFFORT_MINUTES = 10_000_000
"""Largest effort an import takes (``effort_minutes``): what earlier versions accepted (about
20,000 working days; far inside int64), so that their backups restore exactly."""


DateOrder = Literal["dmy", "mdy"]
"""How a numeric date is read: ``04/12`` is 4 December day first, 12 April month first."""
DAY_FIRST: DateOrder = "dmy"
MONTH_FIRST: DateOrder = "mdy"
DATE_ORDERS: tuple[DateOrder, ...] = (DAY_FIRST, MONTH_FIRST)


def date_order(name: str) -> DateOrder | None:
    """The order ``name`` names ("dmy" or "mdy", in any case), or None."""
    return next((order for order in DATE_ORDERS if order == name.strip().lower()), None)


_WEEKDAY_WORDS = (
    ("mon", "monday", "lun", "lundi"),
    ("tue", "tues", "tuesday", "mar", "mardi"),
    ("wed", "weds", "wednesday", "mer", "mercredi"),
    ("thu", "thur", "thurs", "thursday", "jeu", "jeudi"),
    ("fri", "friday", "ven", "vendredi"),
    ("sat", "saturday", "sam", "samedi"),
    ("sun", "sunday", "dim", "dimanche"),
)
"""Each weekday's names, Monday first: English, then French (read without accents)."""
_MONTH_WORDS = (
    ("jan", "january", "janv", "janvier"),
    ("feb", "february", "fev", "fevr", "fevrier"),
    ("mar", "march", "mars"),
    ("apr", "april", "avr", "avril"),
    ("may", "mai"),
    ("jun", "june", "juin"),
    ("jul", "july", "juil", "juillet"),
    ("aug", "august", "aout"),
    ("sep", "sept", "september", "septembre"),
    ("oct", "october", "octobre"),
    ("nov", "november", "novembre"),
    ("dec", "december", "decembre"),
)
"""Each month's names, January first: English, then French (``déc``, ``févr`` read as
``dec``, ``fevr``). ``mar`` is also Tuesday (``mardi``): alone, or beside another month name,
it is the weekday (``mar 15 déc``); beside a day alone, March (``15 mar``)."""
_WEEKDAYS = {word: number for number, words in enumerate(_WEEKDAY_WORDS) for word in words}
_MONTHS = {word: number for number, words in enumerate(_MONTH_WORDS, start=1) for word in words}
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_SYNONYMS = {
    # whole phrases: the French, and English said in words, of the keyword forms
    "maintenant": "now",
    "aujourd'hui": "today",
    "aujourdhui": "today",
    "aujourd hui": "today",
    "fin de journee": "eod",
    "fin de la journee": "eod",
    "end of day": "eod",
    "end of the day": "eod",
    "demain": "tomorrow",
    "apres-demain": "in 2 days",
    "apres demain": "in 2 days",
    "day after tomorrow": "in 2 days",
    "the day after tomorrow": "in 2 days",
    "hier": "yesterday",
    "fin de semaine": "eow",
    "fin de la semaine": "eow",
    "end of week": "eow",
    "end of the week": "eow",
    "fin de mois": "eom",
    "fin du mois": "eom",
    "end of month": "eom",
    "end of the month": "eom",
    "fin de trimestre": "eoq",
    "fin du trimestre": "eoq",
    "end of quarter": "eoq",
    "end of the quarter": "eoq",
    "fin d'annee": "eoy",
    "fin de l'annee": "eoy",
    "end of year": "eoy",
    "end of the year": "eoy",
    "midi": "12:00",
    "noon": "12:00",
    # the French words of the English phrases: dans 3 jours, lundi prochain, à 9h...
    "dans": "in",
    "jours ouvres": "working days",
    "jour ouvre": "working days",
    "jours ouvrables": "working days",
    "jour ouvrable": "working days",
    "jours": "days",
    "jour": "days",
    "semaines": "weeks",
    "semaine": "weeks",
    "mois": "months",
    "heures": "hours",
    "heure": "hours",
    "prochain": "next",
    "prochaine": "next",
    "en huit": "week",
    "d'ici": "by",
    "pour": "by",
    "le": "the",
    "a": "at",
}
"""Words and phrases read as the form they mean, so that French and English phrases go
through one grammar: ``dans 3 jours ouvrés`` is read as ``in 3 working days``, ``lundi
prochain`` as ``lundi next`` (``monday next``), ``vendredi en huit`` as ``vendredi week`` (a
week after the coming Friday: ``friday week``), ``d'ici vendredi`` as ``by vendredi``."""
_LEADING_RE = re.compile(r"^(?:by|on) ")
"""A leading ``by`` or ``on`` changes nothing: ``by friday``, ``d'ici vendredi``, ``pour
demain``, ``on the 15th``."""
_ABBREVIATION_DOT_RE = re.compile(r"(?<=[a-z])\.")
_AS_TYPED = str.maketrans({**APOSTROPHES, "_": " "})

_OFFSET_RE = re.compile(
    r"""^(?:
        in\ (?P<n_word>\d+)\ ?(?P<unit_word>(?:working\ |business\ )?days?|weeks?|months?|hours?)
      | \+\ ?(?P<n_letter>\d+)\ ?(?P<unit_letter>bd|[dwmh])
    )$""",
    re.ASCII | re.VERBOSE,
)
_WEEKDAY_RE = re.compile(r"(?:(?P<before>next) )?(?P<name>[a-z]+)(?: (?P<after>next|week))?")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_ISO_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?"
    r"(?:z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$",
    re.ASCII,
)
_WRITTEN_SPLIT_RE = re.compile(r"[\s,]+")
_AMPM_GAP_RE = re.compile(r"(\d) (am|pm)\b", re.ASCII)
_FILLER_WORDS = frozenset({"the", "of", "on", "at"})
_DAY_WORD_RE = re.compile(r"(0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th|er)?", re.ASCII)
_YEAR_WORD_RE = re.compile(r"\d{4}", re.ASCII)
_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})([/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?", re.ASCII)
_CLOCK_RE = re.compile(
    r"""(?P<hour>\d{1,2})(?:
        (?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?(?P<half>am|pm)
      | :(?P<minute24>\d{2})(?::(?P<second24>\d{2}))?
      | h(?P<minute_h>\d{2})?
    )""",
    re.ASCII | re.VERBOSE,
)
_ZONE_RE = re.compile(
    r"utc|gmt|z|(?P<sign>[+-])(?P<hours>\d{2})(?::?(?P<minutes>\d{2}))?", re.ASCII
)

_NUM = r"(?:\d+(?:\.\d+)?|\.\d+)"
_DURATION_RE = re.compile(
    rf"""^
    (?:(?P<days>{_NUM})\s*(?:d|days?|j|jours?)\s*)?
    (?:(?P<hours>{_NUM})\s*(?:h|hrs?|hours?|heures?)\s*)?
    (?:(?P<minutes>{_NUM})\s*(?P<minute_unit>m|mins?|minutes?)?)?
    $""",
    re.ASCII | re.VERBOSE,
)
_DECIMAL_COMMA_RE = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))", re.ASCII)
"""A decimal comma, as French writes it (``1,5``, ``0,25``); never before three digits
(``1,500``: a thousands separator in English), which is refused rather than misread."""


class _NoSuchDay(ValueError):
    """A date that names no day: numeric, in the order it is read (``31/02``, ``15/12`` month
    first; its message says which order), or with a weekday the day is not (``vendredi 15``
    when the coming 15th is a Tuesday; its message says which day it is)."""


def _bad_date(text: str) -> InvalidInput:
    """The date forms, in the user's language: a French reader is shown French ones."""
    return InvalidInput(
        _(
            "cannot read date {text}: use e.g. today, tomorrow, fri, next mon, eod, eow, eom, "
            "eoq, in 3 days, +3d, +3bd, +2w, +1m, 2026-12-01, 1 Dec, 2026-12-01 14:00"
        ).format(text=repr(text))
    )


def _bad_duration(text: str) -> InvalidInput:
    return InvalidInput(
        _("cannot read duration {text}: use e.g. 30m, 1h, 1h30, 1.5h, 90 (minutes), 1d").format(
            text=repr(text)
        )
    )


def _end_of(day: date, tz: tzinfo | None) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=tz)


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class ReadDate(NamedTuple):
    """A date read from text, and whether its year was inferred (a written date without one)."""

    at: datetime
    year_inferred: bool


def in_years(when: datetime | date) -> bool:
    """Whether ``when``'s year is one of ``YEARS``."""
    return YEARS[0] <= when.year <= YEARS[1]


def parse_when(
    text: str,
    now: datetime,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    order: DateOrder = DAY_FIRST,
) -> datetime:
    """Read a due date typed by the user, in English or French (see the module docstring for
    the forms); ``eow`` and working days follow ``calendar`` (the config's ``[work]``), numeric
    dates ``order`` (``04/12``: 4 Dec day first, Apr 12 month first).

    Returns an aware datetime in now's timezone, to the second. Raises InvalidInput.
    """
    return read_when(text, now, calendar, order).at


def read_when(
    text: str,
    now: datetime,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    order: DateOrder = DAY_FIRST,
) -> ReadDate:
    """:func:`parse_when`, also telling whether the year was inferred (``1 Dec``)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    stripped = text.strip()
    try:
        result = _parse_when(stripped, now, calendar, order)
    except _NoSuchDay as exc:
        reason = _("cannot read date {text}: {reason}")
        raise InvalidInput(reason.format(text=repr(stripped), reason=exc)) from None
    except (ValueError, OverflowError) as exc:  # out-of-range dates, impossible days...
        raise _bad_date(stripped) from exc
    if result is None:
        raise _bad_date(stripped)
    when, year_inferred = result
    if not in_years(when):
        raise InvalidInput(
            _("date out of range: {text} (years {first} to {last})").format(
                text=repr(stripped), first=YEARS[0], last=YEARS[1]
            )
        )
    return ReadDate(when.replace(microsecond=0), year_inferred)


@cache
def _synonym_re() -> re.Pattern[str]:
    """The words and phrases of ``_SYNONYMS``, longest first, as whole words; compiled on first
    use (a command that only shows dates needs none of it)."""
    phrases = "|".join(map(re.escape, sorted(_SYNONYMS, key=len, reverse=True)))
    return re.compile(rf"(?<![\w'-])(?:{phrases})(?![\w'-])")


def _parse_when(
    text: str, now: datetime, calendar: WorkCalendar, order: DateOrder
) -> tuple[datetime, bool] | None:
    low = _LEADING_RE.sub("", _synonym_re().sub(lambda word: _SYNONYMS[word[0]], _plain(text)))
    result = _parse_day(low, now, calendar) or _parse_day_at_time(low, now, calendar)
    if result is not None:
        return result, False
    return _parse_written(low, now.date(), now.tzinfo, order)


def _plain(text: str) -> str:
    """``text`` in lower case without accents (``Déc`` is ``dec``), a typographic apostrophe
    read as ``'`` and ``_`` as a space, without the dot of an abbreviation (``ven.``),
    single-spaced."""
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_AS_TYPED))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_ABBREVIATION_DOT_RE.sub("", bare).split())


def _parse_day(low: str, now: datetime, calendar: WorkCalendar) -> datetime | None:
    """The keyword, weekday, offset and ISO forms."""
    tz = now.tzinfo
    for parse in (_parse_keyword, _parse_weekday, _parse_offset):
        result = parse(low, now, calendar)
        if result is not None:
            return result
    if _ISO_DATE_RE.match(low):
        return _end_of(date.fromisoformat(low), tz)
    if _ISO_DATETIME_RE.match(low):
        parsed = datetime.fromisoformat(low.upper())
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=tz)
        return parsed.astimezone(tz)
    return None


def _parse_day_at_time(low: str, now: datetime, calendar: WorkCalendar) -> datetime | None:
    """A day form (or nothing: today) then a time of day, optionally after "at": ``fri 9am``."""
    *day_words, last = _AMPM_GAP_RE.sub(r"\1\2", low).split(" ")
    clock = _clock(last)
    if clock is None:
        return None
    if day_words and day_words[-1] == "at":
        day_words.pop()
    if not day_words:
        return datetime.combine(now.date(), clock, tzinfo=now.tzinfo)
    day = _parse_day(" ".join(day_words), now, calendar)
    if day is None or day.time() != END_OF_DAY:
        return None  # not a day ("1 dec" is read as a written date), or already a time
    return datetime.combine(day.date(), clock, tzinfo=now.tzinfo)


def _clock(word: str) -> time | None:
    """A time of day written ``9am``, ``9:15pm``, ``14:30``, ``14:30:15``, ``14h`` or ``14h30``."""
    match = _CLOCK_RE.fullmatch(word)
    if match is None:
        return None
    hour = int(match["hour"])
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"] == "pm" else 0)
        minute, second = match["minute"], match["second"]
    elif match["minute24"] is not None:
        minute, second = match["minute24"], match["second24"]
    else:
        minute, second = match["minute_h"], None
    minutes, seconds = int(minute or 0), int(second or 0)
    if hour > 23 or minutes > 59 or seconds > 59:
        return None
    return time(hour, minutes, seconds)


def _parse_keyword(low: str, now: datetime, calendar: WorkCalendar) -> datetime | None:
    today = now.date()
    if low == "now":
        return now
    if low in ("today", "eod"):
        day = today
    elif low == "tomorrow":
        day = today + timedelta(days=1)
    elif low == "yesterday":
        day = today - timedelta(days=1)
    elif low == "eow":
        day = calendar.end_of_week(today)
    elif low == "eom":
        day = _last_day_of_month(today.year, today.month)
    elif low == "eoq":
        day = _last_day_of_month(today.year, (today.month - 1) // 3 * 3 + 3)
    elif low == "eoy":
        day = date(today.year, 12, 31)
    else:
        return None
    return _end_of(day, now.tzinfo)


def _parse_weekday(low: str, now: datetime, calendar: WorkCalendar) -> datetime | None:
    """``fri`` (today included), ``next fri`` or ``fri next`` (after today), ``fri week`` (a
    week after ``fri``)."""
    match = _WEEKDAY_RE.fullmatch(low)
    if match is None or match["name"] not in _WEEKDAYS or (match["before"] and match["after"]):
        return None
    today = now.date()
    ahead = (_WEEKDAYS[match["name"]] - today.weekday()) % 7
    if ahead == 0 and "next" in (match["before"], match["after"]):
        ahead = 7
    if match["after"] == "week":
        ahead += 7
    return _end_of(today + timedelta(days=ahead), now.tzinfo)


def _parse_offset(low: str, now: datetime, calendar: WorkCalendar) -> datetime | None:
    match = _OFFSET_RE.match(low)
    if match is None:
        return None
    count = int(match["n_word"] or match["n_letter"])
    unit = match["unit_word"] or match["unit_letter"]
    if unit == "bd" or unit.startswith(("working", "business")):
        return _end_of(calendar.working_day_after(now.date(), count), now.tzinfo)
    unit = unit[0]
    if unit == "h":  # elapsed time, so it stays exact across DST changes
        return (now.astimezone(UTC) + timedelta(hours=count)).astimezone(now.tzinfo)
    today = now.date()
    if unit == "d":
        day = today + timedelta(days=count)
    elif unit == "w":
        day = today + timedelta(weeks=count)
    else:
        from dateutil.relativedelta import relativedelta

        day = today + relativedelta(months=count)
    return _end_of(day, now.tzinfo)


def _zone(word: str) -> tzinfo | None:
    """``UTC``, ``GMT``, ``Z`` or an offset (``+02:00``, ``-0500``, ``+01``); never a named zone."""
    match = _ZONE_RE.fullmatch(word)
    if match is None or int(match["minutes"] or 0) > 59:
        return None
    if match["sign"] is None:
        return UTC
    offset = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"] or 0))
    return timezone(-offset if match["sign"] == "-" else offset)  # ValueError past 24h


class _Written:
    """What the words of a written date say (a plain class: a dataclass would cost every
    import of this module about a millisecond)."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    two_digit_year: bool = False
    weekday: int | None = None
    clock: time | None = None
    zone: tzinfo | None = None
    numeric: bool = False
    """Day and month came as numbers (``15/12``), in the order the caller gave."""
    article: bool = False
    """It starts with ``the`` (``le``): ``the 15th`` names a day of the month alone."""


def _written_parts(low: str, order: DateOrder) -> _Written | None:
    """Classify the words of a written date, or None if one word is not part of a date."""
    words = [word for word in _WRITTEN_SPLIT_RE.split(_AMPM_GAP_RE.sub(r"\1\2", low)) if word]
    month_names = sum(word in _MONTHS for word in words)
    written = _Written()
    written.article = bool(words) and words[0] == "the"
    seen: set[str] = set()
    for word in words:
        said: dict[str, object]
        if word in _FILLER_WORDS:
            continue
        if word in _MONTHS and not (word in _WEEKDAYS and month_names > 1):
            said = {"month": _MONTHS[word]}
        elif word in _WEEKDAYS:
            said = {"weekday": _WEEKDAYS[word]}
        elif numeric := _NUMERIC_DATE_RE.fullmatch(word):
            first, _, second, year = numeric.groups()
            day, month = (first, second) if order == DAY_FIRST else (second, first)
            said = {"day": int(day), "month": int(month), "numeric": True}
            if year:
                said |= {"year": int(year), "two_digit_year": len(year) == 2}
        elif day_word := _DAY_WORD_RE.fullmatch(word):
            said = {"day": int(day_word[1])}
        elif _YEAR_WORD_RE.fullmatch(word):
            said = {"year": int(word)}
        elif (clock := _clock(word)) is not None:
            said = {"clock": clock}
        elif (zone := _zone(word)) is not None:
            said = {"zone": zone}
        else:
            return None
        if not said.keys().isdisjoint(seen):
            return None  # two days, two years, ...: "Dec 1 26" is not a date
        seen.update(said)
        for kind, value in said.items():
            setattr(written, kind, value)
    if written.day is None or (written.zone is not None and written.clock is None):
        return None
    if written.month is None and (
        written.year is not None or not (written.article or written.weekday is not None)
    ):
        return None  # a month alone, or numbers alone ("12"), are ambiguous; "the 12" is not
    return written


def _parse_written(
    low: str, today: date, tz: tzinfo | None, order: DateOrder
) -> tuple[datetime, bool] | None:
    """A written date (``1 Dec``, ``15/12/2026``, ``the 15th``), and whether its year was
    inferred."""
    written = _written_parts(low, order)
    if written is None:
        return None
    assert written.day is not None
    year = written.year
    if year is not None and written.two_digit_year:
        year = _nearest_century(year, today)
    if written.numeric and not _exists(year or 2000, written.month, written.day):
        raise _NoSuchDay(
            _("no such day when read day first (dd/mm)")
            if order == DAY_FIRST
            else _("no such day when read month first (mm/dd)")
        )
    if written.month is None:
        day = _next_day_of_month(written.day, today)
    elif year is None:
        day = _next_occurrence(written.month, written.day, today)
    else:
        day = date(year, written.month, written.day)
    if written.weekday is not None and written.weekday != day.weekday():
        raise _not_that_weekday(day, written.weekday)  # "Mon 4 Dec" when 4 Dec is a Friday
    if written.clock is None:
        return _end_of(day, tz), year is None
    at = datetime.combine(day, written.clock, tzinfo=written.zone or tz)
    return at.astimezone(tz), year is None


def _not_that_weekday(day: date, weekday: int) -> _NoSuchDay:
    """ "Tue 15 Dec 2026 is not a Fri" ("mar. 15 déc. 2026 n'est pas un vendredi")."""
    shown = format_weekday_day_month(day, year=True)
    named = format_date_pattern(day + timedelta(days=(weekday - day.weekday()) % 7), "EEEE")
    if shown is None or named is None:  # English
        shown = f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"
        named = _DAY_NAMES[weekday]
    return _NoSuchDay(_("{day} is not a {weekday}").format(day=shown, weekday=named))


def _exists(year: int, month: int | None, day: int) -> bool:
    return (
        month is not None and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
    )


def _nearest_century(two_digits: int, today: date) -> int:
    """A two-digit year (``15.12.26``) as the year ending so that is nearest today's (from 50
    years before to 49 after): 26 is 2026 in 2026, and 1926 in 1950."""
    earliest = today.year - 50
    return earliest + (two_digits - earliest) % 100


def _next_day_of_month(day: int, today: date) -> date:
    """The first ``day`` of a month on or after today (the 31st skips shorter months)."""
    for ahead in range(3):
        year, month = divmod(today.month - 1 + ahead, 12)
        if _exists(today.year + year, month + 1, day):
            candidate = date(today.year + year, month + 1, day)
            if candidate >= today:
                return candidate
    raise ValueError(f"no day {day} ahead")  # pragma: no cover - every day recurs in 3 months


def _next_occurrence(month: int, day: int, today: date) -> date:
    """The first month/day on or after today (29 Feb waits for the next leap year)."""
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise ValueError(f"no {day} of month {month} ahead")  # "30 Feb"


def decimal_point(text: str) -> str:
    """``text`` with a French decimal comma read as a point: ``1,5h`` is ``1.5h``."""
    return _DECIMAL_COMMA_RE.sub(".", text)


def parse_duration(text: str) -> int:
    """Read an effort such as ``30m``, ``1h30``, ``1.5h``, ``90`` or ``1d`` as whole minutes,
    in French too (``1,5h``, ``2 heures``, ``1 jour``, ``3j``).

    A bare number is minutes; ``1d`` is a working day (480 minutes). Fractions round to
    the nearest minute (halves up). Raises InvalidInput unless the result is at least 1.
    """
    stripped = text.strip()
    match = _DURATION_RE.match(decimal_point(stripped.lower()))
    if match is None or not any(match[group] for group in ("days", "hours", "minutes")):
        raise _bad_duration(stripped)
    if match["minutes"] and not match["minute_unit"] and match["days"] and not match["hours"]:
        raise _bad_duration(stripped)  # "1d30": thirty what?
    total = Decimal(0)
    for group, factor in (("days", MINUTES_PER_WORKING_DAY), ("hours", 60), ("minutes", 1)):
        if match[group]:
            total += Decimal(match[group]) * factor
    if total > MAX_EFFORT_MINUTES:
        raise InvalidInput(
            _("cannot read duration {text}: more than {limit}, the most one task takes").format(
                text=repr(stripped), limit=format_duration(MAX_EFFORT_MINUTES)
            )
        )
    minutes = int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if minutes < 1:
        raise _bad_duration(stripped)
    return minutes


def format_duration(minutes: int | None) -> str:
    """Show an effort compactly: None -> "", 30 -> "30m", 60 -> "1h", 125 -> "2h05".

    ``parse_duration`` reads every result back to the same number of minutes.
    """
    if minutes is None:
        return ""
    if minutes < 60:
        return f"{minutes}m"
    hours, rest = divmod(minutes, 60)
    return f"{hours}h" if rest == 0 else f"{hours}h{rest:02d}"


def days_until(when: datetime, now: datetime) -> int:
    """Calendar days from now's date to when's date, both in now's timezone (< 0: past)."""
    return (when.astimezone(now.tzinfo).date() - now.date()).days


def format_relative(when: datetime, now: datetime) -> str:
    """Describe a due date relative to now: "today", "tomorrow", "in 3d", "in 2w", "2d overdue"
    ("dans 3 j", "en retard de 2 j" in French)."""
    if when == UNREADABLE:
        return invalid_date()
    days = days_until(when, now)
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days < 0:
        return _("{days}d overdue").format(days=-days)
    if days < 14:
        return _("in {days}d").format(days=days)
    return _("in {weeks}w").format(weeks=days // 7)


def format_date(when: datetime, now: datetime, *, year: bool = False) -> str:
    """Show a due date in now's timezone: "Fri 4 Dec", "Fri 4 Dec 2027", "Fri 4 Dec 14:00".

    The year appears when it differs from now's (or when ``year`` is set); the time only when
    it is not END_OF_DAY. Names are in the user's language ("ven. 4 déc.").
    """
    if when == UNREADABLE:
        return invalid_date()
    local = when.astimezone(now.tzinfo)
    text = format_day(when, now, year=year)
    if local.time().replace(microsecond=0) != END_OF_DAY:
        text += f" {local:%H:%M}"
    return text


def format_wake(when: datetime, now: datetime) -> str:
    """When something set aside comes back: "Mon 7 Dec" at the day's start, else with its
    time "Mon 7 Dec 14:00" (``day_start_unless_timed`` reads both back)."""
    local = when.astimezone(now.tzinfo)
    text = format_day(when, now)
    return text if local.time() == time(0) else f"{text} {local:%H:%M}"


def format_day(when: datetime, now: datetime, *, year: bool = False) -> str:
    """The calendar day of ``when`` in now's timezone: "Fri 4 Dec", "ven. 4 déc." (the year
    when it differs from now's, or when ``year`` is set)."""
    if when == UNREADABLE:
        return invalid_date()
    local = when.astimezone(now.tzinfo)
    year = year or local.year != now.year
    translated = format_weekday_day_month(local.date(), year=year)
    if translated is not None:
        return translated
    text = f"{_DAY_NAMES[local.weekday()]} {local.day} {_MONTH_NAMES[local.month - 1]}"
    return f"{text} {local.year}" if year else text


def format_ago(when: datetime, now: datetime) -> str:
    """How long ago a past day was: "today", "yesterday", "6 days ago"."""
    if when == UNREADABLE:
        return invalid_date()
    days = -days_until(when, now)
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("{days} day ago", "{days} days ago", days).format(days=days)


def day_start_unless_timed(when: datetime, now: datetime) -> datetime:
    """A date read without a time of day (END_OF_DAY) as the start of that day instead: when
    something comes back "on Monday" it is there from Monday's start."""
    local = when.astimezone(now.tzinfo)
    return start_of_day(local, now) if local.time() == END_OF_DAY else local


def start_of_day(when: datetime, now: datetime) -> datetime:
    """Midnight at the start of ``when``'s calendar day, in now's timezone."""
    local = when.astimezone(now.tzinfo)
    return datetime.combine(local.date(), time(0), tzinfo=now.tzinfo)


def to_utc(dt: datetime) -> datetime:
    """Aware datetime -> the same instant in UTC, the form stored in the database."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("to_utc needs a timezone-aware datetime")
    return dt.astimezone(UTC)


def from_utc(dt: datetime, tz: tzinfo | None) -> datetime:
    """A stored UTC datetime (a naive one is read as UTC) -> aware datetime in ``tz``.

    ``tz=None`` means the system's local zone.
    """
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(tz)


def iso(dt: datetime) -> str:
    """Aware datetime -> ISO 8601 with offset, to the second: '2026-12-04T23:59:59+01:00'."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("iso needs a timezone-aware datetime")
    return dt.isoformat(timespec="seconds")
