"""Undo: reverting the latest change, event by event, from what the history recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from coo_todo.domain.people import name_key
from coo_todo.domain.records import (
    EventRecord,
)
from coo_todo.errors import CannotUndo, Conflict, InvalidInput, NotFound
from coo_todo.i18n import _, ngettext
from coo_todo.store import dialect
from coo_todo.store.engine import Database, error_reason
from coo_todo.store.history import (
    CREATION_KINDS,
    DELETED,
    INITIATIVE_KINDS,
    PERSON_ADDED,
    PERSON_EDITED,
    PERSON_EDITS,
    PERSON_KINDS,
    PERSON_REMOVED,
    REMOVING_KINDS,
    UNDO,
    entry_problem,
)
from coo_todo.store.initiatives import initiative_name, join_initiatives, revert_initiative
from coo_todo.store.models import Dependency, Event, Person, Task, TaskTag
from coo_todo.store.rows import (
    TASK_COLUMNS,
    check_unique_name,
    chunks,
    column_value,
    get_task,
    named_person,
    parse_time,
    remove_links,
    remove_task,
)


@dataclass(frozen=True)
class Reverted:
    """One history event ``undo`` reached, with what it is about (the task's title, or the
    person's name), and whether that is gone again (undoing its creation)."""

    event: EventRecord
    title: str
    removed: bool


@dataclass(frozen=True)
class Undone:
    """What one ``undo`` reached: the events of the latest change, newest first, reverted;
    or, when ``passed_over`` says why they could not be, left as they were and passed over."""

    events: list[Reverted]
    passed_over: str | None = None


class UndoStore(Database):
    """Undoing changes."""

    def undo(self, now: datetime) -> Undone:
        """Revert the latest change not yet undone (all the events one command wrote), newest
        first, and record that in the history. A change that can no longer be reverted (its
        person is gone, its entry is damaged...) is left as it is and passed over, so the next
        undo goes further back: nothing ever blocks the older changes."""
        mine = (
            [col(Event.author) == func.current_user()] if dialect.has_roles(self.engine) else []
        )  # in a team, each member undoes their own changes, never another's
        with self._session() as session:
            latest = session.exec(
                select(Event)
                .where(col(Event.undone_at).is_(None), Event.kind != UNDO, *mine)
                .order_by(col(Event.id).desc())
                .limit(1)
            ).first()
            if latest is None:
                raise InvalidInput(_("nothing to undo"))
            events = (
                session.exec(
                    select(Event)
                    .where(Event.change == latest.change)
                    .order_by(col(Event.id).desc())
                ).all()
                if latest.change
                else [latest]
            )
            passed_over = None
            try:
                with session.begin_nested():  # all of the change, or none of it
                    for entry in events:
                        revert(session, entry, now)
                    session.flush()
            except (Conflict, NotFound) as exc:
                passed_over = str(exc)
            except IntegrityError as exc:
                passed_over = f"the database refuses it ({error_reason(exc)})"
            reached = []
            marker = {} if passed_over is None else {"passed_over": passed_over}
            for entry in events:
                record = EventRecord(entry.task_id, entry.kind, entry.at, dict(entry.changes))
                removed = passed_over is None and entry.kind in REMOVING_KINDS
                reached.append(Reverted(record, subject(session, entry), removed))
                entry.undone_at = now
                session.add(
                    Event(
                        task_id=entry.task_id,
                        task_uuid=entry.task_uuid,
                        kind=UNDO,
                        at=now,
                        changes={"undid": entry.kind, **marker},
                        change=session.info["change"],
                    )
                )
            return Undone(reached, passed_over)


def subject(session: Session, entry: Event) -> str:
    """What an entry is about, as it is now: a person's name or a task's title."""
    if entry.kind in PERSON_KINDS:
        return str(entry.changes.get("person", ""))
    if entry.kind in INITIATIVE_KINDS:
        return initiative_name(session, entry.changes)
    task = session.get(Task, entry.task_id)
    return task.title if task else str(entry.changes.get("title", ""))


def revert(session: Session, entry: Event, now: datetime) -> None:
    """Put back what one history event changed; CannotUndo (or NotFound) if it cannot be."""
    changes = entry.changes
    problem = entry_problem(entry.kind, changes, entry.task_id)
    if problem is not None:
        raise CannotUndo(_("its history entry is damaged: {problem}").format(problem=problem))
    if entry.kind in PERSON_KINDS:
        revert_person(session, entry.kind, changes)
        return
    if entry.kind in INITIATIVE_KINDS:
        revert_initiative(session, entry.kind, changes)
        return
    if entry.kind == DELETED:
        values = {name: column_value(name, changes.get(name)) for name in TASK_COLUMNS}
        values["id"] = entry.task_id  # the copy's own may be another, if a restore moved it
        values["delegate_id"] = delegate_id_for(session, changes, changes["delegate_id"])
        session.add(Task(**values))
        session.flush()
        session.add_all(TaskTag(task_id=entry.task_id, tag=tag) for tag in changes["tags"])
        linked = set(changes["blocked_by"]) | set(changes["blocks"])
        alive = set(session.exec(select(Task.id).where(col(Task.id).in_(linked))))
        session.add_all(
            Dependency(task_id=entry.task_id, blocker_id=b)
            for b in changes["blocked_by"]
            if b in alive
        )
        session.add_all(
            Dependency(task_id=t, blocker_id=entry.task_id) for t in changes["blocks"] if t in alive
        )
        return
    task = get_task(session, entry.task_id)
    if entry.kind in CREATION_KINDS:
        remove_task(session, task)
        return
    values = {
        name: column_value(name, diff["from"])
        for name, diff in changes.items()
        if name in TASK_COLUMNS and isinstance(diff, dict)
    }
    if "delegate_id" in values or isinstance(changes.get("delegate"), dict):
        values["delegate_id"] = delegate_id_for(
            session, changes, values.get("delegate_id", task.delegate_id)
        )
    for name, value in values.items():
        setattr(task, name, value)
    session.add_all(
        TaskTag(task_id=entry.task_id, tag=tag) for tag in changes.get("tags_removed", [])
    )
    remove_links(
        session,
        TaskTag,
        TaskTag.task_id == task.id,
        col(TaskTag.tag).in_(changes.get("tags_added", [])),
    )
    session.add_all(
        Dependency(task_id=entry.task_id, blocker_id=b)
        for b in changes.get("blocked_by_removed", [])
    )
    remove_links(
        session,
        Dependency,
        Dependency.task_id == task.id,
        col(Dependency.blocker_id).in_(changes.get("blocked_by_added", [])),
    )
    task.updated_at = now


def delegate_id_for(session: Session, changes: dict[str, Any], recorded: Any) -> Any:
    """The id of the person a reverted task goes back to: found by the name the entry
    records (``delegate``: ids change when a backup is restored), else the ``recorded``
    id (older entries); CannotUndo if that person is no longer here."""
    delegate = changes.get("delegate")
    name = delegate.get("from") if isinstance(delegate, dict) else delegate
    if "delegate" in changes:
        return None if name is None else named_person(session, name).id
    if recorded is not None and session.get(Person, recorded) is None:
        raise CannotUndo(_("the person it was delegated to is no longer among your people"))
    return recorded


def revert_person(session: Session, kind: str, changes: dict[str, Any]) -> None:
    """Put back what one entry about a person changed."""
    name = changes["person"]
    if kind == PERSON_REMOVED:
        check_unique_name(session, name)
        old_id = changes.get("id")
        keep_id = old_id is not None and session.get(Person, old_id) is None
        person = Person(
            id=old_id if keep_id else None,
            name=name,
            key=name_key(name),
            team=changes["team"],
            contact=changes["contact"],
            created_at=datetime.fromisoformat(changes["created_at"]),
            last_brief_at=parse_time(changes["last_brief_at"]),
        )
        session.add(person)
        session.flush()
        join_initiatives(session, person, changes.get("initiatives", []))
        for chunk in chunks(changes["tasks"]):
            for task in session.exec(select(Task).where(col(Task.uuid).in_(chunk))):
                if task.delegate_id is None:
                    task.delegate_id = person.id
        return
    person = named_person(session, name)
    if kind == PERSON_ADDED:
        theirs = session.exec(
            select(func.count()).select_from(Task).where(Task.delegate_id == person.id)
        ).one()
        if theirs:
            raise CannotUndo(
                ngettext(
                    "{count} task(s) are delegated to {name}",
                    "{count} task(s) are delegated to {name}",
                    theirs,
                ).format(count=theirs, name=person.name)
            )
        session.delete(person)
    elif kind == PERSON_EDITED:
        old = {field: changes[field]["from"] for field in PERSON_EDITS if field in changes}
        if "name" in old and name_key(old["name"]) != person.key:
            check_unique_name(session, old["name"], person)
            person.key = name_key(old["name"])
        for field, value in old.items():
            setattr(person, field, value)
        if "login" in old:  # a member added or removed: their role's privileges follow
            membership(session, before=changes["login"]["to"], after=old["login"])
    else:
        person.last_brief_at = parse_time(changes["last_brief_at"]["from"])


def membership(session: Session, before: str | None, after: str | None) -> None:
    """A member's role changes (undoing ``todo team add`` or ``remove``): the old one loses
    its privileges, the new one gets them."""
    connection = session.connection()
    if before is not None and dialect.role_exists(connection, before):
        dialect.revoke_member(connection, before)
    if after is not None:
        if not dialect.role_exists(connection, after):
            raise CannotUndo(_("the server has no role {after!r} any more").format(after=after))
        dialect.grant_member(connection, after)
