"""People: the colleagues tasks are delegated to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import select

from coo_todo.domain.people import name_key
from coo_todo.domain.records import (
    OPEN,
    PersonRecord,
)
from coo_todo.errors import Conflict, InvalidInput
from coo_todo.i18n import _, ngettext
from coo_todo.store.engine import Database
from coo_todo.store.history import (
    BRIEFED,
    PERSON_COPY,
    PERSON_EDITED,
    PERSON_REMOVED,
)
from coo_todo.store.initiatives import leave_initiatives
from coo_todo.store.models import Person, Task
from coo_todo.store.rows import (
    check_unique_name,
    get_person,
    json_value,
    new_person,
    person_record,
    record_person_event,
)
from coo_todo.store.tasks import Handover, hand_over


class PeopleStore(Database):
    """The operations on people."""

    # -- people ------------------------------------------------------------------------------

    def people(self) -> list[PersonRecord]:
        """Everyone, by name."""
        with self._session(write=False) as session:
            return [person_record(p) for p in session.exec(select(Person).order_by(Person.key))]

    def add_person(
        self, name: str, team: str | None, contact: str | None, now: datetime
    ) -> PersonRecord:
        """Add a colleague; refused if someone already has that name (accents and case aside)."""
        with self._session() as session:
            return person_record(new_person(session, name, team, contact, now))

    def edit_person(self, person_id: int, fields: dict[str, Any], now: datetime) -> PersonRecord:
        """Change a person's name, team or contact; the history records the old values."""
        with self._session() as session:
            person = get_person(session, person_id)
            if "name" in fields and name_key(fields["name"]) != person.key:
                check_unique_name(session, fields["name"], person)
                person.key = name_key(fields["name"])
            diffs = {}
            for name, value in fields.items():
                if getattr(person, name) != value:
                    diffs[name] = {"from": getattr(person, name), "to": value}
                    setattr(person, name, value)
            if diffs:
                record_person_event(session, PERSON_EDITED, now, {"person": person.name, **diffs})
            return person_record(person)

    def remove_person(self, person_id: int, now: datetime, reassign_to: int | None = None) -> int:
        """Remove a person; their open tasks go to ``reassign_to`` (else refused). Returns how
        many tasks were reassigned."""
        if reassign_to == person_id:
            raise InvalidInput(_("reassign their tasks to someone else"))
        with self._session() as session:
            person = get_person(session, person_id)
            tasks = list(
                session.exec(select(Task).where(Task.delegate_id == person_id, Task.status == OPEN))
            )
            if tasks and reassign_to is None:
                raise Conflict(
                    ngettext(
                        "{name} still has {count} delegated open task(s): reassign them with "
                        "--reassign NAME (or reclaim them first)",
                        "{name} still has {count} delegated open task(s): reassign them with "
                        "--reassign NAME (or reclaim them first)",
                        len(tasks),
                    ).format(name=person.name, count=len(tasks))
                )
            if reassign_to is not None:
                target = get_person(session, reassign_to)
                for task in tasks:
                    follow_up = task.follow_up or now
                    hand_over(session, task, Handover(target.id or 0, follow_up), now)
            unlinked = []
            for task in session.exec(select(Task).where(Task.delegate_id == person_id)):
                task.delegate_id = None
                unlinked.append(task.uuid)
            kept = {name: json_value(getattr(person, name)) for name in PERSON_COPY}
            kept.update(person=person.name, id=person.id, tasks=sorted(unlinked))
            memberships = leave_initiatives(session, person_id)
            if memberships:
                kept["initiatives"] = memberships
            record_person_event(session, PERSON_REMOVED, now, kept)
            session.flush()
            session.delete(person)
            return len(tasks)

    def record_brief(self, person_id: int, now: datetime) -> PersonRecord:
        """Record that a 1:1 with this person takes place ``now``: the next brief's "done
        since" starts there. A change of its own in the history, so undo takes it back."""
        with self._session() as session:
            person = get_person(session, person_id)
            last = {"from": json_value(person.last_brief_at), "to": json_value(now)}
            person.last_brief_at = now
            record_person_event(
                session, BRIEFED, now, {"person": person.name, "last_brief_at": last}
            )
            return person_record(person)
