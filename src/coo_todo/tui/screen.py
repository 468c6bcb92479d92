"""The interactive morning triage: the ranked list, live, beside the selected task's score
explained and its history; one key per step of the morning (see docs/interactive.md).

Every key calls the desk (``tui.desk``), that is the CLI's own service functions: a refused
value is the CLI's one-line error, shown in place; each change is one history entry that
``todo undo`` reverts. The list is re-ranked after each change and whenever another process
changes the database (polled every ``POLL_SECONDS``), the selection following its task.
Once the SQLite file opened is found removed or replaced, the list is cleared and only help
and quit are left: the tasks shown were the old file's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, ClassVar

from rich.console import Console, Group, RenderableType
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.visual import VisualType
from textual.widgets import Footer, Input, Static

from coo_todo import render
from coo_todo.console import UserTextConsole, visible_text
from coo_todo.domain.people import name_key
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import Ranked, Ranking
from coo_todo.errors import Conflict, CooTodoError, FileReplaced
from coo_todo.i18n import _, ngettext
from coo_todo.tui.desk import Desk, Outcome
from coo_todo.tui.task_list import TaskList

HISTORY_SHOWN = 8
"""The latest changes of the selected task the side panel shows (``todo show`` has them all)."""

POLL_SECONDS = 1.0
"""How often the screen asks the database whether another process changed it."""

LEFT_WITHOUT_A_FILE = frozenset({"help", "quit"})
"""The keys that still act once the database file is gone."""

LEVEL_KEYS = {
    **{str(level): ("impact", level) for level in range(1, 6)},
    # Shift and a digit on a US keyboard.
    **{key: ("urgency", level) for level, key in enumerate(("!", "@", "#", "$", "%"), 1)},
    # The digit row of a French AZERTY keyboard, unshifted (shift gives the digits: impact).
    **{key: ("urgency", level) for level, key in enumerate(("&", "é", '"', "'", "("), 1)},
}
"""The character a key types -> the attribute and level it sets."""


class Shown(Static):
    """A Static showing text as typed: a string is never read as markup, and the control
    characters of a ``Text`` are made visible (Textual draws a ``Text`` without the app's
    console; any other renderable is drawn through it, see ``user_text_console``)."""

    def __init__(self, content: VisualType = "", *, id: str | None = None) -> None:
        super().__init__(_as_typed(content), id=id)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_as_typed(content), layout=layout)


def _as_typed(content: VisualType) -> VisualType:
    if isinstance(content, str):
        content = Text(content)
    return visible_text(content) if isinstance(content, Text) else content


def user_text_console(made: Console) -> UserTextConsole:
    """The console Textual ``made``, remade reading no markup and writing no control character
    of user text raw: every table and panel of the screen is drawn through it."""
    return UserTextConsole(
        color_system=made.color_system,  # type: ignore[arg-type]  # a name Rich gave
        file=made.file,
        markup=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        _environ={name: value for name, value in os.environ.items() if name != "NO_COLOR"},
        force_terminal=True,
        safe_box=False,
        soft_wrap=False,
    )


def _key_name(character: str) -> str:
    """Textual's name of the key typing ``character``: ``!`` -> ``exclamation_mark``."""
    from textual.keys import _character_to_key  # the one mapping Textual itself uses

    return _character_to_key(character)


def _level_bindings() -> list[BindingType]:
    """A binding per level key; the footer shows one per attribute: ``1-5`` and ``⇧1-5``."""
    shown = {"1": ("1-5", _("impact")), "!": ("⇧1-5", _("urgency"))}
    return [
        Binding(
            _key_name(character),
            f"rate('{attribute}', {level})",
            shown[character][1] if character in shown else "",
            show=character in shown,
            key_display=shown[character][0] if character in shown else None,
        )
        for character, (attribute, level) in LEVEL_KEYS.items()
    ]


class Answer(Input):
    """A question's one-line answer. Pasted lines are joined by a space, where Textual's
    ``Input`` keeps the first and drops the others unseen."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # not Input's own paste
        event.stop()
        if event.text:
            self.replace(one_line(event.text), *self.selection)


def one_line(pasted: str) -> str:
    """Pasted text on one line: its lines joined by a space."""
    return " ".join(pasted.splitlines())


class Ask(ModalScreen[None]):
    """A one-line question at the bottom of the screen. ``act`` gets the answer and returns
    an error to show in place (the question stays open) or None (it closes). ``suggest``
    lists matches while typing (the person picker)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", _("cancel"))]

    def __init__(
        self,
        question: str,
        act: Callable[[str], str | None],
        *,
        placeholder: str = "",
        suggest: Callable[[str], list[str]] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.act = act
        self.placeholder = placeholder
        self.suggest = suggest
        self.typed_early = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            yield Shown(self.question)
            yield Answer(placeholder=self.placeholder, id="answer")
            yield Shown(id="suggestions")
            yield Shown(id="problem")

    def type_ahead(self, character: str) -> None:
        """Add ``character`` to the answer (typed before the answer's field had the focus)."""
        answers = self.query("#answer")
        if answers:
            answers.first(Input).insert_text_at_cursor(character)
        else:
            self.typed_early += character

    def on_mount(self) -> None:
        if self.typed_early:
            self.query_one("#answer", Input).insert_text_at_cursor(self.typed_early)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.suggest is not None:
            names = self.suggest(event.value)
            self.query_one("#suggestions", Shown).update(Text(" · ".join(names[:8])))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        problem = self.act(event.value)
        if problem is None:
            self.dismiss()
        else:
            self.query_one("#problem", Shown).update(Text(problem, style="red"))


class Sheet(ModalScreen[None]):
    """A page to read (today's plan, search results, the keys) until Escape or q."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", _("close")),
        Binding("q", "dismiss", _("close")),
    ]

    def __init__(self, page: RenderableType) -> None:
        super().__init__()
        self.page = page

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="sheet"):
            yield Shown(self.page)
        yield Footer()


def keys_page() -> RenderableType:
    """The help page: every key and what it does (docs/interactive.md has the same table)."""
    from rich.table import Table

    keys = (
        ("a", _("capture a task, as todo add: Call Acme due:fri impact:4 +sales")),
        ("1-5", _("impact of the selected task")),
        ("⇧1-5", _("urgency (!@#$% on a US keyboard; on AZERTY &é\"'( unshifted)")),
        ("d", _("due date (fri, 12/14, +3bd, none)")),
        ("e", _("effort (30m, 2h, none)")),
        ("g", _("delegate: a name, a first name or its start; Enter twice adds a new person")),
        ("f", _("record a follow-up note on a delegated task")),
        ("x", _("done")),
        ("s", _("snooze until a day (mon, next mon 9am)")),
        ("p", _("today's plan")),
        ("/", _("search titles and notes")),
        ("u", _("undo the latest change (as todo undo)")),
        ("?", _("these keys")),
        ("q", _("quit (Ctrl-C too)")),
    )
    table = Table(title=_("Keys"), title_justify="left", box=None)
    table.add_column(_("Key"), style="bold")
    table.add_column(_("What it does"))
    for key, what in keys:
        table.add_row(key, what)
    return table


class TriageScreenApp(App[None]):
    """The interactive triage over a desk (see the module's docstring)."""

    TITLE = "coo-todo"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #heading { height: 1; padding: 0 1; text-style: bold; }
    #body { height: 1fr; }
    #tasks { width: 3fr; height: 1fr; }
    #side { width: 2fr; height: 1fr; border-left: solid $primary; padding: 0 1; }
    Screen.-narrow #body { layout: vertical; }
    Screen.-narrow #tasks { width: 1fr; height: 3fr; }
    Screen.-narrow #side { width: 1fr; height: 2fr; border-left: none; border-top: solid $primary; }
    #message { height: 1; padding: 0 1; }
    Ask { align: center bottom; }
    #ask { height: auto; border: round $primary; background: $surface; padding: 0 1; }
    #suggestions { color: $text-muted; }
    Sheet { align: center middle; }
    #sheet { width: 90%; height: 90%; border: round $primary; background: $surface; }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual types it)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", _("add")),
        *_level_bindings(),
        # Help and quit come early: an 80-column footer shows the first dozen keys.
        Binding("question_mark", "help", _("help"), key_display="?"),
        Binding("q", "quit", _("quit")),
        Binding("d", "due", _("due")),
        Binding("e", "effort", _("effort")),
        Binding("g", "delegate", _("delegate")),
        Binding("f", "follow_up", _("follow")),
        Binding("x", "done", _("done")),
        Binding("s", "snooze", _("snooze")),
        Binding("p", "plan", _("plan")),
        Binding("slash", "search", _("search"), key_display="/"),
        Binding("u", "undo", _("undo")),
        Binding("ctrl+c", "quit", _("quit"), show=False, priority=True),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.console = user_text_console(self.console)
        self.desk = desk
        self.entries: dict[int, Ranked[TaskRecord]] = {}
        self.ranked_count = 0
        self.seen = -1
        self.selection_unseen = False
        """The list moved the selection to another task (the selected one was closed, here
        or elsewhere) and has not been drawn since: a key on "the selected task" then would
        act on a task the user has not seen (x pressed twice would close the next one)."""
        self.file_gone: FileReplaced | None = None
        """Why the list is empty: the SQLite file opened was removed or replaced."""

    def compose(self) -> ComposeResult:
        yield Shown(id="heading")
        with Horizontal(id="body"):
            yield TaskList(id="tasks")
            with VerticalScroll(id="side"):
                yield Shown(id="why")
        yield Shown(id="message")
        yield Footer(compact=True)

    def on_key(self, event: events.Key) -> None:
        """What is typed right after a question's key reaches the list, which keeps the focus
        until the question is drawn: it goes into the answer (a fast typist, a paste)."""
        if isinstance(self.screen, Ask) and event.is_printable and event.character:
            self.screen.type_ahead(event.character)
            event.stop()

    def on_paste(self, event: events.Paste) -> None:
        """A paste that reaches the list while a question is being drawn goes into the answer,
        as the keys typed then do."""
        if isinstance(self.screen, Ask):
            self.screen.type_ahead(one_line(event.text))
            event.stop()

    def on_mount(self) -> None:
        self.show_list()
        self.set_interval(POLL_SECONDS, self.poll)

    # -- the list ----------------------------------------------------------------------------

    def selected(self) -> int | None:
        """The id of the selected task, if any."""
        return self.query_one(TaskList).selected

    def show_list(self, follow: int | None = None) -> None:
        """Rank again and redraw the list; select ``follow`` if it is still there, else the
        row where the selection was. A database that cannot be read (a PostgreSQL server
        gone) leaves the list as it was and says why in one line."""
        try:
            seen = self.desk.latest_change()
            view, now = self.desk.triage()
        except CooTodoError as exc:
            self.say_error(exc)
            return
        self.seen = seen
        ranked = view.ranking.ranked
        self.entries = {entry.task.id: entry for entry in ranked}
        self.ranked_count = len(ranked)
        self.query_one("#heading", Shown).update(self.heading(view.ranking))
        before = self.selected()
        self.query_one(TaskList).show(ranked, now, follow)
        if before is not None and self.selected() != before:
            self.selection_unseen = True
            self.call_after_refresh(setattr, self, "selection_unseen", False)

    @staticmethod
    def heading(ranking: Ranking[TaskRecord]) -> Text:
        """``Today's triage · 12 ranked · 2 blocked · 3 delegated · 1 snoozed``."""
        ranked, blocked, waiting, snoozed = (
            len(ranking.ranked),
            len(ranking.blocked),
            len(ranking.waiting),
            len(ranking.snoozed),
        )
        counted = (
            (ranked, ngettext("{count} ranked", "{count} ranked", ranked)),
            (blocked, ngettext("{count} blocked", "{count} blocked", blocked)),
            (waiting, ngettext("{count} delegated", "{count} delegated", waiting)),
            (snoozed, ngettext("{count} snoozed", "{count} snoozed", snoozed)),
        )
        parts = [_("Today's triage")]
        parts += [words.format(count=count) for count, words in counted if count]
        return Text(" · ".join(parts))

    def show_task(self, task_id: int | None) -> None:
        """The side panel: why the task scores what it does, and its history."""
        why = self.query_one("#why", Shown)
        if self.file_gone is not None:
            why.update(
                Text(
                    _("Quit (q) and open the screen again to see the tasks of the file now there.")
                )
            )
            return
        if task_id is None or task_id not in self.entries:
            why.update(Text(_("Nothing to triage. Press a to capture a task.")))
            return
        entry = self.entries[task_id]
        width = self.query_one("#side").content_size.width or self.size.width // 3
        explained = render.explanation(
            entry.task, entry.breakdown, entry.rank, self.ranked_count, (), width
        )
        now = self.desk.clock()
        try:
            history = self.desk.history(task_id)
        except CooTodoError as exc:
            self.say_error(exc)
            history = []
        parts = [explained, render.history_table(history[-HISTORY_SHOWN:], now)]
        earlier = len(history) - HISTORY_SHOWN
        if earlier > 0:
            more = ngettext(
                "{count} earlier change: todo show {id}",
                "{count} earlier changes: todo show {id}",
                earlier,
            )
            parts.append(Text(more.format(count=earlier, id=task_id), style="dim"))
        why.update(Group(*parts))

    def on_task_list_selected(self, event: TaskList.Selected) -> None:
        self.show_task(event.task_id)

    def on_resize(self, event: events.Resize) -> None:
        """The side panel's explanation laid out again for its new width."""
        self.call_after_refresh(self.show_task, self.selected())

    def poll(self) -> None:
        """Redraw when another process changed the database."""
        if self.file_gone is not None:
            return
        try:
            changed = self.desk.latest_change() != self.seen
        except CooTodoError as exc:
            self.say_error(exc)
        else:
            if changed:
                self.show_list(self.selected())

    # -- acting ------------------------------------------------------------------------------

    def say(self, line: Text) -> None:
        self.query_one("#message", Shown).update(line)

    def say_error(self, exc: CooTodoError) -> None:
        one_line = str(exc).replace("\n", "\\n")
        self.say(Text(_("error: {message}").format(message=one_line), style="red"))
        if isinstance(exc, FileReplaced) and self.file_gone is None:
            self.lose_file(exc)

    def lose_file(self, exc: FileReplaced) -> None:
        """The SQLite file opened is gone: clear the list, its tasks the old file's, say so in
        its place, and leave only the keys that write nothing (``check_action``)."""
        self.file_gone = exc
        self.entries, self.ranked_count = {}, 0
        self.query_one("#heading", Shown).update(Text(str(exc), style="red"))
        self.query_one(TaskList).show([], self.desk.clock(), None)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        """Once the file is gone, only help and quit act (and show in the footer)."""
        return self.file_gone is None or action in LEFT_WITHOUT_A_FILE

    def attempt(self, action: Callable[[], Outcome]) -> str | None:
        """Run one action; on success say what it did and redraw, following its task; on a
        refusal return the one-line error (for a question to show in place) and say it."""
        current = self.selected()
        try:
            outcome = action()
        except CooTodoError as exc:
            self.say_error(exc)
            return _("error: {message}").format(message=str(exc).replace("\n", "\\n"))
        self.say(outcome.line)
        self.show_list(outcome.task_id if outcome.task_id is not None else current)
        return None

    def on_selected(self, act: Callable[[int], Outcome]) -> None:
        """Run ``act`` on the selected task, or say there is none."""
        task_id = self.selected()
        if self.selection_unseen:
            return
        if task_id is None:
            self.say(Text(_("No task selected: press a to capture one.")))
            return
        self.attempt(lambda: self.if_listed(task_id, lambda: act(task_id)))

    def if_listed(self, task_id: int | None, act: Callable[[], Outcome]) -> Outcome:
        """``act()``, if ``task_id`` (None: no task) is still in the list as of the database
        now: a task another process closed, snoozed, handed over or removed since the list
        was drawn is not acted on (Conflict, and the list is drawn again)."""
        if task_id is None:
            return act()
        if self.desk.latest_change() != self.seen:
            self.show_list(task_id)
        if task_id not in self.entries:
            raise Conflict(
                _("#{id} changed elsewhere and left the list: nothing done").format(id=task_id)
            )
        return act()

    def ask(
        self,
        question: str,
        act: Callable[[int | None, str], Outcome],
        *,
        needs_task: bool = True,
        placeholder: str = "",
        suggest: Callable[[str], list[str]] | None = None,
    ) -> None:
        """Ask a question, then run ``act`` on the selected task and the answer."""
        task_id = self.selected()
        if needs_task and self.selection_unseen:
            return
        if needs_task and task_id is None:
            self.say(Text(_("No task selected: press a to capture one.")))
            return
        if task_id is not None and needs_task:
            question = f"#{task_id} {self.entries[task_id].task.title} · {question}"
        self.push_screen(
            Ask(
                question,
                lambda answer: self.attempt(
                    lambda: self.if_listed(task_id, lambda: act(task_id, answer))
                ),
                placeholder=placeholder,
                suggest=suggest,
            )
        )

    def action_add(self) -> None:
        self.ask(
            _("New task:"),
            lambda _id, line: self.desk.add(line),
            needs_task=False,
            placeholder="Call Acme due:fri impact:4 effort:30m +sales",
        )

    def action_rate(self, attribute: str, level: int) -> None:
        self.on_selected(lambda task_id: self.desk.edit(task_id, attribute, level))

    def action_due(self) -> None:
        self.ask(_("Due:"), self._edit("due"), placeholder="fri, 12/14 17:00, +3bd, none")

    def action_effort(self) -> None:
        self.ask(_("Effort:"), self._edit("effort"), placeholder="30m, 2h, none")

    def _edit(self, attribute: str) -> Callable[[int | None, str], Outcome]:
        def edit(task_id: int | None, value: str) -> Outcome:
            assert task_id is not None
            return self.desk.edit(task_id, attribute, value)

        return edit

    def action_delegate(self) -> None:
        """The person picker: prefixes and accents as ``todo delegate``; a name that matches
        nobody is added on a second Enter."""
        confirmed: set[str] = set()

        def delegate(task_id: int | None, name: str) -> Outcome:
            assert task_id is not None
            key = name_key(name)
            if key and key not in confirmed and not self.desk.people_matching(name):
                confirmed.add(key)
                raise CooTodoError(
                    _("nobody is called {name!r} yet: press Enter again to add them").format(
                        name=name
                    )
                )
            return self.desk.delegate(task_id, name, create=key in confirmed)

        self.ask(
            _("Delegate to:"),
            delegate,
            placeholder=_("a name, a first name or its start"),
            suggest=self.desk.people_matching,
        )

    def action_follow_up(self) -> None:
        def follow_up(task_id: int | None, note: str) -> Outcome:
            assert task_id is not None
            return self.desk.follow_up(task_id, note)

        self.ask(_("Follow-up note:"), follow_up, placeholder=_("what moved"))

    def action_done(self) -> None:
        self.on_selected(self.desk.done)

    def action_snooze(self) -> None:
        def snooze(task_id: int | None, when: str) -> Outcome:
            assert task_id is not None
            return self.desk.snooze(task_id, when)

        self.ask(_("Snooze until:"), snooze, placeholder="mon, next mon 9am, +3bd")

    def action_undo(self) -> None:
        self.attempt(self.desk.undo)

    def action_plan(self) -> None:
        try:
            self.push_screen(Sheet(self.desk.plan()))
        except CooTodoError as exc:
            self.say_error(exc)

    def action_search(self) -> None:
        def search(words: str) -> str | None:
            try:
                page = self.desk.search(words, self.size.width * 9 // 10 - 2)
            except CooTodoError as exc:
                return _("error: {message}").format(message=str(exc))
            self.call_later(self.push_screen, Sheet(page))
            return None

        self.push_screen(Ask(_("Search:"), search, placeholder=_("words in titles and notes")))

    def action_help(self) -> None:
        self.push_screen(Sheet(keys_page()))
