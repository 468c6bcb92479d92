"""The ``todo`` command line. Importing this package registers every command on ``app``.

The command modules do not use ``from __future__ import annotations``: Typer reads every
command's signature at each start, and string annotations would make it evaluate them all again
(about 2.5 times the work, the largest cost of ``todo --version`` after the import floor).
"""

from coo_todo.cli import database, delegation, demo, exchange, people, settings, tasks, triage
from coo_todo.cli.app import app, main

__all__ = [
    "app",
    "database",
    "delegation",
    "demo",
    "exchange",
    "main",
    "people",
    "settings",
    "tasks",
    "triage",
]
