"""Search (#15): titles and notes, case and accents aside, every word; ``--person`` on triage,
list and search."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event, insert

from coo_todo.domain.search import matches, search_terms
from tests.conftest import Todo


def found(todo: Todo, *args: str) -> list[int]:
    return [task["id"] for task in todo.json("search", *args)]


def test_search_ignores_case_and_accents_both_ways(todo: Todo) -> None:
    todo.add("Book the Hôtel Régence for the offsite")
    todo.add("Call regence", "--note", "about the invoice")
    todo.add("Pay the RÉGENCE invoice")
    todo.add("Other")
    assert found(todo, "regence") == [1, 2, 3]
    assert found(todo, "Régence") == [1, 2, 3]
    assert found(todo, "HOTEL", "régence") == [1], "every word must match"
    assert found(todo, "regence invoice") == [2, 3], "notes count"
    assert "Hôtel Régence" in todo("search", "hotel").stdout
    assert todo("search", "zzz").stdout == (
        "No task matches 'zzz' (todo search --all also looks in done and dropped tasks)\n"
    )


def test_open_tasks_come_first_by_score_then_closed_ones_with_all(todo: Todo) -> None:
    todo.add("Acme renewal impact:1")
    todo.add("Acme invoice impact:5 due:today")
    todo.add("Acme kickoff")
    todo("done", "3")
    assert found(todo, "acme") == [2, 1]
    assert found(todo, "acme", "--all") == [2, 1, 3]


def test_person_filters_triage_list_and_search(todo: Todo) -> None:
    todo("people", "add", "Alice Martin")
    todo("people", "add", "Bob Stone")
    todo.add("Acme deck to:alice follow:today")
    todo.add("Acme pricing to:bob follow:today")
    todo.add("Acme call")
    assert [task["id"] for task in todo.json("triage", "--person", "alice")] == [1]
    assert [task["id"] for task in todo.json("list", "--person", "Bob")] == [2]
    assert found(todo, "acme", "--person", "ALICE M") == [1]
    assert "No open task matches --person 'Bob Stone'" in todo(
        "triage", "--person", "bob", "--area", "Sales"
    ).stdout.replace("--area 'Sales' and ", "")
    assert "no person 'Carol'" in todo("search", "acme", "--person", "Carol", code=1).stderr


def test_search_needs_words(todo: Todo) -> None:
    assert "say what to look for" in todo("search", "  ", code=2).stderr


def test_search_reads_the_texts_in_one_query_whatever_the_number_of_tasks(todo: Todo) -> None:
    """10 or 2,000 candidates: the same number of statements (no query per task)."""
    from coo_todo.paths import Paths
    from coo_todo.service.search import search
    from coo_todo.settings import Settings
    from coo_todo.store import Store
    from coo_todo.store.models import Task

    now = datetime(2026, 11, 26, 8, tzinfo=UTC)
    todo.add("Placeholder")
    store = Store(Paths().database_url(), now)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    def count(first: int, last: int) -> int:
        common = {"status": "open", "impact": 3, "urgency": 3, "created_at": now}
        with store.engine.begin() as connection:
            connection.execute(
                insert(Task),
                [
                    {
                        "id": i,
                        "uuid": f"t-{i}",
                        "title": f"Régence {i}",
                        "updated_at": now,
                        **common,
                    }
                    for i in range(first, last)
                ],
            )
        statements.clear()
        tasks, _ = search(store, search_terms(["regence"]), now, Settings())
        assert len(tasks) == last - 2
        return len(statements)

    try:
        assert count(2, 12) == count(12, 2_002)
    finally:
        store.engine.dispose()


LETTERS = "aceinouyAEIOU"
ACCENTS = ["\u0301", "\u0300", "\u0302", "\u0308", "\u0327", ""]


@st.composite
def accented_words(draw: st.DrawFn) -> tuple[str, str]:
    """A word with random accents, and the same word bare."""
    bare = draw(st.text(LETTERS, min_size=2, max_size=10))
    marks = draw(st.lists(st.sampled_from(ACCENTS), min_size=len(bare), max_size=len(bare)))
    accented = unicodedata.normalize(
        "NFC", "".join(c + m for c, m in zip(bare, marks, strict=True))
    )
    return accented, bare


@settings(max_examples=300, deadline=None)
@given(word=accented_words(), upper=st.booleans())
def test_search_finds_accents_both_ways(word: tuple[str, str], upper: bool) -> None:
    accented, bare = word
    typed = bare.upper() if upper else bare.lower()
    assert matches(search_terms([typed]), f"Book {accented} now", None)
    assert matches(search_terms([accented]), "Book", f"notes: {typed}!")
    assert matches(search_terms([accented.swapcase()]), f"{accented}", None)
