"""Records read from an import file, on their way to the database.

``formats.readers`` makes them from text; ``Store.import_records`` writes them in one
transaction.
Pure data and pure checks: times are aware UTC datetimes, ``None`` where the source is silent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coo_todo.domain.initiatives import InitiativeCopy
from coo_todo.domain.limits import check_tag_count, checked_text
from coo_todo.domain.records import OPEN, TASK_FIELDS, TaskRecord, laid_out
from coo_todo.errors import InvalidInput
from coo_todo.i18n import _, ngettext


@dataclass(frozen=True)
class Problem:
    """A record that could not be read or written, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("line {line}: {message}").format(line=self.line, message=self.message)


@dataclass(frozen=True)
class EventIn:
    """One history entry, of the task with ``task_uuid``. ``task_id``: the id of a task deleted
    before the file was made; ``change``: the undo group it belongs to (None: this import's)."""

    line: int
    task_uuid: str
    kind: str
    at: datetime
    changes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    task_id: int | None = None
    change: str | None = None
    undone_at: datetime | None = None
    author: str | None = None
    """Who made the change, in team mode (our backups): None is whoever imports."""

    @property
    def key(self) -> tuple[str, str, datetime, str | None]:
        """What makes an entry the same one when a file is imported again."""
        return (self.task_uuid, self.kind, self.at, self.note)


@dataclass(frozen=True)
class PersonIn:
    """A colleague, matched to the people already known by name (case and accents aside)."""

    line: int
    name: str
    team: str | None = None
    contact: str | None = None
    created_at: datetime | None = None
    last_brief_at: datetime | None = None
    login: str | None = None
    """A team member's database role (our backups of a team's list)."""


COMPARED = laid_out(
    (
        "title",
        "status",
        "impact",
        "urgency",
        "due",
        "effort_minutes",
        "area",
        "notes",
        "completed_at",
        "tags",
        "delegate",
        "delegated_at",
        "follow_up",
        "recurrence",
        "series",
    )
)
"""The fields that make an imported task differ from the stored one (an update): every task
field (``records.TASK_FIELDS``), and these others."""
_BY_NAME = {task_field.name: task_field for task_field in TASK_FIELDS}
_TEXTS = tuple(
    _BY_NAME[name]
    for name in laid_out(("title", "notes", "area"))
    if _BY_NAME[name].kind in ("title", "label", "text")
)
"""The text fields ``TaskIn`` checks (``limits``), in this order."""


@dataclass(frozen=True)
class TaskIn:
    """One task as a file describes it; ``blocked_by`` holds uuids, ``id`` the id to keep if
    it is free (our own backups). Every task field (``records.TASK_FIELDS``) is one of its
    fields, with the field's default."""

    line: int
    uuid: str
    title: str
    status: str = OPEN
    impact: int = 3
    urgency: int = 3
    due: datetime | None = None
    effort_minutes: int | None = None
    area: str | None = None
    notes: str | None = None
    recurrence: str | None = None
    """A recurring task's rule (RRULE); ``series`` the uuid its occurrences share (None: a
    series of its own, for a task with a rule)."""
    series: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    completed_at: datetime | None = None
    tags: tuple[str, ...] = ()
    blocked_by: tuple[str, ...] = ()
    delegate: str | None = None
    delegated_at: datetime | None = None
    follow_up: datetime | None = None
    owner: str | None = None
    snoozed_until: datetime | None = None
    """Who owns it, in team mode (our backups): None is whoever imports."""
    id: int | None = None

    def __post_init__(self) -> None:
        """Refuse (InvalidInput) what the database would, or text beyond its limit (``limits``);
        tags lower case, sorted, unique."""
        if not (self.title or "").strip():
            raise InvalidInput(_("no title"))
        tags = tuple(sorted({tag.strip().lower() for tag in self.tags if tag.strip()}))
        check_tag_count(len(tags))
        texts = [(text.noun, getattr(self, text.name)) for text in _TEXTS]
        for name, value in [*texts, *(("tag", tag) for tag in tags)]:
            checked_text(name, value or "")
        object.__setattr__(self, "tags", tags)

    def changes_from(self, stored: TaskRecord) -> dict[str, dict[str, Any]]:
        """``{field: {"from": stored, "to": imported}}`` for each compared field that differs.

        A completion time the file does not give keeps the stored one.
        """
        changes = {}
        for name in COMPARED:
            new, old = getattr(self, name), getattr(stored, name)
            if name == "completed_at" and new is None and self.status == stored.status:
                continue
            if new != old:
                changes[name] = {"from": old, "to": new}
        return changes


@dataclass
class Batch:
    """Everything one file holds, history in the order it happened. ``restore``: the file holds
    the complete history (our own backups), so the import adds no entry to new tasks."""

    source: str
    tasks: list[TaskIn] = field(default_factory=list)
    people: list[PersonIn] = field(default_factory=list)
    history: list[EventIn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    restore: bool = False
    shared_areas: list[str] = field(default_factory=list)
    """Team mode: the areas the file's list shared with the whole team."""
    initiatives: list[InitiativeCopy] = field(default_factory=list)


PREFERENCES = ("newer", "incoming", "local")
"""Which version of a task wins when the file's differs from the stored one: the one changed
last (``newer``, the default), the file's, or the stored one."""


@dataclass(frozen=True)
class KeptChange:
    """A task the file would have changed, kept as it was: ``kind`` and ``at`` name the latest
    change made to it here (None: it has no such history entry)."""

    task_id: int
    kind: str | None
    at: datetime


@dataclass(frozen=True)
class ImportReport:
    """How many of the file's tasks were added, updated (they differed, and the file's version
    won), left unchanged (already there as is), and the tasks kept as they were (conflicts)."""

    added: int
    updated: int
    unchanged: int
    conflicts: list[KeptChange]
    problems: list[Problem]


def acyclic(
    edges: Mapping[int, set[int]], wanted: Iterable[tuple[int, int]]
) -> tuple[dict[int, set[int]], list[tuple[int, int]]]:
    """Add ``(task, blocker)`` edges to the graph ``edges`` (task -> blockers) one by one, leaving
    out those that would close a cycle. Returns the new graph and the edges left out."""
    graph = {task: set(blockers) for task, blockers in edges.items()}
    refused = []
    for task, blocker in wanted:
        if _reaches(graph, blocker, task):
            refused.append((task, blocker))
        else:
            graph.setdefault(task, set()).add(blocker)
    return graph, refused


def _reaches(graph: Mapping[int, set[int]], start: int, target: int) -> bool:
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        if node == target:
            return True
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return False


def refuse(problems: Sequence[Problem]) -> InvalidInput:
    """The error of a ``--strict`` import that met problems: the first one, and how many more."""
    more = len(problems) - 1
    message = (
        ngettext(
            "{problem} (and {count} more): nothing imported (--strict)",
            "{problem} (and {count} more): nothing imported (--strict)",
            more,
        )
        if more
        else _("{problem}: nothing imported (--strict)")
    )
    return InvalidInput(message.format(problem=problems[0], count=more))
