"""Markdown for the wiki and the 1:1: the brief, the day's list. Pure: records in, text out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from coo_todo.domain import dates
from coo_todo.domain.people import name_key
from coo_todo.domain.planning import DayPlan
from coo_todo.domain.records import DONE, Brief, EventRecord, TaskRecord, status_word
from coo_todo.domain.scoring import Ranking, follow_up_due
from coo_todo.domain.text import visible
from coo_todo.domain.worktime import DEFAULT_CALENDAR, WorkCalendar
from coo_todo.i18n import _, format_fixed

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
    return [f"{'#' * level} {heading}", "", *(items or [_("Nothing.")]), ""]


def _brief_item(task: TaskRecord, now: datetime, history: list[EventRecord]) -> list[str]:
    facts = [
        _("status {status}").format(status=status_word(task.status)),
        _("delegated {when}").format(when=_md_past(task.delegated_at, now)),
    ]
    if task.status == DONE:
        facts.append(_("done {when}").format(when=_md_past(task.completed_at, now)))
    else:
        facts.append(
            _("follow-up {when}").format(when=_md_deadline(task.follow_up, now, day_only=True))
        )
    if task.due is not None:
        facts.append(_("due {when}").format(when=_md_deadline(task.due, now)))
    lines = [_item(task, facts)]
    for entry in history:
        by_them = entry.by is not None and entry.by == task.delegate
        if entry.note or by_them:  # in team mode, what the delegate did themselves
            when = dates.format_day(dates.from_utc(entry.at, now.tzinfo), now)
            what = f"{entry.kind} by {md(task.delegate or '')}" if by_them else entry.kind
            lines.append(f"  - {when}, {what}" + (f": {md(entry.note)}" if entry.note else ""))
    return lines


def brief_markdown(brief: Brief, now: datetime) -> str:
    """The 1:1 agenda with one colleague, as GitHub-flavoured markdown."""
    person = brief.person
    title = _("1:1 with {person}, {date}").format(
        person=md(person.name), date=dates.format_day(now, now, year=True)
    )
    lines = [f"# {title}", ""]
    about = [_("Team {team}").format(team=md(person.team))] if person.team else []
    open_count = len(brief.overdue) + len(brief.others)
    about.append(_("{count} open delegated task(s)").format(count=open_count))
    about.append(_("{count} follow-up(s) due").format(count=len(brief.overdue)))
    lines += [" · ".join(about), ""]
    since = dates.format_day(dates.from_utc(brief.since, now.tzinfo), now)
    sections = (
        (_("Follow-ups due"), brief.overdue),
        (_("Also delegated"), brief.others),
        (_("Done since {day}").format(day=since), brief.finished),
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
    plan: DayPlan[TaskRecord] | None = None
    """Today's plan (``todo export --plan``), its own section first."""


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
        facts.append(_("due {when}").format(when=_md_deadline(task.due, now)))
    if task.effort_minutes is not None:
        facts.append(_("effort {effort}").format(effort=dates.format_duration(task.effort_minutes)))
    if task.delegate is not None:
        facts.append(_("delegated to {person}").format(person=md(task.delegate)))
        if task.follow_up is not None:
            facts.append(
                _("follow-up {when}").format(when=_md_deadline(task.follow_up, now, day_only=True))
            )
        if task.last_note:
            facts.append(_("last note: {note}").format(note=md(task.last_note)))
    if waits_for:
        ids = ", ".join(f"#{task_id}" for task_id in waits_for)
        facts.append(_("waits for {ids}").format(ids=ids))
    return _item(task, facts)


def day_markdown(day: DayList) -> str:
    """The day's list as GitHub-flavoured markdown, headed with its date."""
    at = day.at
    waiting = sum(len(tasks) for _person, tasks in day.waiting)
    summary = [
        _("Ranked as of {date}").format(date=dates.format_date(at, at)),
        _("{count} follow-up(s) due").format(count=len(day.follow_ups)),
        _("{count} to do today").format(count=len(day.do_today)),
        _("{count} scheduled").format(count=len(day.scheduled)),
        _("{count} waiting on others").format(count=waiting),
        _("{count} done").format(count=len(day.done)),
        _("{count} later").format(count=len(day.later)),
    ]
    title = _("Day list, {date}").format(date=dates.format_day(at, at, year=True))
    lines = [f"# {title}", "", " · ".join(summary), ""]
    if day.plan is not None:
        lines += _plan_section(day.plan, at)
    follow_ups = [_day_item(t, at, waits) for t, waits in day.follow_ups]
    lines += _section(_("Follow-ups due"), follow_ups)
    lines += _section(_("Do today"), [_day_item(t, at) for t in day.do_today])
    lines += _section(_("Scheduled"), [_day_item(t, at) for t in day.scheduled])
    if day.waiting:
        lines += ["## " + _("Waiting on others"), ""]
        for person, tasks in day.waiting:
            lines += _section(md(person), [_day_item(t, at) for t in tasks], level=3)
    else:
        lines += _section(_("Waiting on others"), [])
    lines += _section(_("Done today"), [_day_item(t, at) for t in day.done])
    lines += _section(_("Later"), [_day_item(t, at, waits) for t, waits in day.later])
    return "\n".join(lines)


def _plan_section(plan: DayPlan[TaskRecord], now: datetime) -> list[str]:
    """Today's plan: its total against the capacity, its tasks in order (what each counts,
    and which cannot wait), then what is left out and why."""
    capacity = plan.capacity
    summary = _("{planned} planned of {capacity} ({hours}) · {free} free").format(
        planned=dates.format_duration(plan.planned_minutes),
        capacity=dates.format_duration(capacity.minutes),
        hours=md(capacity.describe()),
        free=dates.format_duration(plan.free_minutes),
    )
    planned = []
    for entry in plan.planned:
        facts = [
            _("effort {effort}").format(effort=entry.effort) if entry.estimated else entry.effort
        ]
        if entry.task.due is not None:
            facts.append(_("due {when}").format(when=_md_deadline(entry.task.due, now)))
        facts.append(
            _("cannot wait")
            if entry.urgent
            else _("score {score}").format(score=format_fixed(entry.breakdown.total))
        )
        planned.append(_item(entry.task, facts))
    left_out = [_item(out.task, [md(out.reason)]) for out in plan.left_out]
    return [
        "## " + _("Plan for today"),
        "",
        summary,
        "",
        *(planned or [_("Nothing fits.")]),
        "",
        *_section(_("Left out of the plan"), left_out, level=3),
    ]
