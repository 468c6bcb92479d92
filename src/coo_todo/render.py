"""Rich renderables for the terminal. Each function returns a renderable; the CLI prints it.

Colour marks what is late (red) or due today (yellow); every fact is also written in words, so
the output reads the same with ``NO_COLOR`` or through a pipe.

User text is printed with its control characters visible (``coo_todo.domain.text``): the CLI's
console does it for every string; a ``Text`` built here from user text gets ``visible`` first, as
Rich would otherwise drop BEL, backspace and CR from it unseen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, JustifyMethod, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Column as RichColumn
from rich.table import Table
from rich.text import Text

from coo_todo.domain import dates, recurrence
from coo_todo.domain.planning import DayPlan
from coo_todo.domain.records import (
    DONE,
    DROPPED,
    TASK_FIELDS,
    EventRecord,
    TaskField,
    TaskRecord,
    history_kind_name,
    laid_out,
    status_word,
)
from coo_todo.domain.scoring import Breakdown, Ranked
from coo_todo.domain.text import visible
from coo_todo.i18n import N_, _, format_fixed, format_general, format_signed

TIME_FIELDS = frozenset({"due", "created_at", "completed_at", "follow_up"})
QUADRANT_LABELS = {
    "do": N_("Do now"),
    "schedule": N_("Schedule"),
    "delegate": N_("Delegate"),
    "drop": N_("Drop"),
    "follow up": N_("Follow up"),
}
"""The advice (a quadrant, or "follow up" for a delegated task) as the next step to take."""
QUADRANT_NAMES = {
    "do": N_("do"),
    "schedule": N_("schedule"),
    "delegate": N_("delegate"),
    "drop": N_("drop"),
}
"""The quadrants' own names, as ``todo explain`` writes "(schedule quadrant ...)"."""
TERM_NAMES = {
    "impact": N_("impact"),
    "urgency": N_("urgency"),
    "due": N_("due"),
    "follow-up": N_("follow-up"),
    "age": N_("age"),
    "quick win": N_("quick win"),
    "unblocks": N_("unblocks"),
    "inherited": N_("inherited"),
}
"""The score's terms as ``todo explain`` names them (``domain.scoring``'s names)."""
QUADRANT_STYLES = {
    "do": "bold red",
    "schedule": "cyan",
    "delegate": "magenta",
    "drop": "dim",
    "follow up": "yellow",
}


def due_text(task: TaskRecord, now: datetime) -> Text:
    """The due date relative to now ("today 12:00", "in 3d", "2d overdue"), coloured when
    pressing; a deadline today or tomorrow shows its time unless it is the end of the day."""
    if task.due is None:
        return Text("")
    due = dates.from_utc(task.due, now.tzinfo)
    days = dates.days_until(due, now)
    text = dates.format_relative(due, now)
    if days in (0, 1) and due.time() != dates.END_OF_DAY and task.due != dates.UNREADABLE:
        text += f" {due:%H:%M}"
    style = "bold red" if due < now else "bold yellow" if days == 0 else ""
    return Text(text, style=style)


def follow_up_text(task: TaskRecord, now: datetime) -> str:
    """The follow-up day, absolute and relative: ``Thu 3 Dec (in 7d)``."""
    assert task.follow_up is not None
    day = dates.from_utc(task.follow_up, now.tzinfo)
    return f"{dates.format_day(day, now)} ({dates.format_relative(day, now)})"


def quadrant_text(quadrant: str) -> Text:
    return Text(_(QUADRANT_LABELS[quadrant]), style=QUADRANT_STYLES[quadrant])


def task_line(
    task: TaskRecord, now: datetime, verb: str = "", *, confirm_year: bool = False
) -> Text:
    """A one-line summary, after an optional verb: ``Added #12 Renew Acme · impact 5 ...``.

    ``confirm_year`` writes the due date's year, and "next year" when it is: for a date typed
    without a year that lands far ahead."""
    parts = [
        _("impact {impact}").format(impact=task.impact),
        _("urgency {urgency}").format(urgency=task.urgency),
    ]
    line = Text.assemble(
        f"{verb} " if verb else "",
        (f"#{task.id} ", "bold"),
        visible(task.title),
        " · ",
        " · ".join(parts),
    )
    if task.due is not None:
        due = dates.from_utc(task.due, now.tzinfo)
        day = dates.format_date(due, now, year=confirm_year)
        line.append(" · " + _("due {date}").format(date=day) + " (")
        line.append_text(due_text(task, now))
        line.append(_(", next year)") if confirm_year and due.year == now.year + 1 else ")")
    if task.effort_minutes is not None:
        effort = dates.format_duration(task.effort_minutes)
        line.append(" · " + _("effort {effort}").format(effort=effort))
    if task.area:
        line.append(f" · {visible(task.area)}")
    if task.tags:
        line.append(" · " + visible(" ".join(f"+{tag}" for tag in task.tags)))
    if task.recurrence:
        line.append(f" · {recurrence.describe(task.recurrence)}")
    if task.blocked_by:
        ids = ", ".join(f"#{b}" for b in task.blocked_by)
        line.append(" · " + _("waits for {ids}").format(ids=ids))
    if task.delegate:
        line.append(" · " + _("delegated to {person}").format(person=visible(task.delegate)))
        if task.follow_up is not None:
            line.append(", " + _("follow up {day}").format(day=follow_up_text(task, now)))
    if task.snoozed_until is not None and task.snoozed_until > now:
        wake = dates.format_wake(task.snoozed_until, now)
        line.append(" · " + _("snoozed until {day}").format(day=wake))
    if task.status != "open":
        line.append(f" [{status_word(task.status)}]", style="dim")
    return line


TITLE_ROOM = 12
"""The cells a title keeps (a shorter one needs fewer) before a column is left out for it."""


class Column(NamedTuple):
    """A column of a table that fits its width: its cells, and when it goes as width shrinks
    (``drop``: lowest first; None never goes). One column ``wraps`` (the title) and takes the
    width left; the others keep their own, at most ``max_width``."""

    header: str
    cells: Sequence[str | Text]
    drop: int | None = 0
    justify: JustifyMethod = "left"
    max_width: int | None = None
    wraps: bool = False

    def width(self) -> int:
        """The cells the widest value takes (user text as shown: ``text.visible``)."""
        values = [self.header, *self.cells]
        widest = max(v.cell_len if isinstance(v, Text) else cell_len(visible(v)) for v in values)
        return widest if self.max_width is None else min(widest, self.max_width)

    def measured_width(self) -> int:
        """The width Rich's ``Table`` would measure for this column if it did not wrap: its
        widest line (``str.splitlines``, as ``Text`` measures), at most ``max_width``. Given to
        Rich as the column's width, it spares Rich measuring every cell, for the same layout."""
        plains = (
            v.plain if isinstance(v, Text) else visible(v) for v in [self.header, *self.cells]
        )
        widest = max(max(map(cell_len, plain.splitlines()), default=0) for plain in plains)
        return widest if self.max_width is None else min(widest, self.max_width)


class QuickTable(Table):
    """A Rich ``Table`` that lays its rows out in a third of the time, to the same bytes.

    Rich wraps each cell in a ``Padding`` and renders it twice over (the padding, then the
    cell); this renders the cell once and writes its padding beside it, as ``Padding`` would,
    and writes a one-line cell in one style that fits without rendering it (``_padded_line``).
    The widths are still Rich's own (``fitted_table`` gives every column but the title the
    width Rich would measure, so that only the title is measured). A table using more of
    ``Table`` than ``fitted_table`` does (a footer, row styles or lines, vertical padding,
    cells other than strings and texts) is left to Rich. It leans on ``Table``'s internals
    (``_render``, a column's ``_cells``): ``tests/test_triage_golden.py`` holds it to Rich's
    output, byte for byte.
    """

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        top, _, bottom, _ = self.padding
        if (
            self.box is None
            or self.show_footer
            or self.show_lines
            or self.leading
            or self.row_styles
            or console.get_style(self.style or "")
            or self.border_style
            or top
            or bottom
            or any(row.style or row.end_section for row in self.rows)
            or any(column.style or column.vertical != "top" for column in self.columns)
            or not all(
                isinstance(cell, str | Text)
                for column in self.columns
                for cell in (column.header, *column._cells)
            )
        ):
            yield from super()._render(console, options, widths)
            return
        box = self.box.substitute(
            options, safe=self.safe_box if self.safe_box is not None else console.safe_box
        )
        if not self.show_header:
            box = box.get_plain_headed_box()
        new_line = Segment.line()
        if self.show_edge:
            yield Segment(box.get_top(widths))
            yield new_line
        layouts = [
            self._cell_layout(options, column, width)
            for column, width in zip(self.columns, widths, strict=True)
        ]
        table_header = console.get_style(self.header_style or "")
        rows = [
            [(Style.null(), cell) for cell in cells]
            for cells in zip(*(c._cells for c in self.columns), strict=True)
        ]
        if self.show_header:
            rows.insert(
                0,
                [
                    (table_header + console.get_style(c.header_style), c.header)
                    for c in self.columns
                ],
            )
        last_index = len(rows) - 1
        for index, row in enumerate(rows):
            header = index == 0 and self.show_header
            parts = [
                _cell_lines(console, cell, style, *layout)
                for (style, cell), layout in zip(row, layouts, strict=True)
            ]
            row_height = max(len(lines) for lines in parts)
            height = max(1, row_height)
            align = Segment.align_bottom if header else Segment.align_top
            parts = [
                Segment.set_shape(align(lines, width, row_height, style), width, height)
                for lines, width, (style, _) in zip(parts, widths, row, strict=True)
            ]
            edge = "head" if index == 0 else "foot" if index == last_index else "mid"
            left = Segment(getattr(box, f"{edge}_left"))
            right = Segment(getattr(box, f"{edge}_right"))
            divider = Segment(getattr(box, f"{edge}_vertical"))
            for line in range(height):
                if self.show_edge:
                    yield left
                for number, lines in enumerate(parts):
                    if number:
                        yield divider
                    yield from lines[line]
                if self.show_edge:
                    yield right
                yield new_line
            if header:
                yield Segment(box.get_row(widths, "head", edge=self.show_edge))
                yield new_line
        if self.show_edge:
            yield Segment(box.get_bottom(widths))
            yield new_line

    def _cell_layout(
        self, options: ConsoleOptions, column: RichColumn, width: int
    ) -> tuple[ConsoleOptions, int, int]:
        """How a column's cells are rendered: their options, and the spaces left and right
        of them (as Rich's ``_get_cells`` pads them)."""
        index = column._index
        _, right, _, left = self.padding
        if self.collapse_padding and index:
            left = max(0, left - right)
        if not self.pad_edge:
            left = 0 if index == 0 else left
            right = 0 if index == len(self.columns) - 1 else right
        cell_options = options.update(
            width=width - left - right,
            justify=column.justify,
            no_wrap=column.no_wrap,
            overflow=column.overflow,
            height=None,
            highlight=column.highlight,
        )
        return cell_options, left, right


def _cell_lines(
    console: Console,
    cell: RenderableType,
    style: Style,
    options: ConsoleOptions,
    left: int,
    right: int,
) -> list[list[Segment]]:
    """A cell's lines as Rich's ``Table`` renders them, padding included."""
    if isinstance(cell, str):
        cell = console.render_str(cell, highlight=options.highlight, markup=options.markup)
    simplest = _padded_line(console, cell, options)
    if simplest is None:
        lines = console.render_lines(cell, options, style=style, pad=True)
    else:
        lines = [list(Segment.apply_style(simplest, style)) if style else simplest]
    before = [Segment(" " * left, style)] if left else []
    after = [Segment(" " * right, style)] if right else []
    return [[*before, *line, *after] for line in lines]


def _padded_line(
    console: Console, cell: RenderableType, options: ConsoleOptions
) -> list[Segment] | None:
    """The line Rich renders for ``cell`` in a column that does not wrap, when it is the
    simplest, at an eighth of the cost: a one-line ``Text`` in one style (no spans, no
    control character, no setting of its own) that fits, justified left or right. None for
    any other cell, left to Rich."""
    width = options.max_width
    if not (
        isinstance(cell, Text)
        and options.no_wrap
        and options.justify in ("left", "right")
        and not cell.spans
        and cell.justify is None
        and cell.overflow is None
        and cell.no_wrap is None
        and cell.end == "\n"
    ):
        return None
    plain = cell.plain
    if "\n" in plain or visible(plain) != plain:
        return None
    if options.justify == "right":
        plain = plain.rstrip()
    room = width - cell_len(plain)
    if room < 0 or width < 1:
        return None
    shown = plain + " " * room if options.justify == "left" else " " * room + plain
    text_style = console.get_style(cell.style, default=Style.null()) if cell.style else None
    return [Segment(shown, text_style)]


def fitting_columns(columns: Sequence[Column], width: int, *, gap: int, edges: int) -> list[Column]:
    """Those of ``columns`` that fit in ``width`` (``gap`` cells between two columns, ``edges``
    at both ends together): the title keeps ``TITLE_ROOM`` cells, and the others are left out,
    lowest ``drop`` first, until the rest fits."""
    widths = [column.width() for column in columns]  # once: a triage can hold 10,000 rows
    title_room = min([TITLE_ROOM, *(w for c, w in zip(columns, widths, strict=True) if c.wraps)])
    kept = set(range(len(columns)))

    def needed() -> int:
        fixed = sum(widths[i] for i in kept if not columns[i].wraps)
        return edges + gap * (len(kept) - 1) + fixed + title_room

    droppable = [i for i, column in enumerate(columns) if column.drop is not None]
    for index in sorted(droppable, key=lambda i: columns[i].drop or 0):
        if needed() <= width:
            break
        kept.remove(index)
    return [column for index, column in enumerate(columns) if index in kept]


def fitted_table(table: Table, columns: Sequence[Column], width: int) -> Table:
    """``table`` with those of ``columns`` that fit in ``width``, whole: the title keeps
    ``TITLE_ROOM`` cells, and the others are left out, lowest ``drop`` first, until the rest
    fits. Columns that never drop (the id, the title) are always there, whole or wrapped."""
    # Rich's layout: between two columns their padding (collapsed: the larger one) and the
    # box's separator; at the ends the box's edges and, with pad_edge, the padding.
    pad_left, pad_right = table.padding[3], table.padding[1]
    gap = (max if table.collapse_padding else sum)((pad_left, pad_right)) + (table.box is not None)
    edges = 2 * (table.box is not None and table.show_edge) + table.pad_edge * (
        pad_left + pad_right
    )
    shown = fitting_columns(columns, width, gap=gap, edges=edges)
    for column in shown:
        if column.wraps:
            table.add_column(column.header, ratio=1)
        else:
            table.add_column(
                column.header,
                justify=column.justify,
                no_wrap=True,
                overflow="ellipsis",
                width=column.measured_width(),
                max_width=column.max_width,
            )
    for row in zip(*(column.cells for column in shown), strict=True):
        table.add_row(*row)
    return table


def triage_table(ranked: Sequence[Ranked[TaskRecord]], now: datetime, width: int = 120) -> Table:
    """The morning view: one row per ranked task, highest score first.

    Only the title wraps. Below 100 columns the tags are left out, below 90 the area too, so the
    title keeps room on a narrow terminal or a pipe (80 columns). Narrower still, columns go
    (``fitted_table``) in this order: rank, impact, effort, quadrant, due, score; the id and
    the title stay.
    """
    table = QuickTable(
        title=_("Today's triage"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
    )
    return fitted_table(table, triage_columns(ranked, now, width), width)


def triage_columns(ranked: Sequence[Ranked[TaskRecord]], now: datetime, width: int) -> list[Column]:
    """The columns of the triage (``triage_table``, the interactive screen's list): below 100
    columns of ``width`` without the tags, below 90 without the area."""
    tasks = [entry.task for entry in ranked]
    columns = [
        Column("#", [str(entry.rank) for entry in ranked], drop=2, justify="right"),
        Column(_("ID"), [str(task.id) for task in tasks], drop=None, justify="right"),
        Column(
            _("Title"), [_title_cell(e.task, e.breakdown, now) for e in ranked], None, wraps=True
        ),
        Column(
            _("Score"), [format_fixed(e.breakdown.total) for e in ranked], drop=7, justify="right"
        ),
        Column(_("Quadrant"), [quadrant_text(e.breakdown.advice) for e in ranked], drop=5),
        Column(_("Imp"), [str(task.impact) for task in tasks], drop=3, justify="right"),
        Column(_("Due"), [due_text(task, now) for task in tasks], drop=6),
        Column(
            _("Effort"),
            [dates.format_duration(task.effort_minutes) for task in tasks],
            drop=4,
            justify="right",
        ),
    ]
    if width >= 90:
        columns.append(Column(_("Area"), [task.area or "" for task in tasks], 1, max_width=12))
    if width >= 100:
        tags = [" ".join(f"+{tag}" for tag in task.tags) for task in tasks]
        columns.append(Column(_("Tags"), tags, drop=0, max_width=16))
    return columns


def _title_cell(task: TaskRecord, breakdown: Breakdown, now: datetime) -> Text:
    """The title; for a delegated task back in the list, the follow-up line under it; for a
    task another member delegated to me, who and when they follow up."""
    cell = Text(visible(task.title))
    if task.recurrence:
        cell.append(f"\n↻ {recurrence.describe(task.recurrence)}", style="dim")
    follow = next((term for term in breakdown.terms if term.name == "follow-up"), None)
    if follow is not None:
        cell.append(f"\n↪ {visible(follow.reason)}", style="magenta")
    if task.delegated_by:
        person = visible(task.delegated_by)
        from_whom = (
            _("from {person}, follow-up {day}").format(person=person, day=follow_up_text(task, now))
            if task.follow_up
            else _("from {person}").format(person=person)
        )
        cell.append(f"\n↩ {from_whom}", style="magenta")
    return cell


def waiting_table(groups: Sequence[tuple[str, Sequence[TaskRecord]]], now: datetime) -> Table:
    """Delegated tasks by person: days waiting, next follow-up (late ones red), last note."""
    table = Table(box=box.SIMPLE_HEAD, title=_("Waiting for"), title_justify="left")
    headers = (
        (_("Person"), True),
        (_("ID"), True),
        (_("Title"), False),
        (_("Waiting"), True),
        (_("Follow-up"), True),
        (_("Due"), True),
        (_("Last note"), False),
    )
    for header, no_wrap in headers:
        table.add_column(header, no_wrap=no_wrap)
    for person, tasks in groups:
        for index, task in enumerate(tasks):
            waited = dates.days_until(
                now, dates.from_utc(task.delegated_at or task.created_at, now.tzinfo)
            )
            late = task.follow_up is not None and task.follow_up <= dates.to_utc(now)
            follow = Text(
                follow_up_text(task, now) if task.follow_up else "-",
                style="bold red" if late else "",
            )
            table.add_row(
                person if index == 0 else "",
                str(task.id),
                task.title,
                _("{days}d").format(days=waited),
                follow,
                due_text(task, now),
                task.last_note or "",
            )
    return table


def people_table(rows: Sequence[tuple[str, str, int, int, float | None]]) -> Table:
    """Colleagues: team, open delegated tasks, follow-ups due, median days to done."""
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(_("Name"))
    table.add_column(_("Team"))
    table.add_column(_("Open"), justify="right")
    table.add_column(_("Follow-ups due"), justify="right")
    table.add_column(_("Median days to done"), justify="right")
    for name, team, open_tasks, due, median in rows:
        table.add_row(
            name,
            team,
            str(open_tasks),
            Text(str(due), style="bold red" if due else ""),
            "-" if median is None else format_fixed(median),
        )
    return table


def blocked_table(
    blocked: Sequence[tuple[TaskRecord, tuple[int, ...]]], titles: Mapping[int, str]
) -> Table:
    """Tasks that wait for open tasks, with what they wait for."""
    table = Table(title=_("Blocked"), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(_("ID"), justify="right")
    table.add_column(_("Title"))
    table.add_column(_("Waits for"))
    for task, waits in blocked:
        table.add_row(
            str(task.id),
            task.title,
            "; ".join(f"#{b} {titles.get(b, '')}".rstrip() for b in waits),
        )
    return table


def plan_view(plan: DayPlan[TaskRecord], now: datetime, shown: int | None = None) -> RenderableType:
    """Today's plan: its tasks in order (effort counted, due, why there), the total against
    the capacity, then the first ``shown`` tasks left out (all: None) with their reason."""
    parts: list[RenderableType] = []
    if plan.planned:
        table = Table(title=_("Plan for today"), title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("#", justify="right")
        table.add_column(_("ID"), justify="right")
        for header in (_("Title"), _("Effort"), _("Due"), _("Why")):
            table.add_column(header)
        for number, entry in enumerate(plan.planned, start=1):
            table.add_row(
                str(number),
                str(entry.task.id),
                entry.task.title,
                entry.effort,
                due_text(entry.task, now),
                Text(_("cannot wait"), style="bold red")
                if entry.urgent
                else Text(_("score {score}").format(score=format_fixed(entry.breakdown.total))),
            )
        parts.append(table)
    summary = _("Planned {planned} of {capacity} ({hours}) · {free} free").format(
        planned=dates.format_duration(plan.planned_minutes),
        capacity=dates.format_duration(plan.capacity.minutes),
        hours=plan.capacity.describe(),
        free=dates.format_duration(plan.free_minutes),
    )
    parts.append(Text(summary))
    if plan.left_out:
        left = Table(title=_("Left out"), title_justify="left", box=box.SIMPLE_HEAD)
        left.add_column(_("ID"), justify="right")
        left.add_column(_("Title"))
        left.add_column(_("Why"))
        for out in plan.left_out[:shown]:
            left.add_row(str(out.task.id), out.task.title, out.reason)
        parts += [Text(""), left]
    return Group(*parts)


def task_table(
    tasks: Sequence[TaskRecord], scores: Mapping[int, Breakdown], now: datetime, width: int = 120
) -> Table:
    """A plain list of tasks by id, with status and score. Only the title wraps; on a narrow
    terminal columns go (``fitted_table``) in this order: tags, area, urgency, impact,
    effort, status, due, score; the id and the title stay."""
    columns = [
        Column(_("ID"), [str(task.id) for task in tasks], drop=None),
        Column(_("Title"), [_title_and_rule(task) for task in tasks], drop=None, wraps=True),
        Column(_("Status"), [status_word(task.status) for task in tasks], drop=5),
        Column(_("Score"), [format_fixed(scores[task.id].total) for task in tasks], drop=7),
        Column(_("Imp"), [str(task.impact) for task in tasks], drop=3),
        Column(_("Urg"), [str(task.urgency) for task in tasks], drop=2),
        Column(_("Due"), [due_text(task, now) for task in tasks], drop=6),
        Column(_("Effort"), [dates.format_duration(t.effort_minutes) for t in tasks], drop=4),
        Column(_("Area"), [task.area or "" for task in tasks], drop=1, max_width=12),
        Column(
            _("Tags"), [" ".join(f"+{t}" for t in task.tags) for task in tasks], 0, max_width=16
        ),
    ]
    return fitted_table(QuickTable(box=box.SIMPLE_HEAD), columns, width)


def _title_and_rule(task: TaskRecord) -> str:
    """A title, and a recurring task's rule in words: ``KPI review ↻ every Friday``."""
    if not task.recurrence:
        return task.title
    return f"{task.title} ↻ {recurrence.describe(task.recurrence)}"


COMPACT_EXPLANATION = 64
"""The width under which ``explanation`` shows each term's reason and points only."""


def explanation(
    task: TaskRecord,
    breakdown: Breakdown,
    rank: int | None,
    of: int,
    waiting_for: Sequence[int],
    width: int = 120,
) -> RenderableType:
    """Each term of a task's score, in numbers and in words, with the total and the rank.

    Narrower than ``COMPACT_EXPLANATION`` cells (a side panel, a phone's terminal), the value
    and weight each term's points come from are left out, so the reasons keep room to read."""
    if rank is not None:
        standing = _("rank {rank} of {of} in today's triage").format(rank=rank, of=of)
    elif waiting_for:
        standing = _("not ranked: waits for {ids}").format(
            ids=", ".join(f"#{b}" for b in waiting_for)
        )
    else:
        standing = _("not ranked: {status}").format(status=status_word(task.status))
    quadrant = _("({quadrant} quadrant, time pressure {pressure})").format(
        quadrant=_(QUADRANT_NAMES[breakdown.quadrant]), pressure=format_fixed(breakdown.pressure, 2)
    )
    header = Text.assemble(
        (f"#{task.id} {visible(task.title)}", "bold"),
        "\n" + _("score {score}").format(score=format_fixed(breakdown.total, 2)) + " · ",
        quadrant_text(breakdown.advice),
        f" {quadrant} · {standing}",
    )
    compact = width < COMPACT_EXPLANATION
    table = Table(show_footer=True, box=box.SIMPLE_HEAD)
    table.add_column(_("Term"), footer=_("total"))
    table.add_column(_("Why"))
    if not compact:
        table.add_column(_("Value"), justify="right")
        table.add_column(_("Weight"), justify="right")
    table.add_column(_("Points"), justify="right", footer=format_fixed(breakdown.total, 2))
    for term in breakdown.terms:
        numbers = [] if compact else [format_fixed(term.value, 2), format_general(term.weight)]
        table.add_row(
            _(TERM_NAMES.get(term.name, term.name)),
            term.reason,
            *numbers,
            format_signed(term.points, 2),
        )
    words = Text(
        _("In words: {terms}.").format(
            terms=_("; ").join(
                _("{reason}: {points}").format(
                    reason=visible(term.reason), points=format_signed(term.points)
                )
                for term in sorted(breakdown.terms, key=lambda t: -t.points)
                if round(term.points, 1) != 0
            )
        )
    )
    return Group(header, table, words)


SHOWN_FIELDS = laid_out(
    (
        "title",
        "status",
        "score",
        "impact",
        "urgency",
        "due",
        "effort_minutes",
        "area",
        "initiative",
        "tags",
        "blocked_by",
        "notes",
        "delegate",
        "follow_up",
        "created_at",
        "uuid",
    )
)
"""The rows of ``todo show``, in order; a task field these do not name comes last."""
_COMPLETED_LABELS = {DONE: N_("Done"), DROPPED: N_("Dropped")}
"""The row of ``todo show`` that says when a task was closed, by its status."""


def _field_text(task_field: TaskField, task: TaskRecord, now: datetime) -> str:
    """A task field's value as ``todo show`` writes it, by its kind; ``-`` when unset."""
    value = getattr(task, task_field.name)
    if task_field.kind == "title":
        return str(value)
    if task_field.kind == "level":
        return f"{value}/5"
    if task_field.kind == "duration":
        return dates.format_duration(value) or "-"
    if task_field.kind == "date" and value is not None:
        local = dates.from_utc(value, now.tzinfo)
        return (
            dates.format_wake(local, now) if task_field.day_start else dates.format_date(local, now)
        )
    if task_field.kind == "rule" and value is not None:
        return f"{recurrence.describe(value)} ({value})"
    return str(value or "-")


def task_details(
    task: TaskRecord, breakdown: Breakdown, history: Sequence[EventRecord], now: datetime
) -> RenderableType:
    """Every field of one task, its score, and its history as a timeline."""
    tz = now.tzinfo
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column()
    due = dates.from_utc(task.due, tz) if task.due is not None else None
    shown: dict[str, tuple[str, str | Text]] = {
        task_field.name: (_(task_field.label), _field_text(task_field, task, now))
        for task_field in TASK_FIELDS
    }
    shown.update(
        status=(_("Status"), status_word(task.status)),
        score=(
            _("Score"),
            Text.assemble(f"{breakdown.total:.2f} · ", quadrant_text(breakdown.advice)),
        ),
        initiative=(_("Initiative"), task.initiative or "-"),
        tags=(_("Tags"), " ".join(f"+{tag}" for tag in task.tags) or "-"),
        blocked_by=(_("Waits for"), ", ".join(f"#{b}" for b in task.blocked_by) or "-"),
        delegate=(_("Delegated to"), task.delegate or "-"),
        follow_up=(
            _("Follow-up"),
            follow_up_text(task, now) if task.follow_up is not None else "-",
        ),
        created_at=(_("Created"), dates.format_date(dates.from_utc(task.created_at, tz), now)),
        uuid=(_("UUID"), task.uuid),
    )
    if due is not None:
        shown["due"] = (
            _("Due"),
            Text.assemble(f"{dates.format_date(due, now)} (", due_text(task, now), ")"),
        )
    rows = [shown[name] for name in SHOWN_FIELDS]
    if task.completed_at is not None:
        rows.append(
            (
                _(_COMPLETED_LABELS.get(task.status, task.status.capitalize())),
                dates.format_date(dates.from_utc(task.completed_at, tz), now),
            )
        )
    for name, value in rows:
        fields.add_row(name, value)
    timeline = history_table(history, now)
    return Group(Text(_("Task #{id}").format(id=task.id), style="bold"), fields, Text(""), timeline)


def history_table(history: Sequence[EventRecord], now: datetime) -> Table:
    """A task's history as a timeline: when, what and by whom, the changes, the note."""
    timeline = Table(title=_("History"), title_justify="left", box=box.SIMPLE_HEAD)
    timeline.add_column(_("When"))
    timeline.add_column(_("What"))
    timeline.add_column(_("Details"))
    timeline.add_column(_("Note"))
    for entry in history:
        timeline.add_row(
            dates.format_date(dates.from_utc(entry.at, now.tzinfo), now),
            _("{kind} by {by}").format(kind=history_kind_name(entry.kind), by=entry.by)
            if entry.by
            else history_kind_name(entry.kind),
            _describe_changes(entry.changes, now),
            entry.note or "",
        )
    return timeline


def _describe_changes(changes: Mapping[str, object], now: datetime) -> str:
    parts = []
    for name, value in changes.items():
        if isinstance(value, dict) and set(value) == {"from", "to"}:
            old, new = _short(name, value["from"], now), _short(name, value["to"], now)
            parts.append(f"{name}: {old} → {new}")
        else:
            parts.append(f"{name}: {_short(name, value, now)}")
    return _("; ").join(parts)


def _short(name: str, value: object, now: datetime) -> str:
    if value is None:
        return "-"
    if name == "status" and isinstance(value, str):
        return status_word(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if name in TIME_FIELDS and isinstance(value, str):
        try:
            when = dates.from_utc(datetime.fromisoformat(value), now.tzinfo)
        except (ValueError, OverflowError):  # a time another tool wrote: shown as it is
            return value
        return dates.format_day(when, now) if name == "follow_up" else dates.format_date(when, now)
    return str(value)


def weights_table(weights: Mapping[str, float], defaults: Mapping[str, float], title: str) -> Table:
    """The scoring weights in force beside their defaults (``todo config show``)."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(_("Key"))
    table.add_column(_("In force"), justify="right")
    table.add_column(_("Default"), justify="right")
    for name, value in weights.items():
        table.add_row(name, f"{value:g}", f"{defaults[name]:g}")
    return table
