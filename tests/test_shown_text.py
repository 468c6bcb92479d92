"""Control characters in user text are stored as typed, shown visibly, never written raw to a
terminal, a markdown or a CSV file; JSON keeps the exact text (#10, 20)."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.table import Table
from rich.text import Text

from coo_todo.cli.app import VisibleConsole
from coo_todo.domain.text import CONTROL_CODES, json_escapes, visible
from tests.conftest import Todo

RAW = frozenset(map(chr, CONTROL_CODES))
CONTROLS = sorted(RAW - {"\x00"})  # NUL is refused (limits.py)
UNSPACED = [char for char in CONTROLS if not char.isspace()]
DATABASES = itertools.count()
"""A new database for each example: the fixture's folder outlives them."""


def raw_controls(output: str) -> set[str]:
    return {char for char in output if char in RAW}


def texts(controls: list[str]) -> st.SearchStrategy[str]:
    """Letters around any mix of letters and ``controls``: nothing to strip at either end."""
    middle = st.text(st.sampled_from([*controls, "b", "é"]), min_size=1, max_size=8)
    return middle.map(lambda text: f"a{text}z")


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=texts(CONTROLS),
    note=texts(CONTROLS),
    name=texts(UNSPACED),
    area=texts(UNSPACED),
    tag=texts(UNSPACED),
)
def test_no_control_character_reaches_the_output_raw(
    todo: Todo, isolated: Path, title: str, note: str, name: str, area: str, tag: str
) -> None:
    db = ["--db", str(isolated / f"{next(DATABASES)}.sqlite")]
    todo(*db, "add", "--literal", "--area", area, "--tag", tag, "--note", note, "--", title)
    todo(*db, "people", "add", name)
    todo(*db, "add", "--literal", "--to", name, "--follow-up", "mon", "--", title)
    todo(*db, "followup", "2", "--note", note)
    commands = ["triage", "list", "show 1", "show 2", "explain 1", "waiting", "people"]
    commands += ["export", "export --format csv"]
    outputs = {command: todo(*db, *command.split()) for command in commands}
    outputs["brief"] = todo(*db, "brief", name)
    outputs["an id that is not"] = todo(*db, "show", title, code=2)
    outputs["delete"] = todo(*db, "delete", "1", "--yes")
    for command, result in outputs.items():
        leaked = raw_controls(result.stdout + result.stderr)
        assert not leaked, f"todo {command} wrote {sorted(leaked)} raw:\n{result.output!r}"
    assert all(visible(char) in outputs["show 1"].stdout for char in set(title) & RAW)
    task = todo.json(*db, "show", "2")
    assert (task["title"], task["delegate"], task["last_note"]) == (title, name, note)
    assert todo.json(*db, "people")[0]["name"] == name
    for command in ("show 2", "list", "waiting", "people"):
        assert not raw_controls(todo(*db, *command.split(), "--json").stdout)
    backup = todo(*db, "export", "--format", "json").stdout
    assert not raw_controls(backup)
    assert json.loads(backup)["tasks"][0]["title"] == title


def test_each_control_character_has_one_visible_escape() -> None:
    assert visible("a\x1b]52;c;aGk=\x07b") == "a\\x1b]52;c;aGk=\\x07b"
    assert visible("\x9b2J \u202eevil\u202c\nnext") == "\\x9b2J \\u202eevil\\u202c\nnext"
    assert visible("é 板 tab\there") == "é 板 tab\\x09here"
    assert json.loads(json_escapes(json.dumps("\x85\u2066x", ensure_ascii=False))) == "\x85\u2066x"


def test_a_styled_line_shows_its_controls_in_place(todo: Todo) -> None:
    """``todo add`` prints a styled line: the escapes sit where the characters were."""
    result = todo("add", "--literal", "--", "Call\x07 Acme\x1b[2J now")
    assert result.stdout.startswith("Added #1 Call\\x07 Acme\\x1b[2J now · impact 3")


def test_the_console_shows_the_controls_of_any_text_it_prints() -> None:
    """The console is the chokepoint: a ``Text`` built without ``visible``, in a table or
    alone, is shown with its escapes, in its style, wrapped at its shown width."""
    out = io.StringIO()
    console = VisibleConsole(file=out, width=30, color_system=None)
    table = Table("Title")
    table.add_row(Text.assemble(("Acme\x1b[2J", "bold"), " renewal \u202edue"))
    console.print(Text("clip\x1b]52;c;aGk=", style="red"), table)
    assert not raw_controls(out.getvalue())
    assert out.getvalue().startswith("clip\\x1b]52;c;aGk=\n")
    assert "Acme\\x1b[2J renewal" in out.getvalue() and "\\u202edue" in out.getvalue()
    assert max(map(len, out.getvalue().splitlines())) <= 30
