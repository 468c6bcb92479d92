"""A plan for today (``todo plan``): what of the ranking fits in the hours left.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

import math
from datetime import datetime

from coo_todo.domain.planning import Capacity, DayPlan, fill_day, working_capacity
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import Ranking
from coo_todo.domain.slices import Misplaced, OpenTasks
from coo_todo.errors import InvalidInput
from coo_todo.i18n import _
from coo_todo.service.ranking import rank_open, rank_tasks
from coo_todo.settings import Settings
from coo_todo.store import Store

MAX_HOURS = 24.0
"""The most ``--hours`` a day can hold."""


def capacity(now: datetime, settings: Settings, hours: float | None = None) -> Capacity:
    """``hours`` given outright, else the working time left today minus the meetings the
    config reserves (``[work] meetings``)."""
    if hours is None:
        calendar = settings.calendar(now.tzinfo)
        return working_capacity(now, calendar, settings.day_plan.meetings_minutes)
    # Whole minutes: 0.001 hours rounds to none, which would plan nothing in silence.
    if not (math.isfinite(hours) and hours <= MAX_HOURS and round(hours * 60) >= 1):
        raise InvalidInput(
            _("--hours must be at least a minute and at most {most:g}, not {hours:g}").format(
                most=MAX_HOURS, hours=hours
            )
        )
    return Capacity(round(hours * 60), given=True)


def plan_today(
    store: Store,
    now: datetime,
    settings: Settings,
    hours: float | None = None,
    listed: int | None = None,
) -> DayPlan[TaskRecord]:
    """Today's plan from the ranking of every open task. With ``listed``, only the first
    ``listed`` tasks left out are listed (``DayPlan.unlisted`` counts the others), and the
    plan scores only as many tasks as it needs: on 10,000 open tasks, the few hundred that
    could rank first (``domain.planning.fill_day``)."""
    if listed is not None:
        with store.open_task_reads(settings.day_plan.default_effort_minutes, "mine") as reads:
            if reads is not None:
                ranking = rank_tasks(reads.entangled, now, settings)
                try:
                    return plan_of(ranking, now, settings, hours, reads, listed)
                except Misplaced:
                    pass  # a deadline stored in another form: rank every task (below)
    return plan_of(rank_open(store, now, settings), now, settings, hours)


def plan_of(
    ranking: Ranking[TaskRecord],
    now: datetime,
    settings: Settings,
    hours: float | None = None,
    plain: OpenTasks[TaskRecord] | None = None,
    listed: int | None = None,
) -> DayPlan[TaskRecord]:
    """The plan ``domain.planning.fill_day`` makes of ``ranking`` as of ``now``, in
    ``hours`` or the working hours left (see ``capacity``); with ``plain`` (the plain open
    tasks beside ``ranking``), listing the first ``listed`` tasks left out."""
    return fill_day(
        ranking,
        capacity(now, settings, hours),
        now,
        settings.calendar(now.tzinfo),
        settings.day_plan.default_effort_minutes,
        None if plain is None else (plain, settings.weights),
        listed,
    )
