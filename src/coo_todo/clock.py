"""The one place coo-todo reads the clock.

``COO_TODO_NOW`` (ISO 8601) fixes the time for demos and tests; a value without an offset is
read in the local time zone, and every value is returned in it. Everything else receives
``now`` as an argument.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime

from coo_todo.errors import ConfigError

NOW_VARIABLE = "COO_TODO_NOW"


def now(environ: Mapping[str, str] = os.environ) -> datetime:
    """Return the current time as an aware local datetime, honouring ``COO_TODO_NOW``."""
    fixed = environ.get(NOW_VARIABLE, "").strip()
    if not fixed:
        return datetime.now().astimezone().replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        raise ConfigError(
            f"{NOW_VARIABLE}={fixed!r} is not an ISO 8601 time (e.g. 2026-11-26T09:00)"
        ) from None
    return moment.astimezone()
