"""The store: the only package that talks to the database.

One engine per process, one short transaction per operation. Queries use SQLAlchemy's portable
constructs only, so the same code runs on SQLite (the default) and PostgreSQL; what differs
between them is in ``dialect``.
"""

from coo_todo.store.copy import CopyStore
from coo_todo.store.imports import ImportStore
from coo_todo.store.initiatives import InitiativeStore
from coo_todo.store.open_tasks import OpenTaskStore
from coo_todo.store.people import PeopleStore
from coo_todo.store.review import ReviewStore
from coo_todo.store.tasks import Handover, TaskFilter
from coo_todo.store.team import Identity, TeamStore
from coo_todo.store.undo import Reverted, Undone, UndoStore

__all__ = ["Handover", "Identity", "Reverted", "Store", "TaskFilter", "Undone"]


class Store(
    OpenTaskStore,
    PeopleStore,
    InitiativeStore,
    UndoStore,
    ImportStore,
    TeamStore,
    CopyStore,
    ReviewStore,
):
    """Tasks, people, initiatives, their history and its undo, imports, the team, copies of
    the whole and the weekly review's figures, in one SQL database."""
