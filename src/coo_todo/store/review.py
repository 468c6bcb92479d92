"""The figures of the weekly review, computed by the database: counts and sums by area and by
person, medians and percentiles read at their rank down indexes in order of time to done,
in-vs-out per step of the period. No query returns more rows than there are areas, people,
steps or ``OLDEST_SHOWN`` tasks (or two per area and person: their percentiles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    Integer,
    String,
    Table,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
    values,
)
from sqlalchemy.orm import Session

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
from coo_todo.store.models import Event, Person, StoredTime, Task, time_to_done

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

TASK: Table = Task.__table__  # type: ignore[attr-defined]
PERSON: Table = Person.__table__  # type: ignore[attr-defined]
EVENT: Table = Event.__table__  # type: ignore[attr-defined]
"""The tables, not their ORM classes: a statement on them is built and compiled without the
ORM's context, several times faster (a review builds two statements per area and person)."""

GROUP_SCAN_SHARE = 0.2
"""The share of the done tasks a period holds (``_period_share``) from which its counts read
every done task in the order of their groups rather than sort the period's into groups: on
SQLite, over a history of 100,000 done tasks, scanning them all costs about as much as
finding and sorting a fifth of them (a year's: 77 ms sorted, 27 ms scanned)."""

WALK_COST = 10
"""How many index entries walked in order cost about as much as one row read and sorted (SQLite,
measured on a year of 100,000 done tasks): a percentile is walked to when its walk is expected
to read fewer than ``WALK_COST`` times the entries of the group's sort."""


def done_figures(session: Session, period: Period) -> dict[Grouping, list[DoneFigures]]:
    """The tasks done in ``period``, all together, by area (case aside) and by person (the
    delegate; None: yours), each most done first. Two statements and a look at the oldest done
    task: the counts of every group (``_counts``), then every group's percentiles, each read
    at its rank (``percentile``)."""
    share = _period_share(session, period)
    counted = session.execute(_counts(period, grouped=share >= GROUP_SCAN_SHARE))
    groups = [
        (GROUPINGS[number], area_key if number == 1 else delegate_id, _figures(name, *counts))
        for number, area_key, delegate_id, name, *counts in counted
        if counts[0]  # all: a row of nothing when nothing was done
    ]
    everything = sum(figures.done for grouping, _, figures in groups if grouping == "all")
    # A group of every task done in the period (all yours, or all of one area) has the
    # period's own percentiles: they are read once.
    walked = [group for group in groups if group[0] == "all" or group[2].done < everything]
    values = _values(
        session,
        [
            percentile(period, grouping, key, percent, figures.done, share)
            for grouping, key, figures in walked
            for percent in PERCENTILES
        ],
    )
    pairs = zip(values[::2], values[1::2], strict=True)
    read = {(grouping, key): pair for (grouping, key, _), pair in zip(walked, pairs, strict=True)}
    found: dict[Grouping, list[DoneFigures]] = {grouping: [] for grouping in GROUPINGS}
    for grouping, key, figures in groups:
        median, p90 = read.get((grouping, key)) or read[("all", None)]
        found[grouping].append(replace(figures, median_seconds=median, p90_seconds=p90))
    return {
        grouping: sorted(
            figures, key=lambda f: (-f.done, f.key is not None, name_key(f.key or ""), f.key)
        )
        for grouping, figures in found.items()
    }


def _figures(name: str | None, done: Any, delegated: Any, met: Any, late: Any) -> DoneFigures:
    """A group's counts (sums: Decimal on PostgreSQL), its percentiles still unknown."""
    count, theirs = int(done), _count(delegated)
    return DoneFigures(name, count, count - theirs, theirs, _count(met), _count(late), None, None)


def _values(session: Session, queries: list[Any]) -> list[float | None]:
    """The one value each of ``queries`` selects, in one statement (each tagged with its place,
    as a UNION ALL keeps no order)."""
    if not queries:
        return []
    tagged = [query.add_columns(literal_column(str(place))) for place, query in enumerate(queries)]
    found = {place: value for value, place in session.execute(union_all(*tagged))}
    return [_number(found[place]) for place in range(len(queries))]


def _done() -> Any:
    """The condition of a done task, its status written out (not a bound value) so both
    databases use the partial indexes of done tasks (migration 0009)."""
    return TASK.c.status == literal(DONE, literal_execute=True)


def _in_period(period: Period, *, searched: bool = True) -> tuple[Any, ...]:
    """Done in ``period``: the rows are looked up by completion time if ``searched``."""
    completed = _searched(TASK.c.completed_at, searched)
    return (completed >= period.start, completed <= period.end)


def _searched(expression: Any, searched: bool) -> Any:
    """``expression``, which SQLite may use an index for if ``searched`` (else each row read is
    checked: ``dialect.filter_only``), so a plan is chosen, not guessed without statistics."""
    return expression if searched else dialect.filter_only(expression)


def _counts(period: Period, *, grouped: bool) -> Any:
    """Per grouping (its number in ``GROUPINGS``), per group: its key (the area in lower case,
    for an area; the delegate's id, for a person), its name (the area as first written, the
    person's name), how many were done, delegated, on time and late. The period's done tasks
    are counted per area and delegate first, then summed; the person's name is joined to the
    person's sums. They are found by completion time (``ix_task_done_period``), or, if
    ``grouped``, read in the order of their groups (``ix_task_done_groups``), the tasks done
    outside the period skipped: a long period's are then not sorted into groups."""
    completed, due = TASK.c.completed_at, TASK.c.due
    area_key = _searched(func.lower(TASK.c.area), grouped)
    delegate_id = _searched(TASK.c.delegate_id, grouped)
    pairs = (
        select(
            area_key.label("area_key"),
            delegate_id.label("delegate_id"),
            func.min(TASK.c.area).label("area"),
            func.count().label("done"),
            func.count(case((completed <= due, 1))).label("met"),
            func.count(case((completed > due, 1))).label("late"),
        )
        .where(_done(), *_in_period(period, searched=not grouped))
        .group_by(area_key, delegate_id)
        .cte("pairs")
    )
    delegated = case((pairs.c.delegate_id.is_not(None), pairs.c.done), else_=0)
    sums = (
        func.sum(pairs.c.done).label("done"),
        func.sum(delegated).label("delegated"),
        func.sum(pairs.c.met).label("met"),
        func.sum(pairs.c.late).label("late"),
    )
    people = select(pairs.c.delegate_id, *sums).group_by(pairs.c.delegate_id).subquery()
    no_area, no_person = cast(null(), String), cast(null(), Integer)
    return union_all(
        select(literal_column("0"), no_area, no_person, cast(null(), String), *sums),
        select(
            literal_column("1"), pairs.c.area_key, no_person, func.min(pairs.c.area), *sums
        ).group_by(pairs.c.area_key),
        select(
            literal_column("2"),
            no_area,
            people.c.delegate_id,
            PERSON.c.name,
            *(people.c[name] for name in ("done", "delegated", "met", "late")),
        ).outerjoin(PERSON, PERSON.c.id == people.c.delegate_id),
    )


def _period_share(session: Session, period: Period) -> float:
    """The share of the done tasks that ``period`` holds, guessed from time: the period's
    length over the time since the first task was done (one step down an index)."""
    first: datetime | None = session.execute(
        select(func.min(TASK.c.completed_at)).where(_done())
    ).scalar()
    if first is None or first >= period.start:
        return 1.0
    return (period.end - period.start) / (period.end - first)


def percentile(
    period: Period, grouping: Grouping, key: Any, percent: int, size: int, share: float
) -> Any:
    """The ``percent``th percentile of the times to done of one group of ``size`` tasks done in
    ``period`` (``key``: its area in lower case, its delegate's id), interpolated between the
    two nearest ranks as Python's ``statistics.quantiles(method="inclusive")`` does (the 50th
    is ``statistics.median``): position ``(size - 1) * percent / 100`` from the smallest, its
    whole part and remainder in integer arithmetic, so no database rounds it.

    The one or two times at that position are read from the nearer end (the 90th from the
    largest). Where the period holds much of the group's history (``share``), they are walked
    to down the group's index in order of time to done, the rows outside the period skipped
    (``WALK_COST``); otherwise the group's rows of the period are sorted. Either plan is
    imposed on SQLite, whose planner has no statistics to choose by."""
    below, remainder = divmod((size - 1) * percent, 100)
    taken = 2 if remainder else 1
    from_largest = size - below - taken
    offset = min(below, from_largest)
    walk = offset / share < WALK_COST * size
    seconds = time_to_done(TASK)
    where = [_done(), *_in_period(period, searched=not walk)]
    if grouping != "all":
        group = _searched(
            func.lower(TASK.c.area) if grouping == "area" else TASK.c.delegate_id, walk
        )
        where.append(group.is_(None) if key is None else group == key)
    order = _searched(seconds, walk)
    ranked = (
        select(seconds.label("seconds"))
        .where(*where)
        .order_by(order.desc() if from_largest < below else order)
        .limit(taken)
        .offset(offset)
        .subquery()
    )
    lowest, highest = func.min(ranked.c.seconds), func.max(ranked.c.seconds)
    return select((lowest * (100 - remainder) + highest * remainder) / 100.0)


def _count(value: Any) -> int:
    """A count from a SUM (of nothing: NULL, zero)."""
    return int(value or 0)


def _number(value: Any) -> float | None:
    """A figure as a float (PostgreSQL returns its numerics as Decimal)."""
    return None if value is None else float(value)


def open_past_due(session: Session, now: datetime) -> int:
    """How many open tasks are past their due date."""
    query = select(func.count()).where(
        TASK.c.status == OPEN, TASK.c.due.is_not(None), TASK.c.due < now
    )
    return int(session.execute(query).scalar_one())


def postponed(session: Session, period: Period) -> int:
    """How many times in ``period`` a due date was moved later (edits the history kept and
    no undo took back)."""
    changes = EVENT.c.changes
    before = changes[("due", "from")].as_string()
    after = changes[("due", "to")].as_string()
    query = select(func.count()).where(
        EVENT.c.kind == "edited",
        EVENT.c.at >= period.start,
        EVENT.c.at <= period.end,
        EVENT.c.undone_at.is_(None),
        before.is_not(None),
        after.is_not(None),
        dialect.time_of_text(after) > dialect.time_of_text(before),
    )
    return int(session.execute(query).scalar_one())


def follow_ups_overdue(session: Session, now: datetime) -> list[FollowUpDebt]:
    """Per person, the open tasks delegated to them whose follow-up has passed: most first."""
    count = func.count().label("tasks")
    query = (
        select(PERSON.c.name, count, func.min(TASK.c.follow_up))
        .join(PERSON, PERSON.c.id == TASK.c.delegate_id)
        .where(TASK.c.status == OPEN, TASK.c.follow_up.is_not(None), TASK.c.follow_up < now)
        .group_by(PERSON.c.id, PERSON.c.name, PERSON.c.key)
        .order_by(count.desc(), PERSON.c.key, PERSON.c.name)
    )
    rows: Sequence[Any] = session.execute(query).all()
    return [FollowUpDebt(*row) for row in rows]


def oldest_open(session: Session) -> list[OpenTask]:
    """The ``OLDEST_SHOWN`` open tasks captured longest ago."""
    query = (
        select(TASK.c.id, TASK.c.title, TASK.c.area, TASK.c.created_at, PERSON.c.name)
        .outerjoin(PERSON, PERSON.c.id == TASK.c.delegate_id)
        .where(TASK.c.status == OPEN)
        .order_by(TASK.c.created_at, TASK.c.id)
        .limit(OLDEST_SHOWN)
    )
    rows: Sequence[Any] = session.execute(query).all()
    return [OpenTask(*row) for row in rows]


FINEST_TIME = timedelta(microseconds=1)
"""The finest step between two stored times, on both databases."""


def flow(session: Session, period: Period) -> list[Flow]:
    """Per step of ``period``: the tasks captured, done and dropped in it. One statement: the
    steps are a table of their bounds, and each count is a range of an index
    (``ix_task_created_at``, ``ix_task_status_completed_at``), counted without reading a row
    or sorting anything."""
    starts = [start for start, _ in period.steps]
    ends = [*starts[1:], period.end + FINEST_TIME]  # the last step ends now, included
    steps = (
        values(
            column("number", Integer),
            column("start", StoredTime),
            column("end", StoredTime),
            name="steps",
        )
        .data(list(zip(range(len(starts)), starts, ends, strict=True)))
        .cte("steps")
    )

    def within(when: Any, *where: Any) -> Any:
        """How many tasks have ``when`` in the step."""
        counted = select(func.count()).where(when >= steps.c.start, when < steps.c.end, *where)
        return counted.scalar_subquery()

    completed, status = TASK.c.completed_at, TASK.c.status
    query = select(
        steps.c.number,
        within(TASK.c.created_at),
        within(completed, status == DONE),
        within(completed, status == DROPPED),
    )
    counts = {number: rest for number, *rest in session.execute(query)}
    return [Flow(start, end, *counts[number]) for number, (start, end) in enumerate(period.steps)]
