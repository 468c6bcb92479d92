"""Tasks as text for others: the JSON contract and markdown. Pure: records in, text out.

The keys of ``task_json`` are a contract (documented in the README): more may be added, none
removed or renamed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coo_todo import dates
from coo_todo.records import DONE, Brief, EventRecord, TaskRecord
from coo_todo.scoring import Breakdown


def task_json(task: TaskRecord, breakdown: Breakdown, now: datetime) -> dict[str, Any]:
    """One task as a JSON-ready mapping; times in ISO 8601 with now's UTC offset."""
    tz = now.tzinfo

    def local(value: datetime | None) -> str | None:
        return None if value is None else dates.iso(dates.from_utc(value, tz))

    return {
        "id": task.id,
        "uuid": task.uuid,
        "title": task.title,
        "status": task.status,
        "impact": task.impact,
        "urgency": task.urgency,
        "due": local(task.due),
        "effort_minutes": task.effort_minutes,
        "area": task.area,
        "tags": list(task.tags),
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


def local_date(value: datetime | None, now: datetime) -> str | None:
    """A stored time as an ISO date (``2026-12-03``) in now's timezone."""
    return None if value is None else dates.from_utc(value, now.tzinfo).date().isoformat()


MARKDOWN_SPECIALS = frozenset("\\`*_[]<>|~#&")
"""Characters that could start markup inside a line of CommonMark / GitHub markdown."""


def md(text: str) -> str:
    """``text`` as literal markdown inline text: specials escaped, line breaks folded."""
    flat = " ".join(text.split())
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


def _brief_item(task: TaskRecord, now: datetime, history: list[EventRecord]) -> list[str]:
    box = "x" if task.status == DONE else " "
    facts = [f"status {task.status}", f"delegated {_md_past(task.delegated_at, now)}"]
    if task.status == DONE:
        facts.append(f"done {_md_past(task.completed_at, now)}")
    else:
        facts.append(f"follow-up {_md_deadline(task.follow_up, now, day_only=True)}")
    if task.due is not None:
        facts.append(f"due {_md_deadline(task.due, now)}")
    lines = [f"- [{box}] **#{task.id} {md(task.title)}**: {' · '.join(facts)}"]
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
        lines += [f"## {heading}", ""]
        for task in tasks:
            lines += _brief_item(task, now, brief.histories.get(task.id, []))
        if not tasks:
            lines.append("Nothing.")
        lines.append("")
    return "\n".join(lines)
