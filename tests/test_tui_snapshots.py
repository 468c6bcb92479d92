"""The interactive screen as it looks, at 80x24 and 120x40, on fixed data and a fixed clock
(``COO_TODO_NOW``). After a deliberate change of the screen, look at the new pictures, then
accept them: ``pytest tests/test_tui_snapshots.py --snapshot-update``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Todo
from tests.test_tui import screen

MORNING = [
    ("Renew Acme contract", "due:fri", "impact:5", "urgency:4", "effort:1h", "area:Sales"),
    ("Overdue supplier invoice", "due:2026-11-20", "impact:3", "area:Finance", "+cash"),
    ("Board deck for Monday", "due:mon", "impact:4", "effort:2h"),
    ("Weekly KPI review", "every:fri", "effort:30m"),
    ("Vendor shortlist", "to:Alice_Martin", "follow:today", "impact:4"),
    ("Call Régence hotel about the offsite", "impact:2", "urgency:2", "area:HR"),
    ("Update the refund process", "impact:2", "urgency:1", "effort:3h"),
]


@pytest.fixture
def morning(todo: Todo) -> None:
    todo("people", "add", "Alice Martin")
    for words in MORNING:
        todo.add(*words)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(morning: None, snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(screen(), terminal_size=size)


@pytest.mark.sqlite_only
def test_person_picker(morning: None, snap_compare: Any) -> None:
    assert snap_compare(screen(), press=["down", "g", "a", "l"], terminal_size=(80, 24))
