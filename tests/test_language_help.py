"""Every subcommand's help in French with ``--lang fr`` (#17): no sentence of its English help
is left, while the commands and option names in it stay as typed. Help needs no database."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from coo_todo.cli import app
from coo_todo.cli.triage import LEFT_OUT_SHOWN
from tests.test_docs import HELP_PAGES

SUBCOMMANDS = [path for path in HELP_PAGES if path]
TYPED = re.compile(r"(todo|task export) |-")
"""Where a help chunk is what the user types (an example, an option's names): the same in
both languages."""


def _sentences(help_page: str) -> set[str]:
    """The help's prose: each line's text after the option or command names, without the
    usage line, the examples and chunks of a single word."""
    chunks = set()
    for line in help_page.splitlines()[1:]:
        text = re.split(r"\s{2,}", line.strip())[-1]
        if len(text.split()) > 1 and not TYPED.match(text):
            chunks.add(text)
    return chunks


def _help(*words: str, **environ: str) -> str:
    result = CliRunner().invoke(app, [*words, "--help"], env={"COLUMNS": "200", **environ})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", SUBCOMMANDS, ids=[" ".join(p) for p in SUBCOMMANDS])
def test_help_of_every_subcommand_in_french(path: tuple[str, ...]) -> None:
    english = _sentences(_help(*path))
    french = _sentences(_help("--lang", "fr", *path))
    assert english, f"todo {' '.join(path)} --help has no description"
    assert not english & french, f"left in English: {sorted(english & french)}"
    assert _sentences(_help("--lang", "en", *path)) == english


def test_typer_words_in_french() -> None:
    """Typer's section titles and ``[default: ...]`` come from our catalog; ``Usage:`` stays."""
    french = _help("--lang", "fr", "list")
    assert "Options:" in french and "[par défaut : open]" in french
    assert "Commandes:" in _help("--lang", "fr", "people")
    assert "[default: open]" in _help("list")


def test_plan_all_help_says_how_many_are_listed() -> None:
    assert f"not the first {LEFT_OUT_SHOWN}." in _help("plan")


@pytest.mark.parametrize(
    ("words", "environ"),
    [
        (["--lang", "fr"], {}),
        (["--db", "x.sqlite", "--lang=fr"], {}),
        ([], {"LANG": "fr_FR.UTF-8"}),
        (["--date-order", "dmy"], {"LC_ALL": "fr_FR.UTF-8"}),
    ],
)
def test_the_root_help_speaks_the_language_chosen_before_any_option_is_read(
    words: list[str], environ: dict[str, str]
) -> None:
    """``--help`` is written as soon as Click sees it: the language is chosen first, from the
    ``--lang`` typed among the root's options, else the config, else the environment."""
    english = _sentences(_help())
    french = _help(*words, **environ)
    assert "Le tri du matin de qui dirige les opérations" in french
    assert not english & _sentences(french)


def test_the_root_help_stays_english_otherwise() -> None:
    assert "Morning triage for people who run operations" in _help("--lang", "en")
    assert "Morning triage" in _help("--lang", "xx")  # refused later, when --lang is read
