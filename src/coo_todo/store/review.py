"""The figures of the weekly review, computed by the database: counts and sums by area and by
person, medians and percentiles with window functions, in-vs-out per step of the period. No
query returns more rows than there are areas, people, steps or ``OLDEST_SHOWN`` tasks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session
from sqlmodel import col

from coo_todo.domain.people import name_key
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
            figures = done_figures(session, period)
            total = figures["all"]
            return Review(
                period=period,
                total=total[0] if total else DoneFigures(None, 0, 0, 0, 0, 0, None, None),
                by_area=figures["area"],
                by_person=figures["person"],
                open_past_due=open_past_due(session, period.end),
                postponed=postponed(session, period),
                follow_ups=follow_ups_overdue(session, period.end),
                oldest=oldest_open(session),
                flow=flow(session, period),
            )


GROUPINGS: tuple[Grouping, ...] = ("all", "area", "person")


def done_figures(session: Session, period: Period) -> dict[Grouping, list[DoneFigures]]:
    """The tasks done in ``period``, all together, by area (case aside) and by person (the
    delegate; None: yours), each most done first. One query: the period's done tasks are read
    once (a common table expression, which both databases materialize when it is used more
    than once), then each grouping's window functions rank their times to done for its
    percentiles."""
    completed, due = col(Task.completed_at), col(Task.due)
    done = (
        select(
            func.lower(col(Task.area)).label("area_key"),
            col(Task.area).label("area"),
            col(Task.delegate_id).label("delegate_id"),
            dialect.seconds_between(col(Task.created_at), completed).label("seconds"),
            case((and_(due.is_not(None), completed <= due), 1), else_=0).label("met"),
            case((and_(due.is_not(None), completed > due), 1), else_=0).label("late"),
        )
        .where(col(Task.status) == DONE, completed >= period.start, completed <= period.end)
        .cte("done")
    )
    keys = {
        "all": literal_column("0"),
        "area": done.c.area_key,
        "person": done.c.delegate_id,
    }
    parts = [_figures_by(done, number, keys[grouping]) for number, grouping in enumerate(GROUPINGS)]
    found: dict[Grouping, list[DoneFigures]] = {grouping: [] for grouping in GROUPINGS}
    for number, *row in session.execute(union_all(*parts)):
        name, count, delegated_count, met, late, median, p90 = row
        found[GROUPINGS[number]].append(
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
        )
    return {
        grouping: sorted(
            figures, key=lambda f: (-f.done, f.key is not None, name_key(f.key or ""), f.key)
        )
        for grouping, figures in found.items()
    }


def _figures_by(done: Any, number: int, key: Any) -> Any:
    """The figures of ``done`` (the period's done tasks) per ``key``, tagged with the
    grouping's ``number``: its name (the area as first written, the person's name; none for
    all), counts, and percentiles from each group's times to done ranked."""
    ranked = select(
        key.label("key"),
        done.c.area,
        done.c.delegate_id,
        done.c.seconds,
        done.c.met,
        done.c.late,
        func.row_number().over(partition_by=key, order_by=done.c.seconds).label("rank"),
        func.count().over(partition_by=key).label("size"),
    ).subquery()
    delegated = func.sum(case((ranked.c.delegate_id.is_not(None), 1), else_=0))
    names = {
        0: cast(null(), String),
        1: cast(func.min(ranked.c.area), String),
        2: cast(func.min(Person.name), String),
    }
    return (
        select(
            literal_column(str(number)),
            names[number],
            func.count(),
            delegated,
            func.sum(ranked.c.met),
            func.sum(ranked.c.late),
            *(percentile(ranked, percent) for percent in PERCENTILES),
        )
        .select_from(ranked)
        .outerjoin(Person, col(Person.id) == ranked.c.delegate_id)
        .group_by(ranked.c.key)
    )


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
        .group_by(col(Person.id), col(Person.name), col(Person.key))
        .order_by(count.desc(), col(Person.key), col(Person.name))
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
