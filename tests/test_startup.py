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

LOCALE_LIBRARIES = ("babel",)
"""What French support imports (CLDR data for dates and numbers), and English never does."""

PROBE = """
import sys
from coo_todo.cli import app
from coo_todo import i18n
try:
    app(sys.argv[1:], prog_name="todo")
except SystemExit:
    pass
print("CATALOGS:" + " ".join(sorted(set(i18n._catalogs) - {"en"})))
print("MODULES:" + ",".join(sorted(sys.modules)))
"""


def _modules(
    args: list[str], completing: str | None = None, **environ: str
) -> tuple[str, set[str]]:
    """Run ``todo ARGS`` (or bash's completion of ``completing``) with ``environ`` added; its
    stdout and the packages and modules it imported (``sqlalchemy`` and ``sqlalchemy.orm``
    alike), with ``catalog:fr`` for each compiled catalog it read."""
    env = dict(os.environ, **environ)
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
    output, _, catalogs = output.rpartition("CATALOGS:")
    names = modules.strip().split(",")
    read = {f"catalog:{language}" for language in catalogs.split() if language}
    return output, {*names, *(name.split(".")[0] for name in names), *read}


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


@pytest.fixture(scope="module")
def small_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with a few tasks, one delegated, for the language cases."""
    path = tmp_path_factory.mktemp("startup") / "todo.sqlite"
    for args in (
        ["add", "Call Acme due:fri impact:4"],
        ["add", "Book the venue due:+10d"],
        ["delegate", "2", "--to", "Alice", "--create", "--follow-up", "mon"],
    ):
        _modules(["--db", str(path), *args])
    return str(path)


ENGLISH = [
    ["triage"],
    ["explain", "1"],
    ["export"],
    ["brief", "alice"],
    ["explain", "99"],
    ["review", "--help"],
]


@pytest.mark.slow
@pytest.mark.parametrize("args", ENGLISH, ids=" ".join)
def test_english_reads_no_catalog_and_no_locale_library(
    small_database: str, args: list[str]
) -> None:
    """An English user pays nothing for French: no catalog read, Babel not imported."""
    _output, modules = _modules(["--db", small_database, *args], LANG="en_US.UTF-8")
    assert "catalog:fr" not in modules
    assert not modules & set(LOCALE_LIBRARIES), f"todo {' '.join(args)} imported Babel"


@pytest.mark.slow
@pytest.mark.parametrize("args", [["triage"], ["export"]], ids=" ".join)
def test_french_reads_its_catalog_and_babel(small_database: str, args: list[str]) -> None:
    output, modules = _modules(["--db", small_database, *args], LANG="fr_FR.UTF-8")
    assert {"catalog:fr", "babel"} <= modules
    assert "Tri du jour" in output or "# Liste du jour" in output


@pytest.mark.slow
@pytest.mark.parametrize("args", [["config", "path"], ["--version"]])
def test_french_loads_nothing_a_command_does_not_show(args: list[str]) -> None:
    """The language is chosen at the first message translated: none, nothing read."""
    _, modules = _modules(["--lang", "fr", *args])
    assert "catalog:fr" not in modules and "babel" not in modules


@pytest.mark.slow
@pytest.mark.sqlite_only
@pytest.mark.parametrize("args", [["triage"], ["--help"], [], ["triage", "-i"]], ids=" ".join)
def test_commands_outside_the_screen_import_no_textual(args: list[str], todo: Todo) -> None:
    """Only the interactive screen pays for Textual: not the triage, the help, ``todo`` alone
    in a pipe (the help), nor ``todo triage -i`` refused there."""
    todo("add", "Call Acme")
    _, modules = _modules(args)
    assert "textual" not in modules, f"todo {' '.join(args)} imported textual"


@pytest.mark.slow
def test_french_help_reads_the_catalog_but_not_babel() -> None:
    """Help is translated when written (``--help`` itself is): the catalog, no CLDR data."""
    output, modules = _modules(["--lang", "fr", "triage", "--help"])
    assert "catalog:fr" in modules and "babel" not in modules
    assert "Afficher cette aide et quitter." in output
