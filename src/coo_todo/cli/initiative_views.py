"""Rich renderables of initiatives (``todo initiative list`` and ``show``): returned, never
printed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from coo_todo.domain import dates
from coo_todo.domain.initiatives import BurnUpPoint, state_name
from coo_todo.i18n import N_, _

BAR_WIDTH = 30


def _when(value: datetime | None, now: datetime) -> str:
    return "-" if value is None else dates.format_day(dates.from_utc(value, now.tzinfo), now)


def initiatives_table(
    rows: Sequence[tuple[str, str, str, datetime | None, int]], now: datetime
) -> Table:
    """Initiatives: key, name, state, next review, tasks moved since the last review."""
    table = Table(box=box.SIMPLE_HEAD)
    for title in (N_("Key"), N_("Name"), N_("State"), N_("Next review")):
        table.add_column(_(title))
    table.add_column(_("Moved since review"), justify="right")
    for key, name, state, next_review, moved in rows:
        table.add_row(Text(key), Text(name), state_name(state), _when(next_review, now), str(moved))
    return table


def burn_up_chart(points: Sequence[BurnUpPoint], width: int = BAR_WIDTH) -> Table:
    """One row per week: a bar of done (full) over total (light) by the end of that day, and
    the figures."""
    table = Table(title=_("Burn-up (done / total)"), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(_("By the end of"))
    table.add_column(_("Progress"))
    table.add_column(_("Done"), justify="right")
    most = max((point.total for point in points), default=0) or 1
    for point in points:
        done = round(point.done * width / most)
        total = round(point.total * width / most)
        bar = Text("█" * done, style="green") + Text("░" * (total - done), style="dim")
        table.add_row(point.day.isoformat(), bar, f"{point.done}/{point.total}")
    return table


def progress_view(
    header: Sequence[tuple[str, str]], chart: Table, waiting: Sequence[tuple[int, str, str]]
) -> Group:
    """``todo initiative show``: facts, the burn-up, and what waits on whom."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for label, value in header:
        facts.add_row(label, Text(value))
    parts: list[Table] = [facts, chart]
    if waiting:
        table = Table(title=_("Waiting on"), title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column(_("Who"))
        table.add_column(_("ID"), justify="right")
        table.add_column(_("Task"))
        for task_id, who, title in waiting:
            table.add_row(Text(who), str(task_id), Text(title))
        parts.append(table)
    return Group(*parts)
