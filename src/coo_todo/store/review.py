"""The figures of the weekly review, computed by the database: counts and sums by area and by
person, medians and percentiles with window functions, in-vs-out per step of the period. No
query returns more rows than there are areas, people, steps or ``OLDEST_SHOWN`` tasks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session
from sqlmodel import col

from coo_todo.domain.records import DONE, DROPPED, OPEN
from coo_todo.domain.review import (
    OLDEST_SHOWN,
    PERCENTILES,
    DoneFigures,
    Flow,
    FollowUpDebt,
    OpenTask,
    Period,
    Review,
)
from coo_todo.store import dialect
from coo_todo.store.engine import Database
from coo_todo.store.models import Event, Person, Task

Grouping = Literal["all", "area", "person"]


class ReviewStore(Database):
    """The weekly review's figures."""

    def review(self, period: Period) -> Review:
        """The figures of ``period`` (its end is now), read in one transaction."""
        with self._session(write=False) as session:
            total = done_figures(session, period, "all")
            return Review(
                period=period,
                total=total[0] if total else DoneFigures(None, 0, 0, 0, 0, 0, None, None),
                by_area=done_figures(session, period, "area"),
                by_person=done_figures(session, period, "person"),
                open_past_due=open_past_due(session, period.end),
                postponed=postponed(session, period),
                follow_ups=follow_ups_overdue(session, period.end),
                oldest=oldest_open(session),
                flow=flow(session, period),
            )


def done_figures(session: Session, period: Period, grouping: Grouping) -> list[DoneFigures]:
    """The tasks done in ``period``, all together or by area (case aside) or by person (the
    delegate; None: yours), most done first: one query, whose window functions rank each
    group's times to done for its percentiles."""
    if grouping == "area":
        key: Any = func.lower(col(Task.area))
    elif grouping == "person":
        key = col(Task.delegate_id)
    else:
        key = literal(0)
    seconds = dialect.seconds_between(col(Task.created_at), col(Task.completed_at))
    completed, due = col(Task.completed_at), col(Task.due)
    done = (
        select(
            key.label("key"),
            col(Task.area).label("area"),
            col(Task.delegate_id).label("delegate_id"),
            seconds.label("seconds"),
            case((and_(due.is_not(None), completed <= due), 1), else_=0).label("met"),
            case((and_(due.is_not(None), completed > due), 1), else_=0).label("late"),
            func.row_number().over(partition_by=key, order_by=seconds).label("rank"),
            func.count().over(partition_by=key).label("size"),
        )
        .where(col(Task.status) == DONE, completed >= period.start, completed <= period.end)
        .subquery()
    )
    delegated = func.sum(case((done.c.delegate_id.is_not(None), 1), else_=0))
    named = {"all": literal(None), "area": func.min(done.c.area), "person": func.min(Person.name)}
    query = (
        select(
            named[grouping],
            func.count(),
            delegated,
            func.sum(done.c.met),
            func.sum(done.c.late),
            *(percentile(done, percent) for percent in PERCENTILES),
        )
        .select_from(done)
        .outerjoin(Person, col(Person.id) == done.c.delegate_id)
        .group_by(done.c.key)
    )
    figures = [
        DoneFigures(
            key=name,
            done=count,
            own=count - _count(delegated_count),
            delegated=_count(delegated_count),
            met=_count(met),
            late=_count(late),
            median_seconds=_number(median),
            p90_seconds=_number(p90),
        )
        for name, count, delegated_count, met, late, median, p90 in session.execute(query)
    ]
    return sorted(figures, key=lambda f: (-f.done, f.key is not None, (f.key or "").lower()))


def percentile(ranked: Any, percent: int) -> Any:
    """The ``percent``th percentile of ``ranked.c.seconds`` in each group, interpolated between
    the two nearest ranks as Python's ``statistics.quantiles(method="inclusive")`` does (the
    50th is ``statistics.median``): position ``(size - 1) * percent / 100`` from the smallest,
    its whole part and remainder in integer arithmetic, so no database rounds it."""
    scaled = (ranked.c.size - 1) * percent
    below = scaled // 100
    remainder = scaled - below * 100
    weight = case(
        (ranked.c.rank == below + 1, 100 - remainder),
        (ranked.c.rank == below + 2, remainder),
        else_=0,
    )
    return func.sum(ranked.c.seconds * weight) / 100.0


def _count(value: Any) -> int:
    """A count from a SUM (of nothing: NULL, zero)."""
    return int(value or 0)


def _number(value: Any) -> float | None:
    """A figure as a float (PostgreSQL returns its numerics as Decimal)."""
    return None if value is None else float(value)


def open_past_due(session: Session, now: datetime) -> int:
    """How many open tasks are past their due date."""
    query = select(func.count()).where(
        col(Task.status) == OPEN, col(Task.due).is_not(None), col(Task.due) < now
    )
    return int(session.execute(query).scalar_one())


def postponed(session: Session, period: Period) -> int:
    """How many times in ``period`` a due date was moved later (edits the history kept and
    no undo took back)."""
    changes = col(Event.changes)
    before = changes[("due", "from")].as_string()
    after = changes[("due", "to")].as_string()
    query = select(func.count()).where(
        col(Event.kind) == "edited",
        col(Event.at) >= period.start,
        col(Event.at) <= period.end,
        col(Event.undone_at).is_(None),
        before.is_not(None),
        after.is_not(None),
        dialect.time_of_text(after) > dialect.time_of_text(before),
    )
    return int(session.execute(query).scalar_one())


def follow_ups_overdue(session: Session, now: datetime) -> list[FollowUpDebt]:
    """Per person, the open tasks delegated to them whose follow-up has passed: most first."""
    count = func.count().label("tasks")
    query = (
        select(col(Person.name), count, func.min(col(Task.follow_up)))
        .join(Person, col(Person.id) == col(Task.delegate_id))
        .where(
            col(Task.status) == OPEN, col(Task.follow_up).is_not(None), col(Task.follow_up) < now
        )
        .group_by(col(Person.id), col(Person.name))
        .order_by(count.desc(), col(Person.name))
    )
    rows: Sequence[Any] = session.execute(query).all()
    return [FollowUpDebt(*row) for row in rows]


def oldest_open(session: Session) -> list[OpenTask]:
    """The ``OLDEST_SHOWN`` open tasks captured longest ago."""
    query = (
        select(
            col(Task.id), col(Task.title), col(Task.area), col(Task.created_at), col(Person.name)
        )
        .outerjoin(Person, col(Person.id) == col(Task.delegate_id))
        .where(col(Task.status) == OPEN)
        .order_by(col(Task.created_at), col(Task.id))
        .limit(OLDEST_SHOWN)
    )
    rows: Sequence[Any] = session.execute(query).all()
    return [OpenTask(*row) for row in rows]


def flow(session: Session, period: Period) -> list[Flow]:
    """Per step of ``period``: the tasks captured, done and dropped in it."""
    came_in = _per_step(session, period, col(Task.created_at), literal("in"))
    went_out = _per_step(
        session,
        period,
        col(Task.completed_at),
        col(Task.status),
        col(Task.status).in_([DONE, DROPPED]),
    )
    counts = {**came_in, **went_out}
    return [
        Flow(
            start,
            end,
            counts.get((step, "in"), 0),
            counts.get((step, DONE), 0),
            counts.get((step, DROPPED), 0),
        )
        for step, (start, end) in enumerate(period.steps)
    ]


def _per_step(
    session: Session, period: Period, when: Any, kind: Any, *where: Any
) -> dict[tuple[int, str], int]:
    """How many tasks of each ``kind`` have ``when`` in each step of ``period``: nested CASEs
    find the step by halves, so each task is read once and compared a few times."""
    step = _step_of(when, [end for _, end in period.steps[:-1]], 0)
    query = (
        select(step, kind, func.count())
        .where(when >= period.start, when <= period.end, *where)
        .group_by(step, kind)
    )
    return {(int(number), str(name)): count for number, name, count in session.execute(query)}


def _step_of(when: Any, ends: Sequence[datetime], first: int) -> Any:
    """The number of the step ``when`` falls in, ``ends`` being the ends of the steps from
    number ``first`` on but the last: a binary search written as nested CASEs."""
    if not ends:
        return literal(first)
    middle = len(ends) // 2
    return case(
        (when < ends[middle], _step_of(when, ends[:middle], first)),
        else_=_step_of(when, ends[middle + 1 :], first + middle + 1),
    )
