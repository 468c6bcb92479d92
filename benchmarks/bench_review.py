"""Time ``todo review`` over a year with 100,000 done tasks against ``todo triage`` on 30
tasks, measured in the same run; issue 16's bar is 2x.

Run after installing the project:

    python benchmarks/bench_review.py            # median of 15 runs
    python benchmarks/bench_review.py --quick    # 5 runs: a quick look only

Builds its databases in a temporary folder with COO_TODO_NOW fixed (``bench_speed.Bench``):
100,000 tasks captured over the last 365 days and done within 30 days of it, plus the morning's
30 open tasks. Times whole ``todo`` processes alternately with the baseline, and prints each
figure with its ratio, in wall time and CPU time. No figure is an assertion.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench_speed import Bench
from harness import NOW, Run, build, compare, environment, parse_runs

LIMIT = 2.0
"""Issue 16: the review of a year with 100,000 done tasks within 2x ``todo triage`` on 30."""

A_YEAR_AGO = f"{int(NOW[:4]) - 1}{NOW[4:10]}"

REVIEW_COMMANDS: dict[str, list[str]] = {
    "todo review": ["review"],
    "todo review --json": ["review", "--json"],
    "todo review --format markdown": ["review", "--format", "markdown"],
    f"todo review --since {A_YEAR_AGO}": ["review", "--since", A_YEAR_AGO],
    f"todo review --since {A_YEAR_AGO} --json": ["review", "--since", A_YEAR_AGO, "--json"],
}
"""The commands timed on a year of 100,000 done tasks, by label: one more line times another.
The week is what the Friday review asks; the whole year ranks all 100,000 times to done."""


def main() -> None:
    _, runs = parse_runs(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    with tempfile.TemporaryDirectory(prefix="coo-todo-bench-", ignore_cleanup_errors=True) as name:
        folder = Path(name)
        bench = Bench(folder, runs, history=0)
        year = folder / "year.sqlite"
        build("100,000 done tasks over a year", "bulk_tasks", year, 100_000, "done", 365)
        build("the morning's 30 tasks", "morning", year)
        triage = bench.todo_run("todo triage (30 open)", ["triage"])
        for label, command in REVIEW_COMMANDS.items():
            run = Run(f"{label} (100,000 done)", [*bench.todo, *command], environment(folder, year))
            compare("16", run, triage, runs, LIMIT)


if __name__ == "__main__":
    main()
