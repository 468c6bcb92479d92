"""Plain snapshots of stored data, handed from the store to the layers above it, and the
registry of the task's fields (``TASK_FIELDS``) that every layer reads.

They hold no database session, so scoring, rendering and export work on them freely, and a
long-lived process can keep them. Times are aware datetimes in UTC, as stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NamedTuple

from coo_todo.i18n import N_, _

OPEN = "open"
DONE = "done"
DROPPED = "dropped"
STATUSES = (OPEN, DONE, DROPPED)
_STATUS_WORDS = {OPEN: N_("open"), DONE: N_("done"), DROPPED: N_("dropped")}


def status_word(status: str) -> str:
    """A task's status as the user reads it, in their language ("open", "ouverte")."""
    return _(_STATUS_WORDS[status]) if status in _STATUS_WORDS else status


HISTORY_KIND_NAMES = {
    "created": N_("created"),
    "imported": N_("imported"),
    "reimported": N_("reimported"),
    "edited": N_("edited"),
    "done": N_("done"),
    "reopened": N_("reopened"),
    "dropped": N_("dropped"),
    "deleted": N_("deleted"),
    "delegated": N_("delegated"),
    "redelegated": N_("redelegated"),
    "reclaimed": N_("reclaimed"),
    "handed-back": N_("handed-back"),
    "followed-up": N_("followed-up"),
    "snoozed": N_("snoozed"),
    "woken": N_("woken"),
    "undo": N_("undo"),
    "person-added": N_("person-added"),
    "person-edited": N_("person-edited"),
    "person-removed": N_("person-removed"),
    "briefed": N_("briefed"),
    "initiative-added": N_("initiative-added"),
    "initiative-edited": N_("initiative-edited"),
    "initiative-reviewed": N_("initiative-reviewed"),
}
"""The kinds of history entries as the user reads them (the stored kind, in English)."""


def history_kind_name(kind: str) -> str:
    """A history entry's kind in the user's language ("edited", "modifiée")."""
    return _(HISTORY_KIND_NAMES[kind]) if kind in HISTORY_KIND_NAMES else kind


NO_TASK = 0
"""The ``task_id`` of a history entry about a person rather than a task (ids start at 1)."""


Kind = Literal["title", "level", "date", "duration", "label", "text", "rule"]
"""How a task field is typed, checked, read from a file and shown: ``title`` text that cannot
be blank; ``level`` a whole number from 1 to 5; ``date`` a time typed as a date; ``duration``
minutes typed as ``1h30``; ``label`` a short name; ``text`` free text; ``rule`` a recurrence
typed in words (``fri``, ``2 weeks on mon``), stored as an RRULE (``domain.recurrence``). A
blank ``label`` or ``text``, and ``none`` for a ``date``, ``duration``, ``label`` or ``rule``,
clear the field."""


@dataclass(frozen=True)
class TaskField:
    """A task column the user sets (``add``, ``edit``, inline ``key:value``) and an import
    carries. ``name``: the column, the records' attribute and the JSON key; ``label``: its row
    in ``todo show`` (marked ``N_``, translated there); ``noun``: its name in messages and in
    ``limits.MAX_LENGTH``; ``given``: its key among typed values (``TaskInput``); ``inline``:
    the capture keys that set it; ``limit``: the longest text; ``default``: the value of a task
    that does not say; ``day_start``: a date typed without a time means the start of that day
    (when a snoozed task comes back), not its end."""

    name: str
    kind: Kind
    label: str
    noun: str
    given: str
    inline: tuple[str, ...] = ()
    limit: int | None = None
    default: int | None = None
    day_start: bool = False


TASK_FIELDS = (
    TaskField("title", "title", N_("Title"), "title", "title", limit=500),
    TaskField("impact", "level", N_("Impact"), "impact", "impact", ("impact", "imp"), default=3),
    TaskField(
        "urgency", "level", N_("Urgency"), "urgency", "urgency", ("urgency", "urg"), default=3
    ),
    TaskField("due", "date", N_("Due"), "due", "due", ("due",)),
    TaskField("effort_minutes", "duration", N_("Effort"), "effort", "effort", ("effort",)),
    TaskField("area", "label", N_("Area"), "area", "area", ("area", "project"), limit=100),
    TaskField("notes", "text", N_("Notes"), "note", "notes", limit=10_000),
    TaskField("recurrence", "rule", N_("Repeats"), "every", "every", ("every", "recur"), limit=500),
    TaskField(
        "snoozed_until",
        "date",
        N_("Snoozed until"),
        "snooze",
        "snooze",
        ("wait", "snooze"),
        day_start=True,
    ),
)
"""The task's own fields, which the user and import files set: capture, the checks, editing,
the JSON contract, the backup, import and ``todo show`` read them from here. Adding a column:
CONTRIBUTING.md, "Adding a task column"."""
FIELD_NAMES = tuple(task_field.name for task_field in TASK_FIELDS)


def laid_out(names: Sequence[str]) -> tuple[str, ...]:
    """An output's keys in order: ``names``, then the task fields it does not name (a new
    column comes last, so the existing keys keep their places)."""
    return (*names, *(name for name in FIELD_NAMES if name not in names))


class TaskRecord(NamedTuple):
    """One task with its tags and dependencies.

    Its fields up to ``follow_up`` are columns of the task table, read in this order (every
    field of ``TASK_FIELDS`` among them); the store derives the others. A named tuple, where
    the other records are frozen dataclasses: the store makes one per task it reads (10,000
    for a crowded triage), and a frozen dataclass, which sets each field through
    ``object.__setattr__``, took ten times longer to build.
    """

    id: int
    uuid: str
    title: str
    status: str
    impact: int
    urgency: int
    due: datetime | None
    effort_minutes: int | None
    area: str | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    notes: str | None = None
    delegated_at: datetime | None = None
    follow_up: datetime | None = None
    owner: str | None = None
    """Who created the task: their database role in team mode (PostgreSQL), else None."""
    recurrence: str | None = None
    """A recurring task's rule (RFC 5545 RRULE); None for a one-off."""
    series: str | None = None
    """The uuid shared by the occurrences of one recurring task."""
    snoozed_until: datetime | None = None
    """Hidden from the triage until then; None when awake."""
    initiative_id: int | None = None
    """The initiative it belongs to (``in:crm``), if any."""
    tags: tuple[str, ...] = ()
    blocked_by: tuple[int, ...] = ()
    delegate: str | None = None
    last_note: str | None = None
    delegated_by: str | None = None
    """In team mode, for a task another member delegated to me, their name."""
    initiative: str | None = None
    """The key of its initiative (``crm``), as shown and typed; None if it has none (or, in
    team mode, one this member cannot see)."""


@dataclass(frozen=True)
class PersonRecord:
    """A colleague tasks can be delegated to."""

    id: int
    name: str
    team: str | None = None
    contact: str | None = None
    last_brief_at: datetime | None = None
    created_at: datetime | None = None
    login: str | None = None
    """A team member's database role; None for other colleagues."""


@dataclass(frozen=True)
class EventRecord:
    """One entry of a task's history."""

    task_id: int
    kind: str
    at: datetime
    changes: dict[str, object] = field(default_factory=dict)
    note: str | None = None
    task_uuid: str | None = None
    change: str = ""
    undone_at: datetime | None = None
    author: str | None = None
    """Who made the change: the database role, in team mode (PostgreSQL); else None."""
    by: str | None = None
    """The name of the member whose role made the change (None for a role that is not a
    member, and on SQLite): what views show."""


@dataclass(frozen=True)
class Brief:
    """What a 1:1 agenda needs: the person, their delegated tasks, what they finished since."""

    person: PersonRecord
    overdue: list[TaskRecord]
    others: list[TaskRecord]
    finished: list[TaskRecord]
    since: datetime
    histories: dict[int, list[EventRecord]]
