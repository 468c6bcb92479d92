"""Time `todo triage` on a 30-task morning against the import floor of our required packages.

Run after installing the project:  python benchmarks/bench_triage.py [--runs 15]

Builds its own database in a temporary folder with COO_TODO_NOW fixed, then times whole
processes (median of --runs after one warm-up) and prints each figure beside the baseline
measured in the same run, as a ratio. No figure here is an assertion.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-26T09:00:00"


def median_seconds(command: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of ``command`` over ``runs`` runs, after one warm-up run."""
    subprocess.run(command, env=env, check=True, capture_output=True)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def todo_command() -> list[str]:
    """The installed ``todo`` next to this interpreter, else ``python -m coo_todo``."""
    script = Path(sys.executable).with_name("todo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "coo_todo"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per figure")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coo-todo-bench-"))
    try:
        env = {
            **os.environ,
            "COO_TODO_NOW": NOW,
            "COO_TODO_DB": str(folder / "todo.sqlite"),
            "COO_TODO_CONFIG": str(folder / "config.toml"),
            "COLUMNS": "120",
        }
        todo = todo_command()
        subprocess.run([*todo, "demo", "--help"], env=env, check=True, capture_output=True)
        subprocess.run(
            [*todo, "--db", env["COO_TODO_DB"], "demo"], env=env, check=True, capture_output=True
        )
        floor = median_seconds([sys.executable, "-c", "import typer, rich.table"], env, args.runs)
        triage = median_seconds([*todo, "triage"], env, args.runs)
        print(
            f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}, "
            f"median of {args.runs} runs"
        )
        print(f"baseline  python -c 'import typer, rich.table'  {floor * 1000:7.1f} ms")
        print(
            f"todo triage (30 tasks: 27 ranked, 3 blocked)   {triage * 1000:7.1f} ms"
            f"  ratio {triage / floor:.2f}"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
