"""Import: writing the records of a parsed file in one transaction."""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, delete, select

from coo_todo.domain.incoming import (
    COMPARED,
    Batch,
    EventIn,
    ImportReport,
    KeptChange,
    Problem,
    TaskIn,
    acyclic,
    refuse,
)
from coo_todo.domain.people import name_key
from coo_todo.domain.records import (
    FIELD_NAMES,
    OPEN,
    TaskRecord,
)
from coo_todo.i18n import _
from coo_todo.store import dialect
from coo_todo.store.engine import Database
from coo_todo.store.history import (
    entry_problem,
)
from coo_todo.store.initiatives import restore_initiatives
from coo_todo.store.models import Dependency, Event, Person, SharedArea, Task, TaskTag
from coo_todo.store.rows import (
    by_uuid,
    chunks,
    plain,
    set_values,
    table_of,
    task_records,
)

IMPORT_KINDS = ("imported", "reimported")
"""Event kinds an import writes for the tasks it adds or updates."""


class ImportStore(Database):
    """Importing records."""

    # -- import ------------------------------------------------------------------------------

    def import_records(
        self,
        batch: Batch,
        now: datetime,
        *,
        strict: bool = False,
        prefer: str = "newer",
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Write a parsed file in one transaction: a task with a new uuid is added (keeping the id
        it brings when that id is free); a known one that differs is updated, or kept as it is
        when its stored version wins (``prefer``, see ``_Import.keeps_stored``: a conflict);
        of several records with one uuid the last wins. Dependencies are added, never removed;
        one on an unknown task or closing a cycle is left out as a problem (fatal if
        ``strict``). ``progress(n)`` hears of every ``n`` tasks written."""
        with self._session() as session:
            job = _Import(session, batch, now, prefer)
            return job.run(strict, progress)


class _Import:
    """One import inside its transaction: the file's records, the rows they become. Every entry
    it writes belongs to the session's change, so ``todo undo`` reverts the import at once."""

    def __init__(self, session: Session, batch: Batch, now: datetime, prefer: str) -> None:
        self.session, self.batch, self.now = session, batch, now
        self.prefer = prefer
        self.tasks = list({task.uuid: task for task in batch.tasks}.values())  # the last wins
        self.imported_at: dict[int, datetime] = {}
        self.people = {name_key(person.name): person for person in session.exec(select(Person))}
        self.pending: dict[Any, list[dict[str, Any]]] = {TaskTag: [], Dependency: [], Event: []}
        self.login = dialect.login(session)
        """Who imports (team mode): the owner and author of what the file does not assign."""

    def run(self, strict: bool, progress: Callable[[int], None] | None) -> ImportReport:
        for given in self.batch.people:
            person = self.person(given.name, given.created_at)
            for name in ("team", "contact", "last_brief_at"):
                if getattr(given, name) is not None:
                    setattr(person, name, getattr(given, name))
            if given.login is not None and person.login != given.login:
                person.login = given.login
                dialect.restore_member(self.session.connection(), given.login)
        shared = set(self.session.exec(select(SharedArea.area)))
        for area in {area.strip().lower() for area in self.batch.shared_areas} - shared:
            self.session.add(SharedArea(area=area))
        stored = by_uuid(self.session, [task.uuid for task in self.tasks])
        new = [task for task in self.tasks if task.uuid not in stored]
        ids = {uuid: row.id for uuid, row in stored.items() if row.id is not None}
        ids.update(self.insert_new(new))
        problems, blockers = self.edges(ids)
        history, lost = self.history(ids)
        problems += lost
        if strict and problems:
            raise refuse(problems)
        records = {
            record.uuid: record
            for chunk in chunks(list(stored.values()))
            for record in task_records(self.session, chunk)
        }
        undated = [
            ids[task.uuid] for task in self.tasks if task.uuid in stored and task.updated_at is None
        ]
        imports = self.latest_entries(undated, col(Event.kind).in_(IMPORT_KINDS))
        self.imported_at = {task_id: at for task_id, (_, at) in imports.items()}
        updated, kept = 0, []
        for index, task in enumerate(self.tasks, 1):
            task_id = ids[task.uuid]
            record = records.get(task.uuid)
            if record is None:
                self.fill_new(task_id, task, blockers[task_id])
            elif (changes := task.changes_from(record)) or blockers[task_id]:
                if self.keeps_stored(task, record):
                    kept.append(record)
                else:
                    self.update(stored[task.uuid], task, changes, blockers[task_id])
                    updated += 1
            if index % 1000 == 0:
                self.flush()
            if progress is not None:
                progress(1)
        conflicts = self.kept_changes(kept)
        self.flush()
        problems += restore_initiatives(self.session, self.batch.initiatives, ids, self.person)
        self.pending[Event] += history  # after the tasks' own entries: undo reverts it first
        self.flush()
        unchanged = len(self.tasks) - len(new) - updated - len(kept)
        return ImportReport(len(new), updated, unchanged, conflicts, problems)

    def keeps_stored(self, task: TaskIn, stored: TaskRecord) -> bool:
        """Whether the stored version of a task the file would change wins: always under
        ``prefer="local"``, never under ``"incoming"``; under ``"newer"`` when it was changed
        after the file's version. That is the file's ``updated_at`` (Taskwarrior's
        ``modified``); a file without one (todo.txt) counts as of the task's last import here,
        so a change made since wins; a task never imported keeps its stored version."""
        if self.prefer != "newer":
            return self.prefer == "local"
        incoming = task.updated_at or self.imported_at.get(stored.id)
        return incoming is None or stored.updated_at > incoming

    def kept_changes(self, kept: Sequence[TaskRecord]) -> list[KeptChange]:
        """The conflicts: each kept task with its latest change made here (not an import)."""
        latest = self.latest_entries(
            [task.id for task in kept], col(Event.kind).not_in(IMPORT_KINDS)
        )
        return [KeptChange(task.id, *latest.get(task.id, (None, task.updated_at))) for task in kept]

    def latest_entries(self, task_ids: Sequence[int], *where: Any) -> dict[int, tuple[str, Any]]:
        """The kind and time of each task's latest history entry (by time) that matches
        ``where`` and was not undone."""
        query = (
            select(Event.task_id, Event.kind, Event.at)
            .where(col(Event.undone_at).is_(None), *where)
            .order_by(col(Event.at), col(Event.id))
        )
        latest = {}
        for chunk in chunks(sorted(task_ids)):
            for task_id, kind, at in self.session.exec(query.where(col(Event.task_id).in_(chunk))):
                latest[task_id] = (kind, at)
        return latest

    def person(self, name: str, created_at: datetime | None = None) -> Person:
        """The person of that name (case and accents aside), added if unknown."""
        key = name_key(name)
        if key not in self.people:
            person = Person(name=" ".join(name.split()), key=key, created_at=created_at or self.now)
            self.session.add(person)
            self.session.flush()
            self.people[key] = person
        return self.people[key]

    def insert_new(self, tasks: Sequence[TaskIn]) -> dict[str, int]:
        """Insert new tasks, those keeping their id first so that generated ids follow them (and
        the ids of deleted tasks in the file's history). Returns their ids by uuid."""
        live = set(self.session.exec(select(Task.id)))
        taken = live | set(self.session.exec(select(Event.task_id).distinct()))
        in_file = {task.uuid for task in self.batch.tasks}
        reserved = {
            entry.task_id
            for entry in self.batch.history
            if entry.task_id and entry.task_uuid not in in_file  # not NO_TASK: people's
        }
        keeping, fresh = [], []
        for task in tasks:
            values = self.task_values(task)
            if task.id is not None and task.id not in taken | reserved:
                taken.add(task.id)
                keeping.append({"id": task.id, **values})
            else:
                fresh.append(values)
        ids = {values["uuid"]: values["id"] for values in keeping}
        top = max(reserved - live, default=None)
        if top is not None:  # a row there moves the id counter past it, and goes at once
            placeholder = TaskIn(0, str(uuid_module.uuid4()), "-")
            keeping.append({"id": top, **self.task_values(placeholder)})
        table = table_of(Task)
        if keeping:
            self.session.execute(insert(table), keeping)
            dialect.reset_id_sequence(self.session, "task")
        if top is not None:
            self.session.execute(delete(Task).where(col(Task.id) == top))
        if fresh:
            returning = insert(table).returning(table.c.uuid, table.c.id)
            ids.update((uuid, task_id) for uuid, task_id in self.session.execute(returning, fresh))
        return ids

    def task_values(self, task: TaskIn) -> dict[str, Any]:
        """The column values of a new task."""
        now = self.now
        return {
            "uuid": task.uuid,
            **{name: getattr(task, name) for name in FIELD_NAMES},
            "status": task.status,
            "created_at": task.created_at or now,
            "updated_at": task.updated_at or task.created_at or now,
            "completed_at": task.completed_at or (None if task.status == OPEN else now),
            "delegate_id": self.person(task.delegate).id if task.delegate else None,
            "delegated_at": task.delegated_at,
            "follow_up": task.follow_up,
            "owner": task.owner or self.login,
            "series": task.series or (str(uuid_module.uuid4()) if task.recurrence else None),
        }

    def edges(self, ids: dict[str, int]) -> tuple[list[Problem], dict[int, list[int]]]:
        """The dependencies to add, by task id, and the problems of those left out."""
        outside = {b for task in self.tasks for b in task.blocked_by if b not in ids}
        found = by_uuid(self.session, outside)
        ids = {**ids, **{uuid: row.id for uuid, row in found.items() if row.id is not None}}
        graph: dict[int, set[int]] = defaultdict(set)
        query = select(Dependency.task_id, Dependency.blocker_id)
        for task_id, blocker_id in self.session.exec(query):
            graph[task_id].add(blocker_id)
        problems = []
        lines: dict[tuple[int, int], int] = {}
        for task in self.tasks:
            for blocker in task.blocked_by:
                if blocker not in ids:
                    problems.append(
                        Problem(
                            task.line,
                            _("waits for unknown task {blocker}").format(blocker=blocker),
                        )
                    )
                    continue
                edge = (ids[task.uuid], ids[blocker])
                if edge[1] not in graph[edge[0]] and edge not in lines:
                    lines[edge] = task.line
        _kept, refused = acyclic(graph, lines)
        problems += [
            Problem(lines[(a, b)], f"#{a} waiting for #{b} is a cycle") for a, b in refused
        ]
        blockers: dict[int, list[int]] = defaultdict(list)
        for task_id, blocker_id in lines.keys() - set(refused):
            blockers[task_id].append(blocker_id)
        return problems, blockers

    def history(self, ids: dict[str, int]) -> tuple[list[dict[str, Any]], list[Problem]]:
        """The rows of the file's history entries that are not here yet, and a problem for each
        entry of a deleted task whose id another task holds here."""
        uuids = sorted({entry.task_uuid for entry in self.batch.history})
        known = set()
        query = select(Event.task_uuid, Event.kind, Event.at, Event.note)
        for chunk in chunks(uuids):
            known |= {
                tuple(key)
                for key in self.session.exec(query.where(col(Event.task_uuid).in_(chunk)))
            }
        deleted = {e.task_id for e in self.batch.history if e.task_uuid not in ids and e.task_id}
        live = {
            task_id
            for chunk in chunks(sorted(deleted))
            for task_id in self.session.exec(select(Task.id).where(col(Task.id).in_(chunk)))
        }
        rows, problems = [], []
        for entry in self.batch.history:
            task_id = ids.get(entry.task_uuid, entry.task_id)
            if entry.key in known:
                continue
            if task_id is None or (entry.task_uuid not in ids and task_id in live):
                problems.append(
                    Problem(
                        entry.line,
                        _("history of an unknown task {uuid}").format(uuid=entry.task_uuid),
                    )
                )
                continue
            problem = entry_problem(entry.kind, entry.changes, task_id)
            if problem is not None:
                problems.append(Problem(entry.line, problem))
                continue
            rows.append(self.event(task_id, entry.task_uuid, entry))
        return rows, problems

    def fill_new(self, task_id: int, task: TaskIn, blockers: Sequence[int]) -> None:
        """Queue the tags and dependencies of a task just inserted, and (unless the file is our
        own backup, which brings its history) an ``imported`` entry of what it arrived with."""
        self.pending[TaskTag] += [{"task_id": task_id, "tag": tag} for tag in task.tags]
        self.pending[Dependency] += [{"task_id": task_id, "blocker_id": b} for b in blockers]
        if not self.batch.restore:
            arrived = {name: plain(getattr(task, name)) for name in COMPARED if getattr(task, name)}
            self.record(task_id, task.uuid, "imported", arrived)

    def update(
        self,
        row: Task,
        task: TaskIn,
        changes: dict[str, dict[str, Any]],
        blockers: Sequence[int],
    ) -> None:
        """Bring a stored task in line with the file (``changes``, and new ``blockers``),
        recording a ``reimported`` entry that undo can revert. The task is as new as the
        file's version (its ``updated_at``; for a file without one, this import)."""
        assert row.id is not None
        values = {name: c["to"] for name, c in changes.items() if name not in ("tags", "delegate")}
        if "delegate" in changes:
            to = changes["delegate"]["to"]
            values["delegate_id"] = self.person(to).id if to else None
        if task.status != OPEN and values.get("completed_at", row.completed_at) is None:
            values["completed_at"] = self.now
        diffs = set_values(row, values)
        if "tags" in changes:
            old, new = set(changes["tags"]["from"]), set(changes["tags"]["to"])
            self.session.exec(
                delete(TaskTag).where(
                    col(TaskTag.task_id) == row.id, col(TaskTag.tag).in_(old - new)
                )
            )
            self.pending[TaskTag] += [{"task_id": row.id, "tag": tag} for tag in sorted(new - old)]
            diffs.update(tags_added=sorted(new - old), tags_removed=sorted(old - new))
        if blockers:
            self.pending[Dependency] += [{"task_id": row.id, "blocker_id": b} for b in blockers]
            diffs["blocked_by_added"] = sorted(blockers)
        row.updated_at = task.updated_at or self.now
        self.record(row.id, row.uuid, "reimported", diffs)

    def record(self, task_id: int, task_uuid: str, kind: str, changes: dict[str, Any]) -> None:
        entry = EventIn(0, task_uuid, kind, self.now, {"source": self.batch.source, **changes})
        self.pending[Event].append(self.event(task_id, task_uuid, entry))

    def event(self, task_id: int, task_uuid: str, entry: EventIn) -> dict[str, Any]:
        """The values of an Event row; this import's change unless the entry has its own."""
        return {
            "task_id": task_id,
            "task_uuid": task_uuid,
            "kind": entry.kind,
            "at": entry.at,
            "change": self.session.info["change"] if entry.change is None else entry.change,
            "undone_at": entry.undone_at,
            "changes": entry.changes,
            "note": entry.note,
            "author": entry.author or self.login,
        }

    def flush(self) -> None:
        """Insert the queued rows of each table in bulk, and empty the queues."""
        for table, rows in self.pending.items():
            if rows:
                self.session.execute(insert(table_of(table)), rows)
                rows.clear()
