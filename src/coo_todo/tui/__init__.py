"""The interactive morning triage (``todo triage -i``, or ``todo`` alone on a terminal).

A front end like the CLI, one layer under it: it acts through the service layer and draws with
``coo_todo.render``. Importing ``tui.screen`` imports Textual, which the CLI does only when the
screen opens.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from coo_todo.settings import Settings
from coo_todo.store import Store


def open_screen(store: Store, settings: Settings, clock: Callable[[], datetime]) -> None:
    """Run the screen until the user quits; the terminal is restored however it ends."""
    from coo_todo.tui.desk import Desk
    from coo_todo.tui.screen import TriageScreenApp

    TriageScreenApp(Desk(store, settings, clock)).run()
