"""Initiatives (issue 16): a cycle of work whose tasks are reviewed with the people concerned on
a cadence. What they are (records), how they are typed (keys), and what is derived from their
tasks' history (the burn-up, the time to done, the review's agenda). Pure: no database, no clock.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from coo_todo.domain.people import name_key
from coo_todo.domain.records import DONE, OPEN, TaskRecord
from coo_todo.errors import InvalidInput
from coo_todo.i18n import N_, _

ACTIVE, PAUSED, CLOSED = "active", "paused", "done"
STATES = (ACTIVE, PAUSED, CLOSED)
STATE_NAMES = {ACTIVE: N_("active"), PAUSED: N_("paused"), CLOSED: N_("done")}
"""How the user reads each state (translated where shown, ``state_name``)."""


def state_name(state: str) -> str:
    """An initiative's state in the user's language: "active", "en pause"."""
    return _(STATE_NAMES[state]) if state in STATE_NAMES else state


KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
REVIEW_TAG = "review-meeting"
"""The tag of the task that brings an initiative's review meeting back into the triage: an
initiative's tasks with it are its review meetings (left out of its progress and agenda)."""


@dataclass(frozen=True)
class InitiativeRecord:
    """An initiative as stored, with its members' names (sorted by name)."""

    id: int
    uuid: str
    key: str
    name: str
    state: str
    started_at: datetime
    created_at: datetime
    updated_at: datetime
    goal: str | None = None
    area: str | None = None
    target: datetime | None = None
    review_rule: str | None = None
    next_review: datetime | None = None
    owner: str | None = None
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewRecord:
    """One review meeting held: when, and what was agreed."""

    uuid: str
    at: datetime
    note: str | None = None


@dataclass(frozen=True)
class InitiativeCopy:
    """An initiative as the backup keeps it: with its reviews and its tasks' uuids."""

    initiative: InitiativeRecord
    reviews: tuple[ReviewRecord, ...] = ()
    tasks: tuple[str, ...] = ()
    line: int = 0
    """Where a backup being read holds it."""


@dataclass(frozen=True)
class Joined:
    """A task of an initiative as its progress sees it: since when it counts, when it was done."""

    task_id: int
    joined: datetime
    done: datetime | None


@dataclass(frozen=True)
class BurnUpPoint:
    """At the end of ``day``: how many of the initiative's tasks were done, of how many."""

    day: date
    done: int
    total: int


@dataclass(frozen=True)
class Progress:
    """What ``todo initiative show`` reports: progress from the history."""

    initiative: InitiativeRecord
    burn_up: list[BurnUpPoint]
    days_since_start: int
    median_days_to_done: float | None
    waiting: list[TaskRecord]
    """Open tasks delegated, by who they wait on."""
    reviews: list[ReviewRecord]
    moved: int
    """How many of its tasks changed since the last review (or the start)."""


def folded_key(text: str) -> str:
    """A key as typed, in the form keys are stored and compared in: case and accents aside
    (``Écoles``: ``ecoles``, the key the name ``Écoles`` suggests)."""
    return name_key(text)


def checked_key(text: str) -> str:
    """A key as typed (``crm``, ``hiring-2027``): lower case letters, digits, ``-`` and ``_``."""
    key = folded_key(text)
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidInput(
            _("not an initiative key: {text} (letters, digits, - and _, at most 40)").format(
                text=repr(text[:60])
            )
        )
    return key


def key_from_name(name: str) -> str:
    """The key a name suggests: its first word, accents stripped (``CRM migration``: ``crm``)."""
    words = re.findall(r"[a-z0-9]+", name_key(name))
    if not words:
        raise InvalidInput(
            _("cannot make a key of {name}: give one with --key").format(name=repr(name[:60]))
        )
    return str(words[0])[:40]


def review_title(name: str, members: Sequence[str]) -> str:
    """``Review CRM migration with Karim, Chloé``."""
    return f"Review {name} with {', '.join(members)}" if members else f"Review {name}"


def burn_up(tasks: Sequence[Joined], start: date, today: date) -> list[BurnUpPoint]:
    """Done vs total by the end of ``start`` and of every seventh day after it, and of
    ``today``: a task counts from the day it joined, and as done from the day it was done."""
    days = [start + timedelta(weeks=week) for week in range((today - start).days // 7 + 1)]
    if not days or days[-1] != today:
        days.append(today)
    return [
        BurnUpPoint(
            day,
            sum(1 for task in tasks if task.done is not None and task.done.date() <= day),
            sum(1 for task in tasks if task.joined.date() <= day),
        )
        for day in days
        if day >= start
    ]


def median_days_to_done(tasks: Sequence[Joined]) -> float | None:
    """The median time from joining to done, in days; None when nothing is done."""
    spans = [
        (task.done - task.joined).total_seconds() / 86400 for task in tasks if task.done is not None
    ]
    return round(statistics.median(spans), 1) if spans else None


@dataclass(frozen=True)
class Agenda:
    """What a review meeting goes through (``todo initiative brief``)."""

    initiative: InitiativeRecord
    since: datetime
    """The last review, or the start."""
    agreed: str | None
    done: list[TaskRecord]
    open: list[TaskRecord]
    slipped: list[TaskRecord]
    decisions: list[str] = field(default_factory=list)


def slipped(tasks: Sequence[TaskRecord], moved_later: set[int], now: datetime) -> list[TaskRecord]:
    """Open tasks whose deadline passed, and those whose due date was moved later
    (``moved_later``: their ids, from the history since the last review)."""
    return [
        task
        for task in tasks
        if task.status == OPEN
        and (task.id in moved_later or (task.due is not None and task.due < now))
    ]


def agenda(
    initiative: InitiativeRecord,
    tasks: Sequence[TaskRecord],
    since: datetime,
    agreed: str | None,
    moved_later: set[int],
    now: datetime,
) -> Agenda:
    """The review's agenda from the initiative's tasks (the review task itself aside)."""
    work = [task for task in tasks if REVIEW_TAG not in task.tags]
    late = slipped(work, moved_later, now)
    still_open = [task for task in work if task.status == OPEN]
    decisions = [
        _("Re-plan or drop #{id} {title}").format(id=task.id, title=task.title) for task in late
    ]
    decisions += [
        _("Chase {person} on #{id} {title}").format(
            person=task.delegate, id=task.id, title=task.title
        )
        for task in still_open
        if task.delegate is not None and task.follow_up is not None and task.follow_up < now
    ]
    if initiative.target is not None and initiative.target < now and still_open:
        decisions.append(_("The target date has passed: move it, or close the initiative"))
    return Agenda(
        initiative,
        since,
        agreed,
        [
            task
            for task in work
            if task.status == DONE and task.completed_at and task.completed_at >= since
        ],
        still_open,
        late,
        decisions,
    )


def agenda_markdown(item: Agenda, day: str) -> str:
    """The agenda as markdown for the meeting's notes; ``day`` is the meeting's date, shown."""
    initiative = item.initiative
    lines = [_("# Review: {name} ({day})").format(name=_inline(initiative.name), day=day), ""]
    if initiative.members:
        lines += [_("With {members}.").format(members=_inline(", ".join(initiative.members))), ""]
    if initiative.goal:
        lines += [_("Goal: {goal}").format(goal=_inline(initiative.goal)), ""]
    sections = [
        (_("Agreed last time"), [_inline(item.agreed)] if item.agreed else []),
        (_("Done since the last review"), [_task_line(task) for task in item.done]),
        (_("Still open"), [_task_line(task, who=True) for task in item.open]),
        (_("Slipped"), [_task_line(task) for task in item.slipped]),
        (_("Next decisions"), [_inline(text) for text in item.decisions]),
    ]
    for title, entries in sections:
        lines += [f"## {title}", ""]
        lines += [f"- {entry}" for entry in entries] if entries else [_("Nothing.")]
        lines.append("")
    return "\n".join(lines)


def _task_line(task: TaskRecord, *, who: bool = False) -> str:
    text = f"#{task.id} {_inline(task.title)}"
    if who:
        text += (
            _(" (waiting on {person})").format(person=_inline(task.delegate))
            if task.delegate
            else _(" (mine)")
        )
    return text


def _inline(text: str) -> str:
    """Text on one markdown line, read as plain text: inline markup escaped, and a start that
    would open a block (``# ``, ``- ``, ``1. ``...) too."""
    flat = re.sub(r"([\\`*_\[\]<>|~&])", r"\\\1", " ".join(text.split()))
    return re.sub(r"^(\d*)([#>+=.)-])", r"\1\\\2", flat)
