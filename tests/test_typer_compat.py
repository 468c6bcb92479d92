"""The Typer adjustment (cli/typer_compat.py) changes how fast, never what a command receives."""

from typing import Annotated

import pytest
import typer
from typer.core import _TyperParameter  # the class the adjustment patches
from typer.testing import CliRunner

from coo_todo.cli.typer_compat import skip_coercion_of_absent_values

INVOCATIONS = [
    ["Ada", "--required", "r"],
    ["Ada", "--required", "r", "--count", "5", "--tag", "x", "--tag", "y", "--level", "2"],
    ["Ada", "--required", "r", "--count", "five"],
    ["Ada", "--required", "r", "--level", "0"],
    ["Ada"],
    [],
]


def _run_everything() -> list[tuple[int, str, list[object]]]:
    """Each invocation's exit code, output, and what the --level callback was given."""
    seen: list[object] = []

    def check_level(value: int | None) -> int | None:
        seen.append(value)
        if value == 0:
            raise typer.BadParameter("must not be 0")
        return value

    app = typer.Typer()

    @app.command()
    def show(
        name: str,
        required: Annotated[str, typer.Option()],
        count: int = 3,
        tag: Annotated[list[str] | None, typer.Option()] = None,
        level: Annotated[int | None, typer.Option(callback=check_level)] = None,
    ) -> None:
        typer.echo(repr((name, required, count, tag, level)))

    results = []
    for args in INVOCATIONS:
        seen.clear()
        result = CliRunner().invoke(app, args)
        results.append((result.exit_code, result.output, list(seen)))
    return results


def test_the_adjustment_is_in_place() -> None:
    assert skip_coercion_of_absent_values()
    assert hasattr(_TyperParameter.process_value, "__wrapped__")


def test_commands_receive_what_typer_alone_gives_them(monkeypatch: pytest.MonkeyPatch) -> None:
    skip_coercion_of_absent_values()
    adjusted = _run_everything()
    monkeypatch.setattr(_TyperParameter, "process_value", _TyperParameter.process_value.__wrapped__)
    assert adjusted == _run_everything()
    assert adjusted[0][0] == 0 and adjusted[0][2] == [None]  # the callback saw the absent value
    assert "('Ada', 'r', 3, None, None)" in adjusted[0][1]
    assert "('Ada', 'r', 5, ['x', 'y'], 2)" in adjusted[1][1]
    assert [code for code, _, _ in adjusted[2:]] == [2, 2, 2, 2]  # bad int, callback, missing
