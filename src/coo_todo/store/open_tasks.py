"""The open tasks as ``todo plan`` and ``todo triage --limit`` read them: the few whose score
depends on other tasks whole, the plain ones a slice at a time (``domain.slices``), in one read
transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, literal, or_, union
from sqlmodel import Session, col, select

from coo_todo.domain.dates import YEARS
from coo_todo.domain.records import OPEN, TaskRecord
from coo_todo.domain.scoring import Efforts
from coo_todo.domain.slices import FAR, NEAR, UNDATED, Slice
from coo_todo.store.models import Dependency, Task
from coo_todo.store.rows import TASK_ROW, task_records
from coo_todo.store.tasks import Scope, TaskFilter, TaskStore

LATEST = datetime(YEARS[1] + 1, 1, 1, tzinfo=UTC)
"""From here on a stored deadline is unreadable (read as overdue): a NEAR one, as is any text
another tool wrote that sorts after every date."""

LARGEST = 2**31 - 1
"""The largest effort a column of whole numbers holds on PostgreSQL: on SQLite, an effort
beyond ±LARGEST was written by another tool, or is not a number (text sorts after numbers)."""

MAX_LISTED_IDS = 30_000
"""The most ids one statement lists (SQLite takes 32,766 parameters)."""

_impact, _urgency, _effort = col(Task.impact), col(Task.urgency), col(Task.effort_minutes)
_due, _task_id = col(Task.due), col(Task.id)

_PLAIN = and_(
    col(Task.delegate_id).is_(None),
    col(Task.snoozed_until).is_(None),
    _task_id.not_in(select(Dependency.task_id)),
    _task_id.not_in(select(Dependency.blocker_id)),
)
"""A plain task: not delegated, never snoozed, neither waiting for nor holding another."""

_ENTANGLED = _task_id.in_(
    union(
        select(Task.id).where(col(Task.delegate_id).is_not(None)),
        select(Task.id).where(col(Task.snoozed_until).is_not(None)),
        select(Dependency.task_id),
        select(Dependency.blocker_id),
    )
)
"""Not a plain task, as ids found by their indexes: a database that tested every open task
against ``_PLAIN`` took as long as reading them all."""

_IN_SLICES = and_(
    _impact.in_(range(1, 6)),
    _urgency.in_(range(1, 6)),
    or_(_effort.is_(None), _effort.between(-LARGEST, LARGEST)),
)
"""A task whose impact, urgency and effort the slices cover (any value the app writes)."""


def _in_band(efforts: Efforts) -> list[Any]:
    """The conditions of an effort in the band ``efforts``."""
    if efforts is None:
        return [_effort.is_(None)]
    low, high = efforts
    return [
        *([] if low is None else [_effort > low]),
        *([] if high is None else [_effort <= high]),
        _effort.is_not(None),
    ]


class OpenTaskReads:
    """The open tasks of a scope (see ``TaskFilter.scope``) read within one transaction:
    ``entangled`` (not plain) whole, the plain ones by ``read``; ``count`` and
    ``least_minutes`` as ``domain.slices.OpenTasks`` says."""

    def __init__(
        self,
        session: Session,
        query: Any,
        entangled: list[TaskRecord],
        count: int,
        least_minutes: int,
    ) -> None:
        self._session, self._query = session, query
        self.entangled = entangled
        self.count = count
        self.least_minutes = least_minutes

    def read(self, slices: Sequence[Slice], cut: datetime) -> list[TaskRecord]:
        """The plain open tasks of ``slices``, by id; a NEAR deadline is at or before ``cut``."""
        deadline = {
            NEAR: and_(_due.is_not(None), or_(_due <= cut, _due >= LATEST)),
            FAR: and_(_due > cut, _due < LATEST),
            UNDATED: _due.is_(None),
        }
        urgencies: dict[tuple[int, str, Efforts], list[int]] = {}
        for piece in slices:
            key = (piece.impact, piece.deadline, piece.efforts)
            urgencies.setdefault(key, []).append(piece.urgency)
        # One term per impact, deadline and efforts, not per slice: a database finds the
        # common batch (the slices of one impact whose deadline is near) by its index.
        query = self._query.where(
            _PLAIN,
            or_(
                *(
                    and_(
                        _impact == impact,
                        _urgency.in_(among),
                        deadline[kind],
                        *_in_band(efforts),
                    )
                    for (impact, kind, efforts), among in urgencies.items()
                )
            ),
        ).order_by(None)
        rows = self._session.connection().execute(query.with_only_columns(*TASK_ROW)).all()
        # Their tags by id: a few hundred ids are found at once, where the query again would
        # walk its slices; past what a statement may hold, the query again.
        among = None if len(rows) <= MAX_LISTED_IDS else query.with_only_columns(_task_id)
        return task_records(self._session, rows, among=among)


class OpenTaskStore(TaskStore):
    """The reads of the open tasks a slice at a time."""

    @contextmanager
    def open_task_reads(
        self, default_effort: int, scope: Scope | None = None
    ) -> Iterator[OpenTaskReads | None]:
        """The open tasks of ``scope`` for a ranking that reads the plain ones a slice at a
        time (a task without an estimate counts ``default_effort`` minutes); None when one lies
        in no slice (an impact of 7 that another tool wrote): then rank every task."""
        # The status written out, not bound: the open tasks' index (``ix_task_open_score``)
        # covers the open tasks only, which a database can only know of a written status.
        query = self._selected(TaskFilter(status=None, scope=scope)).where(
            col(Task.status) == literal(OPEN, literal_execute=True)
        )
        count = query.with_only_columns(func.count()).order_by(None)
        # Over the tasks in slices, which the index holds in slice order (with their effort):
        # a count that falls short of every open task's means some lie in none.
        census = (
            query.where(_IN_SLICES)
            .with_only_columns(func.count(), func.count(_effort), func.min(_effort))
            .order_by(None)
        )
        with self._session(write=False) as session:
            connection = session.connection()
            in_slices, estimated, least = connection.execute(census).one()
            if in_slices < connection.execute(count).scalar_one():
                yield None
                return
            rows = connection.execute(query.where(_ENTANGLED).with_only_columns(*TASK_ROW)).all()
            entangled = task_records(session, rows)
            if estimated < in_slices or least is None:
                least = default_effort if least is None else min(least, default_effort)
            yield OpenTaskReads(session, query, entangled, in_slices, least)
