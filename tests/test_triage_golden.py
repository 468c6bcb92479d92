"""The triage table, byte for byte: the demo's morning (and one of awkward text) at four widths,
piped, coloured and with ``NO_COLOR``, against golden captures of the Rich ``Table`` it was
printed through before issue 13 made rendering faster. Any change to the output fails here;
if one is meant, write the captures anew: ``python -m tests.test_triage_golden``."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coo_todo.cli import render
from coo_todo.cli.app import Env
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import Ranked
from coo_todo.service.checks import check_fields
from coo_todo.service.demo import load_demo
from coo_todo.service.ranking import rank_open
from coo_todo.settings import Settings
from coo_todo.store import Store

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
WIDTHS = (40, 80, 120, 200)
MODES = {
    "piped": {},
    "colour": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    "no-color": {"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": "1"},
}
"""The environments a table is printed in: a pipe, a terminal, a terminal with NO_COLOR."""
AWKWARD = (
    ("[bold]Not markup[/bold] :smile: stays as typed", "Sales", "+1d", ("x" * 20,)),
    ("Bell\x07 and escape\x1b[31m shown, never obeyed", "Support", "2026-11-22", ()),
    ("会議の準備: 東京オフィスの見積もり", "Customer Success Europe", "today 15:00", ("東京",)),
    ("Averyveryverylongwordwithoutanyspacesthatmustbreaksomewhere", "HR", None, ("a", "b", "c")),
)
"""Titles, areas and tags that test the layout: markup and emoji codes, control characters,
wide characters, a word longer than the title's column, cells cut short with an ellipsis."""


def morning(folder: Path, *, awkward: bool) -> list[Ranked[TaskRecord]]:
    """The demo's ranked tasks, with the ``AWKWARD`` ones added when asked."""
    store = Store(f"sqlite:///{folder / 'golden.sqlite'}", NOW)
    try:
        load_demo(store, NOW)
        for title, area, due, tags in AWKWARD if awkward else ():
            fields = check_fields({"title": title, "area": area, "impact": 4, "due": due}, NOW)
            store.add(fields, tags, (), NOW)
        return list(rank_open(store, NOW, Settings()).ranked)
    finally:
        store.engine.dispose()


def printed(ranked: Sequence[Ranked[TaskRecord]], width: int, mode: str) -> str:
    """The triage table as ``todo triage`` prints it on a ``width``-column ``mode`` output."""
    stdout = io.StringIO()
    env = Env(environ={"COLUMNS": str(width), **MODES[mode]}, stdout=stdout)
    env.out.print(render.triage_table(ranked, NOW, env.out.width))
    return stdout.getvalue()


def golden_path(scenario: str, width: int, mode: str) -> Path:
    return GOLDEN / f"triage-{scenario}-{width}-{mode}.txt"


SCENARIOS = {"demo": False, "awkward": True}
CASES = [(s, w, m) for s in SCENARIOS for w in WIDTHS for m in MODES]


@pytest.fixture(scope="module")
def mornings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Ranked[TaskRecord]]]:
    return {
        scenario: morning(tmp_path_factory.mktemp(scenario), awkward=awkward)
        for scenario, awkward in SCENARIOS.items()
    }


@pytest.mark.parametrize(("scenario", "width", "mode"), CASES)
def test_the_triage_table_prints_as_before(
    mornings: dict[str, list[Ranked[TaskRecord]]], scenario: str, width: int, mode: str
) -> None:
    expected = golden_path(scenario, width, mode).read_bytes().decode("utf-8")
    assert printed(mornings[scenario], width, mode) == expected


def write_golden() -> None:
    """Capture every case with the renderer of this tree."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for scenario, awkward in SCENARIOS.items():
            place = Path(folder) / scenario
            place.mkdir()
            ranked = morning(place, awkward=awkward)
            for width in WIDTHS:
                for mode in MODES:
                    golden_path(scenario, width, mode).write_bytes(
                        printed(ranked, width, mode).encode("utf-8")
                    )


if __name__ == "__main__":
    write_golden()
