"""What the keys of the interactive screen do: the CLI commands' own service calls, each saying
in one line what it did. No Textual here: the screen (``tui.screen``) draws, the desk acts.

Every call reads the clock once (``clock``), as a command does, so a screen left open all
morning ranks as of each key press.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.console import RenderableType
from rich.text import Text

from coo_todo import render
from coo_todo.domain.capture import parse_words
from coo_todo.domain.people import name_key
from coo_todo.domain.records import EventRecord
from coo_todo.domain.search import search_terms
from coo_todo.i18n import _
from coo_todo.service.checks import TaskInput
from coo_todo.service.delegation import delegate_task, record_follow_up
from coo_todo.service.planning import plan_today
from coo_todo.service.ranking import Triage, triage
from coo_todo.service.search import search
from coo_todo.service.snooze import snooze_task
from coo_todo.service.tasks import add_task, change_status, edit_task, undo_last
from coo_todo.settings import Settings
from coo_todo.store import Store


@dataclass(frozen=True)
class Outcome:
    """What an action did, in one line, and the task the selection follows (None: stays)."""

    line: Text
    task_id: int | None = None


LOCK_WAIT_SECONDS = 2.0
"""How long a key waits for another process's write to end before it says the database is
busy (a command waits 30 seconds; the screen cannot be used, nor quit, while it waits)."""


@dataclass
class Desk:
    """The store, the settings and the clock the screen acts with."""

    store: Store
    settings: Settings
    clock: Callable[[], datetime]

    def __post_init__(self) -> None:
        self.store.wait_for_writes(LOCK_WAIT_SECONDS)

    def triage(self) -> tuple[Triage, datetime]:
        """The ranking of the open tasks as of now, and that now."""
        now = self.clock()
        return triage(self.store, now, self.settings), now

    def history(self, task_id: int) -> list[EventRecord]:
        """Every recorded change to a task, oldest first."""
        return self.store.history(task_id)

    def latest_change(self) -> int:
        """The id of the latest history entry: it changes when any process changes the list.
        FileReplaced once the SQLite file opened was removed or replaced: the screen, which
        asks every second, says so before a key is pressed (``Store.check_same_file``)."""
        self.store.check_same_file()
        return self.store.latest_change()

    def add(self, line: str) -> Outcome:
        """Capture a task from one line of ``todo add`` syntax (inline attributes)."""
        now = self.clock()
        calendar, order = self.settings.calendar(now.tzinfo), self.settings.date_order
        words = parse_words(line.split(), now=now, calendar=calendar, order=order)
        given = TaskInput.merge(words, {})
        task = add_task(self.store, given, now, self.settings)
        return Outcome(render.task_line(task, now, _("Added")), task.id)

    def edit(self, task_id: int, attribute: str, value: str | int) -> Outcome:
        """Set one attribute (``impact``, ``urgency``, ``due``, ``effort``) as ``todo edit``."""
        now = self.clock()
        task = edit_task(self.store, task_id, TaskInput({attribute: value}), now, self.settings)
        return Outcome(render.task_line(task, now, _("Edited")), task.id)

    def delegate(self, task_id: int, name: str, *, create: bool = False) -> Outcome:
        """Hand the task to the person ``name`` designates (``create``: add them if unknown)."""
        now = self.clock()
        task = delegate_task(self.store, task_id, name, now, self.settings, create=create)
        return Outcome(render.task_line(task, now, _("Delegated")), task.id)

    def follow_up(self, task_id: int, note: str) -> Outcome:
        """Record a check-in on a delegated task; the next follow-up comes by default."""
        now = self.clock()
        task = record_follow_up(self.store, task_id, now, self.settings, note=note)
        return Outcome(render.task_line(task, now, _("Followed up")), task.id)

    def done(self, task_id: int) -> Outcome:
        """Mark the task done (a recurring one brings its next occurrence)."""
        now = self.clock()
        task = change_status(self.store, [task_id], "done", now, self.settings)[0]
        return Outcome(render.task_line(task, now, _("Done")))

    def snooze(self, task_id: int, when: str) -> Outcome:
        """Hide the task until ``when``."""
        now = self.clock()
        task = snooze_task(self.store, task_id, when, now, self.settings)
        return Outcome(render.task_line(task, now, _("Snoozed")))

    def undo(self) -> Outcome:
        """Revert the latest change, whoever made it (as ``todo undo``)."""
        lines = undo_last(self.store, self.clock())
        return Outcome(Text(_("Undid {changes}").format(changes="; ".join(lines))))

    def plan(self) -> RenderableType:
        """Today's plan, as ``todo plan`` shows it."""
        now = self.clock()
        return render.plan_view(plan_today(self.store, now, self.settings), now)

    def search(self, words: str, width: int) -> RenderableType:
        """The open tasks holding every word, as ``todo search`` lists them."""
        now = self.clock()
        tasks, scores = search(self.store, search_terms([words]), now, self.settings)
        if not tasks:
            return Text(_("No task matches {words!r}").format(words=words))
        return render.task_table(tasks, scores, now, width)

    def people_matching(self, typed: str) -> list[str]:
        """The people whose name starts with ``typed``, case and accents aside (as ``todo
        delegate --to`` finds them)."""
        wanted = name_key(typed)
        return [
            person.name
            for person in self.store.people()
            if name_key(person.name).startswith(wanted)
        ]
