"""Shell completion of values that live in the database: task ids (titles as help) and people.

Each completer is a Typer ``autocompletion`` callback made by ``from_store`` from a query of
the store, so a new one is a line (``PEOPLE`` below). Typer keeps the answers that start with
what was typed. Completing command and option names never gets here: it never imports the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import typer

from coo_todo.cli.app import env_of
from coo_todo.errors import CooTodoError

if TYPE_CHECKING:
    from coo_todo.store import Store

Completer = Callable[[typer.Context, str], list[tuple[str, str]]]


def from_store(choices: Callable[[Store, str], Iterable[tuple[object, str]]]) -> Completer:
    """A completer answering ``(value, help)`` pairs from ``choices(store, incomplete)``.

    It answers nothing rather than an error when the database cannot be read: a shell
    completion must never print a traceback into the command line.
    """

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        env = env_of(ctx)  # completion closes no context: close the database here
        try:
            store = env.store(create=False, upgrade=False)  # TAB never writes
            return [(str(value), help) for value, help in choices(store, incomplete)]
        except CooTodoError:
            return []
        finally:
            env.close()

    return complete


def _tasks(which: str) -> Completer:
    return from_store(lambda store, prefix: store.task_choices(prefix, which))


OPEN_TASKS = _tasks("open")
CLOSED_TASKS = _tasks("closed")
ANY_TASK = _tasks("any")
PEOPLE = from_store(
    lambda store, _: ((person.name, person.team or "") for person in store.people())
)
