"""The ranked list of the interactive screen: the rows ``todo triage`` prints, one per task, a
selection that the arrow keys, the page keys and the mouse move.

Only the rows in view are laid out (``render.triage_columns`` and ``render.fitted_table`` on
that window), so a key re-ranks and redraws 300 tasks as fast as 30.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from coo_todo import render
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import Ranked

COLUMN_GAP = 2
"""The cells between two columns: one of padding (collapsed) and the box's separator."""

HEADER_LINES = 2
"""The lines above the first row: the headers and the rule under them."""


class TaskList(Widget, can_focus=True):
    """The ranked tasks, one line each, the selected one in reverse video."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", show=False),
        Binding("down,j", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "move(-1_000_000)", show=False),
        Binding("end", "move(1_000_000)", show=False),
    ]

    class Selected(Message):
        """The selection moved to another task (None: the list is empty)."""

        def __init__(self, task_id: int | None) -> None:
            super().__init__()
            self.task_id = task_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: Sequence[Ranked[TaskRecord]] = ()
        self.now: datetime | None = None
        self.cursor = 0
        self.top = 0

    @property
    def ids(self) -> list[int]:
        """The ids of the tasks, top first."""
        return [entry.task.id for entry in self.entries]

    @property
    def selected(self) -> int | None:
        """The id of the selected task, None if the list is empty."""
        return self.entries[self.cursor].task.id if self.entries else None

    def show(
        self, entries: Sequence[Ranked[TaskRecord]], now: datetime, follow: int | None
    ) -> None:
        """Show ``entries``; select ``follow`` if it is among them, else stay on the same row."""
        self.entries, self.now = entries, now
        ids = self.ids
        self.cursor = ids.index(follow) if follow in ids else min(self.cursor, len(ids) - 1)
        self.cursor = max(self.cursor, 0)
        self._scroll()
        self.refresh()
        self.post_message(self.Selected(self.selected))

    def select(self, task_id: int) -> None:
        """Select the task ``task_id`` (a task not in the list: nothing changes)."""
        if task_id in self.ids:
            self._go(self.ids.index(task_id))

    def action_move(self, rows: int) -> None:
        self._go(self.cursor + rows)

    def action_page(self, pages: int) -> None:
        self._go(self.cursor + pages * max(self._rows_in_view() - 1, 1))

    def on_click(self, event: events.Click) -> None:
        row = self.top + event.y - HEADER_LINES
        if event.y >= HEADER_LINES and row < len(self.entries):
            self._go(row)

    def on_resize(self) -> None:
        self._scroll()

    def _go(self, row: int) -> None:
        if not self.entries:
            return
        cursor = min(max(row, 0), len(self.entries) - 1)
        if cursor != self.cursor:
            self.cursor = cursor
            self._scroll()
            self.refresh()
            self.post_message(self.Selected(self.selected))

    def _rows_in_view(self) -> int:
        return max(self.size.height - HEADER_LINES, 1)

    def _scroll(self) -> None:
        """Keep the selection in view."""
        rows = self._rows_in_view()
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + rows:
            self.top = self.cursor - rows + 1
        self.top = max(min(self.top, len(self.entries) - rows), 0)

    def render(self) -> RenderableType:
        if not self.entries or self.now is None:
            return Text("")
        self._scroll()  # the size may have changed since the selection moved
        window = self.entries[self.top : self.top + self._rows_in_view()]
        width = self.size.width
        columns = [
            column._replace(cells=[_one_line(cell) for cell in column.cells])
            if column.wraps
            else column
            for column in render.triage_columns(window, self.now, width)
        ]
        table = Table(box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False, show_edge=False)
        render.fitted_table(table, columns, width)
        # The title takes the width the others leave (each column is one cell of padding and
        # one of the box's separator from the next), cut short rather than wrapped.
        others = [column.width or 0 for column in table.columns if column.ratio is None]
        title = next(column for column in table.columns if column.ratio is not None)
        title.width = max(width - sum(others) - COLUMN_GAP * len(others), 1)
        title.ratio, title.no_wrap, title.overflow = None, True, "ellipsis"
        table.rows[self.cursor - self.top].style = "reverse"
        return table


def _one_line(cell: str | Text) -> str | Text:
    """A title cell on one line, its rule and follow-up after it (the side panel has them in
    full): one line per task, so the page keys move by whole pages."""
    if isinstance(cell, str) or "\n" not in cell.plain:
        return cell
    return Text("  ").join(cell.split("\n"))
