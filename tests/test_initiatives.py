"""Initiatives (issue 16): a six-week cycle with three reviews, the clock moved with
``COO_TODO_NOW``; the review coming back into the triage on its days, the brief listing what
moved, the burn-up matching the history; undo, and hostile input."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coo_todo.cli import app
from coo_todo.domain.initiatives import BurnUpPoint, Joined, burn_up, checked_key
from coo_todo.domain.people import name_key
from coo_todo.errors import InvalidInput
from tests.conftest import Todo


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("COO_TODO_NOW", when)


def triage_titles(todo: Todo) -> list[str]:
    return [task["title"] for task in todo.json("triage")]


def agenda(todo: Todo, key: str = "crm") -> dict[str, list[str]]:
    """The brief's sections (its level-2 headings), each with its list items' text, as the
    markdown reads (escapes undone)."""
    tokens = MarkdownIt().parse(todo("initiative", "brief", key).stdout)
    sections: dict[str, list[str]] = {}
    current = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            current = tokens[index + 1].content
            sections[current] = []
        elif token.type == "list_item_open" and current is not None:
            inline = tokens[index + 2].children or []
            sections[current].append("".join(child.content for child in inline))
    return sections


REVIEW = "Review CRM migration with Chloé, Karim"


def test_six_weeks_three_reviews(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, "2026-11-30T09:00")  # a Monday
    added = todo(
        "initiative", "add", "CRM migration", "--area", "Sales", "--with", "Karim,Chloé",
        "--review", "every:2w", "--goal", "One CRM by March",
    )  # fmt: skip
    assert added.stdout == "Added crm: CRM migration (active, next review Mon 14 Dec)\n"
    assert [p["name"] for p in todo.json("people")] == ["Chloé", "Karim"], "added on the fly"
    export = todo.add("Export accounts in:crm due:2026-12-04")
    mapping = todo.add("Map fields in:crm", "--to", "karim")
    training = todo.add("Train sales in:CRM due:2026-12-18")
    todo.add("Unrelated task")
    assert REVIEW not in triage_titles(todo)

    at(monkeypatch, "2026-12-02T10:00")
    todo("done", str(export))
    at(monkeypatch, "2026-12-04T10:00")
    todo("edit", str(training), "due:2026-12-23")  # moved later: slipped
    at(monkeypatch, "2026-12-13T20:00")
    assert REVIEW not in triage_titles(todo), "not before its day"

    at(monkeypatch, "2026-12-14T09:00")  # review 1
    assert REVIEW in triage_titles(todo)
    assert todo.json("initiative", "list")[0]["moved_since_last_review"] == 3
    assert agenda(todo) == {
        "Agreed last time": [],
        "Done since the last review": [f"#{export} Export accounts"],
        "Still open": [
            f"#{mapping} Map fields (waiting on Karim)",
            f"#{training} Train sales (mine)",
        ],
        "Slipped": [f"#{training} Train sales"],
        "Next decisions": [
            f"Re-plan or drop #{training} Train sales",
            f"Chase Karim on #{mapping} Map fields",  # its follow-up day has passed
        ],
    }
    todo("initiative", "review", "crm", "--note", "Karim maps the fields by Friday")
    assert REVIEW not in triage_titles(todo), "recorded: it leaves the triage"
    listed = todo.json("initiative", "list")[0]
    assert listed["next_review"] == "2026-12-28T23:59:59+01:00"
    assert listed["moved_since_last_review"] == 0

    at(monkeypatch, "2026-12-16T10:00")
    todo("done", str(mapping))
    at(monkeypatch, "2026-12-17T10:00")
    cleanup = todo.add("Clean duplicates due:2026-12-22")
    todo("edit", str(cleanup), "in:crm")  # joins later
    at(monkeypatch, "2026-12-27T18:00")
    assert REVIEW not in triage_titles(todo)

    at(monkeypatch, "2026-12-28T09:00")  # review 2
    assert triage_titles(todo).count(REVIEW) == 1
    assert agenda(todo) == {
        "Agreed last time": ["Karim maps the fields by Friday"],
        "Done since the last review": [f"#{mapping} Map fields"],
        "Still open": [f"#{training} Train sales (mine)", f"#{cleanup} Clean duplicates (mine)"],
        "Slipped": [f"#{training} Train sales", f"#{cleanup} Clean duplicates"],
        "Next decisions": [
            f"Re-plan or drop #{training} Train sales",
            f"Re-plan or drop #{cleanup} Clean duplicates",
        ],
    }
    todo("initiative", "review", "crm", "--note", "Chloé cleans the duplicates")

    at(monkeypatch, "2027-01-05T10:00")
    todo("done", str(training), str(cleanup))
    at(monkeypatch, "2027-01-11T09:00")  # review 3, six weeks after the start
    assert triage_titles(todo).count(REVIEW) == 1
    assert agenda(todo) == {
        "Agreed last time": ["Chloé cleans the duplicates"],
        "Done since the last review": [f"#{training} Train sales", f"#{cleanup} Clean duplicates"],
        "Still open": [],
        "Slipped": [],
        "Next decisions": [],
    }  # fmt: skip
    todo("initiative", "review", "crm", "--note", "Done: close it next time")

    shown = todo.json("initiative", "show", "crm")
    assert [(p["day"], p["done"], p["total"]) for p in shown["burn_up"]] == [
        ("2026-11-30", 0, 3),
        ("2026-12-07", 1, 3),
        ("2026-12-14", 1, 3),
        ("2026-12-21", 2, 4),
        ("2026-12-28", 2, 4),
        ("2027-01-04", 2, 4),
        ("2027-01-11", 4, 4),
    ]
    tasks = {t["id"]: t for t in todo.json("list", "--status", "all")}
    finished = sorted(tasks[i]["completed_at"][:10] for i in (export, mapping, training, cleanup))
    assert finished == ["2026-12-02", "2026-12-16", "2027-01-05", "2027-01-05"], "the history"
    assert shown["days_since_start"] == 42
    assert [r["note"] for r in shown["reviews"]] == [
        "Karim maps the fields by Friday",
        "Chloé cleans the duplicates",
        "Done: close it next time",
    ]
    reviews = [t for t in tasks.values() if "review-meeting" in t["tags"]]
    assert [t["status"] for t in reviews] == ["done", "done", "done", "open"]
    text = todo("initiative", "show", "crm").stdout
    assert "4/4" in text and "42 days ago" in text


def test_unknown_initiative_is_a_one_line_error(todo: Todo) -> None:
    result = todo("add", "Call Acme in:nope", code=1)
    assert result.stderr == "error: no initiative 'nope' (todo initiative list)\n"
    assert todo("list").stdout.count("Call Acme") == 0, "nothing written"
    todo.add("Call Acme")
    todo("edit", "1", "in:nope", code=1)
    todo("initiative", "show", "nope", code=1)
    todo("initiative", "add", "CRM migration")
    todo("edit", "1", "in:crm")
    assert todo.json("initiative", "show", "crm")["burn_up"][-1]["total"] == 1
    todo("edit", "1", "--in", "none")
    assert todo.json("initiative", "show", "crm")["burn_up"][-1]["total"] == 0
    todo("add", "Call Globex", "--in", "CRM")
    assert todo.json("initiative", "show", "crm")["burn_up"][-1]["total"] == 1
    todo("undo")
    todo("undo")
    assert todo.json("initiative", "show", "crm")["burn_up"][-1]["total"] == 1


def test_states_move_the_review_task_and_undo_takes_each_back(
    todo: Todo, monkeypatch: pytest.MonkeyPatch
) -> None:
    todo("initiative", "add", "Hiring process", "--key", "hiring", "--review", "every:1w")
    assert todo.json("initiative", "list")[0]["next_review"] == "2026-12-03T23:59:59+01:00"
    todo("initiative", "pause", "hiring")
    assert [t["status"] for t in todo.json("list", "--status", "all")] == ["dropped"]
    todo("initiative", "pause", "hiring", code=2)
    at(monkeypatch, "2026-12-01T09:00")
    todo("initiative", "resume", "hiring")
    assert todo.json("initiative", "list")[0]["next_review"] == "2026-12-08T23:59:59+01:00"
    todo("initiative", "edit", "hiring", "--with", "Lina", "--goal", "Hire in 3 weeks")
    assert todo.json("list")[0]["title"] == "Review Hiring process with Lina"
    todo("initiative", "close", "hiring")
    assert todo.json("initiative", "list")[0]["state"] == "done"
    assert todo.json("list") == []
    for _ in range(4):  # close, edit, resume, pause
        todo("undo")
    assert todo.json("initiative", "list")[0]["state"] == "active"
    assert [t["status"] for t in todo.json("list", "--status", "all")] == ["open"]
    todo("undo")  # the initiative itself
    assert todo.json("initiative", "list") == []
    assert todo.json("list", "--status", "all") == []


def test_removing_a_member_leaves_their_initiatives_and_undo_brings_them_back(
    todo: Todo,
) -> None:
    todo("initiative", "add", "CRM migration", "--with", "Karim,Chloé")
    todo("people", "remove", "karim")
    assert todo.json("initiative", "list")[0]["members"] == ["Chloé"]
    todo("undo")
    assert todo.json("initiative", "list")[0]["members"] == ["Chloé", "Karim"]


def test_review_is_undone_with_its_tasks(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    todo("initiative", "add", "CRM migration", "--review", "every:2w")
    at(monkeypatch, "2026-12-10T09:00")
    todo("initiative", "review", "crm", "--note", "Agreed")
    assert len(todo.json("initiative", "show", "crm")["reviews"]) == 1
    undone = todo("undo").stdout
    assert "initiative-reviewed CRM migration" in undone
    shown = todo.json("initiative", "show", "crm")
    assert shown["reviews"] == [] and shown["next_review"] == "2026-12-10T23:59:59+01:00"
    assert [t["status"] for t in todo.json("list", "--status", "all")] == ["open"]


def test_backup_round_trip_keeps_initiatives(
    todo: Todo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    todo("initiative", "add", "CRM migration", "--with", "Karim,Chloé", "--review", "every:2w",
         "--target", "2027-03-31", "--goal", "One CRM")  # fmt: skip
    todo("initiative", "add", "Team reshape", "--key", "reshape", "--with", "Karim")
    todo.add("Export accounts in:crm")
    at(monkeypatch, "2026-12-10T09:00")
    todo("initiative", "review", "crm", "--note", "Agreed: export first")
    todo("initiative", "pause", "reshape")
    path = tmp_path / "backup.json"
    todo("export", "--format", "json", "--output", str(path))
    restored = str(tmp_path / "restored.sqlite")
    todo("--db", restored, "import", str(path))
    again = todo("--db", restored, "export", "--format", "json").stdout
    assert again == path.read_text(encoding="utf-8")
    assert (
        todo("--db", restored, "initiative", "brief", "crm").stdout
        == todo("initiative", "brief", "crm").stdout
    )
    assert todo("--db", restored, "undo").stdout == todo("undo").stdout


# -- hostile input ------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_keys_are_checked_or_refused(text: str) -> None:
    try:
        key = checked_key(text)
    except InvalidInput as exc:
        assert "\n" not in str(exc)
    else:
        assert key == name_key(text) and 1 <= len(key) <= 40  # case and accents aside


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 60)))))
def test_burn_up_never_counts_more_done_than_total(spans: list[tuple[int, int | None]]) -> None:
    from datetime import UTC, date, datetime, timedelta

    start = datetime(2026, 11, 30, 9, tzinfo=UTC)
    tasks = [
        Joined(n, start + timedelta(days=j), None if d is None else start + timedelta(days=j + d))
        for n, (j, d) in enumerate(spans)
    ]
    points = burn_up(tasks, date(2026, 11, 30), date(2027, 2, 1))
    assert all(isinstance(p, BurnUpPoint) and 0 <= p.done <= p.total for p in points)
    assert [p.total for p in points] == sorted(p.total for p in points), "never goes down"


KEYS = itertools.count()


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=TEXT, note=TEXT, value=TEXT)
@pytest.mark.sqlite_only
def test_hostile_names_notes_and_in_values(todo: Todo, name: str, note: str, value: str) -> None:
    key = f"k{next(KEYS)}"
    command = ["initiative", "add", name, "--key", key, "--with", name]
    added = todo.runner.invoke(app, command)
    assert added.exit_code in (0, 1, 2), added.output
    assert "Traceback" not in added.output and len(added.stderr.splitlines()) <= 1
    if added.exit_code == 0:
        reviewed = todo.runner.invoke(app, ["initiative", "review", key, "--note", note])
        assert reviewed.exit_code in (0, 2), reviewed.output
        brief = todo("initiative", "brief", key).stdout
        title = next(t for t in MarkdownIt().parse(brief) if t.type == "inline").content
        assert title.startswith("Review: ") and "\n" not in title
        if reviewed.exit_code == 0 and note.strip():
            assert agenda(todo, key)["Agreed last time"] != []
    captured = todo.runner.invoke(app, ["add", f"Task in:{value}"])
    assert captured.exit_code in (0, 1, 2) and "Traceback" not in captured.output
    assert len(captured.stderr.splitlines()) <= 1


@settings(max_examples=300, deadline=None)
@given(TEXT.filter(lambda text: "\x00" not in text))  # NUL: refused before it is stored
def test_any_text_reads_back_as_itself_in_the_agenda(text: str) -> None:
    from coo_todo.domain.initiatives import _inline

    tokens = MarkdownIt().parse(f"- {_inline(text)}\n")
    inline = [token for token in tokens if token.type == "inline"]
    read = "".join(child.content for child in inline[0].children or []) if inline else ""
    assert read == " ".join(text.split())


def test_the_review_meeting_is_closed_by_recording_the_review(
    todo: Todo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``todo done`` on the review meeting would leave the initiative with no review to come:
    refused (nothing written), with the command that records it and sets the next one."""
    at(monkeypatch, "2026-11-30T09:00")
    todo("initiative", "add", "CRM migration", "--with", "Karim,Chloé", "--review", "every:2w")
    other = todo.add("Export accounts in:crm")
    at(monkeypatch, "2026-12-14T09:00")
    [meeting] = [task["id"] for task in todo.json("triage") if task["title"] == REVIEW]
    refused = todo("done", str(other), str(meeting), code=2)
    assert refused.stderr == (
        f"error: #{meeting} is the review meeting of crm: todo initiative review crm "
        "(--note ...) records it and sets the next one\n"
    )
    assert {task["id"] for task in todo.json("triage")} >= {other, meeting}, "nothing done"
    todo("done", str(other))
    todo("initiative", "review", "crm", "--note", "Export done")
    assert REVIEW not in triage_titles(todo)
    assert todo.json("initiative", "list")[0]["next_review"].startswith("2026-12-28")


def test_a_task_shows_its_initiative(todo: Todo) -> None:
    todo("initiative", "add", "CRM migration")
    inside = todo.add("Export accounts in:crm")
    outside = todo.add("Unrelated task")
    assert todo.json("show", str(inside))["initiative"] == "crm"
    assert todo.json("show", str(outside))["initiative"] is None
    assert re.search(r"^Initiative +crm ", todo("show", str(inside)).stdout, re.MULTILINE)
    todo("edit", str(inside), "in:none")
    assert todo.json("list")[0]["initiative"] is None


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;UNTIL=20000101", "FREQ=DAILY;COUNT=1"])
def test_a_review_rule_that_brings_no_review_is_refused(todo: Todo, rule: str) -> None:
    """It was taken, silently: the initiative never came back to the triage."""
    result = todo("initiative", "add", "CRM migration", "--review", rule, code=2)
    assert result.stderr == f"error: the rule {rule} has no date left\n"
    assert todo.json("initiative", "list") == []
    todo("initiative", "add", "CRM migration", "--review", "every:2w")
    todo("initiative", "edit", "crm", "--review", rule, code=2)
    assert todo.json("initiative", "show", "crm")["review_rule"] == "FREQ=WEEKLY;INTERVAL=2"


def test_a_new_member_typed_twice_in_other_letters_is_added_once(todo: Todo) -> None:
    """``--with "Zoé,zoe"`` was refused: someone called 'zoe' already exists."""
    todo("initiative", "add", "CRM migration", "--with", "Zoé,zoe, ZOE ,Karim,karim")
    assert todo.json("initiative", "show", "crm")["members"] == ["Karim", "Zoé"]
    todo("initiative", "edit", "crm", "--with", "Chloé,chloe")
    assert todo.json("initiative", "show", "crm")["members"] == ["Chloé", "Karim", "Zoé"]


def test_a_key_is_found_whatever_its_accents_and_case(todo: Todo) -> None:
    """The name "Écoles" gives the key ``ecoles``; ``in:écoles`` found no initiative, and
    ``--key Zèbre`` was refused."""
    todo("initiative", "add", "Écoles")
    for typed in ("écoles", "ÉCOLES", "Ecoles"):
        todo.add(f"Plan the term in:{typed}")
        assert todo.json("initiative", "show", typed)["key"] == "ecoles"
    assert len(todo.json("initiative", "show", "ecoles")["burn_up"]) >= 1
    assert "Added zebre: Zèbre" in todo("initiative", "add", "Zèbre", "--key", "Zèbre").stdout
    todo("initiative", "add", "Zebra crossing", "--key", "ZEBRE", code=2)


def test_a_target_before_the_start_is_refused_and_nothing_is_written(todo: Todo) -> None:
    result = todo("initiative", "add", "CRM migration", "--target", "yesterday", code=2)
    assert result.stderr.startswith("error: the target date (")
    assert "is before the initiative's start" in result.stderr
    assert todo.json("initiative", "list") == []
    todo("initiative", "add", "CRM migration", "--target", "today")
    todo("initiative", "edit", "crm", "--target", "2020-01-01", code=2)
    todo("initiative", "edit", "crm", "--target", "in 3 months")
    assert todo.json("initiative", "show", "crm")["target"].startswith("2027-02-26")
