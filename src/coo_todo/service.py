"""Domain operations: turn what the user typed into validated changes, and rank the day.

Below the CLI and above the store. Receives the store, ``now`` and the weights; reads no clock
and prints nothing.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from coo_todo import dates
from coo_todo.capture import Capture
from coo_todo.config import Settings
from coo_todo.errors import CannotUndo, InvalidInput, NotFound
from coo_todo.limits import MAX_ID, checked_text
from coo_todo.people import find_person, name_key
from coo_todo.records import DONE, DROPPED, NO_TASK, OPEN, Brief, PersonRecord, TaskRecord
from coo_todo.scoring import Breakdown, Ranked, Ranking, follow_up_due, rank, score
from coo_todo.store import Delegation, Reverted, Store, TaskFilter

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


def check_fields(values: Mapping[str, str | int | None], now: datetime) -> dict[str, Any]:
    """Validate and convert raw values to stored ones (naive UTC times); InvalidInput if bad."""
    checked: dict[str, Any] = {}
    for name, raw in values.items():
        if raw is None:
            continue
        if name == "title":
            title = text_value("title", raw)
            if not title:
                raise InvalidInput("a task needs a title")
            checked["title"] = title
        elif name in ("impact", "urgency"):
            checked[name] = _level(name, raw)
        elif name == "notes":
            checked["notes"] = text_value("note", raw) or None
        else:
            text = text_value(name, raw)
            clear = text.lower() == CLEAR
            if name == "due":
                checked["due"] = None if clear else dates.to_utc(dates.parse_when(text, now))
            elif name == "effort":
                checked["effort_minutes"] = None if clear else dates.parse_duration(text)
            elif name == "area":
                checked["area"] = None if clear or not text else text
            elif name in ("to", "follow_up"):
                raise InvalidInput("delegate with todo delegate ID --to NAME [--follow-up WHEN]")
            else:
                raise InvalidInput(f"unknown attribute {name!r}")
    return checked


FAR_AHEAD_DAYS = 183
"""A date written without a year that lands further ahead than this (about six months) was
more likely meant in the recent past: a due date says so, a follow-up day is refused."""


def due_year_inferred_far(given: TaskInput, now: datetime) -> bool:
    """Whether the given due date was written without a year and lands more than
    FAR_AHEAD_DAYS ahead (``1 Dec`` typed on 2 Dec): the output line confirms the year."""
    raw = given.values.get("due")
    if not isinstance(raw, str) or raw.strip().lower() == CLEAR:
        return False
    return _far_yearless(dates.read_when(raw, now), now)


def _far_yearless(read: dates.ReadDate, now: datetime) -> bool:
    return read.year_inferred and dates.days_until(read.at, now) > FAR_AHEAD_DAYS


def task_ids(raw: Iterable[str | int]) -> list[int]:
    """Parse task ids such as ``12`` or ``#12``, each once (``1 2 1`` is ``1 2``);
    InvalidInput for anything else."""
    ids = []
    for item in raw:
        text = str(item).strip().removeprefix("#")
        if not re.fullmatch(r"[0-9]{1,19}", text) or not 0 < int(text) <= MAX_ID:
            raise InvalidInput(f"not a task id: {item!r} (ids are whole numbers like 12)")
        ids.append(int(text))
    return list(dict.fromkeys(ids))


def text_value(name: str, raw: object) -> str:
    """``raw`` as clean text: surrounding space stripped; InvalidInput if it cannot be stored
    as the field ``name`` (see ``limits``: not valid Unicode, a NUL, too long)."""
    return checked_text(name, str(raw).strip())


def optional_text(name: str, raw: str | None) -> str | None:
    """``text_value`` of an optional free text (a note, a team): None if absent or blank."""
    return None if raw is None else text_value(name, raw) or None


def _level(name: str, raw: str | int) -> int:
    try:
        level = int(raw)
    except ValueError:
        level = 0
    if not 1 <= level <= 5:
        raise InvalidInput(f"{name} must be a whole number from 1 to 5, not {raw!r}")
    return level


def add_task(
    store: Store, given: TaskInput, now: datetime, settings: Settings, *, create: bool = False
) -> TaskRecord:
    """Create a task from raw input (impact and urgency default to 3), delegated if ``to`` is
    given; ``create`` adds an unknown delegate on the spot."""
    values = dict(given.values)
    to, follow = values.pop("to", None), values.pop("follow_up", None)
    fields = check_fields({"impact": 3, "urgency": 3, **values}, now)
    if "title" not in fields:
        raise InvalidInput("a task needs a title")
    if follow is not None and to is None:
        raise InvalidInput("a follow-up date needs a delegate: add --to NAME")
    delegation = None
    if to is not None:
        follow_up = follow_up_day(follow, now, settings, fields.get("due"))
        delegation = delegation_to(store, str(to), follow_up, create=create)
    return store.add(
        fields, _tags(given.tags), task_ids(given.blocked_by), dates.to_utc(now), delegation
    )


def edit_task(
    store: Store,
    task_id: int,
    given: TaskInput,
    now: datetime,
    *,
    remove_tags: Sequence[str] = (),
    unblock: Sequence[str | int] = (),
) -> TaskRecord:
    """Apply the given changes to a task."""
    return store.edit(
        task_id,
        check_fields(given.values, now),
        dates.to_utc(now),
        add_tags=_tags(given.tags),
        remove_tags=remove_tags,
        add_blockers=task_ids(given.blocked_by),
        remove_blockers=task_ids(unblock),
    )


def _tags(raw: Iterable[str]) -> list[str]:
    return [text_value("tag", tag) for tag in raw]


STATUS_CHANGES = {"done": DONE, "reopened": OPEN, "dropped": DROPPED}
"""Event kind -> the status it sets."""


def change_status(
    store: Store, ids: Sequence[str | int], kind: str, now: datetime
) -> list[TaskRecord]:
    """Mark tasks done, reopened or dropped (``kind``); all or none."""
    return store.set_status(task_ids(ids), STATUS_CHANGES[kind], dates.to_utc(now), kind)


@dataclass(frozen=True)
class Triage:
    """The ranked open tasks (after filters), the blocked and waiting ones, and every title."""

    ranking: Ranking[TaskRecord]
    titles: dict[int, str]

    @property
    def open_tasks(self) -> int:
        """How many tasks are open, filters aside."""
        return len(self.titles)


def rank_open(store: Store, now: datetime, settings: Settings) -> Ranking[TaskRecord]:
    """The ranking of every open task as of ``now``."""
    return rank(
        store.tasks(TaskFilter(status=OPEN)),
        now,
        settings.weights,
        settings.calendar(now.tzinfo),
    )


def triage(
    store: Store,
    now: datetime,
    settings: Settings,
    *,
    area: str | None = None,
    tag: str | None = None,
) -> Triage:
    """Rank every open task; ``area`` and ``tag`` filter the view, not what is ranked."""
    ranking = rank_open(store, now, settings)
    titles = {entry.task.id: entry.task.title for entry in ranking.ranked}
    titles.update({task.id: task.title for task, _ in ranking.blocked})
    titles.update({task.id: task.title for task in ranking.waiting})
    if area is None and tag is None:
        return Triage(ranking, titles)

    def shown(task: TaskRecord) -> bool:
        return (area is None or (task.area or "").lower() == area.lower()) and (
            tag is None or tag.lower() in task.tags
        )

    ranked = [entry for entry in ranking.ranked if shown(entry.task)]
    renumbered = [Ranked(i, entry.task, entry.breakdown) for i, entry in enumerate(ranked, 1)]
    blocked = [(task, waits) for task, waits in ranking.blocked if shown(task)]
    waiting = [task for task in ranking.waiting if shown(task)]
    return Triage(Ranking(renumbered, blocked, waiting), titles)


@dataclass(frozen=True)
class Explanation:
    """Why a task scores what it does, and where it stands in the morning ranking."""

    task: TaskRecord
    breakdown: Breakdown
    rank: int | None
    of: int
    waiting_for: tuple[int, ...]


def explain(store: Store, task_id: int, now: datetime, settings: Settings) -> Explanation:
    """Score breakdown and rank of one task (a closed task is scored as if it were open)."""
    task = store.task(task_id)
    ranking = rank_open(store, now, settings)
    for entry in ranking.ranked:
        if entry.task.id == task_id:
            return Explanation(task, entry.breakdown, entry.rank, len(ranking.ranked), ())
    waiting = next((waits for blocked, waits in ranking.blocked if blocked.id == task_id), ())
    breakdown = score(task, now, settings.weights, calendar=settings.calendar(now.tzinfo))
    return Explanation(task, breakdown, None, len(ranking.ranked), waiting)


def breakdowns(
    tasks: Sequence[TaskRecord], store: Store, now: datetime, settings: Settings
) -> dict[int, Breakdown]:
    """Scores for listed tasks: ranked ones as in the ranking, others on their own."""
    result: dict[int, Breakdown] = {}
    if any(task.status == OPEN for task in tasks):
        for entry in rank_open(store, now, settings).ranked:
            result[entry.task.id] = entry.breakdown
    for task in tasks:
        if task.id not in result:
            result[task.id] = score(
                task, now, settings.weights, calendar=settings.calendar(now.tzinfo)
            )
    return result


def undo_last(store: Store, now: datetime) -> list[str]:
    """Revert the latest change (one command's events); describe each reverted event.

    CannotUndo if that change can no longer be reverted: it is passed over, and the message
    says why and that the next undo goes to the change before it."""
    undone = store.undo(dates.to_utc(now))
    lines = [_reverted_line(item) for item in undone.events]
    if undone.passed_over is not None:
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        raise CannotUndo(
            f"cannot undo {lines[0]}{more}: {undone.passed_over}; passed over it, so the next "
            "todo undo reverts the change before it"
        )
    return lines


def _reverted_line(item: Reverted) -> str:
    """``edited #3 Call Acme``, ``person-added Bob Stone (removed)``."""
    event = item.event
    subject = item.title if event.task_id == NO_TASK else f"#{event.task_id} {item.title}"
    return f"{event.kind} {subject}".rstrip() + (" (removed)" if item.removed else "")


# -- delegation ----------------------------------------------------------------------------


def delegation_to(
    store: Store,
    name: str,
    follow_up: datetime,
    note: str | None = None,
    *,
    create: bool = False,
) -> Delegation:
    """A delegation to the person ``name`` designates; with ``create``, an unknown name is
    added in the same transaction as the delegation (so a refused delegation adds nobody)."""
    try:
        return Delegation(find_person(name, store.people()).id, follow_up, note)
    except NotFound:
        if not create:
            raise
        return Delegation(None, follow_up, note, new_person=clean_name(name))


def clean_name(raw: str) -> str:
    """A person's name with its white space tidied; InvalidInput if empty."""
    name = " ".join(text_value("name", raw).split())
    if not name:
        raise InvalidInput("a person's name cannot be empty")
    return name


def follow_up_day(
    text: str | int | None, now: datetime, settings: Settings, due: datetime | None = None
) -> datetime:
    """The start of the follow-up day: ``text`` parsed, or the default interval from today,
    brought forward to ``latest_check_in`` before a deadline ``due``. Stored in UTC.
    InvalidInput for a day before today, including a date written without a year that has
    just passed (``1 Dec`` on 2 Dec is not taken for next year's)."""
    if text is None:
        when = now + timedelta(days=settings.delegation.follow_up_days)
        if due is not None:
            when = min(when, latest_check_in(due, now, settings))
    else:
        read = dates.read_when(str(text), now)
        when = read.at
        if _far_yearless(read, now) and (when.month, when.day) != (2, 29):
            when = when.replace(year=when.year - 1)  # the one that has just passed
        if dates.days_until(when, now) < 0:
            raise InvalidInput(
                f"the follow-up day {str(text).strip()!r} has passed "
                f"({dates.format_day(when, now, year=True)}): give today or a later day"
                + (" (with its year for next year's)" if read.year_inferred else "")
            )
    return dates.to_utc(dates.start_of_day(when, now))


def latest_check_in(due: datetime, now: datetime, settings: Settings) -> datetime:
    """The start of the last day whose check-in still leaves a working day before ``due``;
    today at the earliest (a deadline nearer than that brings the task back at once)."""
    calendar = settings.calendar(now.tzinfo)
    moment = calendar.moment(calendar.clock(due) - calendar.day_seconds)
    return max(dates.start_of_day(moment, now), dates.start_of_day(now, now))


def follow_up_after_deadline(task: TaskRecord, now: datetime) -> str | None:
    """A warning when a delegated task's follow-up day starts after its deadline: the check-in
    would come too late, so the task stays in today's list to follow up now."""
    if task.delegate is None or task.follow_up is None or task.due is None:
        return None
    if task.follow_up <= task.due:
        return None
    follow_up = dates.format_day(dates.from_utc(task.follow_up, now.tzinfo), now)
    deadline = dates.format_date(dates.from_utc(task.due, now.tzinfo), now)
    return (
        f"the follow-up {follow_up} is after the deadline {deadline}: #{task.id} stays in "
        f"today's triage to follow up with {task.delegate} now"
    )


def delegate_task(
    store: Store,
    task_id: int,
    to: str,
    now: datetime,
    settings: Settings,
    *,
    follow_up: str | None = None,
    note: str | None = None,
    create: bool = False,
) -> TaskRecord:
    """Hand an open task to a colleague (or to another one) with a follow-up day."""
    follow = follow_up_day(follow_up, now, settings, store.task(task_id).due)
    delegation = delegation_to(store, to, follow, optional_text("note", note), create=create)
    return store.delegate(task_id, delegation, dates.to_utc(now))


def record_follow_up(
    store: Store,
    task_id: int,
    now: datetime,
    settings: Settings,
    *,
    note: str | None = None,
    next_follow_up: str | None = None,
    done: bool = False,
) -> TaskRecord:
    """Record a check-in on a delegated task: a note and the next follow-up, or its completion."""
    if done:
        if next_follow_up is not None:
            raise InvalidInput("--done closes the task: it takes no --next date")
        return store.complete_delegated(task_id, dates.to_utc(now), optional_text("note", note))
    if optional_text("note", note) is None and next_follow_up is None:
        raise InvalidInput("say what moved with --note TEXT, set --next WHEN, or close with --done")
    return store.follow_up(
        task_id,
        optional_text("note", note),
        follow_up_day(next_follow_up, now, settings, store.task(task_id).due),
        dates.to_utc(now),
    )


def reclaim_task(store: Store, task_id: int, now: datetime, note: str | None = None) -> TaskRecord:
    """Take a delegated task back into my own list."""
    return store.reclaim(task_id, dates.to_utc(now), optional_text("note", note))


@dataclass(frozen=True)
class Waiting:
    """One colleague's delegated open tasks, oldest delegation first."""

    person: str
    tasks: list[TaskRecord]


def waiting_for(store: Store, person: str | None = None) -> list[Waiting]:
    """Every delegated open task grouped by person (by name), oldest delegation first."""
    delegate_id = find_person(person, store.people()).id if person else None
    tasks = store.tasks(TaskFilter(status=OPEN, delegated=True, delegate_id=delegate_id))
    groups: dict[str, list[TaskRecord]] = {}
    for task in sorted(tasks, key=lambda t: (t.delegated_at or t.created_at, t.id)):
        groups.setdefault(task.delegate or "", []).append(task)
    return [Waiting(name, groups[name]) for name in sorted(groups, key=name_key)]


@dataclass(frozen=True)
class PersonSummary:
    """A colleague with their delegated workload and how fast they close tasks."""

    person: PersonRecord
    open_tasks: int
    overdue_follow_ups: int
    median_days_to_done: float | None


def people_summary(store: Store, now: datetime, settings: Settings) -> list[PersonSummary]:
    """Everyone, with open delegated tasks, follow-ups due and median days to done."""
    delegated = store.tasks(TaskFilter(status=None, delegated=True))
    calendar = settings.calendar(now.tzinfo)
    summaries = []
    for person in store.people():
        theirs = [task for task in delegated if task.delegate == person.name]
        open_tasks = [task for task in theirs if task.status == OPEN]
        overdue = [t for t in open_tasks if follow_up_due(t, now, calendar)]
        spans = [
            (task.completed_at - task.delegated_at).total_seconds() / 86400
            for task in theirs
            if task.status == DONE and task.completed_at and task.delegated_at
        ]
        median = statistics.median(spans) if spans else None
        summaries.append(PersonSummary(person, len(open_tasks), len(overdue), median))
    return summaries


BRIEF_LOOKBACK_DAYS = 14
"""Without an earlier brief, "finished since" covers this many days."""


def prepare_brief(store: Store, name: str, now: datetime, settings: Settings) -> Brief:
    """Gather a colleague's 1:1 agenda. Only reads: ``record_brief`` records the 1:1."""
    person = find_person(name, store.people())
    utc_now = dates.to_utc(now)
    since = person.last_brief_at or utc_now - timedelta(days=BRIEF_LOOKBACK_DAYS)
    open_tasks = store.tasks(TaskFilter(status=OPEN, delegate_id=person.id))
    open_tasks.sort(key=lambda t: (t.follow_up or utc_now, t.id))
    calendar = settings.calendar(now.tzinfo)
    overdue = [t for t in open_tasks if follow_up_due(t, now, calendar)]
    others = [t for t in open_tasks if t not in overdue]
    finished = store.tasks(TaskFilter(status=DONE, delegate_id=person.id, completed_since=since))
    histories = {task.id: store.history(task.id) for task in [*open_tasks, *finished]}
    return Brief(person, overdue, others, finished, since, histories)


def record_brief(store: Store, person: PersonRecord, now: datetime) -> PersonRecord:
    """Record that the 1:1 with ``person`` takes place ``now``: their next brief's "done
    since" starts there (``todo undo`` takes it back)."""
    return store.record_brief(person.id, dates.to_utc(now))
