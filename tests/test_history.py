"""Tests for coo_todo.store.history: checking a history entry before it is stored or put back."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo.store.history import entry_problem

TIME = "2026-11-27T22:59:59+00:00"
PERSON_COPY = {"person": "Bob Stone", "team": None, "contact": None, "created_at": TIME}


@pytest.mark.parametrize(
    ("kind", "changes", "task_id", "problem"),
    [
        ("edited", {"impact": {"from": "abc", "to": 2}}, 1, "impact cannot be 'abc'"),
        ("edited", {"urgency": {"from": 3, "to": 6}}, 1, "urgency cannot be 6"),
        ("edited", {"impact": {"from": True, "to": 2}}, 1, "impact cannot be True"),
        ("edited", {"impact": 3}, 1, "a change must be {'from': ..., 'to': ...}"),
        ("edited", {"due": {"from": "tomorrow", "to": None}}, 1, "due cannot be 'tomorrow'"),
        ("edited", {"title": {"from": " ", "to": "x"}}, 1, "title cannot be ' '"),
        ("edited", {"title": {"from": "a\x00", "to": "x"}}, 1, "title cannot be"),
        ("edited", {"title": {"from": "a" * 501, "to": "x"}}, 1, "title cannot be"),
        ("done", {"status": {"from": "later", "to": "done"}}, 1, "status cannot be 'later'"),
        ("edited", {"effort_minutes": {"from": 0, "to": 5}}, 1, "effort_minutes cannot be 0"),
        ("edited", {"tags_added": ["ok", 3]}, 1, "tags_added must be a list of tags"),
        ("edited", {"blocked_by_removed": [0]}, 1, "blocked_by_removed must be a list of"),
        ("reclaimed", {"delegate": {"from": 3, "to": None}}, 1, "name cannot be 3"),
        ("deleted", {"title": "Gone"}, 1, "id is missing"),
        ("edited", {}, 0, "this edited entry names no task"),
        ("person-added", {"person": "Bob Stone"}, 4, "this person-added entry names a task"),
        ("person-added", {"person": ""}, 0, "name cannot be ''"),
        ("person-edited", {"person": "Bob", "team": {"from": 1, "to": "x"}}, 0, "team cannot"),
        ("person-removed", {**PERSON_COPY, "created_at": "x"}, 0, "created_at cannot be 'x'"),
        ("person-removed", {**PERSON_COPY, "tasks": ["not-a-uuid"]}, 0, "tasks must be"),
        (
            "briefed",
            {"person": "Bob", "last_brief_at": {"from": None, "to": "no"}},
            0,
            "last_brief_at",
        ),
        ("briefed", {"person": "Bob"}, 0, "a change must be"),
    ],
)
def test_values_undo_could_not_put_back_are_refused(
    kind: str, changes: dict[str, Any], task_id: int, problem: str
) -> None:
    found = entry_problem(kind, changes, task_id)
    assert found is not None and found.startswith(problem), found


@pytest.mark.parametrize(
    ("kind", "changes", "task_id"),
    [
        ("edited", {"impact": {"from": 3, "to": 5}, "due": {"from": None, "to": TIME}}, 1),
        ("edited", {"tags_added": ["x"], "blocked_by_removed": [2], "note": "free"}, 1),
        ("created", {"title": 5}, 1),  # nothing of a creation is put back
        ("annotated", {}, 1),
        ("undo", {"undid": "briefed"}, 0),
        ("person-removed", {**PERSON_COPY, "last_brief_at": None, "tasks": [], "id": 2}, 0),
        ("briefed", {"person": "Bob", "last_brief_at": {"from": None, "to": TIME}}, 0),
    ],
)
def test_what_coo_todo_writes_passes(kind: str, changes: dict[str, Any], task_id: int) -> None:
    assert entry_problem(kind, changes, task_id) is None


NOT_A_LEVEL = st.one_of(
    st.text(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.integers().filter(lambda n: not 1 <= n <= 5),
    st.lists(st.integers(1, 5)),
)


@settings(max_examples=200, deadline=None)
@given(value=NOT_A_LEVEL, field=st.sampled_from(["impact", "urgency"]))
def test_only_a_level_from_1_to_5_goes_back_into_impact(value: Any, field: str) -> None:
    assert entry_problem("edited", {field: {"from": value, "to": 3}}, 1) is not None
