"""The weekly review in the terminal: Rich tables with bars, a sparkline of in vs out.

Rich renderables rather than a terminal plotting library: Rich is already how every view is
drawn, its tables size bars and text to the terminal's width, and a test reads them through a
plain ``Console``; a plotting library would add a dependency that prints on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from coo_todo.domain import dates
from coo_todo.domain.review import DoneFigures, Review, format_span
from coo_todo.formats.review import (
    BAR_WIDTH,
    aligned,
    area_name,
    bar,
    deadlines_line,
    period_title,
    person_name,
    sparkline,
    step_label,
    summary_line,
)
from coo_todo.i18n import N_, _

UNIT_TITLES = {
    "day": N_("In vs out, by day"),
    "week": N_("In vs out, by week"),
    "month": N_("In vs out, by month"),
    "year": N_("In vs out, by year"),
}
"""The title of the in-vs-out table for each step of the period (``Period.unit``)."""

FIGURES_WIDTH = 66
"""About the cells a table of figures takes without its bars: on a narrower terminal the bars
go first, so that the figures stay whole."""


def review_view(review: Review, now: datetime, width: int = 120) -> RenderableType:
    """The whole review: summary, done by area and by person, deadlines, follow-ups overdue,
    the oldest open tasks, in vs out; its bars as long as ``width`` (the terminal's) allows."""
    bars = max(0, min(BAR_WIDTH, width - FIGURES_WIDTH))
    parts: list[RenderableType] = [
        Text(period_title(review, now), style="bold"),
        Text(summary_line(review)),
        Text(""),
        _figures_table(_("Done by area"), _("Area"), review.by_area, area_name, bars),
        _figures_table(_("Done by person"), _("Person"), review.by_person, person_name, bars),
        Text(deadlines_line(review)),
        Text(""),
        _follow_ups(review, now),
        _oldest(review, now),
        _flow(review, now, max(0, min(15, (width - 30) // 2))),
    ]
    return Group(*parts)


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)


def _figures_table(
    title: str,
    header: str,
    rows: Sequence[DoneFigures],
    name: Callable[[DoneFigures], str],
    bars: int,
) -> RenderableType:
    if not rows:
        return Text(_("{title}: nothing done in this period.").format(title=title) + "\n")
    table = _table(title)
    table.add_column(header, overflow="ellipsis", min_width=8)
    for column in (N_("Done"), N_("Own"), N_("Deleg."), N_("Median"), N_("p90"), N_("Met")):
        table.add_column(_(column), justify="right", no_wrap=True)
    table.add_column(_("Late"), justify="right", no_wrap=True)
    if bars:
        table.add_column("", no_wrap=True)
    most = max(row.done for row in rows)
    for row in rows:
        table.add_row(
            name(row),
            str(row.done),
            str(row.own),
            str(row.delegated),
            format_span(row.median_seconds),
            format_span(row.p90_seconds),
            str(row.met),
            Text(str(row.late), style="red" if row.late else ""),
            *([Text(bar(row.done, most, bars), style="green")] if bars else []),
        )
    return table


def _follow_ups(review: Review, now: datetime) -> RenderableType:
    if not review.follow_ups:
        return Text(_("Follow-ups overdue: none.") + "\n")
    table = _table(_("Follow-ups overdue"))
    table.add_column(_("Person"))
    table.add_column(_("Tasks"), justify="right")
    table.add_column(_("Oldest follow-up"))
    table.add_column("")
    most = max(debt.tasks for debt in review.follow_ups)
    for debt in review.follow_ups:
        table.add_row(
            debt.person,
            str(debt.tasks),
            dates.format_day(debt.oldest_follow_up, now),
            Text(bar(debt.tasks, most, 10), style="yellow"),
        )
    return table


def _oldest(review: Review, now: datetime) -> RenderableType:
    if not review.oldest:
        return Text(_("Oldest open tasks: none.") + "\n")
    table = _table(_("Oldest open tasks"))
    table.add_column(_("ID"), justify="right")
    table.add_column(_("Title"), ratio=1)
    table.add_column(_("Area"))
    table.add_column(_("Captured"))
    table.add_column(_("With"))
    for task in review.oldest:
        table.add_row(
            str(task.id),
            task.title,
            task.area or "",
            dates.format_ago(task.created_at, now),
            task.delegate or "",
        )
    return table


def _flow(review: Review, now: datetime, bars: int) -> RenderableType:
    """In vs out: a sparkline of each over the period, then a bar per step."""
    flow = review.flow
    came_in = [step.came_in for step in flow]
    went_out = [step.done + step.dropped for step in flow]
    table = _table(_(UNIT_TITLES[review.period.unit]))
    table.add_column("")
    table.add_column(_("In"), justify="right")
    table.add_column("")
    table.add_column(_("Out"), justify="right")
    table.add_column("")
    most = max([*came_in, *went_out, 0])
    for step, entered, left in zip(flow, came_in, went_out, strict=True):
        table.add_row(
            step_label(step, review.period.unit, now),
            str(entered),
            Text(bar(entered, most, bars), style="blue"),
            str(left),
            Text(bar(left, most, bars), style="green"),
        )
    into, out_of = (f"{word} " for word in aligned(_("In"), _("Out")))
    lines = Text.assemble(
        (into, ""),
        (sparkline(came_in), "blue"),
        f" {sum(came_in)}\n",
        (out_of, ""),
        (sparkline(went_out), "green"),
        f" {sum(went_out)}",
    )
    return Group(table, lines)
