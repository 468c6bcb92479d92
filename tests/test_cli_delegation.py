"""Delegation through the CLI: people, delegate, follow-ups, waiting list, 1:1 brief."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import Database, Todo


@pytest.fixture
def team(todo: Todo) -> Todo:
    todo("people", "add", "Alice Martin", "--team", "Sales", "--contact", "alice@example.com")
    todo("people", "add", "Alan Smith", "--team", "Support")
    todo("people", "add", "Hélène Dubois", "--team", "Finance")
    return todo


def ids(rows: list[dict]) -> list[int]:
    return [row["id"] for row in rows]


def test_people_add_list_and_duplicates(team: Todo) -> None:
    people = team.json("people")
    assert [p["name"] for p in people] == ["Alan Smith", "Alice Martin", "Hélène Dubois"]
    assert people[1]["team"] == "Sales" and people[1]["contact"] == "alice@example.com"
    assert people[1]["open_tasks"] == 0 and people[1]["median_days_to_done"] is None
    result = team("people", "add", "helene dubois", code=2)
    assert "already exists" in result.stderr
    assert "Alice Martin" in team("people").stdout


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("alice", "Alice Martin"),
        ("ali", "Alice Martin"),
        ("Alice M", "Alice Martin"),
        ("ALICE MARTIN", "Alice Martin"),
        ("helene", "Hélène Dubois"),
        ("hél", "Hélène Dubois"),
    ],
)
def test_names_match_by_prefix_case_and_accents(team: Todo, typed: str, name: str) -> None:
    team("add", "Task")
    team("delegate", "1", "--to", typed)
    assert team.json("show", "1")["delegate"] == name


def test_ambiguous_and_unknown_names(team: Todo) -> None:
    team("add", "Task")
    result = team("delegate", "1", "--to", "al", code=2)
    assert "matches several people: Alan Smith, Alice Martin" in result.stderr
    result = team("delegate", "1", "--to", "bob", code=1)
    assert "todo people add" in result.stderr and "--create" in result.stderr
    assert team.json("show", "1")["delegate"] is None
    team("delegate", "1", "--to", "Bob Stone", "--create")
    assert team.json("show", "1")["delegate"] == "Bob Stone"


def test_delegate_sets_follow_up_and_leaves_triage(team: Todo) -> None:
    team("add", "Renew Acme impact:5")
    team("add", "Own work")
    out = team("delegate", "1", "--to", "alice", "--note", "Draft by Friday").stdout
    assert "Delegated #1" in out and "Alice Martin" in out
    task = team.json("show", "1")
    assert task["delegate"] == "Alice Martin"
    assert task["follow_up"] == "2026-12-03", "default follow-up: 7 days"
    assert ids(team.json("triage")) == [2]
    assert "1 delegated task waiting" in team("triage").stdout


def test_follow_up_interval_comes_from_config(team: Todo, write_config) -> None:
    write_config("[delegation]\nfollow_up_days = 14\n")
    team("add", "Task")
    team("delegate", "1", "--to", "alice")
    assert team.json("show", "1")["follow_up"] == "2026-12-10"


def test_task_resurfaces_on_its_follow_up_day_not_before(team: Todo, monkeypatch) -> None:
    team("add", "Renew Acme impact:5")
    team("delegate", "1", "--to", "alice", "--follow-up", "mon", "--note", "Draft by Friday")
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-29T23:59:59")
    assert team.json("triage") == []
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-30T00:00:00")
    (row,) = team.json("triage")
    assert row["id"] == 1 and row["delegate"] == "Alice Martin" and row["follow_up"] == "2026-11-30"
    out = team("triage").stdout
    assert "follow up with Alice Martin" in out and "Draft by Friday" in out
    explained = team("explain", "1").stdout
    assert "follow-up" in explained and "follow up with Alice Martin" in explained


def test_check_in_too_close_to_the_deadline_brings_it_back_now(team: Todo) -> None:
    """Thursday 26 Nov: a check-in on Thursday 3 Dec leaves Thursday and Friday before a
    deadline on Friday 4 Dec (it waits); one on Friday leaves nine hours, a working day (it
    waits); a deadline Friday 12:00 leaves three hours after a Friday check-in: back now."""
    team("add", "Board deck due:2026-12-04 impact:4")
    team("add", "Tax filing due:2026-12-04_12:00 impact:4")
    team("delegate", "1", "--to", "alice", "--follow-up", "2026-12-03")
    team("delegate", "2", "--to", "alice", "--follow-up", "2026-12-04")
    assert ids(team.json("triage")) == [2]
    out = team("triage").stdout
    assert "follow up with Alice Martin (back now: a check-in on Fri 4 Dec would" in out
    assert "Follow up" in out


def test_delegate_proposes_a_check_in_before_a_near_deadline(team: Todo) -> None:
    """Thursday 26 Nov, due Tuesday 1 Dec 17:00: the default follow-up (in 7 days, after the
    deadline) is brought forward to Monday 30 Nov, a working day and eight hours before it."""
    team("add", "Offer letter due:2026-12-01_17:00 impact:5")
    team("add", "Vendor choice due:2026-12-24 impact:4")
    first = team("delegate", "1", "--to", "alice")
    assert "follow up Mon 30 Nov" in first.stdout and first.stderr == ""
    team("delegate", "2", "--to", "alice")
    assert team.json("show", "2")["follow_up"] == "2026-12-03"
    assert ids(team.json("triage")) == []


def test_follow_up_after_the_deadline_is_flagged(team: Todo) -> None:
    team("add", "Board deck due:2026-12-04 impact:4")
    result = team("delegate", "1", "--to", "alice", "--follow-up", "2026-12-10")
    assert result.stderr.strip() == (
        "note: the follow-up Thu 10 Dec is after the deadline Fri 4 Dec: #1 stays in today's "
        "triage to follow up with Alice Martin now"
    )
    assert ids(team.json("triage")) == [1]
    added = team("add", "Tax filing due:tomorrow to:alice follow:2026-12-01")
    assert "is after the deadline Fri 27 Nov" in added.stderr
    followed = team("followup", "1", "--next", "2026-12-02", "--note", "Draft sent")
    assert followed.stderr == ""


def test_past_follow_up_is_refused_and_a_missed_one_is_overdue(team: Todo, monkeypatch) -> None:
    """A follow-up day before today is an error, including a date without a year that has just
    passed: "25 Nov" on 26 Nov is not 25 Nov 2027 (#10, 33)."""
    team("add", "Late one")
    for past in ("2026-11-20", "yesterday", "25 Nov", "Nov 25 9am"):
        result = team("delegate", "1", "--to", "alice", "--follow-up", past, code=2)
        assert result.stderr.startswith(f"error: the follow-up day {past!r} has passed (")
        assert result.stderr.count("\n") == 1
    assert "2026" in team("delegate", "1", "--to", "ali", "-f", "25 Nov", code=2).stderr
    assert team("add", "Other to:alice follow:25_Nov", code=2).stderr.startswith("error: ")
    assert team.json("show", "1")["delegate"] is None and len(team.json("list")) == 1
    team("delegate", "1", "--to", "alice", "--follow-up", "today")
    assert team("followup", "1", "--next", "2026-11-25", code=2).stderr.startswith("error: ")
    assert team.json("show", "1")["follow_up"] == "2026-11-26"
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-02T09:00")
    assert ids(team.json("triage")) == [1]
    assert "6d overdue" in team("waiting").stdout
    assert team.json("people")[1]["follow_ups_due"] == 1


def test_capture_with_inline_delegation(team: Todo) -> None:
    team("add", "Update refund process to:Alice_M follow:next_mon +wiki")
    task = team.json("show", "1")
    assert task["title"] == "Update refund process" and task["tags"] == ["wiki"]
    assert task["delegate"] == "Alice Martin" and task["follow_up"] == "2026-11-30"
    team("add", "Another", "--to", "alan", "--follow-up", "fri")
    assert team.json("show", "2")["delegate"] == "Alan Smith"
    result = team("add", "Orphan follow:fri", code=2)
    assert "needs a delegate" in result.stderr
    result = team("add", "Nobody to:zed", code=1)
    assert "no person 'zed'" in result.stderr
    assert len(team.json("list")) == 2, "an unknown delegate writes nothing"


def test_delegating_closed_task_is_refused(team: Todo) -> None:
    team("add", "Done already")
    team("done", "1")
    result = team("delegate", "1", "--to", "alice", code=2)
    assert "only open tasks can be delegated" in result.stderr
    assert team.json("show", "1")["delegate"] is None
    team("delegate", "9", "--to", "alice", code=1)


def test_followup_note_next_and_done(team: Todo, monkeypatch) -> None:
    team("add", "Vendor shortlist")
    team("delegate", "1", "--to", "alice", "--follow-up", "mon")
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-30T10:00")
    team("followup", "1", "--note", "Two vendors left", "--next", "fri")
    task = team.json("show", "1")
    assert task["follow_up"] == "2026-12-04" and task["last_note"] == "Two vendors left"
    assert team.json("triage") == []
    team("followup", "1", code=2)
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-04T10:00")
    team("followup", "1", "--done", "--note", "Signed")
    task = team.json("show", "1")
    assert task["status"] == "done" and task["completed_at"].startswith("2026-12-04")
    history = team("show", "1").stdout
    for kind in ("delegated", "followed-up", "Two vendors left", "done", "Signed"):
        assert kind in history
    assert team.json("people")[1]["median_days_to_done"] == 8.0


def test_followup_on_undelegated_task_is_refused(team: Todo) -> None:
    team("add", "Mine")
    result = team("followup", "1", "--note", "x", code=2)
    assert "not delegated" in result.stderr


def test_reclaim_and_redelegate(team: Todo) -> None:
    team("add", "Hiring plan")
    team("delegate", "1", "--to", "alice")
    team("delegate", "1", "--to", "alan", "--note", "Alice is busy")
    assert team.json("show", "1")["delegate"] == "Alan Smith"
    team("reclaim", "1", "--note", "I'll do it")
    task = team.json("show", "1")
    assert task["delegate"] is None and task["follow_up"] is None
    assert ids(team.json("triage")) == [1]
    history = team("show", "1").stdout
    assert "redelegated" in history and "reclaimed" in history
    team("reclaim", "1", code=2)


def test_waiting_groups_by_person_oldest_first(team: Todo, monkeypatch) -> None:
    team("add", "A")
    team("add", "B")
    team("add", "C")
    team("delegate", "2", "--to", "alice", "--note", "first")
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-27T09:00")
    team("delegate", "1", "--to", "alice")
    team("delegate", "3", "--to", "helene")
    groups = team.json("waiting")
    assert [g["person"] for g in groups] == ["Alice Martin", "Hélène Dubois"]
    assert ids(groups[0]["tasks"]) == [2, 1]
    assert [g["person"] for g in team.json("waiting", "--person", "hel")] == ["Hélène Dubois"]
    out = team("waiting").stdout
    assert "Alice Martin" in out and "1d" in out and "first" in out


def test_waiting_empty(todo: Todo) -> None:
    todo("add", "Mine")
    assert "Nothing delegated" in todo("waiting").stdout


def test_people_remove_refused_then_reassigned(team: Todo) -> None:
    team("add", "Task")
    team("delegate", "1", "--to", "alice")
    result = team("people", "remove", "alice", code=2)
    assert "--reassign" in result.stderr
    team("people", "remove", "alice", "--reassign", "alan")
    assert team.json("show", "1")["delegate"] == "Alan Smith"
    assert "Alice Martin" not in [p["name"] for p in team.json("people")]
    team("people", "remove", "alan", "--reassign", "alan", code=2)


def test_people_edit(team: Todo) -> None:
    team("people", "edit", "alice", "--name", "Alice Durand", "--team", "CS")
    names = {p["name"]: p["team"] for p in team.json("people")}
    assert names["Alice Durand"] == "CS"
    team("people", "edit", "alice", "--name", "Alan Smith", code=2)


def _structure(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) of headings, list items and paragraphs, as markdown-it parses them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    out = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            out.append((token.tag, tokens[index + 1].content))
        elif token.type == "list_item_open" and tokens[index + 2].type == "inline":
            out.append((f"li{token.level}", tokens[index + 2].content))
    return out


def test_brief_markdown_structure(team: Todo, monkeypatch, tmp_path: Path) -> None:
    team("add", "Renew *Acme* [contract] <script>", "--literal")
    team("add", "Pipeline review")
    team("add", "Old deal")
    team("delegate", "1", "--to", "alice", "--follow-up", "mon", "--note", "Draft # by | Friday")
    team("delegate", "2", "--to", "alice", "--follow-up", "2026-12-20")
    team("delegate", "3", "--to", "alice")
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-01T09:00")
    team("followup", "3", "--done", "--note", "Won")
    text = team("brief", "ali").stdout
    structure = _structure(text)
    headings = [text for kind, text in structure if kind in ("h1", "h2")]
    assert headings == [
        "1:1 with Alice Martin, Tue 1 Dec 2026",
        "Follow-ups due",
        "Also delegated",
        "Done since Tue 17 Nov",
    ]
    items = [text for kind, text in structure if kind == "li1"]
    assert items[0].startswith("[ ] **#1 Renew \\*Acme\\* \\[contract\\] \\<script\\>**")
    assert "follow-up Mon 30 Nov (1d overdue)" in items[0]
    assert items[1].startswith("[ ] **#2 Pipeline review**")
    assert items[2].startswith("[x] **#3 Old deal**")
    notes = [text for kind, text in structure if kind == "li3"]
    assert any("Draft \\# by \\| Friday" in note for note in notes)
    html = MarkdownIt("commonmark").render(text)
    assert "<script>" not in html and "Renew *Acme* [contract] &lt;script&gt;" in html
    out = tmp_path / "alice.md"
    team("brief", "alice", "--record", "--output", str(out))
    assert out.read_text(encoding="utf-8").startswith("# 1:1 with Alice Martin")
    second = team("brief", "alice").stdout
    assert "Done since Tue 1 Dec" in second, "the next brief starts from the recorded 1:1"


def test_follow_ups_due_have_one_definition(team: Todo, monkeypatch) -> None:
    """A delegated task back early because its deadline is near counts as a follow-up due in
    triage, export, brief and people alike; explain's words fit a passed deadline (#10, 28)."""
    team("add", "Board deck due:2026-11-29 impact:4")
    team("delegate", "1", "--to", "alice", "--follow-up", "2026-12-10")
    team("add", "Later one due:2026-12-31")
    team("delegate", "2", "--to", "alice", "--follow-up", "2026-12-10")
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-01T09:00")
    assert ids(team.json("triage")) == [1]
    assert "1 follow-up(s) due" in team("export").stdout
    brief = team("brief", "alice").stdout
    assert "1 follow-up(s) due" in brief
    assert brief.split("## Also delegated")[0].count("**#1 Board deck**") == 1
    assert team.json("people")[1]["follow_ups_due"] == 1
    explained = " ".join(team("explain", "1").stdout.split())
    assert "back before its deadline" not in explained
    assert "overdue since Sun 29 Nov" in explained


def test_people_are_sorted_by_folded_name_everywhere(todo: Todo, monkeypatch) -> None:
    """Cécile before Chloé, Élodie before Zoé, in people, waiting and the export (#10, 31)."""
    names = ["Zoé Roux", "Chloé Petit", "Élodie Blanc", "Cécile Durand"]
    for name in names:
        todo("people", "add", name)
    folded = ["Cécile Durand", "Chloé Petit", "Élodie Blanc", "Zoé Roux"]
    assert [p["name"] for p in todo.json("people")] == folded
    for number, name in enumerate(names, 1):
        todo("add", f"Task {number}", "--to", name, "--follow-up", "2026-12-10")
    assert [group["person"] for group in todo.json("waiting")] == folded
    waiting = todo("waiting").stdout
    assert [waiting.index(name) for name in folded] == sorted(waiting.index(n) for n in folded)
    result = todo("add", "Ambiguous", "--to", "c", code=2)
    assert "Cécile Durand, Chloé Petit" in result.stderr


@pytest.fixture
def finished(team: Todo, monkeypatch) -> Todo:
    """Alice finished a delegated task on Tue 1 Dec; today is Wed 2 Dec."""
    team("add", "Old deal")
    team("delegate", "1", "--to", "alice")
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-01T09:00")
    team("followup", "1", "--done", "--note", "Won")
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-02T09:00")
    return team


def test_looking_at_a_brief_changes_nothing(finished: Todo, tmp_path: Path) -> None:
    """#10, 8: a brief printed or written keeps "Done since", and undo still reverts the
    last real change."""
    first = finished("brief", "alice").stdout
    finished("brief", "alice", "--output", str(tmp_path / "alice.md"))
    assert finished("brief", "alice").stdout == first
    assert "Done since Wed 18 Nov" in first and "**#1 Old deal**" in first
    assert finished("undo").stdout == "Undid done #1 Old deal\n"
    assert finished.json("show", "1")["status"] == "open"


def test_a_recorded_1on1_is_a_change_of_its_own(finished: Todo, monkeypatch) -> None:
    """#10, 8: ``--record`` moves the next brief's start; undo restores the previous one."""
    before = finished("brief", "alice").stdout
    result = finished("brief", "alice", "--record")
    assert result.stdout == before, "the agenda since the last 1:1; the note goes to stderr"
    assert result.stderr.startswith("Recorded your 1:1 with Alice Martin")
    assert "Done since Wed 2 Dec" in finished("brief", "alice").stdout
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-09T09:00")
    finished("brief", "alice", "--record")
    assert "Done since Wed 9 Dec" in finished("brief", "alice").stdout
    assert finished("undo").stdout == "Undid briefed Alice Martin\n"
    assert "Done since Wed 2 Dec" in finished("brief", "alice").stdout, "the previous 1:1"
    assert finished("undo").stdout == "Undid briefed Alice Martin\n"
    assert "Done since Wed 25 Nov" in finished("brief", "alice").stdout, "none: 14 days"
    assert finished("undo").stdout == "Undid done #1 Old deal\n"


def test_a_task_delegated_today_and_back_says_today(todo: Todo) -> None:
    """Its check-in would come after its deadline, so it is back at once: "delegated today",
    never "delegated 0 days ago"."""
    todo("add", "Tax filing", "due:tomorrow", "impact:5")
    todo("delegate", "1", "--to", "Alice", "--create", "--follow-up", "next mon")
    shown = " ".join(todo("triage").stdout.split())
    assert "delegated today" in shown and "delegated 0 days" not in shown


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("Siobhán O\u2019Brien", "siobhan o'brien"), ("Dan O'Neil", "dan O\u2019Neil")],
)
def test_a_name_is_found_whatever_the_apostrophe(todo: Todo, stored: str, typed: str) -> None:
    """Typed with a typographic apostrophe (a phone, a word processor), found with the straight
    one, and the reverse: delegate --to, --person filters, the people commands."""
    todo("people", "add", stored)
    todo("add", "Board pack")
    todo("delegate", "1", "--to", typed)
    assert todo.json("show", "1")["delegate"] == stored
    assert [task["id"] for task in todo.json("list", "--person", typed)] == [1]
    assert "Board pack" in todo("waiting", "--person", typed).stdout
    todo("people", "edit", typed, "--team", "Finance")
    result = todo("people", "add", typed.upper(), code=2)
    assert "already exists" in result.stderr
    assert [(p["name"], p["team"]) for p in todo.json("people")] == [(stored, "Finance")]


def test_two_people_alike_but_for_the_apostrophe_are_never_confused(
    todo: Todo, database: Database
) -> None:
    """An earlier version stored ``o\u2019brien`` and ``o'brien`` as two keys: a spelling that
    names both is refused, naming both; the exact one is found; nobody is added a third time,
    even under a name the stored keys differ from."""
    todo("people", "add", "Sean O\u2019Brien")
    database.execute("UPDATE person SET key = :key", key="sean o\u2019brien")  # as stored then
    database.execute(
        "INSERT INTO person (name, key, created_at) "
        "SELECT :name, :key, created_at FROM person WHERE id = 1",
        name="Sean O'Brien",
        key="sean o'brien",
    )
    todo("add", "Board pack")
    result = todo("delegate", "1", "--to", "sean o\u02bcbrien", code=2)
    assert "names several people: Sean O'Brien, Sean O\u2019Brien;" in result.stderr
    assert result.stderr.count("\n") == 1
    todo("delegate", "1", "--to", "Sean O\u2019Brien")
    assert todo.json("show", "1")["delegate"] == "Sean O\u2019Brien"
    assert "already exists" in todo("people", "add", "SEAN O\u02bcBRIEN", code=2).stderr
    assert len(todo.json("people")) == 2
