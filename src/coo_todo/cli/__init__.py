"""The ``todo`` command line. Importing this package registers every command on ``app``.

The command modules do not use ``from __future__ import annotations``: Typer reads every
command's signature at each start, and string annotations would make it evaluate them all again
(about 2.5 times the work, the largest cost of ``todo --version`` after the import floor).
"""

# The import order is the order of the command list in --help.
# isort: off
from coo_todo.cli import tasks, recurrence, delegation, demo, import_export, triage, snooze, search
from coo_todo.cli import review
from coo_todo.cli import database, people, initiatives, team, config, server

# isort: on
from coo_todo.cli.app import app, main

__all__ = [
    "app",
    "config",
    "database",
    "delegation",
    "demo",
    "import_export",
    "initiatives",
    "main",
    "people",
    "recurrence",
    "review",
    "search",
    "server",
    "snooze",
    "tasks",
    "team",
    "triage",
]
