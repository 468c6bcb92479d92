"""The plain open tasks read in the order of the most they can score, a few slices at a time,
and merged with a ranking: how ``todo plan`` and ``todo triage --limit`` rank a long list
without scoring every task. Pure: what is read comes from an ``OpenTasks`` given in.

A plain task is not delegated, never snoozed, and neither waits for nor holds another task: its
score depends on its own fields alone. A slice holds the plain tasks of one impact, urgency,
kind of deadline and band of effort, and ``scoring.score_bound`` caps what any of them can
score. Reading the slices from the highest cap down, a task takes its place in the ranking once
it scores more than every cap still unread: the order is the ranking's, exactly.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Generic, NamedTuple, Protocol, TypeVar

from coo_todo.domain.scoring import (
    Breakdown,
    Efforts,
    Ranked,
    Ranking,
    Scorable,
    Weights,
    order_key,
    rank,
    score_bound,
)
from coo_todo.domain.worktime import WorkCalendar

T = TypeVar("T", bound=Scorable)
T_co = TypeVar("T_co", bound=Scorable, covariant=True)

NEAR, FAR, UNDATED = "near", "far", "undated"
"""Where a plain task's deadline lies (``Slice.deadline``): at or before ``OpenTasks``' cut
(it may not wait past today), after it (it can wait), or nowhere."""


class Slice(NamedTuple):
    """The plain open tasks of one impact, urgency, kind of deadline (NEAR, FAR or UNDATED)
    and band of efforts: what bounds their score (``scoring.score_bound``). A plain task is not
    delegated, never snoozed, and neither waits for nor holds another task: its score depends
    on its own fields alone."""

    impact: int
    urgency: int
    deadline: str
    efforts: Efforts


def slices(weights: Weights) -> list[Slice]:
    """Every slice, its efforts banded so that a band's quick win is nearly one value: up to
    ``quick_win_minutes`` (a quick win), doubling up to ``long_job_minutes``, beyond, and no
    estimate. ``OpenTasks`` says when a task lies in none (an impact of 7 another tool wrote)."""
    edges = [weights.quick_win_minutes]
    while edges[-1] * 2 < weights.long_job_minutes:
        edges.append(edges[-1] * 2)
    edges.append(weights.long_job_minutes)
    lows: list[float | None] = [None, *edges]
    bands: list[Efforts] = [*zip(lows, [*edges, None], strict=True), None]
    return [
        Slice(impact, urgency, deadline, efforts)
        for impact in range(1, 6)
        for urgency in range(1, 6)
        for deadline in (NEAR, FAR, UNDATED)
        for efforts in bands
    ]


class OpenTasks(Protocol[T_co]):
    """What ``Merged`` reads, a slice at a time, of a long list of open tasks: the plain ones
    (see ``Slice``), the others being ranked already. The reads are one snapshot."""

    @property
    def count(self) -> int:
        """How many open tasks there are, plain or not."""
        ...

    @property
    def least_minutes(self) -> int:
        """No open task counts fewer minutes than this (its effort, or the default)."""
        ...

    def read(self, slices: Sequence[Slice], cut: datetime) -> Sequence[T_co]:
        """The plain open tasks of ``slices``, a NEAR deadline being one at or before ``cut``."""
        ...


class Misplaced(Exception):
    """A plain task read where its slice said it could not be (a deadline that another tool
    stored in a form the database orders otherwise): rank every task instead."""


BOUND_MARGIN = 1e-6
"""How far a score must beat the bound of the unread slices before it is placed: more than
any rounding of the score's sum."""


class Merged(Generic[T]):
    """Tasks by rank: ``ranked`` (tasks ranked already, in rank order) merged with the plain
    tasks of the ``kinds`` of deadline that ``belong`` here (for ``todo plan``: what cannot
    wait, or the others), read from ``source`` a few slices at a time in the order of their
    bounds (``scoring.score_bound``); a NEAR deadline is at or before ``cut``.

    A task is yielded once its rank beats the bound of every slice still unread; slices of
    equal bounds are read together. A plain task read here that belongs to the group handed
    on to (a deadline near the cut that can wait after all) goes there: that group is only
    read once this one is done. Any other task read that does not belong raises ``Misplaced``."""

    def __init__(
        self,
        ranked: list[tuple[T, Breakdown]],
        kinds: tuple[str, ...],
        belongs: Callable[[Breakdown], bool],
        source: OpenTasks[T],
        weights: Weights,
        now: datetime,
        calendar: WorkCalendar,
        cut: datetime,
    ) -> None:
        self._heap = [(order_key(pair), pair) for pair in ranked]
        heapq.heapify(self._heap)
        self._slices = sorted(
            (
                (
                    score_bound(
                        piece.impact,
                        piece.urgency,
                        piece.deadline != UNDATED,
                        piece.efforts,
                        weights,
                    ),
                    piece,
                )
                for piece in slices(weights)
                if piece.deadline in kinds
            ),
            key=lambda pair: pair[0],
            reverse=True,
        )
        self._belongs = belongs
        self._source, self._weights, self._now, self._calendar = source, weights, now, calendar
        self._cut = cut
        self._next: Merged[T] | None = None

    def handing_on(self, later: Merged[T]) -> Merged[T]:
        """This group, handing on to ``later`` the tasks read here that belong there."""
        self._next = later
        return self

    def _take(self, pair: tuple[T, Breakdown]) -> None:
        if self._belongs(pair[1]):
            heapq.heappush(self._heap, (order_key(pair), pair))
        elif self._next is not None:
            self._next._take(pair)
        else:
            raise Misplaced(pair[0].id)

    def __iter__(self) -> Iterator[tuple[T, Breakdown]]:
        heap, slices = self._heap, self._slices
        while heap or slices:
            if slices and (not heap or -heap[0][0][0] <= slices[0][0] + BOUND_MARGIN):
                self._read()
            else:
                yield heapq.heappop(heap)[1]

    def _read(self) -> None:
        """Read the unread slices of the greatest bound, and take what belongs here."""
        slices = self._slices
        bound = slices[0][0]
        count = next((i for i, (b, _s) in enumerate(slices) if b < bound), len(slices))
        batch = [piece for _b, piece in slices[:count]]
        del slices[:count]
        tasks = self._source.read(batch, self._cut)
        ranking = rank(tasks, self._now, self._weights, self._calendar)
        if len(ranking.ranked) != len(tasks):  # a plain task is never set aside
            raise Misplaced(tasks[0].id)
        for entry in ranking.ranked:
            self._take((entry.task, entry.breakdown))


def first_ranked(
    ranking: Ranking[T],
    source: OpenTasks[T],
    weights: Weights,
    now: datetime,
    calendar: WorkCalendar,
    count: int,
) -> list[Ranked[T]]:
    """The first ``count`` tasks of the ranking of every open task: ``ranking`` (of the tasks
    that are not plain) merged with the plain ones of ``source``, read as far as needed."""
    ranked = [(entry.task, entry.breakdown) for entry in ranking.ranked]
    merged = Merged(
        ranked, (NEAR, FAR, UNDATED), lambda _b: True, source, weights, now, calendar, now
    )
    first = []
    for position, (task, breakdown) in enumerate(merged, start=1):
        if position > count:
            break
        first.append(Ranked(position, task, breakdown))
    return first
