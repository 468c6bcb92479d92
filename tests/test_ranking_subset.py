"""Scores of listed tasks (``todo list``, ``todo search``, ``todo export``) are those of the
morning ranking, whether ``service.ranking.breakdowns`` ranks every open task or, when no
listed task has a dependency, only the listed ones (#15: a search among 10,000 tasks)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from coo_todo.domain.records import OPEN, TaskRecord
from coo_todo.domain.scoring import rank, score
from coo_todo.service.ranking import breakdowns
from coo_todo.settings import Settings
from coo_todo.store import TaskFilter
from tests.conftest import Todo
from tests.test_scoring import WORLD_PROPERTY, replace, worlds


@dataclass
class OpenTasks:
    """The two questions ``breakdowns`` asks the store, answered from a list of open tasks."""

    open_tasks: list[TaskRecord]
    asked_for_every_task: bool = False

    def tasks(self, where: TaskFilter) -> list[TaskRecord]:
        assert where.status == OPEN
        self.asked_for_every_task = True
        return self.open_tasks

    def waited_for(self, ids: Collection[int]) -> bool:
        return any(set(task.blocked_by) & set(ids) for task in self.open_tasks)


@st.composite
def listings(draw: st.DrawFn) -> tuple[datetime, list[TaskRecord], list[TaskRecord]]:
    """A world of open tasks (some delegated, some snoozed) and a listing drawn from it."""
    now, tasks = draw(worlds())
    world = [
        replace(
            task,
            delegate=draw(st.sampled_from([None, "Alice"])),
            follow_up=draw(st.sampled_from([None, now, now.replace(year=now.year + 1)])),
            snoozed_until=draw(st.sampled_from([None, now.replace(year=now.year + 1)])),
        )
        for task in tasks
    ]
    listed = draw(st.lists(st.sampled_from(world), unique_by=lambda task: task.id)) if world else []
    return now, world, listed


@WORLD_PROPERTY
@given(listing=listings())
def test_listed_scores_are_the_rankings_whatever_is_listed(
    listing: tuple[datetime, list[TaskRecord], list[TaskRecord]],
) -> None:
    now, world, listed = listing
    store = OpenTasks(world)
    scores = breakdowns(listed, store, now, Settings())  # type: ignore[arg-type]
    ranked = {entry.task.id: entry.breakdown for entry in rank(world, now).ranked}
    for task in listed:
        expected = ranked.get(task.id) or score(task, now)
        assert scores[task.id] == expected
    if not any(task.blocked_by or store.waited_for([task.id]) for task in listed):
        assert not store.asked_for_every_task, "a listing without dependencies ranks alone"


def test_search_scores_a_blocker_with_what_it_holds(todo: Todo) -> None:
    todo.add("Acme contract draft impact:2")
    todo.add("Acme signature impact:5 due:today")
    todo("edit", "2", "--blocked-by", "1")
    todo.add("Acme lunch impact:1")
    triage = {task["id"]: task["score"] for task in todo.json("triage")}
    searched = {task["id"]: task["score"] for task in todo.json("search", "acme")}
    assert searched[1] == triage[1] > searched[3] == triage[3]
    assert {task["id"]: task["score"] for task in todo.json("search", "lunch")} == {3: triage[3]}
    todo("done", "2")
    assert todo.json("search", "draft")[0]["score"] < triage[1], "nothing waits for #1 any more"
