"""The ``todo`` command line. Importing this package registers every command on ``app``."""

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
