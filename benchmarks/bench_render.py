"""Time the triage table, built and printed in a warm process, against Rich's own Table.

This tree's renderer against the same table laid out by Rich's ``Table`` (the renderer before
issue 13), in the same run; prints medians, minimums and their ratio.

Run after installing the project:

    python benchmarks/bench_render.py              # 30 rows, 300 runs of each
    python benchmarks/bench_render.py --rows 100 --runs 100

The rows are the demo's ranked tasks (``todo demo``, 26 of them) over again until there are
``--rows``, ranked at Thursday 26 November 2026, 09:00, in Paris. Each run builds the table
(``render.triage_table``) and prints it through the console ``todo triage`` prints through,
into memory, at 80 and 120 columns, piped (no colour) and on a terminal (``FORCE_COLOR``).
Imports are done and one table is printed before timing, as in a resident process that has
answered once. The baseline is the very table ``triage_table`` builds, handed to Rich's
``Table`` with its columns' widths unset, so that Rich measures every cell and renders it
through its ``Padding``. Times are wall-clock milliseconds, run and baseline alternated.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.table import Table

from coo_todo import render
from coo_todo.cli.app import Env
from coo_todo.domain.records import TaskRecord
from coo_todo.domain.scoring import Ranked
from coo_todo.service.demo import load_demo
from coo_todo.service.ranking import rank_open
from coo_todo.settings import Settings
from coo_todo.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
OUTPUTS: dict[str, dict[str, str]] = {
    "piped": {},
    "colour": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
}


def demo_rows(count: int) -> list[Ranked[TaskRecord]]:
    """``count`` ranked rows: the demo's, repeated (ranks numbered on) as far as needed."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'demo.sqlite'}", NOW)
        try:
            load_demo(store, NOW)
            ranked = rank_open(store, NOW, Settings()).ranked
        finally:
            store.engine.dispose()
    return [
        Ranked(index + 1, ranked[index % len(ranked)].task, ranked[index % len(ranked)].breakdown)
        for index in range(count)
    ]


def rich_table(table: Table) -> Table:
    """``table`` as Rich's own ``Table``, every column's width unset: what was printed before."""
    before = Table.__new__(Table)
    vars(before).update(vars(table))
    before.columns = [replace(column, width=None) for column in table.columns]
    return before


def printing(
    rows: list[Ranked[TaskRecord]], width: int, environ: dict[str, str], *, before: bool
) -> Callable[[], str]:
    """A call that builds the triage table of ``rows`` and prints it as ``todo triage`` does on
    a ``width``-column output (through Rich's own ``Table`` if ``before``), into memory, and
    returns what it printed."""
    stdout = io.StringIO()
    console = Env(environ={"COLUMNS": str(width), **environ}, stdout=stdout).out

    def printed() -> str:
        stdout.seek(0)
        stdout.truncate()
        table = render.triage_table(rows, NOW, console.width)
        console.print(rich_table(table) if before else table)
        return stdout.getvalue()

    return printed


def timed(run: Callable[[], str], baseline: Callable[[], str], runs: int) -> dict[str, list[float]]:
    """Wall times (s) of ``runs`` calls of each, alternated, after one call of each, which
    must print the same."""
    if run() != baseline():
        raise SystemExit("this tree's table differs from Rich's: see tests/test_triage_golden.py")
    times: dict[str, list[float]] = {"run": [], "baseline": []}
    for index in range(runs):
        order = (("run", run), ("baseline", baseline))
        for name, call in order if index % 2 == 0 else order[::-1]:
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    rows = demo_rows(args.rows)
    print(f"triage table of {len(rows)} rows, built and printed, {args.runs} runs (wall ms)")
    print(f"{'':>14}  {'this tree':>17}  {'Rich Table':>17}  ratio of medians")
    print(f"{'':>14}  {'median':>8} {'min':>8}  {'median':>8} {'min':>8}")
    for width in (80, 120):
        for output, environ in OUTPUTS.items():
            times = timed(
                printing(rows, width, environ, before=False),
                printing(rows, width, environ, before=True),
                args.runs,
            )
            ours, theirs = times["run"], times["baseline"]
            print(
                f"{width:>3} {output:<10}"
                f"  {statistics.median(ours) * 1000:8.2f} {min(ours) * 1000:8.2f}"
                f"  {statistics.median(theirs) * 1000:8.2f} {min(theirs) * 1000:8.2f}"
                f"  {statistics.median(ours) / statistics.median(theirs):.2f}"
            )


if __name__ == "__main__":
    main()
