"""Every command is documented: help text with an example, and a place in the README."""

from __future__ import annotations

import re
from pathlib import Path

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


TYPE_NAMES = re.compile(r"<(?:int|float|str|bool|path|list\[[^\]]*\]|[a-z]+ range)>|\{[a-z_]+\}")
HELP_PAGES = ["", *(group.name for group in app.registered_groups if group.name)]
HELP_PAGES += [name for name, _ in COMMANDS]


@pytest.mark.parametrize("name", HELP_PAGES, ids=[name or "todo" for name in HELP_PAGES])
def test_help_names_what_to_type_not_python_types(name: str) -> None:
    """``--due WHEN``, ``{ID}...``, not Typer's ``--due <str>``, ``{task_id}``, ``<list[str]>``.

    The Arguments section is left out: Typer 0.29 prints an argument's type after its
    metavar (``ID <str>``) and has no setting to leave it out.
    """
    result = CliRunner().invoke(app, [*name.split(), "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Usage: todo" in result.output
    shown = re.sub(r"\nArguments:\n.*?\n\n", "\n", result.output, flags=re.S)
    found = TYPE_NAMES.findall(shown)
    assert not found, f"todo {name} --help shows type names {found}:\n{result.output}"
