"""French in and out (#17) against hostile input: terminals whose encoding lacks a character,
French numbers, locales and language names of every shape.

A bad input gets one clear line and a non-zero exit, never a traceback, and writes nothing;
a good one works; what the user typed is never lost or silently changed."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coo_todo.cli import app
from tests.conftest import Todo

TYPOGRAPHIC = "Relancer l\N{RIGHT SINGLE QUOTATION MARK}équipe → Zoé 🚀"
"""A title with characters a Latin-1 terminal lacks (the apostrophe, →, 🚀) and one it has (é)."""


def latin1(*args: str) -> tuple[int, str, str]:
    """``todo ARGS`` writing to a Latin-1 terminal (``LANG=fr_FR.ISO-8859-1``, ``fr_FR@euro``):
    exit code, stdout and stderr decoded as that terminal would."""
    result = CliRunner(charset="latin-1").invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_latin1_terminal_shows_every_command_without_a_traceback(todo: Todo, lang: str) -> None:
    """A character the terminal's encoding lacks is shown as its escape (``\\u2019``), the rest
    as typed: the command still works, and a change it made is confirmed, not lost in a
    traceback after the write (which would invite typing it again)."""
    code, out, err = latin1(
        "--lang", lang, "add", "--literal", "--due", "demain", "--", TYPOGRAPHIC
    )
    assert code == 0, err
    assert "Relancer l\\u2019équipe \\u2192 Zoé \\U0001f680" in out
    todo("people", "add", "Zoé")
    todo("add", "Contrat", "--to", "zoe", "--follow-up", "demain")
    for args in (["show", "1"], ["triage"], ["waiting"], ["review"], ["export"], ["list"]):
        code, out, err = latin1("--lang", lang, *args)
        assert code == 0, (args, err)
    assert todo.json("show", "1")["title"] == TYPOGRAPHIC  # stored as typed


def test_json_on_a_latin1_terminal_is_exact(todo: Todo) -> None:
    """JSON is for programs: on a terminal that lacks a character it is written with ASCII
    escapes, which any JSON reader turns back into exactly what was typed."""
    todo("add", "--literal", "--", TYPOGRAPHIC)
    code, out, err = latin1("list", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["title"] == TYPOGRAPHIC
