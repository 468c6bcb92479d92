"""The ``todo`` command line. Importing this package registers every command on ``app``."""

from coo_todo.cli import demo, settings, tasks, triage
from coo_todo.cli.app import app, main

__all__ = ["app", "demo", "main", "settings", "tasks", "triage"]
