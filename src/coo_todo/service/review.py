"""The weekly review (``todo review``): the period asked for, and its figures from the store.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

from datetime import datetime

from coo_todo.domain import dates
from coo_todo.domain.review import Review, review_period
from coo_todo.settings import Settings
from coo_todo.store import Store


def weekly_review(store: Store, now: datetime, settings: Settings, since: str | None) -> Review:
    """The review from the day ``since`` names (``2026-11-01``, ``mon``, ``-2w``...), or by
    default from Monday of this week, to ``now``."""
    start = None
    if since is not None:
        start = dates.parse_when(since, now, settings.calendar(now.tzinfo), settings.date_order)
    return store.review(review_period(now, start))
