"""``todo review``: the week's figures against a hand-computed fixture on both databases, the
SQL percentiles against Python's statistics, hostile input, the markdown and its chart."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from sqlalchemy import delete, insert

from coo_todo.cli import app
from coo_todo.domain.review import review_period
from coo_todo.store import Store
from coo_todo.store.models import Person, Task
from coo_todo.store.review import done_figures
from tests.conftest import Database, Todo

DAY = 86_400
HOUR = 3_600


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("COO_TODO_NOW", when)


@pytest.fixture
def week(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> Todo:
    """A week whose figures are computed by hand in ``test_review_figures_by_hand``. The
    review is on Thursday 26 Nov 2026 09:00 (Paris): from Monday 23 Nov 00:00."""
    at(monkeypatch, "2026-11-02T09:00")
    todo("people", "add", "Karim")
    todo("people", "add", "Chloé")
    old = todo.add("Old report", "area:Sales")
    at(monkeypatch, "2026-11-09T09:00")
    h1 = todo.add("Hiring plan", "area:HR")
    todo("delegate", str(h1), "--to", "Chloé", "--follow-up", "2026-11-20")
    at(monkeypatch, "2026-11-16T09:00")
    a1 = todo.add("Renew Acme", "area:Sales", "due:2026-11-20")
    at(monkeypatch, "2026-11-20T09:00")
    todo("done", str(old))  # before the week: not counted
    at(monkeypatch, "2026-11-22T09:00")
    f1 = todo.add("Close books", "area:Finance", "due:2026-11-24")
    todo("delegate", str(f1), "--to", "Karim")
    at(monkeypatch, "2026-11-23T09:00")
    a2 = todo.add("Quote for Globex", "area:sales", "due:2026-11-27")
    a3 = todo.add("CRM fields", "area:Sales")
    todo("delegate", str(a3), "--to", "Karim")
    at(monkeypatch, "2026-11-23T11:00")
    todo("done", str(a2))
    at(monkeypatch, "2026-11-24T09:00")
    todo("done", str(a1))
    f2 = todo.add("Expense tool", "area:Finance")
    at(monkeypatch, "2026-11-24T10:00")
    todo.add("Payslips", "area:HR", "due:2026-11-25")
    h3 = todo.add("Onboarding", "area:HR", "due:2026-11-26")
    at(monkeypatch, "2026-11-24T12:00")
    todo("edit", str(h3), "due:2026-12-01")  # moved later
    at(monkeypatch, "2026-11-24T15:00")
    todo("done", str(f1))
    at(monkeypatch, "2026-11-25T09:00")
    todo("done", str(a3))
    todo("drop", str(f2))
    todo("edit", str(h3), "due:2026-11-30")  # moved earlier: not a slip
    at(monkeypatch, "2026-11-26T09:00")
    return todo


def _figures(rows: list[dict[str, Any]], key: str) -> dict[Any, tuple[Any, ...]]:
    return {
        row[key]: (
            row["done"],
            row["own"],
            row["delegated"],
            row["met"],
            row["late"],
            row["median_seconds"],
            row["p90_seconds"],
        )
        for row in rows
    }


def test_review_figures_by_hand(week: Todo) -> None:
    """Done this week: Renew Acme (Sales, 8 days, late), Quote for Globex (Sales, 2 hours,
    met), CRM fields (Sales, Karim, 2 days), Close books (Finance, Karim, 2 days 6 hours, met).
    Percentiles interpolate between ranks: p90 of 3 values is x1 + 0.8 (x2 - x1)."""
    review = week.json("review")
    assert review["period"]["start"] == "2026-11-23T00:00:00+01:00"
    assert review["period"]["end"] == "2026-11-26T09:00:00+01:00"
    assert _figures([review["done"] | {"all": 1}], "all") == {
        1: (4, 2, 2, 2, 1, (172_800 + 194_400) / 2, 194_400 + 0.7 * (691_200 - 194_400))
    }
    assert _figures(review["by_area"], "area") == {
        "Sales": (3, 2, 1, 1, 1, 2 * DAY, 2 * DAY + 0.8 * (8 * DAY - 2 * DAY)),
        "Finance": (1, 0, 1, 1, 0, 2 * DAY + 6 * HOUR, 2 * DAY + 6 * HOUR),
    }
    assert _figures(review["by_person"], "person") == {
        None: (2, 2, 0, 1, 1, (2 * HOUR + 8 * DAY) / 2, 2 * HOUR + 0.9 * (8 * DAY - 2 * HOUR)),
        "Karim": (2, 0, 2, 1, 0, 2 * DAY + 3 * HOUR, 2 * DAY + 0.9 * 6 * HOUR),
    }
    assert review["deadlines"] == {"met": 2, "late": 1, "open_past_due": 1, "postponed": 1}
    assert review["follow_ups_overdue"] == [
        {
            "person": "Chloé",
            "tasks": 1,
            "oldest_follow_up": review["follow_ups_overdue"][0]["oldest_follow_up"],
        }
    ]
    assert review["follow_ups_overdue"][0]["oldest_follow_up"].startswith("2026-11-20")
    assert [task["title"] for task in review["oldest_open"]] == [
        "Hiring plan",
        "Payslips",
        "Onboarding",
    ]
    assert [(s["came_in"], s["done"], s["dropped"]) for s in review["flow"]] == [
        (2, 1, 0),
        (3, 2, 0),
        (0, 1, 1),
        (0, 0, 0),
    ]


def test_review_since_a_day_counts_from_its_start(week: Todo) -> None:
    review = week.json("review", "--since", "2026-11-16")
    assert review["period"]["start"] == "2026-11-16T00:00:00+01:00"
    assert review["period"]["step"] == "day"
    assert review["done"]["done"] == 5
    assert sum(step["came_in"] for step in review["flow"]) == 7


@pytest.mark.parametrize(
    ("since", "step", "steps", "came_in"),
    [
        ("2026-11-20", "day", 7, 6),
        ("2026-09-01", "week", 13, 9),
        ("2022-01-01", "month", 59, 9),
        ("1900-01-01", "year", 127, 9),
    ],
)
def test_review_steps_keep_the_chart_readable(
    week: Todo, since: str, step: str, steps: int, came_in: int
) -> None:
    review = week.json("review", "--since", since)
    assert (review["period"]["step"], len(review["flow"])) == (step, steps)
    assert sum(s["came_in"] for s in review["flow"]) == came_in


def test_review_flow_counts_each_bound_once(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    """A task captured or done at midnight counts in the day that midnight starts; one done at
    the very moment of the review, in its last day; one done the moment before the period
    starts, nowhere."""
    at(monkeypatch, "2026-11-22T23:59:59")
    todo("done", str(todo.add("Before the week")))
    at(monkeypatch, "2026-11-23T00:00")
    first = todo.add("At the week's start")
    at(monkeypatch, "2026-11-24T00:00")
    second = todo.add("At midnight")
    todo("done", str(first))
    at(monkeypatch, "2026-11-26T09:00")
    todo("done", str(second))
    flow = todo.json("review")["flow"]
    assert [(s["came_in"], s["done"], s["dropped"]) for s in flow] == [
        (1, 0, 0),
        (1, 1, 0),
        (0, 0, 0),
        (0, 1, 0),
    ]


def test_review_in_the_terminal_has_bars_and_sparklines(week: Todo) -> None:
    shown = week("review").stdout
    for expected in ("Done by area", "Sales", "Karim", "Follow-ups overdue", "Chloé", "█"):
        assert expected in shown
    assert "In  ▆█▁▁ 5" in shown and "Out ▅██▁ 5" in shown and "1 moved later" in shown


def test_review_of_an_empty_database(todo: Todo) -> None:
    todo.add("Only task")
    assert todo.json("review")["done"]["median_seconds"] is None
    assert "nothing done in this period" in todo("review").stdout


def test_review_markdown_with_its_chart(week: Todo, tmp_path: Path) -> None:
    target = tmp_path / "review.md"
    said = week("review", "--format", "markdown", "--output", str(target)).stdout
    assert f"Wrote {tmp_path / 'review.svg'}" in said and f"Wrote {target}" in said
    tokens = MarkdownIt("commonmark").enable("table").parse(target.read_text(encoding="utf-8"))
    assert sum(token.type == "table_open" for token in tokens) == 4
    images = [
        child.attrGet("src")
        for token in tokens
        for child in token.children or []
        if child.type == "image"
    ]
    assert images == ["review.svg"]
    assert any(t.type == "fence" and "in      2 ####" in t.content for t in tokens)
    chart = (tmp_path / "review.svg").read_text(encoding="utf-8")
    assert ElementTree.fromstring(chart).tag.endswith("svg")
    assert ">Sales<" in chart and ">Tasks in vs out<" in chart  # text, not paths
    assert not list(tmp_path.glob(".*.tmp"))
    week("review", "--format", "markdown", "--output", str(target))
    assert (tmp_path / "review.svg").read_text(encoding="utf-8") == chart


def test_review_chart_of_hostile_area_names(todo: Todo, tmp_path: Path) -> None:
    """Area names are user text: matplotlib's math ($), XML's specials, control characters."""
    areas = ("$\\frac{$", "$x^2$ and $", "<b>&amp;</b>", "bell\x07 \x1b[31mred")
    for area in areas:
        todo("done", str(todo.add("Task", f"area:{area}")))  # done now: in the review
    assert len(todo.json("review")["by_area"]) == len(areas)
    todo("review", "--format", "markdown", "--output", str(tmp_path / "review.md"))
    svg = (tmp_path / "review.svg").read_text(encoding="utf-8")
    ElementTree.fromstring(svg)
    assert "\x1b" not in svg and "\x07" not in svg


def test_review_markdown_to_stdout_has_only_the_text_chart(week: Todo) -> None:
    shown = week("review", "--format", "markdown").stdout
    assert "```text" in shown and "![" not in shown


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--since", "soon-ish"], "cannot read date"),
        (["--since", ""], "date"),
        (["--since", "2099-01-01"], "--since must be a day before now"),
        (["--since", "\x1b[31m"], "date"),
        (["--week", "--since", "mon"], "not both"),
        (["--format", "pdf"], "choose among"),
        (["--output", "x.md"], "--format markdown"),
        (["--format", "markdown", "--output", "x.svg"], "name the markdown file"),
    ],
)
def test_review_refuses_hostile_input(
    todo: Todo, args: list[str], said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    todo.add("A task")
    result = todo.runner.invoke(app, ["review", *args])
    assert result.exit_code in (1, 2), result.output
    assert said in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 6
    assert not list(tmp_path.glob("x.*"))


@pytest.mark.sqlite_only
def test_review_never_writes_over_the_database(todo: Todo, database: Database) -> None:
    todo.add("A task")
    before = Path(database.url).read_bytes()
    result = todo("review", "--format", "markdown", "--output", database.url, code=2)
    assert "database" in result.stderr
    assert Path(database.url).read_bytes() == before
    assert not Path(database.url).with_suffix(".svg").exists()


@pytest.mark.parametrize("name", ["week 48 (draft)", "revue d'équipe", "a]b<c>#d%e"])
def test_the_chart_link_survives_any_file_name(todo: Todo, tmp_path: Path, name: str) -> None:
    """A space or a parenthesis in the name ended the link: no image on the page."""
    todo.add("A task")
    target = tmp_path / f"{name}.md"
    todo("review", "--format", "markdown", "--output", str(target))
    tokens = MarkdownIt("commonmark").parse(target.read_text(encoding="utf-8"))
    images = [
        child.attrGet("src")
        for token in tokens
        for child in token.children or []
        if child.type == "image"
    ]
    assert [unquote(str(src)) for src in images] == [f"{name}.svg"]
    assert (tmp_path / f"{name}.svg").exists()


def test_review_never_replaces_a_file_of_the_users_beside_the_markdown(
    todo: Todo, tmp_path: Path
) -> None:
    """The chart's name is derived, not typed: a file there that an earlier review did not
    write (or a link, to a file of the user's or to nothing) stays, and nothing is written."""
    todo.add("A task")
    drawing = tmp_path / "review.svg"
    drawing.write_text("my own drawing", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    (tmp_path / "linked.svg").symlink_to(notes)
    (tmp_path / "dangling.svg").symlink_to(tmp_path / "nowhere.txt")
    for name in ("review", "linked", "dangling"):
        output = tmp_path / f"{name}.md"
        result = todo("review", "--format", "markdown", "--output", str(output), code=2)
        assert "coo-todo did not write" in result.stderr
        assert not output.exists()
    assert drawing.read_text(encoding="utf-8") == "my own drawing"
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert not (tmp_path / "nowhere.txt").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_review_to_a_folder_is_refused(todo: Todo, tmp_path: Path) -> None:
    todo.add("A task")
    result = todo("review", "--format", "markdown", "--output", str(tmp_path), code=2)
    assert "folder" in result.stderr


DURATIONS = st.lists(st.integers(min_value=0, max_value=400 * DAY), min_size=1, max_size=40)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(durations=DURATIONS)
def test_sql_percentiles_match_pythons_statistics(
    todo: Todo, database: Database, durations: list[int]
) -> None:
    """The median and 90th percentile the database computes are Python's."""
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    store = Store(database.sqlalchemy_url, now)
    with store.engine.begin() as connection:
        connection.execute(delete(Task))
        connection.execute(
            insert(Task),
            [
                {
                    "uuid": str(uuid.uuid4()),
                    "title": "t",
                    "status": "done",
                    "created_at": now - timedelta(hours=1, seconds=seconds),
                    "updated_at": now - timedelta(hours=1),
                    "completed_at": now - timedelta(hours=1),
                }
                for seconds in durations
            ],
        )
    period = review_period(now, now - timedelta(days=1))
    with store._session(write=False) as session:
        (figures,) = done_figures(session, period)["all"]
    store.close()
    expected_p90 = (
        durations[0]
        if len(durations) == 1
        else statistics.quantiles(durations, n=10, method="inclusive")[8]
    )
    assert figures.done == len(durations)
    assert figures.median_seconds == pytest.approx(statistics.median(durations), abs=1e-6)
    assert figures.p90_seconds == pytest.approx(expected_p90, abs=1e-6)


PEOPLE = {1: "Karim", 2: "Chloé"}
AREAS = (None, "Sales", "sales", "SALES", "HR", "Legal")


def _expected_figures(
    done: list[tuple[str | None, int | None, int, int | None]],
) -> dict[str, dict[str | None, tuple[Any, ...]]]:
    """Per grouping, per key (the area in lower case, the person's name): how many done, own,
    delegated, met, late, and the median and 90th percentile by Python's statistics."""

    def figures(tasks: list[tuple[str | None, int | None, int, int | None]]) -> tuple[Any, ...]:
        seconds = sorted(task[2] for task in tasks)
        delegated = sum(task[1] is not None for task in tasks)
        met = sum(task[3] is not None and task[3] >= 0 for task in tasks)
        late = sum(task[3] is not None and task[3] < 0 for task in tasks)
        p90 = (
            seconds[0]
            if len(seconds) == 1
            else statistics.quantiles(seconds, n=10, method="inclusive")[8]
        )
        return (
            len(tasks),
            len(tasks) - delegated,
            delegated,
            met,
            late,
            statistics.median(seconds),
            p90,
        )

    keys = {
        "all": lambda task: None,
        "area": lambda task: task[0] and task[0].lower(),
        "person": lambda task: PEOPLE.get(task[1]),  # type: ignore[arg-type]
    }
    found: dict[str, dict[str | None, tuple[Any, ...]]] = {}
    for grouping, key in keys.items():
        groups: dict[str | None, list[Any]] = {}
        for task in done:
            groups.setdefault(key(task), []).append(task)
        found[grouping] = {name: figures(tasks) for name, tasks in groups.items()}
    return found


@st.composite
def histories(draw: st.DrawFn) -> tuple[Any, list[dict[str, Any]], list[Any]]:
    """A period (a week, a month, a year) and tasks around it: done, open and dropped, done
    in it, before it, after its end and on both its bounds; areas differing by case only and
    none, yours and delegated, tied times to done, deadlines met, missed and none."""
    now = datetime(2026, 11, 26, 8, tzinfo=UTC)
    since = draw(st.sampled_from([None, 30, 365]))
    period = review_period(now, None if since is None else now - timedelta(days=since))
    span = int((period.end - period.start).total_seconds())
    rows, done = [], []
    for _ in range(draw(st.integers(min_value=0, max_value=25))):
        status = draw(st.sampled_from(["done", "done", "done", "open", "dropped"]))
        area = draw(st.sampled_from(AREAS))
        delegate = draw(st.sampled_from([None, None, 1, 2]))
        seconds = draw(st.sampled_from([0, 60, HOUR, DAY]) | st.integers(0, 90 * DAY))
        offset = draw(st.sampled_from([0, span, -1, span + 1]) | st.integers(-3 * span, span))
        completed = period.start + timedelta(seconds=offset)
        slack = draw(st.none() | st.sampled_from([0, -1]) | st.integers(-5 * DAY, 5 * DAY))
        rows.append(
            {
                "uuid": str(uuid.uuid4()),
                "title": "t",
                "status": status,
                "area": area,
                "delegate_id": delegate,
                "created_at": completed - timedelta(seconds=seconds),
                "updated_at": completed,
                "completed_at": None if status == "open" else completed,
                "due": None if slack is None else completed + timedelta(seconds=slack),
            }
        )
        if status == "done" and 0 <= offset <= span:
            done.append((area, delegate, seconds, slack))
    return period, rows, done


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=histories())
def test_done_figures_match_pythons_statistics_by_area_and_person(
    todo: Todo, database: Database, history: tuple[Any, list[dict[str, Any]], list[Any]]
) -> None:
    """Every grouping's counts, median and 90th percentile are Python's, whatever the period
    (a week, a month, a year: the database's plans differ), ties, single-task groups, an
    empty period, tasks without an area or a delegate."""
    period, rows, done = history
    store = Store(database.sqlalchemy_url, period.end)
    with store.engine.begin() as connection:
        connection.execute(delete(Task))
        connection.execute(delete(Person))
        connection.execute(
            insert(Person),
            [
                {"id": id, "name": name, "key": name.lower(), "created_at": period.start}
                for id, name in PEOPLE.items()
            ],
        )
        if rows:
            connection.execute(insert(Task), rows)
    with store._session(write=False) as session:
        figures = done_figures(session, period)
    store.close()
    expected = _expected_figures(done)
    found = {
        grouping: {
            (f.key.lower() if grouping == "area" and f.key else f.key): (
                f.done,
                f.own,
                f.delegated,
                f.met,
                f.late,
                f.median_seconds,
                f.p90_seconds,
            )
            for f in figures[grouping]
        }
        for grouping in ("all", "area", "person")
    }
    for grouping, groups in expected.items():
        assert found[grouping].keys() == groups.keys()
        for key, figure in groups.items():
            assert found[grouping][key] == pytest.approx(figure, abs=1e-6), (grouping, key)
    assert [f.done for f in figures["area"]] == sorted(
        (f.done for f in figures["area"]), reverse=True
    )


PROBE = """
import sys
from coo_todo.cli import app
try:
    app(sys.argv[1:], prog_name="todo")
except SystemExit:
    pass
print("MATPLOTLIB" if "matplotlib" in sys.modules else "NONE")
"""


@pytest.mark.slow
@pytest.mark.sqlite_only
@pytest.mark.parametrize("args", [["review"], ["review", "--format", "markdown"]], ids=" ".join)
def test_review_imports_matplotlib_only_for_a_chart(
    todo: Todo, database: Database, args: list[str]
) -> None:
    todo.add("A task")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ),
    )
    assert result.stdout.strip().endswith("NONE")


@pytest.mark.parametrize("columns", ["60", "100"])
def test_review_fits_the_terminal(
    week: Todo, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """On a narrow terminal the bars go first; every figure stays whole."""
    monkeypatch.setenv("COLUMNS", columns)
    lines = week("review").stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= int(columns)
    sales = next(line for line in lines if line.startswith(" Sales"))
    assert sales.split()[:8] == ["Sales", "3", "2", "1", "2d", "6.8d", "1", "1"]
    assert ("█" in sales) == (columns == "100")
