"""Every command is documented: help text with an example, and a place in the README."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from coo_todo.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer, prefix: str = "") -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for command in group.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        found.append((f"{prefix}{name}", command.callback))
    for sub in group.registered_groups:
        assert sub.typer_instance is not None
        found += _commands(sub.typer_instance, f"{prefix}{sub.name} ")
    return found


COMMANDS = _commands(app)


@pytest.mark.parametrize(("name", "callback"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_has_help_with_example(name: str, callback: object) -> None:
    doc = getattr(callback, "__doc__", None) or ""
    assert doc.strip(), f"todo {name} has no help text"
    assert "todo " in doc and "Example" in doc, f"todo {name}'s help shows no example"


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_command_is_in_readme(name: str) -> None:
    assert f"todo {name}" in README, f"README does not mention 'todo {name}'"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command.startswith("python3 -m venv .venv") and "pytest" in command
    assert f"```sh\n{command}\n```" in README


TYPE_NAMES = re.compile(
    r"<(?:int|float|str|bool|path|datetime|list\[[^\]]*\]|[a-z]+ range)>"  # Typer's type names
    r"|\{[a-z_]+\}"  # a parameter's Python name
    r"|\[?-?[\d.]+<=?x|\bx[<>]=?-?[\d.]+\]?"  # Click's ranges: [x>=1], [1<=x<=5]
)


def _help_pages(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The command path of the root, of every group and of every command, from Click's tree."""
    pages = [path]
    for name, sub in getattr(command, "commands", {}).items():
        pages += _help_pages(sub, (*path, name))
    return pages


HELP_PAGES = _help_pages(typer.main.get_command(app))


def test_every_command_has_a_help_page() -> None:
    assert {" ".join(page) for page in HELP_PAGES} >= {name for name, _ in COMMANDS}


@pytest.mark.parametrize("path", HELP_PAGES, ids=[" ".join(p) or "todo" for p in HELP_PAGES])
def test_help_names_what_to_type_not_python_types(path: tuple[str, ...]) -> None:
    """``--due WHEN``, ``ID``, ``--limit N``: not Typer's ``<str>``, ``{task_id}``,
    ``<list[str]>`` nor Click's ``[x>=1]``, anywhere on the page."""
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Usage: todo" in result.output
    found = TYPE_NAMES.findall(result.output)
    assert not found, f"todo {' '.join(path)} --help shows type names {found}:\n{result.output}"
