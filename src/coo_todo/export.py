"""Tasks as text for others: the JSON contract, markdown (the 1:1 brief, the day's list), the
JSON backup and CSV. Pure: records in, text out.

The keys of ``task_json`` are a contract (documented in the README): more may be added, none
removed or renamed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from coo_todo import dates
from coo_todo.people import name_key
from coo_todo.records import DONE, Brief, EventRecord, PersonRecord, TaskRecord
from coo_todo.scoring import Breakdown, Ranking, follow_up_due
from coo_todo.text import json_escapes, visible
from coo_todo.worktime import DEFAULT_CALENDAR, WorkCalendar

TASK_KEYS = (
    "id",
    "uuid",
    "title",
    "status",
    "impact",
    "urgency",
    "due",
    "effort_minutes",
    "area",
    "tags",
    "score",
    "quadrant",
    "created_at",
    "completed_at",
    "delegate",
    "follow_up",
    "blocked_by",
    "notes",
    "delegated_at",
    "last_note",
)
"""The keys of ``task_json``, in order: the columns of ``todo export --format csv``."""

BACKUP_FORMAT = "coo-todo"
BACKUP_VERSION = 1
"""The ``format`` and ``version`` of the document ``todo export --format json`` writes."""


def task_json(task: TaskRecord, breakdown: Breakdown, now: datetime) -> dict[str, Any]:
    """One task as a JSON-ready mapping; times in ISO 8601 with now's UTC offset."""
    tz = now.tzinfo

    def local(value: datetime | None) -> str | None:
        return None if value is None else dates.iso(dates.from_utc(value, tz))

    return {
        **_task_fields(task, local),
        "score": round(breakdown.total, 2),
        "quadrant": breakdown.quadrant,
        "created_at": local(task.created_at),
        "completed_at": local(task.completed_at),
        "delegate": task.delegate,
        "follow_up": local_date(task.follow_up, now),
        "blocked_by": list(task.blocked_by),
        "notes": task.notes,
        "delegated_at": local(task.delegated_at),
        "last_note": task.last_note,
    }


def _task_fields(task: TaskRecord, time: Callable[[datetime | None], str | None]) -> dict[str, Any]:
    """The first keys of both task objects, the contract's and the backup's."""
    return {
        "id": task.id,
        "uuid": task.uuid,
        "title": task.title,
        "status": task.status,
        "impact": task.impact,
        "urgency": task.urgency,
        "due": time(task.due),
        "effort_minutes": task.effort_minutes,
        "area": task.area,
        "tags": list(task.tags),
    }


def local_date(value: datetime | None, now: datetime) -> str | None:
    """A stored time as an ISO date (``2026-12-03``) in now's timezone."""
    return None if value is None else dates.from_utc(value, now.tzinfo).date().isoformat()


MARKDOWN_SPECIALS = frozenset("\\`*_[]<>|~#&")
"""Characters that could start markup inside a line of CommonMark / GitHub markdown."""


def md(text: str) -> str:
    """``text`` as literal markdown inline text: specials escaped, line breaks folded, control
    characters visible (``text.visible``)."""
    flat = visible(" ".join(text.split()))
    return "".join(f"\\{char}" if char in MARKDOWN_SPECIALS else char for char in flat)


def _md_deadline(value: datetime | None, now: datetime, *, day_only: bool = False) -> str:
    if value is None:
        return "-"
    local = dates.from_utc(value, now.tzinfo)
    shown = dates.format_day(local, now) if day_only else dates.format_date(local, now)
    return f"{shown} ({dates.format_relative(local, now)})"


def _md_past(value: datetime | None, now: datetime) -> str:
    if value is None:
        return "-"
    local = dates.from_utc(value, now.tzinfo)
    return f"{dates.format_day(local, now)} ({dates.format_ago(local, now)})"


def _item(task: TaskRecord, facts: Sequence[str]) -> str:
    """A GitHub checklist item: ticked when done, id and title in bold, then the facts."""
    box = "x" if task.status == DONE else " "
    head = f"- [{box}] **#{task.id} {md(task.title)}**"
    return f"{head}: {' · '.join(facts)}" if facts else head


def _section(heading: str, items: Sequence[str], level: int = 2) -> list[str]:
    """A heading, its items (or "Nothing."), a blank line."""
    return [f"{'#' * level} {heading}", "", *(items or ["Nothing."]), ""]


def _brief_item(task: TaskRecord, now: datetime, history: list[EventRecord]) -> list[str]:
    facts = [f"status {task.status}", f"delegated {_md_past(task.delegated_at, now)}"]
    if task.status == DONE:
        facts.append(f"done {_md_past(task.completed_at, now)}")
    else:
        facts.append(f"follow-up {_md_deadline(task.follow_up, now, day_only=True)}")
    if task.due is not None:
        facts.append(f"due {_md_deadline(task.due, now)}")
    lines = [_item(task, facts)]
    for entry in history:
        if entry.note:
            when = dates.format_day(dates.from_utc(entry.at, now.tzinfo), now)
            lines.append(f"  - {when}, {entry.kind}: {md(entry.note)}")
    return lines


def brief_markdown(brief: Brief, now: datetime) -> str:
    """The 1:1 agenda with one colleague, as GitHub-flavoured markdown."""
    person = brief.person
    lines = [f"# 1:1 with {md(person.name)}, {dates.format_day(now, now, year=True)}", ""]
    about = [f"Team {md(person.team)}"] if person.team else []
    about.append(f"{len(brief.overdue) + len(brief.others)} open delegated task(s)")
    about.append(f"{len(brief.overdue)} follow-up(s) due")
    lines += [" · ".join(about), ""]
    since = dates.format_day(dates.from_utc(brief.since, now.tzinfo), now)
    sections = (
        ("Follow-ups due", brief.overdue),
        ("Also delegated", brief.others),
        (f"Done since {since}", brief.finished),
    )
    for heading, tasks in sections:
        items = [line for t in tasks for line in _brief_item(t, now, brief.histories.get(t.id, []))]
        lines += _section(heading, items)
    return "\n".join(lines)


# -- the day's list ---------------------------------------------------------------------------

URGENT_QUADRANTS = ("do", "delegate")


@dataclass(frozen=True)
class DayList:
    """The day's list as of ``at``, section by section (see ``plan_day``)."""

    at: datetime
    follow_ups: list[tuple[TaskRecord, tuple[int, ...]]]
    do_today: list[TaskRecord]
    scheduled: list[TaskRecord]
    waiting: list[tuple[str, list[TaskRecord]]]
    done: list[TaskRecord]
    later: list[tuple[TaskRecord, tuple[int, ...]]]


def plan_day(
    ranking: Ranking[TaskRecord],
    done: Sequence[TaskRecord],
    at: datetime,
    limit: int | None,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> DayList:
    """Put every open task of ``ranking`` in exactly one section, in rank order:

    * follow-ups due (``scoring.follow_up_due``): delegated tasks back in my list (follow-up
      day reached, or a check-in that would come too close to the deadline), then the blocked
      ones among them with what they wait for;
    * do today: my own urgent tasks (Do and Delegate quadrants), the first ``limit`` of them;
    * scheduled: my own important tasks that are not urgent yet (Schedule quadrant);
    * waiting on others: delegated tasks before their follow-up day, by person (the person
      with the next follow-up first, then by name), each person's next first;
    * later: my own tasks past the limit and those neither important nor urgent (Drop
      quadrant), then the blocked ones with the open tasks they wait for.

    ``done`` (the day's finished tasks) is passed through.
    """
    mine = [entry for entry in ranking.ranked if entry.task.delegate is None]
    urgent = [e.task for e in mine if e.breakdown.quadrant in URGENT_QUADRANTS]
    do_today = urgent[:limit]
    scheduled = [e.task for e in mine if e.breakdown.quadrant == "schedule"]
    listed = {task.id for task in do_today + scheduled}
    Waits = list[tuple[TaskRecord, tuple[int, ...]]]
    follow_ups: Waits = [(e.task, ()) for e in ranking.ranked if e.task.delegate is not None]
    later: Waits = [(e.task, ()) for e in mine if e.task.id not in listed]
    for task, waits in ranking.blocked:
        due = follow_up_due(task, at, calendar)
        (follow_ups if due else later).append((task, waits))
    people: dict[str, list[TaskRecord]] = {}
    for task in ranking.waiting:  # by follow-up day
        people.setdefault(task.delegate or "", []).append(task)
    return DayList(
        at=at,
        follow_ups=follow_ups,
        do_today=do_today,
        scheduled=scheduled,
        waiting=sorted(people.items(), key=lambda item: (item[1][0].follow_up, name_key(item[0]))),
        done=list(done),
        later=later,
    )


def _day_item(task: TaskRecord, now: datetime, waits_for: Sequence[int] = ()) -> str:
    facts = [md(task.area)] if task.area else []
    if task.due is not None:
        facts.append(f"due {_md_deadline(task.due, now)}")
    if task.effort_minutes is not None:
        facts.append(f"effort {dates.format_duration(task.effort_minutes)}")
    if task.delegate is not None:
        facts.append(f"delegated to {md(task.delegate)}")
        if task.follow_up is not None:
            facts.append(f"follow-up {_md_deadline(task.follow_up, now, day_only=True)}")
        if task.last_note:
            facts.append(f"last note: {md(task.last_note)}")
    if waits_for:
        facts.append(f"waits for {', '.join(f'#{task_id}' for task_id in waits_for)}")
    return _item(task, facts)


def day_markdown(day: DayList) -> str:
    """The day's list as GitHub-flavoured markdown, headed with its date."""
    at = day.at
    counts = (
        (len(day.follow_ups), "follow-up(s) due"),
        (len(day.do_today), "to do today"),
        (len(day.scheduled), "scheduled"),
        (sum(len(tasks) for _, tasks in day.waiting), "waiting on others"),
        (len(day.done), "done"),
        (len(day.later), "later"),
    )
    summary = [f"Ranked as of {dates.format_date(at, at)}"] + [f"{n} {what}" for n, what in counts]
    lines = [f"# Day list, {dates.format_day(at, at, year=True)}", "", " · ".join(summary), ""]
    lines += _section("Follow-ups due", [_day_item(t, at, waits) for t, waits in day.follow_ups])
    lines += _section("Do today", [_day_item(t, at) for t in day.do_today])
    lines += _section("Scheduled", [_day_item(t, at) for t in day.scheduled])
    if day.waiting:
        lines += ["## Waiting on others", ""]
        for person, tasks in day.waiting:
            lines += _section(md(person), [_day_item(t, at) for t in tasks], level=3)
    else:
        lines += _section("Waiting on others", [])
    lines += _section("Done today", [_day_item(t, at) for t in day.done])
    lines += _section("Later", [_day_item(t, at, waits) for t, waits in day.later])
    return "\n".join(lines)


# -- backup and spreadsheet -------------------------------------------------------------------


def _utc(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def backup_json(
    tasks: Sequence[TaskRecord],
    people: Sequence[PersonRecord],
    history: Sequence[EventRecord],
    now: datetime,
) -> str:
    """The whole database as one versioned JSON document (times in UTC, lossless): people,
    tasks, and the history in the order it happened, deleted tasks' included."""
    uuids = {task.id: task.uuid for task in tasks}
    head = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "exported_at": _utc(now)}
    records: dict[str, list[Any]] = {
        "people": [
            {
                "name": person.name,
                "team": person.team,
                "contact": person.contact,
                "created_at": _utc(person.created_at),
                "last_brief_at": _utc(person.last_brief_at),
            }
            for person in people
        ],
        "tasks": [
            {
                **_task_fields(task, _utc),
                "notes": task.notes,
                "created_at": _utc(task.created_at),
                "updated_at": _utc(task.updated_at),
                "completed_at": _utc(task.completed_at),
                "delegate": task.delegate,
                "delegated_at": _utc(task.delegated_at),
                "follow_up": _utc(task.follow_up),
                "blocked_by": [uuids[blocker] for blocker in task.blocked_by],
            }
            for task in tasks
        ],
        "history": [
            {
                "task_id": entry.task_id,
                "task_uuid": entry.task_uuid,
                "kind": entry.kind,
                "at": _utc(entry.at),
                "change": entry.change,
                "undone_at": _utc(entry.undone_at),
                "changes": entry.changes,
                "note": entry.note,
            }
            for entry in history
        ],
    }
    return _json_by_line(head, records)


def _json_by_line(head: dict[str, Any], records: dict[str, list[Any]]) -> str:
    """A JSON object with each record of ``records``' lists on a line of its own: readable,
    written by the fast (C) encoder, and an import can name the line of a bad record."""

    def compact(value: Any) -> str:
        return json_escapes(json.dumps(value, ensure_ascii=False, allow_nan=False))

    members = [f"  {compact(key)}: {compact(value)}" for key, value in head.items()]
    for key, items in records.items():
        lines = ",\n".join(f"    {compact(item)}" for item in items)
        members.append(f"  {compact(key)}: [\n{lines}\n  ]" if items else f"  {compact(key)}: []")
    return "{\n" + ",\n".join(members) + "\n}\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula in a cell (OWASP, CSV injection)."""


def spreadsheet_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: one starting like a formula (``=HYPERLINK(...)``)
    gets a leading single quote, as OWASP recommends. Numbers are left alone; JSON is the
    lossless format."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_text(value: Any) -> Any:
    """A list joined with commas, text made visible, other values as they are."""
    if isinstance(value, list):
        value = ",".join(str(item) for item in value)
    return visible(value) if isinstance(value, str) else value


def tasks_csv(rows: Sequence[dict[str, Any]]) -> str:
    """Task objects (``task_json``) as CSV for spreadsheets: a header, then one row per task;
    lists joined with commas, nothing where a value is missing, quoted as needed, control
    characters visible (``text.visible``) and text that a spreadsheet would run as a formula
    neutralised (``spreadsheet_cell``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TASK_KEYS)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_cell(_csv_text(value)) for key, value in row.items()})
    return buffer.getvalue()
