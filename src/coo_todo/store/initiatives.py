"""Initiatives: their members, the reviews held, and the task that brings the next review into
the triage.

The review task is a real task, written in the same transaction as the change that moves the
review (adding the initiative, recording a review, pausing, resuming, closing, changing the
rule): snoozed until the review's day, due that day, tagged ``review-meeting``. So it is ranked and
explained like any task, appears on its day and not before, and goes with ``todo undo`` as
part of the change that made it. No concurrent command can write it twice: every change that
writes it holds the database's write lock from its first statement, and looks for the review
task of that day before adding one.
"""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, time, tzinfo
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, delete, select

from coo_todo.domain.incoming import Problem
from coo_todo.domain.initiatives import (
    ACTIVE,
    REVIEW_TAG,
    InitiativeCopy,
    InitiativeRecord,
    Joined,
    ReviewRecord,
    folded_key,
    review_title,
)
from coo_todo.domain.records import DONE, DROPPED, OPEN
from coo_todo.errors import CannotUndo, Conflict, NotFound
from coo_todo.i18n import _, ngettext
from coo_todo.store import dialect
from coo_todo.store.engine import Database
from coo_todo.store.history import (
    INITIATIVE_ADDED,
    INITIATIVE_EDITED,
    INITIATIVE_REVIEWED,
    UNDO,
)
from coo_todo.store.models import (
    Event,
    Initiative,
    InitiativeMember,
    InitiativeReview,
    Person,
    Task,
    TaskTag,
)
from coo_todo.store.rows import (
    chunks,
    json_value,
    named_person,
    new_person,
    parse_time,
    record_event,
    record_person_event,
    set_values,
)
from coo_todo.store.tasks import change_status


class InitiativeStore(Database):
    """The operations on initiatives."""

    # -- reading -----------------------------------------------------------------------------

    def initiatives(self) -> list[InitiativeRecord]:
        """Every initiative, by key."""
        with self._session(write=False) as session:
            found = session.exec(select(Initiative).order_by(Initiative.key)).all()
            return [initiative_record(session, initiative) for initiative in found]

    def initiative(self, key: str) -> InitiativeRecord:
        """The initiative of this key (case aside), or NotFound."""
        with self._session(write=False) as session:
            return initiative_record(session, keyed(session, key))

    def reviews(self, initiative_id: int) -> list[ReviewRecord]:
        """The reviews held, oldest first."""
        with self._session(write=False) as session:
            rows = session.exec(
                select(InitiativeReview)
                .where(InitiativeReview.initiative_id == initiative_id)
                .order_by(col(InitiativeReview.at), col(InitiativeReview.id))
            )
            return [ReviewRecord(row.uuid, row.at, row.note) for row in rows]

    def initiative_copies(self) -> list[InitiativeCopy]:
        """Every initiative with its reviews and its tasks' uuids, by id: what a backup keeps."""
        with self._session(write=False) as session:
            initiatives = session.exec(select(Initiative).order_by(col(Initiative.id))).all()
            reviews: dict[int, list[ReviewRecord]] = defaultdict(list)
            for review in session.exec(
                select(InitiativeReview).order_by(
                    col(InitiativeReview.at), col(InitiativeReview.id)
                )
            ):
                reviews[review.initiative_id].append(
                    ReviewRecord(review.uuid, review.at, review.note)
                )
            tasks: dict[int | None, list[str]] = defaultdict(list)
            for initiative_id, uuid in session.exec(
                select(Task.initiative_id, Task.uuid)
                .where(col(Task.initiative_id).is_not(None))
                .order_by(col(Task.id))
            ):
                tasks[initiative_id].append(uuid)
            return [
                InitiativeCopy(
                    initiative_record(session, initiative),
                    tuple(reviews[initiative.id or 0]),
                    tuple(tasks[initiative.id]),
                )
                for initiative in initiatives
            ]

    def joined(self, initiative_id: int) -> list[Joined]:
        """The initiative's tasks (but its review tasks) with the moment each joined it (the
        latest entry that put it there, else its creation) and was done."""
        with self._session(write=False) as session:
            reviews = select(TaskTag.task_id).where(TaskTag.tag == REVIEW_TAG)
            theirs = (Task.initiative_id == initiative_id, col(Task.id).not_in(reviews))
            tasks = session.exec(
                select(Task.id, Task.created_at, Task.status, Task.completed_at).where(*theirs)
            ).all()
            ids = select(Task.id).where(*theirs)
            entries = session.exec(
                select(Event.task_id, Event.at, Event.changes)
                .where(col(Event.task_id).in_(ids), col(Event.undone_at).is_(None))
                .order_by(col(Event.id))
            ).all()
            joined: dict[int, datetime] = {}
            for task_id, at, changes in entries:
                value = changes.get("initiative_id")
                to = value.get("to") if isinstance(value, dict) else value
                if to == initiative_id:
                    joined[task_id] = at
            return [
                Joined(task_id, joined.get(task_id, created), done if status == DONE else None)
                for task_id, created, status, done in tasks
                if task_id is not None
            ]

    def moves_since(self, initiative_id: int, since: datetime) -> tuple[int, set[int]]:
        """Since ``since``: how many of the initiative's tasks (its review tasks aside) changed,
        and which of them had their due date moved later."""
        with self._session(write=False) as session:
            reviews = select(TaskTag.task_id).where(TaskTag.tag == REVIEW_TAG)
            ids = select(Task.id).where(
                Task.initiative_id == initiative_id, col(Task.id).not_in(reviews)
            )
            entries = session.exec(
                select(Event.task_id, Event.changes).where(
                    col(Event.task_id).in_(ids),
                    col(Event.at) >= since,
                    col(Event.undone_at).is_(None),
                    Event.kind != UNDO,
                )
            ).all()
            moved, later = set(), set()
            for task_id, changes in entries:
                moved.add(task_id)
                due = changes.get("due")
                if not isinstance(due, dict) or not due.get("from") or not due.get("to"):
                    continue
                if str(due["to"]) > str(due["from"]):  # ISO 8601 in UTC: in text order
                    later.add(task_id)
            return len(moved), later

    # -- writing -----------------------------------------------------------------------------

    def add_initiative(
        self,
        fields: dict[str, Any],
        member_ids: Sequence[int],
        new_members: Sequence[str],
        now: datetime,
        zone: tzinfo | None,
    ) -> InitiativeRecord:
        """Create an initiative (``fields`` of its columns) with its members, adding the new
        ones to the people; its first review task follows."""
        with self._session() as session:
            check_free_key(session, fields["key"])
            initiative = Initiative(
                uuid=str(uuid_module.uuid4()), created_at=now, updated_at=now, **fields
            )
            session.add(initiative)
            session.flush()
            added = self._add_members(session, initiative, member_ids, new_members, now)
            changes = {name: json_value(value) for name, value in fields.items()}
            record_initiative_event(
                session,
                INITIATIVE_ADDED,
                now,
                {"initiative": initiative.uuid, **changes, "members_added": added},
            )
            sync_review_task(session, initiative, now, zone)
            return initiative_record(session, initiative)

    def edit_initiative(
        self,
        key: str,
        fields: dict[str, Any],
        now: datetime,
        zone: tzinfo | None,
        *,
        member_ids: Sequence[int] = (),
        new_members: Sequence[str] = (),
        remove_ids: Sequence[int] = (),
    ) -> InitiativeRecord:
        """Change an initiative's fields (its state, key, rule...) and members; the review
        task follows the change (moved, renamed, dropped or brought back)."""
        with self._session() as session:
            initiative = owned(session, key)
            if "key" in fields and fields["key"] != initiative.key:
                check_free_key(session, fields["key"])
            diffs = set_values(initiative, fields)
            added = self._add_members(session, initiative, member_ids, new_members, now)
            removed = []
            for person_id in remove_ids:
                person = session.get(Person, person_id)
                gone = session.get(InitiativeMember, (initiative.id, person_id))
                if person is not None and gone is not None:
                    session.delete(gone)
                    removed.append(person.name)
            session.flush()
            extra = {"members_added": added} if added else {}
            extra |= {"members_removed": removed} if removed else {}
            if diffs or extra:
                initiative.updated_at = now
                record_initiative_event(
                    session,
                    INITIATIVE_EDITED,
                    now,
                    {"initiative": initiative.uuid, **diffs, **extra},
                )
                sync_review_task(session, initiative, now, zone)
            return initiative_record(session, initiative)

    def record_review(
        self,
        key: str,
        note: str | None,
        now: datetime,
        next_review: datetime | None,
        zone: tzinfo | None,
    ) -> InitiativeRecord:
        """Record a review held ``now``: its review task is done, the next one is set."""
        with self._session() as session:
            initiative = owned(session, key)
            assert initiative.id is not None
            review = InitiativeReview(
                uuid=str(uuid_module.uuid4()), initiative_id=initiative.id, at=now, note=note
            )
            session.add(review)
            held = open_review_tasks(session, initiative)
            if held:
                change_status(session, held, DONE, now, "done", None)
            diffs = set_values(initiative, {"next_review": next_review})
            initiative.updated_at = now
            record_initiative_event(
                session,
                INITIATIVE_REVIEWED,
                now,
                {"initiative": initiative.uuid, "review": review.uuid, **diffs},
            )
            sync_review_task(session, initiative, now, zone)
            return initiative_record(session, initiative)

    def _add_members(
        self,
        session: Session,
        initiative: Initiative,
        member_ids: Sequence[int],
        new_members: Sequence[str],
        now: datetime,
    ) -> list[str]:
        people = [session.get(Person, person_id) for person_id in member_ids]
        people += [new_person(session, name, None, None, now) for name in new_members]
        added = []
        assert initiative.id is not None
        for person in people:
            if person is None or person.id is None:
                raise NotFound(_("that person is no longer among your people"))
            if session.get(InitiativeMember, (initiative.id, person.id)) is None:
                session.add(InitiativeMember(initiative_id=initiative.id, person_id=person.id))
                added.append(person.name)
        session.flush()
        return added


def restore_initiatives(
    session: Session,
    copies: Sequence[InitiativeCopy],
    task_ids: dict[str, int],
    person: Callable[[str], Person],
) -> list[Problem]:
    """Write a backup's initiatives (an import): a new one keeps its id when that is free; a
    known one (by uuid) takes the file's values. Members are added, reviews the database does
    not hold are added, the listed tasks join. A key another initiative holds is a problem."""
    problems = []
    for copy in copies:
        given = copy.initiative
        stored = session.exec(select(Initiative).where(Initiative.uuid == given.uuid)).first()
        holder = session.exec(select(Initiative.uuid).where(Initiative.key == given.key)).first()
        if holder is not None and holder != given.uuid:
            problems.append(
                Problem(
                    copy.line,
                    _("an initiative already has the key {key!r}").format(key=given.key),
                )
            )
            continue
        values = {name: getattr(given, name) for name in BACKUP_COLUMNS}
        values["owner"] = given.owner or dialect.login(session)
        if stored is None:
            free = session.get(Initiative, given.id) is None
            stored = Initiative(id=given.id if free else None, uuid=given.uuid, **values)
            session.add(stored)
            session.flush()
            dialect.reset_id_sequence(session, "initiative")
        else:
            for name, value in values.items():
                setattr(stored, name, value)
        assert stored.id is not None
        for name in given.members:
            member = person(name)
            if session.get(InitiativeMember, (stored.id, member.id)) is None:
                assert member.id is not None
                session.add(InitiativeMember(initiative_id=stored.id, person_id=member.id))
        known = set(session.exec(select(InitiativeReview.uuid)))
        session.add_all(
            InitiativeReview(uuid=r.uuid, initiative_id=stored.id, at=r.at, note=r.note)
            for r in copy.reviews
            if r.uuid not in known
        )
        joining = [task_ids[uuid] for uuid in copy.tasks if uuid in task_ids]
        for chunk in chunks(joining):
            session.execute(
                update(Task).where(col(Task.id).in_(chunk)).values(initiative_id=stored.id)
            )
        session.flush()
    return problems


BACKUP_COLUMNS = (
    "key",
    "name",
    "goal",
    "area",
    "state",
    "started_at",
    "target",
    "review_rule",
    "next_review",
    "created_at",
    "updated_at",
    "owner",
)
"""The columns of an initiative a backup restores as they are (beside its id and uuid)."""


def owned(session: Session, key: str) -> Initiative:
    """The initiative of this key, to change: in team mode only its owner (or the admin) may,
    as row-level security says (migration 0006); Conflict, in one line, for another member."""
    initiative = keyed(session, key)
    if initiative.owner is not None and dialect.has_roles(session.get_bind()):
        login, admin = dialect.current_role(session.connection())
        if login != initiative.owner and not admin:
            who = session.exec(select(Person.name).where(Person.login == initiative.owner))
            name = who.first() or initiative.owner
            raise Conflict(
                _("initiative {key} is {name}'s: only they change it").format(
                    key=initiative.key, name=name
                )
            )
    return initiative


def keyed(session: Session, key: str) -> Initiative:
    """The initiative of this key, or NotFound (a one-line error naming the way out)."""
    found = session.exec(select(Initiative).where(Initiative.key == folded_key(key))).first()
    if found is None:
        raise NotFound(_("no initiative {key} (todo initiative list)").format(key=repr(key[:60])))
    return found


def check_free_key(session: Session, key: str) -> None:
    if session.exec(select(Initiative.id).where(Initiative.key == key)).first() is not None:
        raise Conflict(
            _("an initiative already has the key {key!r}: choose another with --key").format(
                key=key
            )
        )


def members_of(session: Session, initiative_id: int | None) -> list[str]:
    names = session.exec(
        select(Person.name)
        .join(InitiativeMember, col(InitiativeMember.person_id) == col(Person.id))
        .where(InitiativeMember.initiative_id == initiative_id)
        .order_by(col(Person.key))
    )
    return list(names)


def initiative_record(session: Session, initiative: Initiative) -> InitiativeRecord:
    assert initiative.id is not None
    return InitiativeRecord(
        id=initiative.id,
        uuid=initiative.uuid,
        key=initiative.key,
        name=initiative.name,
        state=initiative.state,
        started_at=initiative.started_at,
        created_at=initiative.created_at,
        updated_at=initiative.updated_at,
        goal=initiative.goal,
        area=initiative.area,
        target=initiative.target,
        review_rule=initiative.review_rule,
        next_review=initiative.next_review,
        owner=initiative.owner,
        members=tuple(members_of(session, initiative.id)),
    )


def record_initiative_event(
    session: Session, kind: str, now: datetime, changes: dict[str, Any]
) -> None:
    """An entry of no task about an initiative (``changes["initiative"]``: its uuid)."""
    record_person_event(session, kind, now, changes)


def open_review_tasks(session: Session, initiative: Initiative) -> list[Task]:
    reviews = select(TaskTag.task_id).where(TaskTag.tag == REVIEW_TAG)
    return list(
        session.exec(
            select(Task).where(
                Task.initiative_id == initiative.id,
                Task.status == OPEN,
                col(Task.id).in_(reviews),
            )
        )
    )


def sync_review_task(
    session: Session, initiative: Initiative, now: datetime, zone: tzinfo | None
) -> None:
    """Make the open review task match the initiative: one, snoozed until the day of its next
    review and due that day, while it is active with a review set; else none (dropped)."""
    due = initiative.next_review if initiative.state == ACTIVE else None
    current = open_review_tasks(session, initiative)
    stale = [task for task in current if task.due != due]
    if stale:
        change_status(session, stale, DROPPED, now, "dropped", None)
    if due is None:
        return
    title = review_title(initiative.name, members_of(session, initiative.id))
    present = next((task for task in current if task.due == due), None)
    if present is not None:
        renamed = set_values(present, {"title": title})
        if renamed:
            present.updated_at = now
            record_event(session, present, "edited", now, renamed)
        return
    local = due.astimezone(zone)
    wake = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    fields: dict[str, Any] = {
        "title": title,
        "impact": 4,
        "urgency": 3,
        "due": initiative.next_review,
        "area": initiative.area,
        "snoozed_until": wake if wake > now else None,
        "initiative_id": initiative.id,
    }
    task = Task(uuid=str(uuid_module.uuid4()), created_at=now, updated_at=now, **fields)
    session.add(task)
    session.flush()
    assert task.id is not None
    session.add(TaskTag(task_id=task.id, tag=REVIEW_TAG))
    changes = {name: json_value(value) for name, value in fields.items()}
    record_event(session, task, "created", now, {**changes, "tags": [REVIEW_TAG]})


def leave_initiatives(session: Session, person_id: int) -> list[str]:
    """Take a person (being removed) out of every initiative: the uuids of those they left,
    which the ``person-removed`` entry keeps so that undo puts them back."""
    rows = session.exec(
        select(InitiativeMember, Initiative.uuid)
        .join(Initiative, col(Initiative.id) == col(InitiativeMember.initiative_id))
        .where(InitiativeMember.person_id == person_id)
    ).all()
    for membership, _person in rows:
        session.delete(membership)
    session.flush()
    return sorted(uuid for _, uuid in rows)


def join_initiatives(session: Session, person: Person, uuids: Sequence[str]) -> None:
    """Put a person (brought back by undo) back into the initiatives still there."""
    assert person.id is not None
    for initiative_id in session.exec(select(Initiative.id).where(col(Initiative.uuid).in_(uuids))):
        assert initiative_id is not None
        session.add(InitiativeMember(initiative_id=initiative_id, person_id=person.id))


def initiative_name(session: Session, changes: dict[str, Any]) -> str:
    """The name of the initiative an entry is about, as it is now (or as the entry says)."""
    name = session.exec(
        select(Initiative.name).where(Initiative.uuid == changes.get("initiative"))
    ).first()
    return str(name if name is not None else changes.get("name", ""))


def revert_initiative(session: Session, kind: str, changes: dict[str, Any]) -> None:
    """Put back what one entry about an initiative changed (``undo``)."""
    initiative = session.exec(
        select(Initiative).where(Initiative.uuid == changes["initiative"])
    ).first()
    if initiative is None:
        raise CannotUndo(_("its initiative is no longer there"))
    if kind == INITIATIVE_ADDED:
        tasks = session.exec(
            select(func.count()).select_from(Task).where(Task.initiative_id == initiative.id)
        ).one()
        if tasks:
            raise CannotUndo(
                ngettext(
                    "{count} task(s) are in {name}", "{count} task(s) are in {name}", tasks
                ).format(count=tasks, name=initiative.name)
            )
        for table in (InitiativeReview, InitiativeMember):
            session.exec(delete(table).where(col(table.initiative_id) == initiative.id))
        session.delete(initiative)
        return
    if kind == INITIATIVE_REVIEWED:
        review = col(InitiativeReview.uuid) == changes["review"]
        session.exec(delete(InitiativeReview).where(review))
    for name, diff in changes.items():
        if isinstance(diff, dict) and "from" in diff:
            value = diff["from"]
            if name in ("started_at", "target", "next_review"):
                value = parse_time(value)
            if name == "key" and value != initiative.key:
                check_free_key(session, value)
            setattr(initiative, name, value)
    for name in changes.get("members_added", []):
        session.exec(
            delete(InitiativeMember).where(
                col(InitiativeMember.initiative_id) == initiative.id,
                col(InitiativeMember.person_id) == named_person(session, name).id,
            )
        )
    for name in changes.get("members_removed", []):
        person = named_person(session, name)
        assert initiative.id is not None and person.id is not None
        session.add(InitiativeMember(initiative_id=initiative.id, person_id=person.id))
