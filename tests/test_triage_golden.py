"""The triage and list tables, byte for byte: the demo's morning (and one with awkward text)
at four widths, piped, coloured and with ``NO_COLOR``, against golden captures of the Rich
``Table`` they were printed through before issue 13 made rendering faster; and, for any cells,
``QuickTable`` against Rich's ``Table``. Any change to the output fails here; if one is meant,
write the captures anew: ``python -m tests.test_triage_golden``."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from coo_todo import render
from coo_todo.cli.app import Env
from coo_todo.domain.dates import DAY_FIRST
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import Breakdown, Ranked
from coo_todo.domain.worktime import DEFAULT_CALENDAR
from coo_todo.service.checks import check_fields
from coo_todo.service.demo import load_demo
from coo_todo.service.ranking import breakdowns, rank_open
from coo_todo.settings import Settings
from coo_todo.store import Store
from tests.fuzzing import fuzz_settings

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


class Morning(NamedTuple):
    """What the tables show: the ranked tasks (``todo triage``), every task and its score
    (``todo list``)."""

    ranked: list[Ranked[TaskRecord]]
    tasks: list[TaskRecord]
    scores: dict[int, Breakdown]


def morning(folder: Path, *, awkward: bool) -> Morning:
    """The demo's morning, with the ``AWKWARD`` tasks added when asked."""
    store = Store(f"sqlite:///{folder / 'golden.sqlite'}", NOW)
    try:
        load_demo(store, NOW)
        for title, area, due, tags in AWKWARD if awkward else ():
            fields = check_fields(
                {"title": title, "area": area, "impact": 4, "due": due},
                NOW,
                DEFAULT_CALENDAR,
                DAY_FIRST,
            )
            store.add(fields, tags, (), NOW)
        tasks = list(store.tasks())
        scores = breakdowns(tasks, store, NOW, Settings())
        return Morning(list(rank_open(store, NOW, Settings()).ranked), tasks, scores)
    finally:
        store.engine.dispose()


TABLES: dict[str, Callable[[Morning, int], RenderableType]] = {
    "triage": lambda day, width: render.triage_table(day.ranked, NOW, width),
    "list": lambda day, width: render.task_table(day.tasks, day.scores, NOW, width),
}
"""The tables laid out by ``render.fitted_table``, as ``todo triage`` and ``todo list``
build them."""


def printed(day: Morning, table: str, width: int, mode: str) -> str:
    """``table`` as its command prints it on a ``width``-column ``mode`` output."""
    stdout = io.StringIO()
    env = Env(environ={"COLUMNS": str(width), **MODES[mode]}, stdout=stdout)
    env.out.print(TABLES[table](day, env.out.width))
    return stdout.getvalue()


def golden_path(table: str, scenario: str, width: int, mode: str) -> Path:
    return GOLDEN / f"{table}-{scenario}-{width}-{mode}.txt"


SCENARIOS = {"demo": False, "awkward": True}
CASES = [(t, s, w, m) for t in TABLES for s in SCENARIOS for w in WIDTHS for m in MODES]


@pytest.fixture(scope="module")
def mornings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Morning]:
    return {
        scenario: morning(tmp_path_factory.mktemp(scenario), awkward=awkward)
        for scenario, awkward in SCENARIOS.items()
    }


@pytest.mark.parametrize(("table", "scenario", "width", "mode"), CASES)
def test_the_table_prints_as_before(
    mornings: dict[str, Morning], table: str, scenario: str, width: int, mode: str
) -> None:
    expected = golden_path(table, scenario, width, mode).read_bytes().decode("utf-8")
    assert printed(mornings[scenario], table, width, mode) == expected


STYLES = ("", "bold red", "bold yellow", "cyan", "magenta", "dim")
WORDS = st.text(st.sampled_from("ab Zé会\x07\x1b[]:\n\t-"), max_size=12)


@st.composite
def cells(draw: st.DrawFn) -> str | Text:
    """A table cell: a string, or a text in a style, maybe with a part in another."""
    words = draw(WORDS)
    if draw(st.booleans()):
        return words
    cell = Text(words, style=draw(st.sampled_from(STYLES)))
    if draw(st.booleans()):
        cell.append(draw(WORDS), style=draw(st.sampled_from(STYLES)))
    return cell


@st.composite
def columns(draw: st.DrawFn) -> list[render.Column]:
    rows = draw(st.integers(0, 4))
    made = []
    for index in range(draw(st.integers(1, 6))):
        made.append(
            render.Column(
                draw(st.text("HeadrÉ ", min_size=1, max_size=10)),
                draw(st.lists(cells(), min_size=rows, max_size=rows)),
                drop=draw(st.one_of(st.none(), st.integers(0, 5))),
                justify=draw(st.sampled_from(["left", "right", "center", "default"])),
                max_width=draw(st.one_of(st.none(), st.integers(1, 16))),
                wraps=index == 1,
            )
        )
    return made


@fuzz_settings("COO_TODO_FUZZ_EXAMPLES", 400)
@given(
    columns(),
    st.integers(1, 130),
    st.sampled_from(list(MODES)),
    st.booleans(),
)
def test_a_quick_table_prints_what_a_rich_table_prints(
    columns: list[render.Column], width: int, mode: str, triage_like: bool
) -> None:
    """Any cells, any width: ``QuickTable`` writes the bytes Rich's ``Table`` writes."""
    options = (
        {"title": "Today's triage", "collapse_padding": True, "pad_edge": False}
        if triage_like
        else {}
    )

    def shown(kind: type[Table], *, measured: bool) -> str:
        stdout = io.StringIO()
        env = Env(environ={"COLUMNS": str(width), **MODES[mode]}, stdout=stdout)
        table = render.fitted_table(
            kind(box=box.SIMPLE_HEAD, title_justify="left", **options), columns, width
        )
        if not measured:
            for column in table.columns:
                column.width = None
        env.out.print(table)
        return stdout.getvalue()

    assert shown(render.QuickTable, measured=True) == shown(Table, measured=False)


def write_golden() -> None:
    """Capture every case with the renderer of this tree."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for scenario, awkward in SCENARIOS.items():
            place = Path(folder) / scenario
            place.mkdir()
            day = morning(place, awkward=awkward)
            for table, _, width, mode in (case for case in CASES if case[1] == scenario):
                text = printed(day, table, width, mode)
                golden_path(table, scenario, width, mode).write_bytes(text.encode("utf-8"))


if __name__ == "__main__":
    write_golden()
