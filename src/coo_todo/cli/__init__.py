"""The ``todo`` command line. Importing this package registers every command on ``app``."""

from coo_todo.cli import database, delegation, demo, people, settings, tasks, triage
from coo_todo.cli.app import app, main

__all__ = [
    "app",
    "database",
    "delegation",
    "demo",
    "main",
    "people",
    "settings",
    "tasks",
    "triage",
]
