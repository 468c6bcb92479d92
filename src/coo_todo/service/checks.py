"""What the user typed, checked and converted to stored values (InvalidInput when it
cannot be): task fields, ids, free text, names.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coo_todo.domain import dates, recurrence
from coo_todo.domain.capture import Capture
from coo_todo.domain.limits import MAX_ID, checked_text, field_word
from coo_todo.domain.records import TASK_FIELDS, Kind
from coo_todo.domain.worktime import WorkCalendar
from coo_todo.errors import InvalidInput
from coo_todo.i18n import _

CLEAR = "none"
"""The value that clears an optional attribute in ``todo edit`` (``--due none``)."""


@dataclass
class TaskInput:
    """Raw attribute values as typed (strings, or ints from typed options), before checking."""

    values: dict[str, str | int | None] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    blocked_by: list[str | int] = field(default_factory=list)

    @classmethod
    def merge(
        cls,
        capture: Capture,
        options: Mapping[str, str | int | None],
        tags: Sequence[str] | None = None,
        blocked_by: Sequence[str] | None = None,
    ) -> TaskInput:
        """Inline attributes from ``capture``, overridden by explicit options that are set;
        tags and blockers from both."""
        values: dict[str, str | int | None] = dict(capture.attributes)
        if capture.title:
            values["title"] = capture.title
        values.update({key: value for key, value in options.items() if value is not None})
        return cls(
            values,
            [*capture.tags, *(tags or [])],
            [*capture.blocked_by, *(blocked_by or [])],
        )


def check_fields(
    values: Mapping[str, str | int | None],
    now: datetime,
    calendar: WorkCalendar,
    order: dates.DateOrder,
) -> dict[str, Any]:
    """Validate and convert raw values (keyed by each task field's ``given`` key) to stored
    ones, keyed by column (times in aware UTC; dates read with ``calendar``, numeric ones in
    ``order``); InvalidInput if bad."""
    checked: dict[str, Any] = {}
    for name, raw in values.items():
        if raw is None:
            continue
        task_field = _GIVEN.get(name)
        if task_field is None:
            text_value(name, raw)
            if name in ("to", "follow_up"):
                raise InvalidInput(_("delegate with todo delegate ID --to NAME [--follow-up WHEN]"))
            raise InvalidInput(_("unknown attribute {name!r}").format(name=name))
        if task_field.kind == "date":
            when = _date(task_field.noun, raw, now, calendar, order)
            if when is not None and task_field.day_start:
                when = dates.to_utc(dates.day_start_unless_timed(when, now))
                check_wake(str(raw), when, now)
            checked[task_field.name] = when
        else:
            checked[task_field.name] = _CHECKS[task_field.kind](task_field.noun, raw, now)
    return checked


def check_wake(text: str, until: datetime, now: datetime) -> None:
    """InvalidInput unless ``until`` (read from ``text``), when a snoozed task wakes, is ahead
    of ``now``: a snooze that has already ended would hide nothing."""
    if until <= now:
        raise InvalidInput(
            _("cannot snooze until {text!r} ({when}): give a later day or time").format(
                text=text.strip(), when=dates.format_wake(until, now)
            )
        )


def _title(noun: str, raw: str | int, now: datetime) -> str:
    title = text_value(noun, raw)
    if not title:
        raise InvalidInput(_("a task needs a title"))
    return title


def _level(noun: str, raw: str | int, now: datetime) -> int:
    try:
        level = int(raw)
    except ValueError:
        level = 0
    if not 1 <= level <= 5:
        raise InvalidInput(
            _("{noun} must be a whole number from 1 to 5, not {raw!r}").format(
                noun=field_word(noun), raw=raw
            )
        )
    return level


def _date(
    noun: str, raw: str | int, now: datetime, calendar: WorkCalendar, order: dates.DateOrder
) -> datetime | None:
    text = text_value(noun, raw)
    if text.lower() == CLEAR:
        return None
    return dates.to_utc(dates.parse_when(text, now, calendar, order))


def _duration(noun: str, raw: str | int, now: datetime) -> int | None:
    text = text_value(noun, raw)
    return None if text.lower() == CLEAR else dates.parse_duration(text)


def _label(noun: str, raw: str | int, now: datetime) -> str | None:
    text = text_value(noun, raw)
    return None if text.lower() == CLEAR or not text else text


def _text(noun: str, raw: str | int, now: datetime) -> str | None:
    return text_value(noun, raw) or None


def _rule(noun: str, raw: str | int, now: datetime) -> str | None:
    text = text_value(noun, raw)
    return None if text.lower() == CLEAR else recurrence.parse_every(text)


_CHECKS: dict[Kind, Callable[[str, str | int, datetime], Any]] = {
    "title": _title,
    "level": _level,
    "duration": _duration,
    "label": _label,
    "text": _text,
    "rule": _rule,
}
"""How a typed value of each kind of task field is checked and converted (dates, which need
the working calendar, by ``_date``)."""
_GIVEN = {task_field.given: task_field for task_field in TASK_FIELDS}


FAR_AHEAD_DAYS = 183
"""A date written without a year that lands further ahead than this (about six months) was
more likely meant in the recent past: a due date says so, a follow-up day is refused."""


def due_year_inferred_far(
    given: TaskInput, now: datetime, calendar: WorkCalendar, order: dates.DateOrder
) -> bool:
    """Whether the given due date was written without a year and lands more than
    FAR_AHEAD_DAYS ahead (``1 Dec`` typed on 2 Dec): the output line confirms the year."""
    raw = given.values.get("due")
    if not isinstance(raw, str) or raw.strip().lower() == CLEAR:
        return False
    return far_yearless(dates.read_when(raw, now, calendar, order), now)


def far_yearless(read: dates.ReadDate, now: datetime) -> bool:
    return read.year_inferred and dates.days_until(read.at, now) > FAR_AHEAD_DAYS


def task_ids(raw: Iterable[str | int]) -> list[int]:
    """Parse task ids such as ``12`` or ``#12``, each once (``1 2 1`` is ``1 2``);
    InvalidInput for anything else."""
    ids = []
    for item in raw:
        text = str(item).strip().removeprefix("#")
        if not re.fullmatch(r"[0-9]{1,19}", text) or not 0 < int(text) <= MAX_ID:
            raise InvalidInput(
                _("not a task id: {item!r} (ids are whole numbers like 12)").format(item=item)
            )
        ids.append(int(text))
    return list(dict.fromkeys(ids))


def text_value(name: str, raw: object) -> str:
    """``raw`` as clean text: surrounding space stripped; InvalidInput if it cannot be stored
    as the field ``name`` (see ``limits``: not valid Unicode, a NUL, too long)."""
    return checked_text(name, str(raw).strip())


def optional_text(name: str, raw: str | None) -> str | None:
    """``text_value`` of an optional free text (a note, a team): None if absent or blank."""
    return None if raw is None else text_value(name, raw) or None


def clean_name(raw: str) -> str:
    """A person's name with its white space tidied; InvalidInput if empty."""
    name = " ".join(text_value("name", raw).split())
    if not name:
        raise InvalidInput(_("a person's name cannot be empty"))
    return name
