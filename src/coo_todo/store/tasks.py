"""Tasks: reading them, and adding, editing, closing, delegating and deleting them."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import String, cast, exists, func, or_
from sqlmodel import Session, col, select

from coo_todo.domain.initiatives import REVIEW_TAG
from coo_todo.domain.limits import check_tag_count
from coo_todo.domain.records import (
    DONE,
    DROPPED,
    OPEN,
    STATUSES,
    EventRecord,
    TaskRecord,
    status_word,
)
from coo_todo.domain.worktime import DEFAULT_CALENDAR, WorkCalendar
from coo_todo.errors import Conflict, InvalidInput
from coo_todo.i18n import _
from coo_todo.store import dialect
from coo_todo.store.engine import Database
from coo_todo.store.history import (
    DELETED,
)
from coo_todo.store.models import Dependency, Event, Initiative, Person, Task, TaskTag
from coo_todo.store.recurrence import BRINGS_NEXT, check_change, next_occurrences
from coo_todo.store.rows import (
    TASK_COLUMNS,
    TASK_ROW,
    get_person,
    get_task,
    json_value,
    new_person,
    record_event,
    remove_links,
    remove_task,
    set_values,
    table_of,
    task_records,
)


@dataclass(frozen=True)
class TaskFilter:
    """Which tasks ``Store.tasks`` returns. ``status=None`` means every status."""

    status: str | None = OPEN
    area: str | None = None
    tag: str | None = None
    due_before: datetime | None = None
    """Only tasks due at or before this moment (a day alone is read as its end: 23:59:59)."""
    delegate_id: int | None = None
    delegated: bool | None = None
    completed_since: datetime | None = None
    snoozed_after: datetime | None = None
    """Only tasks snoozed until after this moment."""
    ids: Collection[int] | None = None
    """Only these tasks."""
    initiative_id: int | None = None
    """Only the tasks of this initiative."""
    scope: Scope | None = None
    """For a team member (PostgreSQL): ``mine``, their own tasks and those delegated to them
    (their triage); ``own``, their own tasks (their waiting list, their briefs). No effect for
    a role that is not a member, nor on SQLite, which has no members."""


Scope = Literal["mine", "own"]


def scope_clause(scope: Scope) -> Any:
    """Which tasks a member's ``scope`` holds; every task for a role that is not a member."""
    me = func.current_user()
    member = select(Person.id).where(col(Person.login) == me)
    own = col(Task.owner) == me
    held = or_(own, col(Task.delegate_id).in_(member)) if scope == "mine" else own
    return or_(~exists(member), held)


@dataclass(frozen=True)
class Handover:
    """Who a task goes to, when to follow up, and what was said."""

    person_id: int | None
    follow_up: datetime
    note: str | None = None
    new_person: str | None = None
    """A name to add as a new person, when ``person_id`` is None."""


class TaskStore(Database):
    """The operations on tasks."""

    # -- reading -----------------------------------------------------------------------------

    def task(self, task_id: int) -> TaskRecord:
        """The task with this id, or NotFound."""
        with self._session(write=False) as session:
            return task_records(session, [get_task(session, task_id)])[0]

    def tasks(self, where: TaskFilter = TaskFilter()) -> list[TaskRecord]:
        """Tasks matching ``where``, by id."""
        query = self._selected(where)
        with self._session(write=False) as session:
            # Plain rows load several times faster than ORM objects; tags and blockers are
            # fetched for the same filter (a subquery), not for a list of thousands of ids.
            rows = session.connection().execute(query.with_only_columns(*TASK_ROW)).all()
            ids = query.with_only_columns(col(Task.id)).order_by(None)
            return task_records(session, rows, among=ids)

    def texts(self, where: TaskFilter) -> list[tuple[int, str, str | None]]:
        """The id, title and notes of the tasks matching ``where``, by id, in one query:
        what a search reads."""
        query = self._selected(where).with_only_columns(
            col(Task.id), col(Task.title), col(Task.notes)
        )
        with self._session(write=False) as session:
            return [tuple(row) for row in session.connection().execute(query)]

    def waited_for(self, ids: Collection[int]) -> bool:
        """Whether an open task waits for any of the tasks ``ids`` (a blocker's score depends
        on what waits for it)."""
        if not ids:
            return False
        query = (
            select(Dependency.task_id)
            .join(Task, col(Task.id) == Dependency.task_id)
            .where(col(Dependency.blocker_id).in_(list(ids)), Task.status == OPEN)
            .limit(1)
        )
        with self._session(write=False) as session:
            return session.exec(query).first() is not None

    def _selected(self, where: TaskFilter) -> Any:
        """The query of the tasks matching ``where``, by id."""
        query = select(Task).order_by(col(Task.id))
        if where.ids is not None:
            query = query.where(col(Task.id).in_(list(where.ids)))
        if where.status is not None:
            query = query.where(Task.status == where.status)
        if where.initiative_id is not None:
            query = query.where(Task.initiative_id == where.initiative_id)
        if where.area is not None:
            query = query.where(func.lower(Task.area) == where.area.lower())
        if where.tag is not None:
            tagged = select(TaskTag.task_id).where(TaskTag.tag == where.tag.lower())
            query = query.where(col(Task.id).in_(tagged))
        if where.due_before is not None:
            query = query.where(col(Task.due).is_not(None), col(Task.due) <= where.due_before)
        if where.delegate_id is not None:
            query = query.where(Task.delegate_id == where.delegate_id)
        if where.delegated is not None:
            delegate = col(Task.delegate_id)
            query = query.where(delegate.is_not(None) if where.delegated else delegate.is_(None))
        if where.completed_since is not None:
            query = query.where(col(Task.completed_at) >= where.completed_since)
        if where.snoozed_after is not None:
            query = query.where(col(Task.snoozed_until) > where.snoozed_after)
        if where.scope is not None and dialect.has_roles(self.engine):
            query = query.where(scope_clause(where.scope))
        return query

    def task_choices(self, prefix: str, which: str, limit: int = 100) -> list[tuple[int, str]]:
        """Ids and titles of the newest ``which`` tasks ("open", "closed" or "any") whose id
        starts with ``prefix``: at most ``limit`` candidates for shell completion."""
        if prefix and not prefix.isdigit():
            return []
        statuses = {"open": (OPEN,), "closed": (DONE, DROPPED), "any": STATUSES}[which]
        query = select(Task.id, Task.title).where(col(Task.status).in_(statuses))
        if prefix:
            query = query.where(cast(Task.id, String).startswith(prefix))
        query = query.order_by(col(Task.id).desc()).limit(limit)
        with self._session(write=False) as session:
            return [(task_id, title) for task_id, title in session.exec(query) if task_id]

    def history(self, task_id: int) -> list[EventRecord]:
        """Every recorded change to a task, oldest first."""
        return self._events(Event.task_id == task_id)

    def events(self) -> list[EventRecord]:
        """The whole history, deleted tasks' included, oldest first."""
        return self._events()

    def latest_change(self) -> int:
        """The id of the latest history entry, 0 if none: every change (an undo included) adds
        one, so a screen that polls it sees another process's changes."""
        with self._session(write=False) as session:
            return session.exec(select(func.max(Event.id))).one() or 0

    def _events(self, *where: Any) -> list[EventRecord]:
        table = table_of(Event)  # rows, not ORM objects: a whole history loads fast
        author = table_of(Person).c.name.label("author_name")
        query = (
            table.select()
            .add_columns(author)
            .outerjoin(table_of(Person), table_of(Person).c.login == table.c.author)
            .where(*where)
            .order_by(table.c.id)
        )
        with self._session(write=False) as session:
            return [
                EventRecord(
                    e.task_id,
                    e.kind,
                    e.at,
                    e.changes,
                    e.note,
                    e.task_uuid,
                    e.change,
                    e.undone_at,
                    e.author,
                    e.author_name,
                )
                for e in session.execute(query)
            ]

    # -- writing -----------------------------------------------------------------------------

    def add(
        self,
        fields: dict[str, Any],
        tags: Iterable[str],
        blocked_by: Iterable[int],
        now: datetime,
        delegation: Handover | None = None,
    ) -> TaskRecord:
        """Create a task from ``fields`` (of ``TASK_FIELDS``), delegated if asked, in one go."""
        with self._session() as session:
            task = Task(uuid=str(uuid_module.uuid4()), created_at=now, updated_at=now, **fields)
            session.add(task)
            session.flush()
            assert task.id is not None
            tag_list = insert_tags(session, task.id, tags)
            blockers = insert_blockers(session, task.id, blocked_by)
            changes = {name: json_value(value) for name, value in fields.items()}
            if tag_list:
                changes["tags"] = tag_list
            if blockers:
                changes["blocked_by"] = blockers
            record_event(session, task, "created", now, changes)
            if delegation is not None:
                hand_over(session, task, delegation, now)
            return task_records(session, [task])[0]

    def edit(
        self,
        task_id: int,
        fields: dict[str, Any],
        now: datetime,
        *,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        add_blockers: Iterable[int] = (),
        remove_blockers: Iterable[int] = (),
    ) -> TaskRecord:
        """Change a task; the history records each field's old and new value."""
        with self._session() as session:
            task = get_task(session, task_id)
            changes = set_values(task, fields)
            added_tags = insert_tags(session, task_id, add_tags)
            if added_tags:
                changes["tags_added"] = added_tags
            removed_tags = remove_links(
                session,
                TaskTag,
                TaskTag.task_id == task_id,
                col(TaskTag.tag).in_([t.lower() for t in remove_tags]),
            )
            if removed_tags:
                changes["tags_removed"] = removed_tags
            added_blockers = insert_blockers(session, task_id, add_blockers)
            if added_blockers:
                changes["blocked_by_added"] = added_blockers
            removed = remove_links(
                session,
                Dependency,
                Dependency.task_id == task_id,
                col(Dependency.blocker_id).in_(list(remove_blockers)),
            )
            if removed:
                changes["blocked_by_removed"] = removed
            if changes:
                task.updated_at = now
                record_event(session, task, "edited", now, changes)
            return task_records(session, [task])[0]

    def snooze(self, task_id: int, until: datetime | None, now: datetime) -> TaskRecord:
        """Hide an open task from the triage until ``until`` (None: wake it now); the history
        records the old and new time, so ``todo undo`` puts it back."""
        with self._session() as session:
            task = get_task(session, task_id)
            if task.status != OPEN:
                raise InvalidInput(
                    _("task #{task_id} is {status}: only open tasks snooze").format(
                        task_id=task_id, status=status_word(task.status)
                    )
                )
            changes = set_values(task, {"snoozed_until": until})
            if changes:
                task.updated_at = now
                record_event(session, task, "snoozed" if until else "woken", now, changes)
            return task_records(session, [task])[0]

    def set_status(
        self,
        task_ids: Sequence[int],
        status: str,
        now: datetime,
        kind: str,
        note: str | None = None,
        calendar: WorkCalendar = DEFAULT_CALENDAR,
    ) -> list[TaskRecord]:
        """Move tasks to ``status`` in one transaction (all or none); ``kind`` names the event.
        Done (or skipped) recurring tasks bring their next occurrences, whose days are read on
        ``calendar`` (its zone, its holidays): the records of the tasks closed, then those of
        the occurrences added."""
        with self._session() as session:
            tasks = [get_task(session, task_id) for task_id in task_ids]
            if status == DONE:
                refuse_review_meetings(session, tasks)
            return change_status(session, tasks, status, now, kind, note, calendar)

    # -- delegation --------------------------------------------------------------------------

    def delegate(self, task_id: int, delegation: Handover, now: datetime) -> TaskRecord:
        """Hand an open task to a person (or to another one), with a follow-up date."""
        with self._session() as session:
            task = get_task(session, task_id)
            hand_over(session, task, delegation, now)
            return task_records(session, [task])[0]

    def follow_up(
        self, task_id: int, note: str | None, next_follow_up: datetime, now: datetime
    ) -> TaskRecord:
        """Record a check-in on a delegated task and set its next follow-up."""
        with self._session() as session:
            task = delegated_task(session, task_id)
            changes = set_values(task, {"follow_up": next_follow_up})
            task.updated_at = now
            record_event(session, task, "followed-up", now, changes, note)
            return task_records(session, [task])[0]

    def reclaim(
        self, task_id: int, now: datetime, note: str | None = None, *, hand_back: bool = False
    ) -> TaskRecord:
        """Take a delegated task back into my own list; or, with ``hand_back``, give a task
        delegated to me (a team member) back to whoever delegated it."""
        with self._session() as session:
            task = delegated_task(session, task_id)
            person = session.get(Person, task.delegate_id)
            if hand_back and not self._is_me(session, person):
                raise InvalidInput(
                    _(
                        "task #{task_id} is not delegated to you: only its delegate hands it back"
                    ).format(task_id=task_id)
                )
            changes = {"delegate": {"from": person.name if person else None, "to": None}}
            changes |= set_values(
                task, {"delegate_id": None, "delegated_at": None, "follow_up": None}
            )
            task.updated_at = now
            kind = "handed-back" if hand_back else "reclaimed"
            record_event(session, task, kind, now, changes, note)
            return task_records(session, [task])[0]

    def _is_me(self, session: Session, person: Person | None) -> bool:
        """Whether ``person`` is the team member this connection's role is."""
        if person is None or person.login is None or not dialect.has_roles(self.engine):
            return False
        return bool(session.scalar(select(func.current_user())) == person.login)

    def complete_delegated(
        self, task_id: int, now: datetime, note: str | None, calendar: WorkCalendar
    ) -> TaskRecord:
        """Close a delegated task that its delegate finished (a recurring one brings its next
        occurrence on ``calendar``, as ``set_status`` does)."""
        with self._session() as session:
            task = delegated_task(session, task_id)
            return change_status(session, [task], DONE, now, "done", note, calendar)[0]

    def delete(self, task_id: int, now: datetime) -> TaskRecord:
        """Delete a task; its history keeps a full snapshot of it, so undo can restore it."""
        with self._session() as session:
            task = get_task(session, task_id)
            record = task_records(session, [task])[0]
            snapshot: dict[str, Any] = {
                name: json_value(getattr(task, name)) for name in TASK_COLUMNS
            }
            blocks = session.exec(
                select(Dependency.task_id).where(Dependency.blocker_id == task_id)
            ).all()
            snapshot.update(
                tags=list(record.tags),
                blocked_by=list(record.blocked_by),
                blocks=sorted(blocks),
                delegate=record.delegate,
            )
            record_event(session, task, DELETED, now, snapshot)
            remove_task(session, task)
            return record


def refuse_review_meetings(session: Session, tasks: Sequence[Task]) -> None:
    """InvalidInput if one of ``tasks`` is an initiative's review meeting: recording the review
    (``todo initiative review``) closes it and sets the next one; closing it alone would leave
    the initiative with no review to come."""
    linked = [task.id for task in tasks if task.initiative_id is not None]
    if not linked:
        return
    meeting = session.exec(
        select(Task.id, Initiative.key)
        .join(Initiative, col(Initiative.id) == col(Task.initiative_id))
        .join(TaskTag, col(TaskTag.task_id) == col(Task.id))
        .where(col(Task.id).in_(linked), TaskTag.tag == REVIEW_TAG)
        .order_by(col(Task.id))
    ).first()
    if meeting is not None:
        task_id, key = meeting
        raise InvalidInput(
            _(
                "#{task_id} is the review meeting of {key}: todo initiative review {key} "
                "(--note ...) records it and sets the next one"
            ).format(task_id=task_id, key=key)
        )


def change_status(
    session: Session,
    tasks: list[Task],
    status: str,
    now: datetime,
    kind: str,
    note: str | None,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
) -> list[TaskRecord]:
    """Move ``tasks`` to ``status`` (the event ``kind``): their records, then those of the
    next occurrences that done (or skipped) recurring tasks bring, their days read on
    ``calendar``."""
    for task in tasks:
        if task.status == status:
            raise InvalidInput(
                _("task #{id} is already {status}").format(id=task.id, status=status_word(status))
            )
        check_change(session, task, kind)
        completed = None if status == OPEN else now
        changes = set_values(task, {"status": status, "completed_at": completed})
        task.updated_at = now
        record_event(session, task, kind, now, changes, note)
    following = next_occurrences(session, tasks, now, calendar) if kind in BRINGS_NEXT else []
    return task_records(session, [*tasks, *following])


def hand_over(session: Session, task: Task, delegation: Handover, now: datetime) -> None:
    if task.status != OPEN:
        raise InvalidInput(
            _("task #{id} is {status}: only open tasks can be delegated").format(
                id=task.id, status=status_word(task.status)
            )
        )
    if delegation.person_id is not None:
        person = get_person(session, delegation.person_id)
    else:
        assert delegation.new_person is not None
        person = new_person(session, delegation.new_person, None, None, now)
    previous = session.get(Person, task.delegate_id) if task.delegate_id else None
    kind = "redelegated" if previous is not None else "delegated"
    changes = {"delegate": {"from": previous.name if previous else None, "to": person.name}}
    changes |= set_values(
        task,
        {"delegate_id": person.id, "delegated_at": now, "follow_up": delegation.follow_up},
    )
    task.updated_at = now
    record_event(session, task, kind, now, changes, delegation.note)


def delegated_task(session: Session, task_id: int) -> Task:
    task = get_task(session, task_id)
    if task.delegate_id is None:
        raise InvalidInput(
            _("task #{task_id} is not delegated (todo delegate {task_id} --to NAME)").format(
                task_id=task_id
            )
        )
    if task.status != OPEN:
        raise InvalidInput(
            _("task #{task_id} is {status}").format(
                task_id=task_id, status=status_word(task.status)
            )
        )
    return task


def insert_tags(session: Session, task_id: int, tags: Iterable[str]) -> list[str]:
    wanted = sorted({tag.strip().lower() for tag in tags if tag.strip()})
    if not wanted:
        return []
    present = set(session.exec(select(TaskTag.tag).where(TaskTag.task_id == task_id)))
    new = [tag for tag in wanted if tag not in present]
    check_tag_count(len(present) + len(new))
    session.add_all(TaskTag(task_id=task_id, tag=tag) for tag in new)
    return new


def insert_blockers(session: Session, task_id: int, blockers: Iterable[int]) -> list[int]:
    wanted = sorted(set(blockers))
    if not wanted:
        return []
    if task_id in wanted:
        raise Conflict(_("task #{task_id} cannot block itself").format(task_id=task_id))
    for blocker_id in wanted:
        get_task(session, blocker_id)
    present = set(
        session.exec(
            select(Dependency.blocker_id).where(
                Dependency.task_id == task_id, col(Dependency.blocker_id).in_(wanted)
            )
        )
    )
    new = [b for b in wanted if b not in present]
    cycle = reaches(session, start=new, target=task_id)
    if cycle is not None:
        raise Conflict(
            _("#{task_id} cannot wait for #{cycle}: #{cycle} already waits for #{task_id}").format(
                task_id=task_id, cycle=cycle
            )
        )
    session.add_all(Dependency(task_id=task_id, blocker_id=b) for b in new)
    return new


def reaches(session: Session, start: Sequence[int], target: int) -> int | None:
    """The first of ``start`` from which ``target`` is reachable through blockers, if any."""
    for origin in start:
        seen, frontier = {origin}, {origin}
        while frontier:
            if target in frontier:
                return origin
            rows = session.exec(
                select(Dependency.blocker_id).where(col(Dependency.task_id).in_(frontier))
            )
            frontier = set(rows) - seen
            seen |= frontier
    return None
