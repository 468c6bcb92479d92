"""The interactive screen (``todo triage -i``), driven key by key with Textual's Pilot against
the test's database; what it did is read back with the normal CLI (the ``todo`` fixture)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, Static

from coo_todo.cli.app import Env
from coo_todo.errors import DatabaseError
from coo_todo.tui.desk import Desk
from coo_todo.tui.screen import Ask, Sheet, TriageScreenApp
from coo_todo.tui.task_list import TaskList
from tests.test_hostile_input import RAW_CONTROL


def open_desk() -> Desk:
    """The desk ``todo triage -i`` would open, on the test's database and clock."""
    from coo_todo import clock

    env = Env()
    return Desk(env.store(), env.settings(), lambda: clock.now(env.environ))


def screen() -> TriageScreenApp:
    return TriageScreenApp(open_desk())


def shown(app: TriageScreenApp, selector: str) -> str:
    """The plain text a Static shows."""
    content: Any = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else plain(content)


def plain(renderable: object) -> str:
    """What ``renderable`` shows, without styles, 120 columns wide."""
    console = Console(width=120, color_system=None, file=io.StringIO())
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def listed(app: TriageScreenApp) -> list[int]:
    """The ids of the list, top first."""
    return app.query_one(TaskList).ids


async def type_in(pilot: Pilot[None], text: str, *, enter: bool = True) -> None:
    await pilot.press(*text, *(["enter"] if enter else []))
    await pilot.pause()


async def select(pilot: Pilot[None], task_id: int) -> None:
    app = pilot.app
    assert isinstance(app, TriageScreenApp)
    app.query_one(TaskList).select(task_id)
    await pilot.pause()


def task(todo: Any, task_id: int) -> dict[str, Any]:
    found = todo.json("show", str(task_id))
    return found[0] if isinstance(found, list) else found


def on_screen(app: TriageScreenApp) -> str:
    """Every character the screen shows, as Textual would send it to the terminal (its
    screenshot, without the SVG's tags)."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]*>", "", app.export_screenshot())).replace("\xa0", " ")


HOSTILE_TITLE = "[b]x[/b] [/] [@click=app.quit]y[/] $accent \x1b]0;P\x07"
"""Rich markup (unbalanced, and an action link), a Textual variable, an OSC sequence."""

SHOWN_TITLE = "[b]x[/b] [/] [@click=app.quit]y[/] $accent \\x1b]0;P\\x07"


@pytest.mark.parametrize(
    "keys",
    [[], ["d"], ["5"], ["g", "left_square_bracket"], ["slash", "b", "enter"], ["p"]],
    ids=["list and side panel", "question", "message", "person picker", "search", "plan"],
)
async def test_user_text_is_shown_as_typed_everywhere(todo: Any, keys: list[str]) -> None:
    """Markup in a title or a name is shown, not obeyed (nor a crash when it does not
    parse); a control character is shown as its escape, as the CLI shows it, never sent to
    the terminal."""
    todo("people", "add", "[red]Bob[/] \x1b[2J")
    todo.add(HOSTILE_TITLE, "effort:1h", "due:today")
    app = screen()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        text = on_screen(app)
    assert "\x1b" not in text
    assert SHOWN_TITLE in text
    if "g" in keys:
        assert "[red]Bob[/] \\x1b[2J" in text


HOSTILE_PIECES = [
    *("[/]", "[b]", "[link=x]", "[@click=app.quit]", "$accent", "{days}", "{0}", "%s"),
    *("\x1b[2J", "\x1b]0;t\x07", "\x07", "\x08", "\x00", "\r", "\t", "\u202e", "\u200f"),
    *("e\u0301", "\u0301", "中文", "😀", "שלום", " ", "x", "Bob", "due:", "effort:-5m"),
    *("effort:99999h", "due:31/02", "impact:9", "to:", "+", "every:"),
]
"""Pieces of what a hostile user types: markup, format fields, control characters, scripts
of every width and direction, inline attributes out of range."""


@pytest.mark.slow
@pytest.mark.sqlite_only
@pytest.mark.parametrize("key", ["a", "d", "e", "g", "f", "s", "slash"])
def test_any_answer_is_taken_or_refused_in_one_line(todo: Any, key: str) -> None:
    """Whatever is typed into a question, the screen stays: the answer is taken (the question
    closes) or refused with one ``error:`` line in the question, still open; the screen never
    shows a control character raw. ``COO_TODO_TUI_EXAMPLES`` raises the examples run."""
    import asyncio

    from hypothesis import given
    from hypothesis import strategies as st

    from tests.fuzzing import fuzz_settings

    todo("people", "add", "Alice")

    async def answer(text: str) -> None:
        todo.add("Vendor shortlist", "to:Alice", "follow:today")  # an answer may close one
        app = screen()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, Ask)
            app.screen.query_one("#answer", Input).value = text
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(app.screen, Ask):
                problem = shown(app, "#problem")
                assert problem.startswith("error: ") and "\n" not in problem, problem
            assert RAW_CONTROL.search(on_screen(app)) is None

    @fuzz_settings("COO_TODO_TUI_EXAMPLES", 4)
    @given(st.lists(st.sampled_from(HOSTILE_PIECES), max_size=6).map("".join))
    def property(text: str) -> None:
        asyncio.run(answer(text))

    property()


async def test_a_captures_a_task_with_inline_attributes(todo: Any) -> None:
    app = screen()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, Ask)
        await type_in(pilot, "Renew Acme due:fri impact:5 effort:1h +sales")
        assert not isinstance(app.screen, Ask)
        assert shown(app, "#message").startswith("Added #1 Renew Acme · impact 5")
        assert listed(app) == [1]
    added = task(todo, 1)
    assert (added["title"], added["impact"], added["effort_minutes"]) == ("Renew Acme", 5, 60)
    assert added["tags"] == ["sales"]


async def test_a_reads_french_dates_as_todo_add_does(todo: Any) -> None:
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press("a")
        await type_in(pilot, "Appeler la Régence due:dans 3 jours ouvrés impact:4")
    added = task(todo, 1)
    assert added["title"] == "Appeler la Régence"
    assert added["due"].startswith("2026-12-01")  # Thursday + 3 working days: Tuesday


async def test_what_is_typed_before_the_question_is_drawn_goes_into_it(todo: Any) -> None:
    """A fast typist's keys, or a paste, arrive at once, as from a terminal: none is lost, and
    none is taken for a key of the list (x would close the selected task); a pasted line
    break is a space."""
    from textual import events
    from textual.keys import _character_to_key

    todo.add("Call Acme")
    app = screen()
    async with app.run_test() as pilot:
        for character in "aCall Xavier":
            app.post_message(events.Key(_character_to_key(character), character))
        app.post_message(events.Paste(" and Yves\nabout the offsite"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app, "#message").startswith("Added #2 Call Xavier and Yves about the offsite")
    assert task(todo, 1)["status"] == "open"


async def test_a_pasted_note_keeps_every_line(todo: Any) -> None:
    """A paste of several lines into a question's one line: its lines joined by a space, in
    sight before Enter, where Textual's field kept the first line and dropped the others."""
    from textual import events

    todo.add("Vendor shortlist", "to:Alice", "follow:today", "--create")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press("f")
        await type_in(pilot, "Alice: ", enter=False)
        app.screen.query_one("#answer").post_message(events.Paste("three left\r\nAcme out\n"))
        await pilot.pause()
        await type_in(pilot, " (call)")
    assert task(todo, 1)["last_note"] == "Alice: three left Acme out (call)"


async def test_a_refused_capture_says_why_in_place_and_stays_open(todo: Any) -> None:
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press("a")
        await type_in(pilot, "Call Acme impact:9")
        assert isinstance(app.screen, Ask)
        assert shown(app, "#problem").startswith("error: impact must be")
        await pilot.press("escape")
        assert not isinstance(app.screen, Ask)
    assert todo.json("list") == []


@pytest.mark.parametrize(
    ("key", "attribute", "level"),
    [
        ("4", "impact", 4),
        ("1", "impact", 1),
        ("exclamation_mark", "urgency", 1),  # shift+1 on a US keyboard
        ("percent_sign", "urgency", 5),  # shift+5
        ("ampersand", "urgency", 1),  # 1 on a French AZERTY keyboard, unshifted
        ("left_parenthesis", "urgency", 5),  # 5 on AZERTY
    ],
)
async def test_digit_keys_rate_the_selected_task(
    todo: Any, key: str, attribute: str, level: int
) -> None:
    todo.add("Call Acme", "impact:3", "urgency:3")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press(key)
        assert shown(app, "#message").startswith("Edited #1 Call Acme")
    assert task(todo, 1)[attribute] == level


async def test_rating_reranks_at_once_and_the_selection_follows_the_task(todo: Any) -> None:
    first = todo.add("Renew Acme", "impact:5")
    second = todo.add("Board deck", "impact:4")
    app = screen()
    async with app.run_test() as pilot:
        assert listed(app) == [first, second]
        await select(pilot, second)
        await pilot.press("5", "percent_sign")
        assert listed(app) == [second, first]
        assert app.selected() == second
        assert "#2 Board deck" in shown(app, "#why")


async def test_one_key_is_one_change_that_todo_undo_reverts(todo: Any) -> None:
    todo.add("Call Acme", "impact:3")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press("5")
    assert task(todo, 1)["impact"] == 5
    assert "Undid edited #1 Call Acme" in todo("undo").stdout
    assert task(todo, 1)["impact"] == 3


@pytest.mark.parametrize(
    ("key", "answer", "field", "expected"),
    [("d", "fri", "due", "2026-11-27"), ("e", "2h", "effort_minutes", 120)],
)
async def test_d_and_e_set_the_due_date_and_the_effort(
    todo: Any, key: str, answer: str, field: str, expected: object
) -> None:
    todo.add("Call Acme")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press(key)
        await type_in(pilot, answer)
    value = task(todo, 1)[field]
    assert str(value).startswith(str(expected))


async def test_a_date_the_cli_refuses_is_refused_in_place(todo: Any) -> None:
    todo.add("Call Acme")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press("d")
        await type_in(pilot, "someday")
        assert isinstance(app.screen, Ask)
        assert shown(app, "#problem").startswith("error: ")
        assert "\n" not in shown(app, "#problem")
    assert task(todo, 1)["due"] is None


async def test_g_delegates_to_a_prefix_accents_aside(todo: Any) -> None:
    todo("people", "add", "Hélène Dubois")
    todo.add("Call Acme")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press("g")
        await type_in(pilot, "hel", enter=False)
        assert shown(app, "#suggestions") == "Hélène Dubois"
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app, "#message").startswith("Delegated #1 Call Acme")
        assert listed(app) == []
    assert task(todo, 1)["delegate"] == "Hélène Dubois"


async def test_g_adds_an_unknown_person_on_a_second_enter(todo: Any) -> None:
    todo.add("Call Acme")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press("g")
        await type_in(pilot, "Bob Stone")
        assert "press Enter again to add them" in shown(app, "#problem")
        assert todo.json("people") == []
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, Ask)
    assert task(todo, 1)["delegate"] == "Bob Stone"


async def test_f_records_a_follow_up_on_a_delegated_task_back_in_the_list(todo: Any) -> None:
    todo.add("Vendor shortlist", "to:Alice", "follow:today", "--create")
    app = screen()
    async with app.run_test() as pilot:
        assert listed(app) == [1]
        await pilot.press("f")
        await type_in(pilot, "three vendors left")
        assert shown(app, "#message").startswith("Followed up #1 Vendor shortlist")
    assert task(todo, 1)["last_note"] == "three vendors left"


async def test_x_marks_done_and_u_undoes_it(todo: Any) -> None:
    todo.add("Call Acme", "impact:5")
    todo.add("Board deck", "impact:2")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press("x")
        assert listed(app) == [2]
        assert task(todo, 1)["status"] == "done"
        await pilot.press("u")
        assert shown(app, "#message") == "Undid done #1 Call Acme"
        assert listed(app) == [1, 2]
    assert task(todo, 1)["status"] == "open"


@pytest.mark.parametrize("second", ["x", "5", "d"])
async def test_a_key_pressed_twice_at_once_acts_on_the_task_shown_only(
    todo: Any, second: str
) -> None:
    """x pressed twice in a row (a bounce, a key held): both keys arrive before the screen is
    drawn again, and the second would act on the task the selection moved to, which the
    user has not seen. It is ignored; once the list is drawn, keys act again."""
    from textual import events

    todo.add("Call Acme", "impact:5")
    todo.add("Board deck", "impact:4")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.post_message(events.Key("x", "x"))
        app.post_message(events.Key(second, second))
        await pilot.pause()
        assert not isinstance(app.screen, Ask)
        assert shown(app, "#message").startswith("Done #1 Call Acme")
        assert listed(app) == [2]
        await pilot.press("x")
        assert shown(app, "#message").startswith("Done #2 Board deck")
    assert todo("undo").stdout.startswith("Undid done #2")
    assert task(todo, 2)["impact"] == 4


async def test_s_snoozes_the_selected_task(todo: Any) -> None:
    todo.add("Call Acme")
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press("s")
        await type_in(pilot, "mon")
        assert listed(app) == []
        assert "1 snoozed" in shown(app, "#heading")
    assert task(todo, 1)["snoozed_until"].startswith("2026-11-30T00:00")


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["p"], "Call Acme"),
        (["slash", *"acme", "enter"], "Call Acme"),
        (["question_mark"], "undo the latest change"),
    ],
    ids=["plan", "search", "help"],
)
async def test_p_slash_and_question_mark_open_a_page_escape_closes(
    todo: Any, keys: list[str], expected: str
) -> None:
    todo.add("Call Acme", "effort:1h")
    todo.add("Board deck")
    app = screen()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, Sheet)
        assert expected in plain(app.screen.page)
        await pilot.press("escape")
        assert not isinstance(app.screen, Sheet)


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
async def test_q_and_ctrl_c_quit(todo: Any, key: str) -> None:
    app = screen()
    async with app.run_test() as pilot:
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 0


async def test_another_process_s_change_shows_at_the_next_poll(todo: Any) -> None:
    todo.add("Call Acme")
    app = screen()
    async with app.run_test() as pilot:
        todo.add("Board deck", "impact:5")
        assert listed(app) == [1]
        await pilot.pause(1.3)
        assert listed(app) == [2, 1]


@pytest.mark.parametrize("size", [(20, 5), (10, 3), (1, 1)])
async def test_a_tiny_terminal_keeps_working(todo: Any, size: tuple[int, int]) -> None:
    """Too small to show anything useful, the screen still moves, asks and acts, and draws
    again when the terminal grows, a question still open."""
    todo.add("Call Acme", "impact:5")
    todo.add("Board deck")
    app = screen()
    async with app.run_test(size=size) as pilot:
        await pilot.press("down", "d")
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await type_in(pilot, "fri")
        assert "Edited #2 Board deck" in shown(app, "#message")
        await pilot.resize_terminal(*size)
        await pilot.press("end", "x", "p")
        await pilot.pause()
        assert isinstance(app.screen, Sheet)
    assert task(todo, 2)["status"] == "done"
    assert task(todo, 2)["due"].startswith("2026-11-27")


@pytest.mark.parametrize(
    ("keys", "answer", "when"),
    [
        (["x"], None, "before the key"),
        (["5"], None, "before the key"),
        (["d"], "fri", "before the key"),
        (["d"], "fri", "while the question is open"),
        (["s"], "mon", "while the question is open"),
        (["e"], "1h", "while the question is open"),
    ],
)
async def test_a_task_closed_elsewhere_is_not_acted_on(
    todo: Any, monkeypatch: pytest.MonkeyPatch, keys: list[str], answer: str | None, when: str
) -> None:
    """Another terminal drops the selected task between two polls: the key refuses in one
    line (in the question, if one is open), writes nothing, and the list is drawn again."""
    import coo_todo.tui.screen

    monkeypatch.setattr(coo_todo.tui.screen, "POLL_SECONDS", 3600)  # no poll in between
    todo.add("Call Acme")
    todo.add("Board deck", "impact:1")
    app = screen()
    async with app.run_test() as pilot:
        if when == "before the key":
            todo("drop", "1")
        await pilot.press(*keys)
        if when != "before the key":
            todo("drop", "1")
        if answer is not None:
            await type_in(pilot, answer)
        await pilot.pause()
        where = "#problem" if isinstance(app.screen, Ask) else "#message"
        assert shown(app, where) == "error: #1 changed elsewhere and left the list: nothing done"
        if isinstance(app.screen, Ask):
            await pilot.press("escape")
        assert listed(app) == [2]
    assert task(todo, 1)["status"] == "dropped"
    assert todo("undo").stdout.startswith("Undid dropped #1")


async def test_keys_on_an_empty_list_say_there_is_no_task(todo: Any) -> None:
    app = screen()
    async with app.run_test() as pilot:
        assert "Nothing to triage" in shown(app, "#why")
        await pilot.press("x")
        assert shown(app, "#message").startswith("No task selected")
        await pilot.press("d")
        assert not isinstance(app.screen, Ask)


async def test_an_unexpected_error_ends_the_screen_with_an_exit_code(
    todo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug (not a refused value) stops the app; Textual restores the terminal on its way out."""
    todo.add("Call Acme")
    app = screen()

    def broken(task_id: int) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(app.desk, "done", broken)
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test() as pilot:
            await pilot.press("x")
            await pilot.pause()
    assert app.return_code == 1
    assert task(todo, 1)["status"] == "open"


@pytest.mark.parametrize("failing", ["history", "triage"], ids=["select", "poll"])
async def test_a_database_that_stops_answering_is_said_in_one_line(
    todo: Any, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """The database stops answering reads (a shared PostgreSQL server restarted): moving the
    selection (which reads the task's history) or a poll that sees a change (which ranks
    again) says so in one line; the screen stays, and works again when the database does."""
    from coo_todo.errors import DatabaseError

    todo.add("Call Acme", "impact:5")
    todo.add("Board deck")
    app = screen()
    async with app.run_test() as pilot:

        def gone(*args: Any) -> Any:
            raise DatabaseError("database error: server closed the connection unexpectedly")

        monkeypatch.setattr(app.desk, failing, gone)
        todo.add("Weekly review")  # a change for the poll to see
        await pilot.press("down")
        await pilot.pause(1.3)
        assert shown(app, "#message") == (
            "error: database error: server closed the connection unexpectedly"
        )
        monkeypatch.undo()
        await pilot.pause(1.3)
        assert sorted(listed(app)) == [1, 2, 3]
        await pilot.press("4")
        assert shown(app, "#message").startswith("Edited #")


@pytest.mark.sqlite_only
async def test_a_database_locked_by_another_writer_is_said_within_seconds(
    todo: Any, database: Any
) -> None:
    """Another process holds the write lock (a long import, a script stuck mid-transaction):
    a key waits 2 seconds, not the 30 of a command (the screen cannot be used or quit while
    it waits), then says so in one line and writes nothing; once the lock is released the
    same key works."""
    import sqlite3
    import time

    todo.add("Call Acme")
    app = screen()
    async with app.run_test() as pilot:
        other = sqlite3.connect(database.url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        await pilot.press("5")
        assert time.monotonic() - started < 10
        assert shown(app, "#message") == "error: database error: database is locked"
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("5")
        assert shown(app, "#message").startswith("Edited #1 Call Acme · impact 5")
    assert todo("undo").stdout.startswith("Undid edited #1")
    assert todo("undo").stdout.startswith("Undid created #1")


async def test_no_color_turns_the_colours_off(todo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = screen()
    async with app.run_test():
        assert app.no_color


async def test_a_whole_morning(todo: Any) -> None:
    """Add 10 tasks, rate them, delegate 3, mark 2 done, undo 1; the CLI sees it all."""
    todo("people", "add", "Alice Martin")
    app = screen()
    async with app.run_test(size=(120, 40)) as pilot:
        for n in range(1, 11):
            await pilot.press("a")
            await type_in(pilot, f"Task {n} effort:{n * 10}m")
        assert len(listed(app)) == 10
        for n in range(1, 11):
            await select(pilot, n)
            await pilot.press(str(n % 5 + 1), "!@#$%"[n % 3])
        for n, name in ((1, "ali"), (2, "Alice M"), (3, "Bob")):
            await select(pilot, n)
            await pilot.press("g")
            await type_in(pilot, name)
            if name == "Bob":
                await pilot.press("enter")
                await pilot.pause()
        for n in (4, 5):
            await select(pilot, n)
            await pilot.press("x")
        await pilot.press("u")
        assert sorted(listed(app)) == [5, 6, 7, 8, 9, 10]
    rows = {row["id"]: row for row in todo.json("list", "--status", "all")}
    assert [rows[n]["delegate"] for n in (1, 2, 3)] == ["Alice Martin", "Alice Martin", "Bob"]
    assert (rows[4]["status"], rows[5]["status"]) == ("done", "open")
    assert [rows[n]["impact"] for n in range(1, 11)] == [n % 5 + 1 for n in range(1, 11)]
    assert [rows[n]["urgency"] for n in range(1, 11)] == [n % 3 + 1 for n in range(1, 11)]
    assert "#4" in todo("undo").stdout  # the next undo goes to the change before


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stdin and stdout are in an interactive shell."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("args", [[], ["triage", "-i"]], ids=["todo", "todo triage -i"])
def test_on_a_terminal_todo_alone_and_triage_i_open_the_screen(
    args: list[str], todo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coo_todo.tui
    from coo_todo.cli import app

    todo.add("Call Acme")
    opened: list[Desk] = []
    monkeypatch.setattr(coo_todo.tui, "open_screen", lambda *given: opened.append(Desk(*given)))
    env = Env(stdin=Terminal(), stdout=Terminal())  # type: ignore[arg-type]
    app(args, obj=env, standalone_mode=False)
    assert len(opened) == 1
    assert [task.id for task in opened[0].store.tasks()] == [1]


def test_in_a_pipe_todo_alone_prints_the_help_and_triage_i_refuses(todo: Any) -> None:
    assert todo(code=2).stderr.startswith("Usage: todo")  # as before the screen existed
    refused = todo("triage", "-i", code=2)
    assert refused.stderr == "error: the interactive screen needs a terminal: try todo triage\n"


@pytest.mark.slow
@pytest.mark.sqlite_only
@pytest.mark.parametrize("key", [b"\x03", b"q"], ids=["ctrl-c", "q"])
def test_the_terminal_is_restored_on_the_way_out(todo: Any, key: bytes) -> None:
    """In a real pseudo-terminal: Ctrl-C (raw mode makes it a key, not a signal) or q ends
    the screen with status 0, and the terminal is back in its cooked mode, echo on."""
    import pty
    import select
    import sys
    import termios
    import time

    todo.add("Call Acme")
    pid, terminal = pty.fork()
    if pid == 0:  # the child: todo triage -i on the pseudo-terminal
        os.execv(sys.executable, [sys.executable, "-m", "coo_todo", "triage", "-i"])
    before = termios.tcgetattr(terminal)
    seen = b""
    deadline = time.monotonic() + 20
    while b"Call Acme" not in seen and time.monotonic() < deadline:
        if select.select([terminal], [], [], 0.2)[0]:
            seen += os.read(terminal, 65536)
    assert b"Call Acme" in seen, seen[-500:]
    os.write(terminal, key)
    done, status = 0, 0
    while time.monotonic() < deadline:
        try:
            if select.select([terminal], [], [], 0.2)[0]:
                os.read(terminal, 65536)
        except OSError:  # the child closed the terminal
            break
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
        pytest.fail("the screen did not end")
    if not done:
        _, status = os.waitpid(pid, 0)
    after = termios.tcgetattr(terminal) if os.isatty(terminal) else before
    os.close(terminal)
    assert os.waitstatus_to_exitcode(status) == 0
    local_flags = 3
    assert after[local_flags] & (termios.ECHO | termios.ICANON) == termios.ECHO | termios.ICANON


def titles_in(path: Path) -> list[tuple[str, str]]:
    """The titles and statuses stored in the SQLite file at ``path``, read with no store (its
    write-ahead log checkpointed into it first)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return list(connection.execute("SELECT title, status FROM task ORDER BY id"))


def test_a_database_file_replaced_under_the_screen_is_never_written_to(
    todo: Any, database: Any
) -> None:
    """The file the screen opened is moved away, or a backup restored over it by rename: each
    write the screen tries after is refused in one line, and goes neither to the old file nor
    to the new one. On PostgreSQL, the same writes go through."""
    todo.add("Call Acme")
    desk = open_desk()
    desk.add("Board pack")
    if database.kind != "sqlite":
        assert "Done #1" in desk.done(1).line.plain
        return
    path = Path(database.url)
    expected = [("Call Acme", "open"), ("Board pack", "open")]
    assert titles_in(path) == expected
    moved = path.with_name("moved.sqlite")
    os.rename(path, moved)
    for write in (desk.latest_change, lambda: desk.add("Lost"), lambda: desk.done(1), desk.undo):
        with pytest.raises(DatabaseError) as refused:
            write()
        assert str(refused.value) == (
            f"the database file {path} was replaced or removed: reopen (nothing was written)"
        )
    desk.store.close()
    assert titles_in(moved) == expected
    shutil.copy(moved, path.with_name("backup.sqlite"))
    os.rename(moved, path)
    desk = open_desk()
    os.replace(path.with_name("backup.sqlite"), path)  # a backup restored under the screen
    with pytest.raises(DatabaseError):
        desk.done(2)
    desk.store.close()
    assert titles_in(path) == expected
    assert "Done #2" in open_desk().done(2).line.plain  # reopened: the file takes writes


@pytest.mark.sqlite_only
@pytest.mark.parametrize("found_by", ["poll", "key"])
async def test_a_screen_whose_file_is_gone_shows_no_task_and_writes_nothing(
    todo: Any, database: Any, found_by: str
) -> None:
    """The file the screen opened is moved away: once the screen finds it (its poll, or a key
    that writes), the list is cleared and says why, and the keys that write do nothing (no
    question opens); help and quit still act."""
    todo.add("Call Acme", "impact:5")
    todo.add("Board deck", "impact:2")
    path = Path(database.url)
    app = screen()
    async with app.run_test(size=(120, 30)) as pilot:
        assert listed(app) == [1, 2]
        os.rename(path, path.with_name("moved.sqlite"))
        if found_by == "poll":
            app.poll()
        else:
            await pilot.press("5")
        await pilot.pause()
        gone = f"the database file {path} was replaced or removed: reopen (nothing was written)"
        assert listed(app) == []
        assert shown(app, "#heading") == gone
        assert shown(app, "#message") == f"error: {gone}"
        assert "Quit (q) and open the screen again" in shown(app, "#why")
        assert "Call Acme" not in on_screen(app)
        for key in ("x", "d", "a", "u", "4"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is app.screen_stack[0]  # no question, no page
        await pilot.press("question_mark")
        assert isinstance(app.screen, Sheet)
        await pilot.press("escape", "q")
    assert titles_in(path.with_name("moved.sqlite")) == [
        ("Call Acme", "open"),
        ("Board deck", "open"),
    ]
