"""Time every target of issue 6 against its baseline, measured in the same run.

Run after installing the project:

    python benchmarks/bench_speed.py            # every target, median of 15 runs
    python benchmarks/bench_speed.py --quick    # 5 runs, small history: a quick look only
    python benchmarks/bench_speed.py --only startup,history --runs 20

Builds its own databases in a temporary folder with COO_TODO_NOW fixed, times whole ``todo``
processes (median after one warm-up), and prints each figure beside its baseline with their
ratio and the issue's limit, in wall time (the issue's measure) and CPU time (user + system).
Baselines: F = python -c 'import typer, rich.console, rich.table' (the floor of our required
packages), G = the same plus sqlmodel. No figure is an assertion.
"""

from __future__ import annotations

import argparse
import math
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from harness import (
    Run,
    build,
    check,
    compare,
    completion_env,
    environment,
    parse_runs,
    python_command,
    report_memory,
    selected_groups,
    todo_command,
)

F = Run("F: import typer, rich", python_command("import typer, rich.console, rich.table"), {})
G = Run(
    "G: F + import sqlmodel",
    python_command("import typer, rich.console, rich.table, sqlmodel"),
    {},
)
ADD = ["add", "Call Acme about the renewal", "due:fri", "impact:4", "effort:30m", "+renewal"]


class Bench:
    """The databases and the runs of one benchmark session."""

    def __init__(self, folder: Path, runs: int, history: int) -> None:
        self.folder = folder
        self.runs = runs
        self.history = history
        self.todo = todo_command()
        self._databases: dict[str, Path] = {}

    def database(self, name: str) -> Path:
        """A database built on first use: morning (30 open), history (the same after many done
        tasks), crowd (10,000 open); ``add-`` before a name: a copy for ``todo add`` to grow."""
        if name not in self._databases:
            path = self.folder / f"{name}.sqlite"
            if name.startswith("add-"):
                shutil.copyfile(self.database(name.removeprefix("add-")), path)
            elif name == "history":
                build(f"{self.history:,} done tasks", "bulk_tasks", path, self.history, "done")
                build("the morning's 30 tasks", "morning", path)
            elif name == "crowd":
                build("10,000 open tasks", "bulk_tasks", path, 10_000, "open")
            else:
                build("the morning's 30 tasks", "morning", path)
            self._databases[name] = path
        return self._databases[name]

    def todo_run(self, label: str, args: list[str], database: str = "morning") -> Run:
        env = environment(self.folder, self.database(database))
        return Run(label, [*self.todo, *args], env)

    def completion(self, label: str, line: str, database: str = "morning") -> Run:
        """``todo`` asked by bash to complete ``line``; its answer must not be empty."""
        env = completion_env(self.folder, self.database(database), line)
        run = Run(label, self.todo, env)
        if not check(run).strip():
            raise SystemExit(f"{label}: no completion for {line!r}")
        return run

    def baseline(self, run: Run) -> Run:
        return Run(run.label, run.command, environment(self.folder, self.database("morning")))


def startup(bench: Bench) -> None:
    """Targets 1 and 2: commands without a database vs F; triage and add on 30 tasks vs G."""
    f = bench.baseline(F)
    for label, args in (
        ("todo --help", ["--help"]),
        ("todo add --help", ["add", "--help"]),
        ("todo --version", ["--version"]),
        ("todo config path", ["config", "path"]),
    ):
        compare("1", bench.todo_run(label, args), f, bench.runs, 1.2)
    compare(
        "1", bench.completion("complete command names: todo <TAB>", "todo "), f, bench.runs, 1.2
    )
    compare(
        "1",
        bench.completion("complete option names: todo add --<TAB>", "todo add --"),
        f,
        bench.runs,
        1.2,
    )
    g = bench.baseline(G)
    triage = bench.todo_run("todo triage (30 open tasks)", ["triage"])
    compare("2", triage, g, bench.runs, 1.15)
    compare("#2", triage, f, bench.runs, math.inf)  # issue 2's figure: triage against F, no limit
    compare("2", bench.todo_run("todo add (30 tasks)", ADD, "add-morning"), g, bench.runs, 1.15)


def history(bench: Bench) -> None:
    """Target 3: triage with a long history of done tasks vs none."""
    none = bench.todo_run("todo triage (30 open, no history)", ["triage"])
    done = bench.todo_run(f"todo triage (30 open, {bench.history:,} done)", ["triage"], "history")
    compare("3", done, none, bench.runs, 1.1)


def scale(bench: Bench) -> None:
    """Target 4: 10,000 open tasks (time and memory); add on 100,000 tasks vs 30."""
    args = ["triage", "--limit", "30"]
    small = bench.todo_run("todo triage --limit 30 (30 open)", args)
    crowd = bench.todo_run("todo triage --limit 30 (10,000 open)", args, "crowd")
    figure = compare("4", crowd, small, bench.runs, 2.0)
    report_memory("4", crowd.label, figure.peak_rss_kib, 150)
    small_add = bench.todo_run("todo add (30 tasks)", ADD, "add-morning")
    big_add = bench.todo_run(f"todo add ({bench.history + 30:,} tasks)", ADD, "add-history")
    compare("4", big_add, small_add, bench.runs, 1.1)


def completion(bench: Bench) -> None:
    """Target 5: completing task ids and people's names from the database vs todo triage."""
    for database, label in (
        ("morning", "30 open"),
        ("history", f"30 open, {bench.history:,} done"),
    ):
        triage = bench.todo_run(f"todo triage ({label})", ["triage"], database)
        ids = bench.completion(f"complete ids: todo done <TAB> ({label})", "todo done ", database)
        compare("5", ids, triage, bench.runs, 1.2)
    people = bench.completion(
        "complete people: todo delegate 1 --to <TAB>", "todo delegate 1 --to "
    )
    compare("5", people, bench.todo_run("todo triage (30 open)", ["triage"]), bench.runs, 1.2)


GROUPS: dict[str, Callable[[Bench], None]] = {
    "startup": startup,
    "history": history,
    "scale": scale,
    "completion": completion,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(GROUPS), help="comma-separated groups")
    args, runs = parse_runs(parser, "5 runs and 10,000 done tasks")
    groups = selected_groups(parser, args.only, list(GROUPS))
    with tempfile.TemporaryDirectory(prefix="coo-todo-bench-", ignore_cleanup_errors=True) as name:
        bench = Bench(Path(name), runs, 10_000 if args.quick else 100_000)
        for group in groups:
            GROUPS[group](bench)


if __name__ == "__main__":
    main()
