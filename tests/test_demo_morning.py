"""The mornings read as a COO would rank them: the demo's, and one like those of issue 11.

Thursday 26 November 2026, 09:00 in Paris (tests.conftest), default working hours.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from coo_todo.paths import Paths
from coo_todo.service.demo import DEMO_TASKS, load_demo
from coo_todo.service.ranking import rank_open
from coo_todo.settings import Settings
from coo_todo.store import Store
from tests.conftest import Todo

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def titles(todo: Todo) -> list[str]:
    return [row["title"] for row in todo.json("triage")]


@pytest.fixture
def demo_ranking() -> list[tuple[str, str]]:
    """The demo morning's (title, advice), best first."""
    store = Store(Paths().database_url(), NOW)
    try:
        load_demo(store, NOW)
        ranking = rank_open(store, NOW, Settings())
        return [(entry.task.title, entry.breakdown.advice) for entry in ranking.ranked]
    finally:
        store.engine.dispose()


def test_the_demo_morning_starts_with_what_is_late_or_due_today(
    demo_ranking: list[tuple[str, str]],
) -> None:
    top = [title for title, _ in demo_ranking[:6]]
    assert top[0] == "Call Initech: churn risk after outage"
    assert set(top[1:]) == {
        "Approve Q4 sales commission plan",  # 3 days overdue
        "Escalated ticket #4821: API timeouts for a store chain",  # 1 day overdue
        "Sign the new Support lead's offer letter",  # tomorrow, 10 minutes
        "Renew Acme contract before price increase",  # two working days left
        "Reply to Globex about the pilot extension",  # due tonight, 15 minutes
    }
    due_in_four_days = [title for title, _ in demo_ranking].index(
        "Close November books with the accountant"
    )
    assert due_in_four_days == 6


def test_the_demo_advice_fits_the_facts(demo_ranking: list[tuple[str, str]]) -> None:
    advice = dict(demo_ranking)
    assert advice["Staff the weekend support rota for December"] == "follow up"
    assert advice["Intercom macros for the top 5 questions"] == "follow up"
    assert advice["Call Initech: churn risk after outage"] == "do"
    assert advice["Reply to Globex about the pilot extension"] == "do"  # impact 3, due tonight
    assert advice["Partoo Academy: prepare Friday's session"] == "delegate"  # impact 2, Friday
    assert advice["Chrome extension licences: cancel unused seats"] == "drop"  # impact 1
    undated_defaults = [t for t in DEMO_TASKS if t.impact == 3 and t.due is None]
    assert all(advice.get(t.title) != "drop" for t in undated_defaults)


def test_a_morning_of_cut_offs(todo: Todo) -> None:
    """What went wrong before: more impact due in three working days outranked a payroll
    cut-off at noon and an offer expiring tomorrow at noon; a renewal whose purchase order
    closes at 16:00 came third; a delegated filing due tomorrow, whose check-in tomorrow leaves
    no time to recover, hid until the check-in. Now the filing is back today, ranked by its
    deadline (below the memo, which has one impact level more and under three working days of
    slack; above any task of its impact due later)."""
    todo("people", "add", "Hélène Dubois")
    todo("add", "Board strategy memo impact:5 due:2026-11-30 effort:2h")
    todo("add", "Payroll cut-off: approve overtime impact:4 due:12:00 effort:30m")
    todo("add", "Countersign the offer before it expires impact:4 due:tomorrow_12:00 effort:15m")
    todo("add", "Renewal 180k: purchase order closes impact:5 due:16:00 effort:1h")
    todo("add", "Tax filing due:2026-11-27_17:00 impact:4 to:helene follow:tomorrow")
    todo("add", "Vendor audit report impact:4 due:2026-12-01 effort:1h")
    assert titles(todo) == [
        "Renewal 180k: purchase order closes",
        "Payroll cut-off: approve overtime",
        "Countersign the offer before it expires",
        "Board strategy memo",
        "Tax filing",
        "Vendor audit report",
    ]
    assert "follow up with Hélène Dubois (back now" in todo("triage").stdout
