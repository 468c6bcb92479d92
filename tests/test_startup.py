"""Commands that need no database must not pay for importing SQLModel (see benchmarks/)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("sqlmodel", "sqlalchemy")

PROBE = """
import sys
from coo_todo.cli import app
try:
    app(sys.argv[1:], prog_name="todo")
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print("HEAVY:" + ",".join(heavy))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["add", "--help"],
        ["triage", "--help"],
        ["import", "--help"],
        ["config", "path"],
    ],
    ids=" ".join,
)
def test_no_database_modules_imported(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    heavy_line = result.stdout.strip().splitlines()[-1]
    assert heavy_line == "HEAVY:", f"todo {' '.join(args)} imported {heavy_line}"
