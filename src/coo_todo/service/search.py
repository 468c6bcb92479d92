"""Searching tasks by words, and the ``--person`` filter of triage, list and search.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from coo_todo.domain.people import find_person
from coo_todo.domain.records import OPEN, PersonRecord, TaskRecord
from coo_todo.domain.scoring import Breakdown
from coo_todo.domain.search import matches
from coo_todo.service.ranking import breakdowns
from coo_todo.settings import Settings
from coo_todo.store import Store, TaskFilter


def delegate_named(store: Store, name: str | None) -> PersonRecord | None:
    """The person ``--person NAME`` designates (a unique prefix will do), or None."""
    return None if name is None else find_person(name, store.people())


def search(
    store: Store,
    terms: Sequence[str],
    now: datetime,
    settings: Settings,
    *,
    closed: bool = False,
    person: PersonRecord | None = None,
) -> tuple[list[TaskRecord], dict[int, Breakdown]]:
    """The tasks whose title or notes hold every term (``search.search_terms``): open ones by
    score, highest first, then (with ``closed``) done and dropped ones, newest first; with
    ``person``, only tasks delegated to them. Their scores, as ``todo list`` shows them.

    One query reads the id, title and notes of every candidate; they are folded here, so the
    search is the same on every database."""
    where = TaskFilter(
        status=None if closed else OPEN, delegate_id=None if person is None else person.id
    )
    found = [
        task_id for task_id, title, notes in store.texts(where) if matches(terms, title, notes)
    ]
    if not found:
        return [], {}
    tasks = store.tasks(TaskFilter(status=None, ids=found))
    scores = breakdowns(tasks, store, now, settings)
    tasks.sort(
        key=lambda task: (
            (0, -scores[task.id].total, task.id)
            if task.status == OPEN
            else (1, -(task.completed_at or task.updated_at).timestamp(), task.id)
        )
    )
    return tasks, scores
