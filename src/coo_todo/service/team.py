"""Team mode: who I am, the members, the areas shared with the team.

Receives the store and ``now``; reads no clock and prints nothing.
"""

from __future__ import annotations

from datetime import datetime

from coo_todo.domain import dates
from coo_todo.domain.people import find_person
from coo_todo.domain.records import PersonRecord
from coo_todo.errors import InvalidInput
from coo_todo.i18n import _
from coo_todo.service.checks import clean_name, text_value
from coo_todo.store import Identity, Store


def whoami(store: Store) -> Identity:
    """Who runs the commands on this list."""
    return store.identity()


def add_member(store: Store, name: str, login: str, now: datetime) -> PersonRecord:
    """Make a colleague (added if new) a member with the database role ``login``."""
    return store.add_member(clean_name(name), login_value(login), dates.to_utc(now))


def remove_member(store: Store, name: str, now: datetime) -> PersonRecord:
    """The member ``name`` leaves the team (stays a colleague)."""
    return store.remove_member(find_person(name, store.members()).id, dates.to_utc(now))


def share_area(store: Store, area: str, shared: bool = True) -> bool:
    """Share an area with the team, or stop; False if nothing changed."""
    return store.share_area(text_value("area", area), shared)


def login_value(raw: str) -> str:
    """A database role's name, as typed; InvalidInput if it cannot be one."""
    login = text_value("login", raw)
    if not login:
        raise InvalidInput(_("a login cannot be empty"))
    return login
