"""Export and import between the CLI and the store: the day's list, the backup, the import.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta

from coo_todo.domain import dates
from coo_todo.domain.incoming import PREFERENCES, Batch, ImportReport, refuse
from coo_todo.domain.records import DONE
from coo_todo.errors import InvalidInput
from coo_todo.formats.backup import backup_json
from coo_todo.formats.contract import task_json
from coo_todo.formats.markdown import DayList, day_markdown, plan_day
from coo_todo.formats.spreadsheet import tasks_csv
from coo_todo.i18n import _
from coo_todo.service.planning import plan_of
from coo_todo.service.ranking import breakdowns, rank_open
from coo_todo.settings import Settings
from coo_todo.store import Store, TaskFilter

EXPORT_FORMATS = ("markdown", "json", "csv")

MORNING = time(9, 0)
"""``todo export --date DAY`` ranks the open tasks as of this time on that day."""


def export(
    store: Store,
    form: str,
    now: datetime,
    settings: Settings,
    *,
    day: str | None = None,
    limit: int | None = None,
    plan: bool = False,
) -> str:
    """The day's list as markdown (with today's plan when ``plan``), or every task, person and
    history entry as JSON, or every task as CSV."""
    if form not in EXPORT_FORMATS:
        raise InvalidInput(
            _("unknown export format {form!r}: use {formats}").format(
                form=form, formats=", ".join(EXPORT_FORMATS)
            )
        )
    if form == "markdown":
        return day_markdown(day_list(store, now, settings, day=day, limit=limit, plan=plan))
    if day is not None or limit is not None or plan:
        raise InvalidInput(_("--date, --limit and --plan shape the markdown day list only"))
    if form == "json":
        return backup(store, now)
    tasks = store.tasks(TaskFilter(status=None))
    scores = breakdowns(tasks, store, now, settings)
    return tasks_csv([task_json(task, scores[task.id], now) for task in tasks])


def backup(store: Store, now: datetime) -> str:
    """Every task, person, history entry and initiative (and, in team mode, the shared areas)
    as our JSON backup (what ``todo import`` reads)."""
    tasks = store.tasks(TaskFilter(status=None))
    return backup_json(
        tasks,
        store.people(),
        store.events(),
        store.shared_areas(),
        now,
        store.initiative_copies(),
    )


def day_list(
    store: Store,
    now: datetime,
    settings: Settings,
    *,
    day: str | None = None,
    limit: int | None = None,
    plan: bool = False,
) -> DayList:
    """The open tasks ranked as of now (or of ``day``'s morning) in sections, and the tasks
    done on that day; with ``plan``, the plan for that day from then (``planning.plan_of``)."""
    at = now
    if day is not None:
        at = datetime.combine(
            dates.parse_when(day, now, settings.calendar(now.tzinfo), settings.date_order).date(),
            MORNING,
            tzinfo=now.tzinfo,
        )
    start = dates.to_utc(dates.start_of_day(at, at))
    done = [
        task
        for task in store.tasks(TaskFilter(status=DONE, completed_since=start))
        if task.completed_at is not None and task.completed_at < start + timedelta(days=1)
    ]
    done.sort(key=lambda task: (task.completed_at, task.id))
    calendar = settings.calendar(at.tzinfo)
    ranking = rank_open(store, at, settings)
    day_plan = plan_of(ranking, at, settings) if plan else None
    return replace(plan_day(ranking, done, at, limit, calendar), plan=day_plan)


def check_preference(prefer: str) -> None:
    """InvalidInput unless ``prefer`` is one of PREFERENCES."""
    if prefer not in PREFERENCES:
        raise InvalidInput(
            _("--prefer takes {choices}, not {prefer!r}").format(
                choices=", ".join(PREFERENCES), prefer=prefer
            )
        )


def import_batch(
    store: Store,
    batch: Batch,
    now: datetime,
    *,
    strict: bool = False,
    prefer: str = "newer",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Write what a file held in one transaction; its unreadable records are reported with the
    store's problems, or refused (nothing written) when ``strict``. ``prefer`` (see
    ``check_preference``) says which version of a task that differs wins."""
    check_preference(prefer)
    if strict and batch.problems:
        raise refuse(batch.problems)
    report = store.import_records(
        batch, dates.to_utc(now), strict=strict, prefer=prefer, progress=progress
    )
    return replace(report, problems=batch.problems + report.problems)
