"""Reading a task typed in one line, Taskwarrior-style: ``Renew Acme due:fri impact:5 +renewal``.

Words are split on white space whether they came as separate arguments or one quoted string,
except an argument that starts with a known ``key:``: it is one attribute, spaces included
(``due:"fri 9am"``). A ``key:value`` word is an attribute only when ``key`` is known (``Call re:
pricing`` keeps its colon); ``+word`` is a tag when a letter follows the ``+`` (``+33 6 12``,
``+20%`` stay in the title). In a date or a name, ``_`` stands for a space (``due:next_mon``,
``to:Alice_M``).

A date attribute (``due:``, ``wait:``, ``follow:``) also takes the words after it that continue
it: the longest run of up to ``MAX_DATE_WORDS`` following words that, joined to its value, reads
as a date (``due:lundi prochain``, ``due:dans 2 semaines``, ``due:fri 9am``); the words after it
stay in the title (``due:fri Report to board``). A run stops at an attribute or a tag, and a
value that holds a space (a quoted argument, ``due:"fri 9am"``) takes no more words. A one- or
two-digit number right after a date that reads already is a title word (``due:fri 15
people``): whether ``fri 15`` reads would depend on today's date. An effort that is a bare
number takes the unit word after it (``effort:2 heures``, ``effort:90 minutes``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from coo_todo.domain.dates import DAY_FIRST, DateOrder, parse_duration, parse_when
from coo_todo.domain.records import TASK_FIELDS
from coo_todo.domain.worktime import DEFAULT_CALENDAR, WorkCalendar
from coo_todo.errors import InvalidInput

ATTRIBUTE_KEYS: dict[str, str] = {
    **{key: task_field.given for task_field in TASK_FIELDS for key in task_field.inline},
    "blocked-by": "blocked_by",
    "blocked_by": "blocked_by",
    "dep": "blocked_by",
    "to": "to",
    "follow": "follow_up",
    "follow-up": "follow_up",
    "in": "initiative",
}
"""Inline keys and the attribute each sets (a task field's ``given`` key, or one of the
others); aliases follow Taskwarrior's habits."""


DATE_ATTRIBUTES = frozenset(
    {"follow_up", *(task_field.given for task_field in TASK_FIELDS if task_field.kind == "date")}
)
"""Attributes whose inline values are dates: they may take the words that continue them."""

DURATION_ATTRIBUTES = frozenset(
    task_field.given for task_field in TASK_FIELDS if task_field.kind == "duration"
)
"""Attributes whose inline values are durations: a bare number takes the unit after it."""

SPACED_ATTRIBUTES = DATE_ATTRIBUTES | {"to"}
"""Attributes whose inline values may hold spaces, written as ``_``: dates and names."""

MAX_DATE_WORDS = 4
"""Most words a date attribute takes after its own (``due:1 December 2026 at 2pm``)."""

_DAY_NUMBER_RE = re.compile(r"\d{1,2}", re.ASCII)
_BARE_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?", re.ASCII)


@dataclass
class Capture:
    """What a line of words says: a title, raw attribute values, tags and blockers."""

    title: str
    attributes: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    blocked_by: list[str] = field(default_factory=list)


def parse_words(
    words: Sequence[str],
    *,
    now: datetime,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    order: DateOrder = DAY_FIRST,
    literal: bool = False,
) -> Capture:
    """Split ``words`` into a title and inline attributes (none when ``literal``); whether the
    words after a date attribute continue it is read as :func:`~coo_todo.domain.dates.parse_when`
    reads a date at ``now`` with ``calendar`` and ``order``."""
    if literal:
        return Capture(title=" ".join(words).strip())
    capture = Capture(title="")
    title_words: list[str] = []
    pieces = [
        piece
        for argument in words
        for piece in ([argument.strip()] if _attribute(argument.strip()) else argument.split())
    ]
    index = 0
    while index < len(pieces):
        word = pieces[index]
        index += 1
        attribute = _attribute(word)
        value = word.partition(":")[2].strip()
        if attribute in DATE_ATTRIBUTES and " " not in value:
            more = _date_continuation(value, pieces[index:], now, calendar, order)
            value = " ".join([value, *more])
            index += len(more)
        elif attribute in DURATION_ATTRIBUTES and _unit_after(value, pieces[index:]):
            value = f"{value} {pieces[index]}"
            index += 1
        if attribute == "blocked_by":
            capture.blocked_by.extend(part for part in value.split(",") if part)
        elif attribute is not None:
            spaced = attribute in SPACED_ATTRIBUTES
            capture.attributes[attribute] = value.replace("_", " ") if spaced else value
        elif is_tag(word):
            capture.tags.append(word[1:])
        else:
            title_words.append(word)
    capture.title = " ".join(title_words)
    return capture


def _date_continuation(
    value: str, following: Sequence[str], now: datetime, calendar: WorkCalendar, order: DateOrder
) -> Sequence[str]:
    """The first of the ``following`` words that make, joined to ``value``, the longest phrase
    read as a date (see the module docstring); none if no longer phrase reads."""

    def reads(phrase: Sequence[str]) -> bool:
        try:
            parse_when(" ".join(phrase), now, calendar, order)
        except InvalidInput:
            return False
        return True

    taken = 0
    for count, word in enumerate(following[:MAX_DATE_WORDS], start=1):
        if _attribute(word) is not None or is_tag(word):
            break
        phrase = [value, *following[:count]]
        if reads(phrase) and not (_DAY_NUMBER_RE.fullmatch(word) and reads(phrase[:-1])):
            taken = count
    return following[:taken]


def _unit_after(value: str, following: Sequence[str]) -> bool:
    """Whether the word after a bare number is its unit (``effort:2 heures``, ``effort:90
    minutes``), which would otherwise leave the number read as minutes and the unit in the
    title."""
    if not following or not _BARE_NUMBER_RE.fullmatch(value):
        return False
    unit = following[0]
    if any(char.isdigit() for char in unit) or _attribute(unit) is not None or is_tag(unit):
        return False
    try:
        parse_duration(f"{value} {unit}")
    except InvalidInput:
        return False
    return True


def _attribute(word: str) -> str | None:
    """The attribute a ``key:value`` word sets, or None (unknown key, or no value)."""
    key, colon, value = word.partition(":")
    return ATTRIBUTE_KEYS.get(key.lower()) if colon and value.strip() else None


def is_tag(word: str) -> bool:
    """Whether a word is a ``+tag``: a letter right after the ``+`` (``+équipe``, not ``+33``)."""
    return len(word) > 1 and word[0] == "+" and word[1].isalpha()
