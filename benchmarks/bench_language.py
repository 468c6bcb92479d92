"""Time the French path of issue 17 against the English path, measured in the same run.

Run after installing the project:

    python benchmarks/bench_language.py            # median of 15 runs
    python benchmarks/bench_language.py --quick    # 5 runs: a quick look only

Builds its databases in a temporary folder with COO_TODO_NOW fixed (``bench_speed.Bench``):
the morning's 30 open tasks, and 10,000 open tasks (every row's dates and score written in
French). Times whole ``todo`` processes with no server (``COO_TODO_SERVER=off``), each command
with ``LANG=fr_FR.UTF-8`` alternately with the same command in English, and prints their
ratio in wall time and CPU time. French reads its catalog and imports Babel (CLDR data for
dates and numbers); English reads neither. No figure is an assertion.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench_speed import Bench
from harness import Run, compare, environment, parse_runs

LIMIT = 1.25
"""Our own bar for French: within a quarter of the same command in English."""

COMMANDS: dict[str, tuple[list[str], str]] = {
    "todo triage (30 open)": (["triage"], "morning"),
    "todo export (30 open)": (["export"], "morning"),
    "todo explain 1 (30 open)": (["explain", "1"], "morning"),
    "todo triage (10,000 open)": (["triage"], "crowd"),
    "todo export (10,000 open)": (["export"], "crowd"),
}
"""The commands timed in both languages, by label, with the database they run on."""

ENGLISH = {"LANG": "en_US.UTF-8", "COO_TODO_SERVER": "off"}
FRENCH = {"LANG": "fr_FR.UTF-8", "COO_TODO_SERVER": "off"}


def main() -> None:
    _, runs = parse_runs(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    with tempfile.TemporaryDirectory(prefix="coo-todo-bench-", ignore_cleanup_errors=True) as name:
        folder = Path(name)
        bench = Bench(folder, runs, history=0)
        for label, (args, database) in COMMANDS.items():
            path = bench.database(database)
            command = [*bench.todo, *args]
            english = Run(f"{label}, English", command, environment(folder, path, **ENGLISH))
            french = Run(f"{label}, LANG=fr_FR.UTF-8", command, environment(folder, path, **FRENCH))
            compare("17", french, english, runs, LIMIT)


if __name__ == "__main__":
    main()
