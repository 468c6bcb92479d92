"""The morning view through the CLI: triage, explain, dependencies."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.conftest import Todo


def ids(rows: list[dict]) -> list[int]:
    return [row["id"] for row in rows]


def test_empty_triage_says_how_to_start(todo: Todo) -> None:
    todo("db", "upgrade")  # an empty database (without one, triage says to start one)
    out = todo("triage").stdout
    assert "Nothing to triage" in out and "todo add" in out
    assert todo.json("triage") == []


def test_triage_ranks_by_score_highest_first(todo: Todo) -> None:
    todo("add", "Someday idea impact:1 urgency:1")
    todo("add", "Board deck impact:5 due:tomorrow")
    todo("add", "Overdue invoice impact:3 due:2026-11-20")
    todo("add", "Routine impact:3")
    ranking = todo.json("triage")
    # The overdue invoice is already late; the board deck still has two working days.
    assert ids(ranking) == [3, 2, 4, 1]
    scores = [row["score"] for row in ranking]
    assert scores == sorted(scores, reverse=True)
    assert ranking[0]["quadrant"] == "do" and ranking[-1]["quadrant"] == "drop"


def test_triage_table_has_columns_and_words(todo: Todo) -> None:
    todo("add", "Board deck impact:5 due:tomorrow effort:2h area:Finance +board")
    todo("add", "Late invoice due:2026-11-24")
    todo("add", "Call back due:today")
    out = todo("triage").stdout
    for header in ("#", "ID", "Title", "Score", "Quadrant", "Due", "Effort", "Area", "Tags"):
        assert header in out
    for text in ("tomorrow", "2d overdue", "today", "2h", "Finance", "+board", "Do"):
        assert text in out


def test_triage_colours_only_on_a_terminal(todo: Todo, monkeypatch) -> None:
    todo("add", "Late due:2026-11-24")
    assert "\x1b[" not in todo("triage").stdout, "piped output carries no escape codes"
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in todo("triage").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    out = todo("triage").stdout
    assert "2d overdue" in out


def test_triage_limit_area_tag(todo: Todo) -> None:
    todo("add", "Sales A impact:5 area:Sales +client")
    todo("add", "Sales B impact:4 area:Sales")
    todo("add", "HR A impact:5 area:HR +client")
    assert ids(todo.json("triage", "--limit", "2")) == [1, 3]
    assert ids(todo.json("triage", "--area", "sales")) == [1, 2]
    assert ids(todo.json("triage", "--tag", "client")) == [1, 3]
    assert "must be 1 or more, not 0" in todo("triage", "--limit", "0", code=2).stderr


def test_done_task_leaves_triage(todo: Todo) -> None:
    todo("add", "One")
    todo("add", "Two")
    todo("done", "1")
    assert ids(todo.json("triage")) == [2]


def test_blocked_task_is_out_of_ranking_and_its_blocker_rises(todo: Todo) -> None:
    todo("add", "Choose CRM vendor impact:2 urgency:2")
    todo("add", "Other work impact:3")
    todo("add", "Migrate CRM impact:5 urgency:5 blocked-by:1")
    ranking = todo.json("triage")
    assert ids(ranking) == [1, 2], "blocked #3 is not ranked; its blocker #1 inherits its weight"
    assert ranking[0]["blocked_by"] == []
    out = todo("triage").stdout
    assert "1 blocked task not shown" in out
    full = todo("triage", "--all").stdout
    assert "Blocked" in full and "Migrate CRM" in full and "#1 Choose CRM vendor" in full
    todo("done", "1")
    assert 3 in ids(todo.json("triage"))


def test_dependency_cycles_are_refused(todo: Todo) -> None:
    todo("add", "A")
    todo("add", "B", "--blocked-by", "1")
    todo("add", "C", "--blocked-by", "2")
    result = todo("edit", "1", "--blocked-by", "3", code=2)
    assert "cannot wait for #3" in result.stderr
    result = todo("edit", "1", "--blocked-by", "1", code=2)
    assert "cannot block itself" in result.stderr
    assert todo.json("show", "1")["blocked_by"] == []


def test_unblock(todo: Todo) -> None:
    todo("add", "A")
    todo("add", "B", "--blocked-by", "1")
    assert ids(todo.json("triage")) == [1]
    todo("edit", "2", "--unblock", "1")
    assert sorted(ids(todo.json("triage"))) == [1, 2]


def test_explain_lists_terms_that_sum_to_total(todo: Todo) -> None:
    todo("add", "Renew Acme impact:5 urgency:4 due:+2d effort:1h")
    data = todo.json("explain", "1")
    names = [term["name"] for term in data["terms"]]
    assert names[:5] == ["impact", "urgency", "due", "age", "quick win"]
    assert abs(sum(t["points"] for t in data["terms"]) - data["score"]) < 0.01
    assert data["rank"] == 1
    out = todo("explain", "1").stdout
    assert "rank 1 of 1" in out and "total" in out
    match = re.search(
        r"due in 2 days \(Sat 28 Nov\): 1h of work, 2 working days left: \+(\d+\.\d)", out
    )
    assert match, out
    assert "impact 5/5: +10.0" in out


def test_explain_blocked_and_closed(todo: Todo) -> None:
    todo("add", "A")
    todo("add", "B", "--blocked-by", "1")
    assert "not ranked: waits for #1" in todo("explain", "2").stdout
    todo("done", "1")
    assert "not ranked: done" in todo("explain", "1").stdout
    todo("explain", "9", code=1)


def test_narrow_output_keeps_titles_readable(todo: Todo, monkeypatch) -> None:
    todo("add", "Board deck for the December meeting impact:5 area:Finance +board")
    monkeypatch.setenv("COLUMNS", "80")
    out = todo("triage").stdout
    assert "Board deck for the" in out
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("columns", [48, 63])
def test_a_narrow_explain_keeps_each_reason_on_its_line(
    todo: Todo, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """Narrow (a side panel, a phone), explain leaves out the value and the weight behind each
    term's points, so that the reasons are not cut into a word per line."""
    todo("add", "Renew Acme impact:5 urgency:4 effort:30m")
    monkeypatch.setenv("COLUMNS", str(columns))
    out = todo("explain", "1").stdout
    assert "Weight" not in out and "Value" not in out
    assert re.search(r"impact 5/5 +\+10\.00", out), out
    assert re.search(r"hand-set urgency 4/5 +\+3\.75", out), out
    assert max(len(line) for line in out.splitlines()) <= columns
    monkeypatch.setenv("COLUMNS", "64")
    assert "Weight" in todo("explain", "1").stdout


def test_a_filter_matching_nothing_says_so_not_the_welcome(todo: Todo) -> None:
    """The welcome is for an empty list; an empty filter says it matched nothing (#10, 30)."""
    todo("add", "Renew Acme area:Sales +renewal")
    for args in (["--area", "Legal"], ["--tag", "board"], ["--area", "Sales", "--tag", "x"]):
        out = todo("triage", *args).stdout
        assert "Nothing to triage" not in out
        assert out.startswith("No open task matches ") and "(1 open in all" in out
    assert "--area 'Sales' and --tag 'x'" in todo("triage", "-a", "Sales", "-t", "x").stdout
    todo("done", "1")
    assert "Nothing to triage" in todo("triage", "--area", "Legal").stdout


def test_triage_and_explain_a_dependency_chain_thousands_long(todo: Todo) -> None:
    """Each task waits for the previous one: triage shows the head, explain the tail."""
    from sqlalchemy import insert

    from coo_todo.paths import Paths
    from coo_todo.store import Store
    from coo_todo.store.models import Dependency, Task

    todo.add("Head of the chain")
    length = 3_000
    store = Store(Paths().database_url(), datetime(2026, 11, 26, 8, tzinfo=UTC))
    at = datetime(2026, 11, 20, tzinfo=UTC)
    common = {"status": "open", "impact": 3, "urgency": 3, "created_at": at, "updated_at": at}
    with store.engine.begin() as connection:
        connection.execute(
            insert(Task),
            [
                {"id": i, "uuid": f"chain-{i}", "title": f"Step {i}", **common}
                for i in range(2, length + 1)
            ],
        )
        connection.execute(
            insert(Dependency), [{"task_id": i, "blocker_id": i - 1} for i in range(2, length + 1)]
        )
    store.close()
    assert ids(todo.json("triage")) == [1]
    assert "Head of the chain" in todo("triage").stdout
    assert f"#{length}" in todo("explain", str(length)).stdout


def test_a_deadline_today_or_tomorrow_shows_its_time(todo: Todo) -> None:
    """Deadlines carry a time of day (#11): the view says "today 12:00", not just "today"; a
    date alone (the end of the day) stays "today"."""
    todo("add", "Payroll cut-off", "due:today_12:00")
    todo("add", "PO closes", "due:tomorrow_16:00")
    todo("add", "Board pack", "due:today")
    lines = todo("triage").stdout.splitlines()
    row = {
        title: next(line for line in lines if title in line) for title in ("Payroll", "PO", "Board")
    }
    assert "today 12:00" in row["Payroll"] and "tomorrow 16:00" in row["PO"]
    assert re.search(r"today +\S", row["Board"]) is None and "today" in row["Board"]
