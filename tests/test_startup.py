"""Commands that need no database must not pay for importing it (see benchmarks/).

Each case runs in a fresh interpreter and reads ``sys.modules`` afterwards: the module list,
not the time, is what a test can assert without flaking.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import Todo
from tests.test_docs import COMMANDS as REGISTERED

DATABASE = ("sqlmodel", "sqlalchemy")
PYDANTIC = ("pydantic", "pydantic_core")

PROBE = """
import sys
from coo_todo.cli import app
try:
    app(sys.argv[1:], prog_name="todo")
except SystemExit:
    pass
print("MODULES:" + ",".join(sorted(sys.modules)))
"""


def _modules(args: list[str], completing: str | None = None) -> tuple[str, set[str]]:
    """Run ``todo ARGS`` (or bash's completion of ``completing``); its stdout and the packages
    and modules it imported (``sqlalchemy`` and ``sqlalchemy.orm`` alike)."""
    env = dict(os.environ)
    if completing is not None:
        words = completing.split()
        env.update(
            _TODO_COMPLETE="complete_bash",
            COMP_WORDS=completing,
            COMP_CWORD=str(len(words) - (0 if completing.endswith(" ") else 1)),
        )
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True, env=env
    )
    output, _, modules = result.stdout.rpartition("MODULES:")
    names = modules.strip().split(",")
    return output, {*names, *(name.split(".")[0] for name in names)}


NO_DATABASE = [
    ["--help"],
    ["--version"],
    ["add", "--help"],
    ["triage", "--help"],
    ["import", "--help"],
    ["config", "path"],
]
NAMES = {"todo ": "triage", "todo tr": "triage", "todo config ": "path", "todo add --": "--impact"}


@pytest.mark.slow
@pytest.mark.parametrize("args", NO_DATABASE, ids=" ".join)
def test_commands_without_database_import_no_database_module(args: list[str]) -> None:
    _, modules = _modules(args)
    assert not modules & set(DATABASE), f"todo {' '.join(args)} imported {modules & {*DATABASE}}"


@pytest.mark.slow
@pytest.mark.parametrize(("line", "expected"), NAMES.items(), ids=list(NAMES))
def test_completing_names_imports_no_database_module(line: str, expected: str) -> None:
    output, modules = _modules([], completing=line)
    assert expected in output.split()
    assert not modules & set(DATABASE), f"completing {line!r} imported {modules & {*DATABASE}}"


@pytest.mark.slow
@pytest.mark.parametrize("args", NO_DATABASE, ids=" ".join)
def test_commands_without_database_import_no_pydantic(args: list[str]) -> None:
    """Typer would import it for the root's absent --db (see cli/typer_compat.py)."""
    _, modules = _modules(args)
    assert not modules & set(PYDANTIC), f"todo {' '.join(args)} imported pydantic"


@pytest.mark.slow
@pytest.mark.parametrize(
    "line", ["todo ", "todo add --", "todo triage --", "todo delegate 1 --", "todo --db x.db tr"]
)
def test_completing_names_imports_no_pydantic(line: str) -> None:
    """Options with defaults (triage's --limit) and typed values (delegate's id) included."""
    _, modules = _modules([], completing=line)
    assert not modules & set(PYDANTIC), f"completing {line!r} imported pydantic"


@pytest.mark.slow
def test_config_path_imports_no_scoring() -> None:
    """The config file's location needs neither the weights nor date parsing."""
    _, modules = _modules(["config", "path"])
    assert "coo_todo.domain.scoring" not in modules and "coo_todo.domain.dates" not in modules


@pytest.mark.parametrize(("name", "callback"), REGISTERED, ids=[name for name, _ in REGISTERED])
def test_command_annotations_are_objects_not_strings(name: str, callback: object) -> None:
    """Typer evaluates string annotations anew at every start (see cli/__init__.py)."""
    annotations = getattr(callback, "__annotations__", {})
    assert not [k for k, v in annotations.items() if isinstance(v, str)], f"todo {name}"


@pytest.mark.slow
@pytest.mark.sqlite_only
@pytest.mark.parametrize("args", [["triage"], ["--help"], [], ["triage", "-i"]], ids=" ".join)
def test_commands_outside_the_screen_import_no_textual(args: list[str], todo: Todo) -> None:
    """Only the interactive screen pays for Textual: not the triage, the help, ``todo`` alone
    in a pipe (the help), nor ``todo triage -i`` refused there."""
    todo("add", "Call Acme")
    _, modules = _modules(args)
    assert "textual" not in modules, f"todo {' '.join(args)} imported textual"
