"""Commands that need no database must not pay for importing it (see benchmarks/).

Each case runs in a fresh interpreter and reads ``sys.modules`` afterwards: the module list,
not the time, is what a test can assert without flaking.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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
print("MODULES:" + ",".join(sorted({m.split(".")[0] for m in sys.modules})))
"""

TYPER_ADAPTS_EVERY_OPTION = pytest.mark.xfail(
    strict=True,
    reason="Typer 0.29 builds a pydantic TypeAdapter for every option it processes, even an "
    "absent one, and the root's --db is processed before any command (see the README's Speed)",
)


def _modules(args: list[str], completing: str | None = None) -> tuple[str, set[str]]:
    """Run ``todo ARGS`` (or bash's completion of ``completing``); its stdout and modules."""
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
    return output, set(modules.strip().split(","))


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
@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        pytest.param(["add", "--help"], marks=TYPER_ADAPTS_EVERY_OPTION),
        pytest.param(["config", "path"], marks=TYPER_ADAPTS_EVERY_OPTION),
    ],
    ids=" ".join,
)
def test_commands_without_database_import_no_pydantic(args: list[str]) -> None:
    _, modules = _modules(args)
    assert not modules & set(PYDANTIC), f"todo {' '.join(args)} imported pydantic"


@pytest.mark.slow
@TYPER_ADAPTS_EVERY_OPTION
@pytest.mark.parametrize("line", ["todo ", "todo add --"])
def test_completing_names_imports_no_pydantic(line: str) -> None:
    _, modules = _modules([], completing=line)
    assert not modules & set(PYDANTIC), f"completing {line!r} imported pydantic"


@pytest.mark.parametrize(("name", "callback"), REGISTERED, ids=[name for name, _ in REGISTERED])
def test_command_annotations_are_objects_not_strings(name: str, callback: object) -> None:
    """Typer evaluates string annotations anew at every start (see cli/__init__.py)."""
    annotations = getattr(callback, "__annotations__", {})
    assert not [k for k, v in annotations.items() if isinstance(v, str)], f"todo {name}"
