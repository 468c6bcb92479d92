"""Time the commands of issue 15 (the COO's week) on 10,000 open tasks against ``todo triage``
on 30, measured in the same run; the issue's bar is 2x.

Run after installing the project:

    python benchmarks/bench_week.py            # median of 15 runs
    python benchmarks/bench_week.py --quick    # 5 runs: a quick look only

Builds its databases in a temporary folder with COO_TODO_NOW fixed (``bench_speed.Bench``),
times whole ``todo`` processes alternately with the baseline, and prints each figure with its
ratio, in wall time and CPU time. No figure is an assertion.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench_speed import Bench
from harness import compare, parse_runs

LIMIT = 2.0
"""Issue 15: each command on 10,000 open tasks within 2x ``todo triage`` on 30."""

WEEK_COMMANDS: dict[str, tuple[list[str], float | None]] = {
    "todo triage --limit 30": (["triage", "--limit", "30"], None),
    "todo plan": (["plan"], LIMIT),
    "todo plan --json": (["plan", "--json"], None),
    "todo search follow 4242": (["search", "follow", "4242"], LIMIT),
    "todo search follow 4242 --json": (["search", "follow", "4242", "--json"], LIMIT),
}
"""The commands timed on 10,000 open tasks, by label, with their bar: one more line times
another. Two have none, shown for comparison: ranking every open task (shown 30 rows), and
``todo plan --json``, which lists every task left out, so ranks every one."""


def main() -> None:
    _, runs = parse_runs(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    with tempfile.TemporaryDirectory(prefix="coo-todo-bench-", ignore_cleanup_errors=True) as name:
        bench = Bench(Path(name), runs, history=0)
        triage = bench.todo_run("todo triage (30 open)", ["triage"])
        for label, (command, limit) in WEEK_COMMANDS.items():
            run = bench.todo_run(f"{label} (10,000 open)", command, "crowd")
            compare("15", run, triage, runs, limit)


if __name__ == "__main__":
    main()
