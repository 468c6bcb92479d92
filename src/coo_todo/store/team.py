"""Team mode: one list on PostgreSQL shared by a leadership team, each member with their own
database role. Who sees what is enforced by the database (row-level security, migration 0004;
privileges, ``dialect.MEMBER_PRIVILEGES``); this module names the members and the shared areas.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, delete, select

from coo_todo.domain.records import PersonRecord
from coo_todo.errors import Conflict, InvalidInput
from coo_todo.i18n import _
from coo_todo.store import dialect
from coo_todo.store.engine import Database
from coo_todo.store.history import PERSON_EDITED
from coo_todo.store.models import Person, SharedArea
from coo_todo.store.rows import new_person, person_named, person_record, record_person_event


@dataclass(frozen=True)
class Identity:
    """Who runs the command: their role (None on SQLite, which has no roles), the member that
    role is (if any), and whether it is the team's admin."""

    login: str | None
    member: PersonRecord | None = None
    admin: bool = False


class TeamStore(Database):
    """Members and shared areas."""

    def identity(self) -> Identity:
        """Who this connection is, in team terms."""
        if not dialect.has_roles(self.engine):
            return Identity(None)
        with self._session(write=False) as session:
            login, admin = dialect.current_role(session.connection())
            member = session.exec(select(Person).where(Person.login == login)).first()
            return Identity(login, person_record(member) if member else None, admin)

    def members(self) -> list[PersonRecord]:
        """The team's members, by name."""
        with self._session(write=False) as session:
            found = session.exec(
                select(Person).where(col(Person.login).is_not(None)).order_by(Person.key)
            )
            return [person_record(person) for person in found]

    def add_member(self, name: str, login: str, now: datetime) -> PersonRecord:
        """Make the colleague ``name`` (added if new) a member whose role is ``login``, and
        grant that role what a member may do. The history records it: undo takes it back."""
        with self._session() as session:
            self._check_team_admin(session)
            if not dialect.role_exists(session.connection(), login):
                raise InvalidInput(
                    _(
                        "the server has no role {login!r}: create it first (CREATE ROLE {login} "
                        "LOGIN PASSWORD '...')"
                    ).format(login=login)
                )
            holder = session.exec(select(Person).where(Person.login == login)).first()
            person = person_named(session, name)
            if holder is not None and holder is not person:
                raise Conflict(
                    _("the role {login!r} is already {name}'s").format(
                        login=login, name=holder.name
                    )
                )
            if person is None:
                person = new_person(session, name, None, None, now)
            if person.login != login:
                changes = {"person": person.name, "login": {"from": person.login, "to": login}}
                person.login = login
                record_person_event(session, PERSON_EDITED, now, changes)
            dialect.grant_member(session.connection(), login)
            return person_record(person)

    def remove_member(self, person_id: int, now: datetime) -> PersonRecord:
        """A member's role loses its login to the list and its privileges; the person stays a
        colleague, their tasks stay."""
        with self._session() as session:
            self._check_team_admin(session)
            person = session.get(Person, person_id)
            if person is None or person.login is None:
                raise InvalidInput(_("not a member of the team"))
            login = person.login
            changes = {"person": person.name, "login": {"from": login, "to": None}}
            person.login = None
            record_person_event(session, PERSON_EDITED, now, changes)
            dialect.revoke_member(session.connection(), login)
            return person_record(person)

    def shared_areas(self) -> list[str]:
        """The areas every member may read and change, in lower case."""
        with self._session(write=False) as session:
            return list(session.exec(select(SharedArea.area).order_by(SharedArea.area)))

    def share_area(self, area: str, shared: bool) -> bool:
        """Share an area with the team (or stop sharing it); False if it already was (or
        was not)."""
        with self._session() as session:
            self._check_team_admin(session)
            key = area.strip().lower()
            present = session.get(SharedArea, key) is not None
            if present == shared:
                return False
            if shared:
                session.add(SharedArea(area=key))
            else:
                session.exec(delete(SharedArea).where(col(SharedArea.area) == key))
            return True

    def _check_team_admin(self, session: Session) -> None:
        """InvalidInput unless team mode is possible here and this role is its admin."""
        if not dialect.has_roles(self.engine):
            raise InvalidInput(
                _(
                    "team mode needs a shared PostgreSQL database (COO_TODO_DB=postgresql://...); "
                    "this list is an SQLite file"
                )
            )
        login, admin = dialect.current_role(session.connection())
        if not admin:
            raise InvalidInput(
                _(
                    "only the team's admin (the role that owns the tables) manages the team; "
                    "you are {login}"
                ).format(login=login)
            )
