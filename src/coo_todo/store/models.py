"""SQLModel tables: the single definition of the schema.

Times are aware datetimes, stored in UTC (SQLModel's UTC DateTime type). Every type and
constraint here is portable between SQLite and PostgreSQL.
"""

from __future__ import annotations

import reprlib
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, FetchedValue, Index, Integer, MetaData, func
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig  # defined there; sqlmodel.main only imports it
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from coo_todo.domain.dates import UNREADABLE, YEARS
from coo_todo.domain.records import DONE, OPEN
from coo_todo.store.dialect import seconds_between


class TableBase(SQLModel):
    """The base of every table. Pydantic builds a model's validator on first use, not at
    import: SQLModel never validates a table model it creates, and every command paid for
    building five validators it did not use (about 1% of ``todo triage``)."""

    model_config = SQLModelConfig(defer_build=True)


class StoredTime(UTCDateTime):
    """SQLModel's UTC time, read defensively: a stored value that is not a date (SQLite keeps
    any text another tool wrote) or whose year is outside ``dates.YEARS`` reads as
    ``dates.UNREADABLE``, which every view shows as "invalid date", instead of crashing every
    listing (or, in a time zone east of UTC, converting 9999-12-31 23:00 to local time)."""

    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        convert = super().result_processor(dialect, coltype)
        first, last = YEARS
        parse = datetime.fromisoformat  # bound here: global look-ups were a fifth of read

        def read(value: Any) -> datetime | None:
            if value is None:
                return None
            if type(value) is str and len(value) == 26 and value[10] == " ":
                # SQLite's text as SQLAlchemy writes it ("2026-11-26 09:00:00.000000", UTC): one
                # C call instead of a regular expression and two conversions (``replace`` alone
                # costs five times the parse); a 10,000-task triage reads 30,000 of them.
                # Anything else takes the general path.
                try:
                    parsed = parse(value + "+00:00")
                except ValueError:
                    pass
                else:
                    if first <= parsed.year <= last:
                        return parsed
            try:
                when = convert(value) if convert is not None else value
            except (ValueError, TypeError, OverflowError):
                return UNREADABLE
            if when is None or first <= when.year <= last:
                return when
            return UNREADABLE

        return read


def _time(**options: Any) -> Any:
    return Field(sa_type=StoredTime, **options)


class StoredText(AutoString):
    """Text read defensively on SQLite, which keeps any value in any column: bytes another
    tool wrote (a BLOB) read as text, undecodable bytes replaced (U+FFFD); a number, as its
    digits. Every listing crashed on one such value (Rich renders no bytes, JSON writes none).
    PostgreSQL checks types on write, so nothing is read twice there."""

    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        if dialect.name != "sqlite":
            return None

        def read(value: Any) -> str | None:
            if value is None or type(value) is str:
                return value
            if type(value) is bytes:
                return value.decode("utf-8", "replace")
            return str(value)

        return read


class StoredInteger(TypeDecorator[int]):
    """A whole number read defensively on SQLite (see ``StoredText``): a float as the nearest
    whole number, digits as their number, anything else (``'high'``, bytes) as ``unreadable``:
    the column's default (impact 3), or None. The arithmetic of every score crashed on text."""

    impl = Integer
    cache_ok = True

    def __init__(self, unreadable: int | None = None) -> None:
        super().__init__()
        self.unreadable = unreadable

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        if dialect.name != "sqlite":
            return None
        unreadable = self.unreadable

        def read(value: Any) -> int | None:
            if value is None or type(value) is int:
                return value
            try:
                return round(float(value)) if type(value) in (float, str) else unreadable
            except (ValueError, OverflowError):
                return unreadable

        return read


UNREADABLE_CHANGES = "unreadable"
"""The one key of a history entry's changes that could not be read (``StoredChanges``)."""


class StoredChanges(TypeDecorator[dict[str, Any]]):
    """A history entry's changes (JSON), read defensively: what another tool wrote that is not
    a JSON object (not JSON, bytes, a number) reads as ``{UNREADABLE_CHANGES: the text}``, so
    ``todo show`` still lists the entry and ``undo`` refuses it (``history.entry_problem``)
    instead of crashing."""

    impl = JSON
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        parse = super().result_processor(dialect, coltype)

        def read(value: Any) -> dict[str, Any]:
            try:
                changes = parse(value) if parse is not None else value
            except (ValueError, TypeError):  # not JSON, or bytes that are not UTF-8
                changes = None
            if isinstance(changes, dict):
                return changes
            return {UNREADABLE_CHANGES: reprlib.repr(value)}

        return read


SET_BY_THE_DATABASE = {"server_default": FetchedValue()}
ROLE_COLUMNS = ("owner", "author")
"""The columns (of ``task`` and ``event``) PostgreSQL fills with the connection's role."""
"""A column an insert leaves out rather than send None, for the database to fill in: on
PostgreSQL a task's owner and an entry's author are the connection's role (migration 0004),
and a member's role may not write a person's login at all."""


class Task(TableBase, table=True):
    """A task: a short integer id to type, a UUID to import and share."""

    # AUTOINCREMENT on SQLite (ignored elsewhere): a deleted task's id is never reused, so
    # history entries keep pointing at the task they describe.
    # The weekly review finds what was done in a period by status and completion time.
    __table_args__ = (
        Index("ix_task_status_completed_at", "status", "completed_at"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    title: str
    status: str = Field(default="open", max_length=16, index=True)
    impact: int = 3
    urgency: int = 3
    due: datetime | None = _time(default=None)
    effort_minutes: int | None = None
    area: str | None = Field(default=None, max_length=100, index=True)
    notes: str | None = None
    created_at: datetime = _time(index=True)
    updated_at: datetime = _time()
    completed_at: datetime | None = _time(default=None)
    delegate_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    delegated_at: datetime | None = _time(default=None)
    follow_up: datetime | None = _time(default=None)
    owner: str | None = Field(
        default=None, max_length=63, index=True, sa_column_kwargs=SET_BY_THE_DATABASE
    )
    """Who created the task: on PostgreSQL its role (the column defaults to ``current_user``,
    and row-level security checks it); None on SQLite."""
    recurrence: str | None = Field(default=None, max_length=300)
    """A recurring task's rule, RFC 5545 (``FREQ=WEEKLY;BYDAY=FR``); None for a one-off."""
    series: str | None = Field(default=None, max_length=36, index=True)
    """The uuid the occurrences of one recurring task share."""
    snoozed_until: datetime | None = _time(default=None, index=True)
    """Hidden from the triage until then (``todo snooze``); None when awake."""
    initiative_id: int | None = Field(default=None, foreign_key="initiative.id", index=True)
    """The initiative the task belongs to (``in:crm``); None for most tasks."""


def time_to_done(task: Any) -> Any:
    """A done task's time to done, in whole seconds (from capture to done)."""
    return seconds_between(task.c.created_at, task.c.completed_at)


def _partial_index(name: str, *columns: Any, status: str = DONE) -> Index:
    """An index of the tasks of one ``status`` only (a partial index): of the done ones,
    which capturing a task never writes, unless another is named."""
    task = Task.__table__  # type: ignore[attr-defined]
    held = task.c.status == status
    return Index(name, *columns, sqlite_where=held, postgresql_where=held)


# The weekly review (migration 0009). Its counts read a period's done tasks from one index,
# no table row; each percentile of time to done walks the done tasks of its group (all, an
# area, a person) in order of that time, from whichever end is nearer, instead of sorting
# them: a review of a year reads about half of the year's index entries, not every row
# twice. The status column leads each, so SQLite's planner sees it as an equality; the
# columns the time to done is computed from close each, so PostgreSQL reads no table row
# (``ix_task_done_seconds`` also holds the groups' columns: PostgreSQL walks the tasks of no
# area, or yours, down it, as it cannot walk an index in order below an IS NULL).
_TASK = Task.__table__  # type: ignore[attr-defined]
_partial_index(
    "ix_task_done_period",
    _TASK.c.status,
    _TASK.c.completed_at,
    _TASK.c.area,
    _TASK.c.delegate_id,
    _TASK.c.due,
    _TASK.c.created_at,
)
_SECONDS = (time_to_done(_TASK), _TASK.c.completed_at, _TASK.c.created_at)
_partial_index(  # with the groups' columns: PostgreSQL walks the groups without one here
    "ix_task_done_seconds", _TASK.c.status, *_SECONDS, _TASK.c.delegate_id, _TASK.c.area
)
_partial_index(
    "ix_task_done_area_seconds", _TASK.c.status, func.lower(_TASK.c.area), *_SECONDS, _TASK.c.area
)
_partial_index("ix_task_done_delegate_seconds", _TASK.c.status, _TASK.c.delegate_id, *_SECONDS)
# Over a long period (migration 0010), the counts scan the done tasks group by group, in this
# order, rather than sort the period's into groups.
_partial_index(
    "ix_task_done_groups",
    _TASK.c.status,
    func.lower(_TASK.c.area),
    _TASK.c.delegate_id,
    _TASK.c.completed_at,
    _TASK.c.due,
    _TASK.c.area,
)
# ``todo plan`` (migration 0011) reads the open tasks a slice at a time (an impact, an
# urgency, a deadline near or far: ``store.open_tasks``), and counts them, from this index.
_partial_index(
    "ix_task_open_score",
    _TASK.c.impact,
    _TASK.c.urgency,
    _TASK.c.due,
    _TASK.c.effort_minutes,
    _TASK.c.delegate_id,
    _TASK.c.snoozed_until,
    status=OPEN,
)


class Person(TableBase, table=True):
    """A colleague tasks are delegated to. ``key`` is the name folded for matching."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    key: str = Field(max_length=200, unique=True)
    team: str | None = Field(default=None, max_length=100)
    contact: str | None = Field(default=None, max_length=200)
    created_at: datetime = _time()
    last_brief_at: datetime | None = _time(default=None)
    login: str | None = Field(
        default=None, max_length=63, unique=True, index=True, sa_column_kwargs=SET_BY_THE_DATABASE
    )
    """A team member's database role (``todo team add``); None for other colleagues."""


class TaskTag(TableBase, table=True):
    """A tag on a task (a table, not a delimited string, so ``--tag`` filters are plain SQL)."""

    __tablename__ = "task_tag"

    task_id: int = Field(foreign_key="task.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, max_length=100, index=True)


class Dependency(TableBase, table=True):
    """``task_id`` cannot start before ``blocker_id`` is done."""

    task_id: int = Field(foreign_key="task.id", primary_key=True, ondelete="CASCADE")
    blocker_id: int = Field(foreign_key="task.id", primary_key=True, ondelete="CASCADE", index=True)


class Event(TableBase, table=True):
    """One change to a task, kept even after the task is deleted (no foreign key).

    ``change`` groups the events one command wrote (``todo done 3 4`` is one change), so
    ``todo undo`` reverts them together and marks them ``undone_at``.
    """

    # The weekly review finds the edits of a period by kind and time.
    __table_args__ = (Index("ix_event_kind_at", "kind", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(index=True)
    task_uuid: str = Field(max_length=36)
    kind: str = Field(max_length=32)
    at: datetime = _time(index=True)
    change: str = Field(default="", max_length=32, index=True)
    undone_at: datetime | None = _time(default=None)
    changes: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(StoredChanges, nullable=False)
    )
    note: str | None = None
    author: str | None = Field(default=None, max_length=63, sa_column_kwargs=SET_BY_THE_DATABASE)
    """Who made the change: on PostgreSQL their role (defaults to ``current_user``); None on
    SQLite."""


class SharedArea(TableBase, table=True):
    """An area every member of the team may read and change (lower case)."""

    __tablename__ = "shared_area"

    area: str = Field(primary_key=True, max_length=100)


class Initiative(TableBase, table=True):
    """A cycle of work with a review cadence (issue 16): ``key`` is what the user types
    (``crm``), ``review_rule`` an RFC 5545 rule, ``next_review`` when the meeting comes back."""

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    key: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    goal: str | None = Field(default=None, max_length=1000)
    area: str | None = Field(default=None, max_length=100)
    state: str = Field(default="active", max_length=16)
    started_at: datetime = _time()
    target: datetime | None = _time(default=None)
    review_rule: str | None = Field(default=None, max_length=300)
    next_review: datetime | None = _time(default=None)
    created_at: datetime = _time()
    updated_at: datetime = _time()
    owner: str | None = Field(default=None, max_length=63, sa_column_kwargs=SET_BY_THE_DATABASE)
    """Who created it: on PostgreSQL its role (row-level security checks it); None on SQLite."""


class InitiativeMember(TableBase, table=True):
    """A colleague taking part in an initiative's reviews."""

    __tablename__ = "initiative_member"

    initiative_id: int = Field(foreign_key="initiative.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)


class InitiativeReview(TableBase, table=True):
    """One review meeting held: when, and what was agreed (``note``)."""

    __tablename__ = "initiative_review"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    initiative_id: int = Field(foreign_key="initiative.id", index=True, ondelete="CASCADE")
    at: datetime = _time()
    note: str | None = None


def read_defensively(metadata: MetaData) -> None:
    """Give every text and whole-number column of ``metadata`` its defensive type
    (``StoredText``, ``StoredInteger``), whole-number keys aside (SQLite refuses text in an
    integer primary key; a key's value is looked up, never computed with)."""
    for table in metadata.tables.values():
        for column in table.columns:
            kind = column.type
            if type(kind) is AutoString:
                column.type = StoredText(getattr(kind.impl_instance, "length", None))
            elif type(kind) is Integer and not (column.primary_key or column.foreign_keys):
                default = getattr(column.default, "arg", None)
                column.type = StoredInteger(default if isinstance(default, int) else None)


read_defensively(SQLModel.metadata)
