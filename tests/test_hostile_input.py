"""Hostile values for every option and argument of every command, found by walking the Click
tree (#10, "make the next one impossible").

A new command or option is fuzzed here the day it is added, with nothing to write: invalid
UTF-8 (lone surrogates, as Python reads undecodable argv bytes), control characters and NUL,
huge, negative and non-finite numbers, out-of-range dates, empty and 20,000-character values.
Whatever comes in: no traceback, a documented exit code (0 to 3), a failure says exactly one
``error:`` line on stderr, and a rejected command leaves every row of the database as it was.

A parameter the generator cannot fill a valid value for (a new positional argument) fails
``test_every_argument_has_a_valid_value`` until ``VALID_ARGUMENTS`` names it. The number of
inputs run is printed at the end of the module (``pytest -s``);
``COO_TODO_HOSTILE_EXAMPLES`` raises the generated examples per parameter for a deeper run.
"""

from __future__ import annotations

import re
import shutil
import traceback
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from coo_todo.cli import app
from tests.conftest import NOW
from tests.fuzzing import fuzz_settings
from tests.test_cli_fuzz import LINE_BREAKS, Sandbox, short, snapshot

RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal raw (a line feed may): C0 and C1 controls, DEL, the bidi
overrides and isolates; they are shown as escapes (``coo_todo.domain.text.visible``)."""

EXIT_CODES = (0, 1, 2, 3)
"""The documented exit codes: ok, not found or declined, usage, database."""

IMPORT_FILE = "incoming.txt"
"""A valid todo.txt file in the working folder, for ``todo import`` when its argument is not
the one under test."""

VALID_ARGUMENTS: dict[str, list[str]] = {
    "words": ["Quarterly review"],
    "task_id": ["1"],
    "ids": ["1"],
    "name": ["Alice Martin"],
    "file": [IMPORT_FILE],
    "path": [],
    "area": ["Sales"],
    "when": ["mon"],
    "key": ["crm"],
}
"""A valid value for each positional argument, by name, when another parameter is under test."""

FIXED_VALUES = [
    "",
    "bad\udcffbytes",  # the byte 0xff in argv, as Python decodes it
    "\udc80",
    "nul\x00inside",
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write the clipboard
    "\x1b[2J\x9b31m\u202eevil",  # clear screen, a C1 CSI, a right-to-left override
    "two\nlines\r",
    "9" * 5000,
    str(2**70),
    "-1",
    "1e309",
    "nan",
    "0001-01-01",
    "9999-12-31T23:59",
    "99999-01-01",
    "x" * 20_000,
]
"""Values every parameter gets, whatever Hypothesis generates beside them."""

HOSTILE = st.one_of(
    st.sampled_from(FIXED_VALUES),
    st.text(st.characters(categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co")), max_size=12),
    st.text(max_size=40),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats().map(repr),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
        datetime.isoformat
    ),
)
"""Generated values: control, format and surrogate characters, any text, huge integers,
any float (inf, nan, 1e308), any date in years 1 to 9999."""

HOSTILE_SETTINGS = fuzz_settings("COO_TODO_HOSTILE_EXAMPLES", 5)

RUN: Counter[str] = Counter()
"""Inputs run, fixed and generated, and what they ended in (accepted, refused by code)."""


def leaf_commands(
    command: Any, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command that runs (not a group), with the words that name it."""
    children = getattr(command, "commands", None)
    if children is None:
        yield path, command
        return
    for name, child in sorted(children.items()):
        yield from leaf_commands(child, (*path, name))


def _takes_a_value(parameter: Any) -> bool:
    return parameter.param_type_name == "argument" or not parameter.is_flag


ROOT = typer.main.get_command(app)
COMMANDS = list(leaf_commands(ROOT))
CASES = [
    pytest.param(path, parameter.name, id=f"{' '.join(path)} {parameter.name}")
    for path, command in COMMANDS
    for parameter in command.params
    if _takes_a_value(parameter)
] + [
    pytest.param((), parameter.name, id=f"todo {parameter.name}")
    for parameter in ROOT.params
    if _takes_a_value(parameter)
]


def command_line(path: tuple[str, ...], target: str, value: str) -> list[str]:
    """``todo PATH`` with ``value`` for the parameter named ``target`` and valid values for the
    other positional arguments; positionals come after ``--`` so a value like ``-1`` stays one.
    A root option (``--db``) is tested on ``todo list``."""
    if not path:
        option = next(p for p in ROOT.params if p.name == target)
        return [option.opts[0], value, "list"]
    command = dict(COMMANDS)[path]
    options: list[str] = []
    positionals: list[str] = []
    for parameter in command.params:
        if parameter.param_type_name == "argument":
            positionals += [value] if parameter.name == target else VALID_ARGUMENTS[parameter.name]
        elif parameter.name == target:
            options += [parameter.opts[0], value]
    return [*path, *options, "--", *positionals]


@pytest.fixture(scope="module", autouse=True)
def report_run() -> Iterator[None]:
    yield
    outcomes = ", ".join(f"{name} {count}" for name, count in sorted(RUN.items()))
    print(f"\nhostile inputs run over {len(CASES)} parameters: {outcomes}")


class Hostile:
    """Fresh copies of the fuzz sandbox's seed database, one per input, in a working folder of
    its own (``--output`` values are file names) that holds a todo.txt file to import."""

    def __init__(self, seed: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seed, self.root, self.monkeypatch = seed, root, monkeypatch
        self.runner = CliRunner()
        self.db = root / "attacked.sqlite"
        self.seeded = snapshot(seed)
        monkeypatch.chdir(root)
        (root / IMPORT_FILE).write_text("(A) Call the bank +finance\n", encoding="utf-8")
        monkeypatch.setenv("COO_TODO_DB", str(self.db))

    def attack(self, args: Sequence[str]) -> None:
        """Run ``todo ARGS`` on a fresh copy of the seed and check what must hold for any input."""
        shutil.copyfile(self.seed, self.db)
        result = self.runner.invoke(app, list(args))
        where = short(args)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            trace = "".join(traceback.format_exception(result.exception))
            raise AssertionError(f"todo {where} raised:\n{trace}")
        assert result.exit_code in EXIT_CODES, f"todo {where} exited {result.exit_code}"
        lines = result.stderr.split("\n")[:-1]  # only a newline ends a line on a terminal
        errors = [line for line in lines if line.startswith("error: ")]
        others = [line for line in lines if not line.startswith(("error: ", "warning: ", "note: "))]
        assert not others, f"todo {where} wrote unexplained stderr {result.stderr!r}"
        assert not any(c in result.stderr for c in LINE_BREAKS[1:]), where
        raw = RAW_CONTROL.search(result.stdout + result.stderr)
        assert raw is None, f"todo {where} wrote {raw.group()!r} raw to the terminal"
        if result.exit_code == 0:
            assert not errors, f"todo {where} succeeded with {errors}"
            RUN["accepted"] += 1
            return
        assert len(errors) == 1, f"todo {where} exited {result.exit_code}: {result.stderr!r}"
        assert snapshot(self.db) == self.seeded, f"rejected todo {where} changed the database"
        RUN[f"refused (exit {result.exit_code})"] += 1


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fuzz sandbox's seed database, built once for the module."""
    root = tmp_path_factory.mktemp("seed")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in {
            "TZ": "Europe/Paris",
            "COO_TODO_NOW": NOW,
            "COO_TODO_CONFIG": str(root / "config.toml"),
            "COO_TODO_DATA_DIR": str(root / "data"),
        }.items():
            monkeypatch.setenv(name, value)
        return Sandbox(root, monkeypatch).template


@pytest.fixture
def hostile(seed: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Hostile:
    return Hostile(seed, isolated, monkeypatch)


def test_the_tree_is_walked() -> None:
    """The walk reaches nested groups, so a command added anywhere is fuzzed."""
    paths = {path for path, _ in COMMANDS}
    assert {("add",), ("people", "edit"), ("db", "backup"), ("import",)} <= paths
    assert len(CASES) > 50


def test_every_argument_has_a_valid_value() -> None:
    """A new positional argument needs a valid value here, so the others can be fuzzed."""
    arguments = {
        parameter.name
        for _, command in COMMANDS
        for parameter in command.params
        if parameter.param_type_name == "argument"
    }
    assert arguments <= set(VALID_ARGUMENTS), arguments - set(VALID_ARGUMENTS)


@pytest.mark.parametrize(("path", "target"), CASES)
def test_fixed_hostile_values(hostile: Hostile, path: tuple[str, ...], target: str) -> None:
    for value in FIXED_VALUES:
        hostile.attack(command_line(path, target, value))


@pytest.mark.parametrize(("path", "target"), CASES)
@HOSTILE_SETTINGS
@given(value=HOSTILE)
def test_generated_hostile_values(
    hostile: Hostile, path: tuple[str, ...], target: str, value: str
) -> None:
    hostile.attack(command_line(path, target, value))
