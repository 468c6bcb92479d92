"""The morning ranking: triage, why a task scores what it does, scores of listed tasks.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from coo_todo.domain import slices
from coo_todo.domain.records import OPEN, TaskRecord
from coo_todo.domain.scoring import Breakdown, Ranked, Ranking, rank, score
from coo_todo.settings import Settings
from coo_todo.store import Store, TaskFilter


@dataclass(frozen=True)
class Triage:
    """The ranked open tasks (after filters), the blocked and waiting ones, the titles of the
    tasks the view names (a blocked task's blockers), and how many tasks are open, filters
    aside."""

    ranking: Ranking[TaskRecord]
    titles: dict[int, str]
    open_tasks: int


def rank_open(store: Store, now: datetime, settings: Settings) -> Ranking[TaskRecord]:
    """The ranking of every open task as of ``now``: in team mode, a member's own tasks and
    those delegated to them, which are theirs to do (ranked as their own)."""
    return rank_tasks(store.tasks(TaskFilter(status=OPEN, scope="mine")), now, settings)


def rank_tasks(
    tasks: Sequence[TaskRecord], now: datetime, settings: Settings
) -> Ranking[TaskRecord]:
    """``tasks`` (open ones) ranked as ``rank_open`` ranks them: a task delegated to me, as
    my own."""
    return rank(
        [task._replace(delegate=None) if task.delegated_by else task for task in tasks],
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
    delegate: str | None = None,
    limit: int | None = None,
) -> Triage:
    """Rank every open task; ``area``, ``tag`` and ``delegate`` (tasks delegated to that
    person) filter the view, not what is ranked. With ``limit`` (and no filter), only the
    first ``limit`` tasks are ranked in the view (``domain.slices``), all blocked, waiting and
    snoozed ones aside."""
    unfiltered = area is None and tag is None and delegate is None
    if limit is not None and unfiltered:
        first = _first_ranked(store, now, settings, limit)
        if first is not None:
            return first
    ranking = rank_open(store, now, settings)
    titles = _titles(ranking)
    count = len(titles) + len(ranking.snoozed)
    if unfiltered:
        return Triage(ranking, titles, count)

    def shown(task: TaskRecord) -> bool:
        return (
            (area is None or (task.area or "").lower() == area.lower())
            and (tag is None or tag.lower() in task.tags)
            and (delegate is None or task.delegate == delegate)
        )

    ranked = [entry for entry in ranking.ranked if shown(entry.task)]
    renumbered = [Ranked(i, entry.task, entry.breakdown) for i, entry in enumerate(ranked, 1)]
    blocked = [(task, waits) for task, waits in ranking.blocked if shown(task)]
    waiting = [task for task in ranking.waiting if shown(task)]
    snoozed = [task for task in ranking.snoozed if shown(task)]
    return Triage(Ranking(renumbered, blocked, waiting, snoozed), titles, count)


def _first_ranked(store: Store, now: datetime, settings: Settings, count: int) -> Triage | None:
    """The first ``count`` tasks of the ranking of every open task, with every blocked,
    waiting and snoozed one, scoring only as many tasks as it needs (``domain.slices``): on
    10,000 open tasks, a few hundred. None when a task lies in no slice (a value another tool
    wrote): then rank them all."""
    default_effort = settings.day_plan.default_effort_minutes
    with store.open_task_reads(default_effort, "mine") as reads:
        if reads is None:
            return None
        ranking = rank_tasks(reads.entangled, now, settings)
        calendar = settings.calendar(now.tzinfo)
        try:
            first = slices.first_ranked(ranking, reads, settings.weights, now, calendar, count)
        except slices.Misplaced:
            return None
        whole = Ranking(first, ranking.blocked, ranking.waiting, ranking.snoozed)
        return Triage(whole, _titles(whole), reads.count)


def _titles(ranking: Ranking[TaskRecord]) -> dict[int, str]:
    """The titles of the tasks of ``ranking``, by id."""
    titles = {entry.task.id: entry.task.title for entry in ranking.ranked}
    titles.update({task.id: task.title for task, _ in ranking.blocked})
    titles.update({task.id: task.title for task in ranking.waiting})
    return titles


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
    """Scores for listed tasks: ranked ones as in the ranking, others on their own.

    The ranking changes a task's score only through its dependencies (a blocker inherits from
    what waits for it; a blocked task is not ranked). When no listed open task has any, ranking
    them alone gives the very scores of the whole ranking: a search that finds a dozen of
    10,000 open tasks scores the dozen."""
    result: dict[int, Breakdown] = {}
    listed = [task for task in tasks if task.status == OPEN]
    if listed:
        linked = any(task.blocked_by for task in listed) or store.waited_for(
            [task.id for task in listed]
        )
        ranking = rank_open(store, now, settings) if linked else rank_tasks(listed, now, settings)
        for entry in ranking.ranked:
            result[entry.task.id] = entry.breakdown
    for task in tasks:
        if task.id not in result:
            result[task.id] = score(
                task, now, settings.weights, calendar=settings.calendar(now.tzinfo)
            )
    return result
