"""What the history holds, and the check of an entry before it is stored or put back.

Entries about a person rather than a task (added, edited, removed, a 1:1 recorded) have the
task id ``NO_TASK`` and name the person in ``changes["person"]``: a name, not an id, because a
restored backup gives people new ids. ``undo`` puts an entry's old values back into the tables,
so an entry read from a file is checked first (``entry_problem``), and again before an undo.
Pure: no database.
"""

from __future__ import annotations

import reprlib
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any, get_args

from coo_todo.domain.limits import MAX_ID, checked_text
from coo_todo.domain.records import NO_TASK, STATUSES
from coo_todo.errors import InvalidInput
from coo_todo.store.models import UNREADABLE_CHANGES, Initiative, Person, Task

PERSON_ADDED = "person-added"
PERSON_EDITED = "person-edited"
PERSON_REMOVED = "person-removed"
BRIEFED = "briefed"
"""A 1:1 recorded (``todo brief NAME --record``): the person's last brief moves to then."""
PERSON_KINDS = frozenset({PERSON_ADDED, PERSON_EDITED, PERSON_REMOVED, BRIEFED})
INITIATIVE_ADDED = "initiative-added"
INITIATIVE_EDITED = "initiative-edited"
"""Fields, state or members changed: ``members_added`` and ``members_removed`` list names."""
INITIATIVE_REVIEWED = "initiative-reviewed"
"""A review recorded: ``review`` is its uuid, ``next_review`` the change of the next one."""
INITIATIVE_KINDS = frozenset({INITIATIVE_ADDED, INITIATIVE_EDITED, INITIATIVE_REVIEWED})
INITIATIVE_EDITS = ("key", "name", "goal", "area", "state", "target", "review_rule", "next_review")
"""The columns an ``initiative-edited`` entry may change (as ``{"from": old, "to": new}``)."""
SUBJECT_KINDS = PERSON_KINDS | INITIATIVE_KINDS
"""Entries about no task (``task_id`` is ``NO_TASK``)."""
DELETED = "deleted"
UNDO = "undo"
CREATION_KINDS = frozenset({"created", "imported"})
"""Task entry kinds whose undo removes the task again."""
REMOVING_KINDS = CREATION_KINDS | {PERSON_ADDED, INITIATIVE_ADDED}
"""Entry kinds whose undo removes what they added."""
PERSON_EDITS = ("name", "team", "contact", "login")
PERSON_COPY = ("team", "contact", "created_at", "last_brief_at")
"""What a ``person-removed`` entry keeps of the person, beside the name."""

LEVELS = ("impact", "urgency")
TEXT_LIMITS = {"notes": "note"}
"""Text columns whose limit ``limits`` knows under another name."""
TAG_LISTS = ("tags", "tags_added", "tags_removed")
ID_LISTS = ("blocked_by", "blocks", "blocked_by_added", "blocked_by_removed")

Check = Callable[[Any], "str | None"]


def entry_problem(kind: str, changes: Mapping[str, Any], task_id: int) -> str | None:
    """Why a history entry cannot be stored as it is, or None if it can: every value that
    ``undo`` may put back must be one its column holds (an impact from 1 to 5, a time...)."""
    if UNREADABLE_CHANGES in changes:
        return f"its changes cannot be read ({changes[UNREADABLE_CHANGES]})"
    if kind in SUBJECT_KINDS:
        if task_id != NO_TASK:
            return f"this {kind} entry names a task (its task_id must be {NO_TASK})"
        if kind in INITIATIVE_KINDS:
            return _initiative_problem(kind, changes)
        return _person_problem(kind, changes)
    if task_id == NO_TASK and kind != UNDO:
        return f"this {kind} entry names no task"
    if kind == DELETED:
        columns = (_column(Task, name)(changes.get(name)) for name in Task.model_fields)
        return _first(*columns, _extras_problem(changes))
    if kind in CREATION_KINDS or kind == UNDO:
        return None  # undo puts none of their values back
    diffs = (
        _diff_problem(diff, _column(Task, name))
        for name, diff in changes.items()
        if name in Task.model_fields
    )
    return _first(*diffs, _extras_problem(changes))


def _person_problem(kind: str, changes: Mapping[str, Any]) -> str | None:
    problems = [_column(Person, "name")(changes.get("person"))]
    if kind == PERSON_REMOVED:
        problems += [_column(Person, name)(changes.get(name)) for name in PERSON_COPY]
        problems.append(_list_problem(changes, "tasks", _is_uuid, "task uuids"))
        problems.append(_list_problem(changes, "initiatives", _is_uuid, "initiative uuids"))
        if "id" in changes and not _is_id(changes["id"]):
            problems.append(f"id cannot be {reprlib.repr(changes['id'])}")
    elif kind == PERSON_EDITED:
        problems += [
            _diff_problem(changes[name], _column(Person, name))
            for name in PERSON_EDITS
            if name in changes
        ]
    elif kind == BRIEFED:
        problems.append(
            _diff_problem(changes.get("last_brief_at"), _column(Person, "last_brief_at"))
        )
    return _first(*problems)


def _initiative_problem(kind: str, changes: Mapping[str, Any]) -> str | None:
    problems = [None if _is_uuid(changes.get("initiative")) else "initiative must be a uuid"]
    if kind == INITIATIVE_ADDED:  # its values as they were set; undo puts none back
        problems.append(_column(Initiative, "name")(changes.get("name")))
    else:
        problems += [
            _diff_problem(changes[name], _column(Initiative, name))
            for name in INITIATIVE_EDITS
            if name in changes
        ]
    problems += [
        _list_problem(changes, name, partial(_is_text, "name"), "names")
        for name in ("members_added", "members_removed")
    ]
    if "review" in changes and not _is_uuid(changes["review"]):
        problems.append("review must be a uuid")
    return _first(*problems)


def _extras_problem(changes: Mapping[str, Any]) -> str | None:
    """The problem of the values beside the columns: the delegate's name, tags, task ids."""
    delegate = changes.get("delegate")
    problems = [
        _diff_problem(delegate, _delegate_problem)
        if isinstance(delegate, dict)
        else _delegate_problem(delegate)
    ]
    problems += [
        _list_problem(changes, name, partial(_is_text, "tag"), "tags") for name in TAG_LISTS
    ]
    problems += [_list_problem(changes, name, _is_id, "task ids") for name in ID_LISTS]
    return _first(*problems)


def _delegate_problem(value: Any) -> str | None:
    return None if value is None else _column(Person, "name")(value)


def _diff_problem(diff: Any, check: Check) -> str | None:
    """The problem of a ``{"from": old, "to": new}`` pair whose values ``check`` checks."""
    if not (isinstance(diff, dict) and "from" in diff and "to" in diff):
        return f"a change must be {{'from': ..., 'to': ...}}, not {reprlib.repr(diff)}"
    return _first(check(diff["from"]), check(diff["to"]))


def _list_problem(
    changes: Mapping[str, Any], name: str, fits: Callable[[Any], bool], what: str
) -> str | None:
    items = changes.get(name, [])
    if isinstance(items, list) and all(fits(item) for item in items):
        return None
    return f"{name} must be a list of {what}, not {reprlib.repr(items)}"


def _column(model: Any, name: str) -> Check:
    """The check of a value for the column ``name`` of ``model``."""
    return partial(_value_problem, model, name)


def _value_problem(model: Any, name: str, value: Any) -> str | None:
    """Why ``value`` (as the history keeps it: times in ISO 8601) cannot go into the column
    ``name`` of ``model``, or None if it can."""
    annotation = model.model_fields[name].annotation
    types = get_args(annotation) or (annotation,)
    if value is None:
        optional = type(None) in types and name != "id"
        return None if optional else f"{name} is missing"
    if datetime in types:
        fits = isinstance(value, str) and _is_time(value)
    elif int in types:
        fits = _is_id(value) and (name not in LEVELS or value <= 5)
    elif name == "status":
        fits = value in STATUSES
    elif name == "uuid":
        fits = _is_uuid(value)
    else:
        blank = name in ("title", "name") and isinstance(value, str) and not value.strip()
        fits = _is_text(TEXT_LIMITS.get(name, name), value) and not blank
    return None if fits else f"{name} cannot be {reprlib.repr(value)}"


def _first(*problems: str | None) -> str | None:
    return next((problem for problem in problems if problem), None)


def _is_time(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _is_text(field: str, value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        checked_text(field, value)
    except InvalidInput:
        return False
    return True


def _is_id(value: Any) -> bool:
    """A whole number a database integer column holds, from 1 (ids, levels, minutes)."""
    return type(value) is int and 1 <= value <= MAX_ID
