"""Time completing a recurring task (``todo done``, which brings its next occurrence) against
completing a plain task, measured alternately in the same run, on the same database.

Run after installing the project:  python benchmarks/bench_recurrence.py [--tasks 300]

Adds --tasks plain tasks and --tasks recurring ones (every Friday) to a fresh SQLite database
the day before (so that done changes their ``updated_at``, as a user's does), then completes
them in turns (plain then recurring, then the other way round): in-process, through the same
service call as ``todo done`` (the store's work alone), then as whole ``todo done ID``
processes (what the user waits for: served by the command server, whose spare worker compiled
a done's SQL ahead; --processes of each). Each process runs after a pause (--pause): the spare
primes itself in about 60 ms after each request, and a human types seconds apart. The server
is stopped at the end. Prints the medians and the minima, and their ratios; the issue asks
that a recurring done be no slower than a plain one (the extra work: one read of the series
and the tags, then the next occurrence's insert, its tags and its history entry, in the same
transaction, whose commit writes its pages: the task's indexes, the tags').
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from harness import NOW, environment, todo_command

from coo_todo.service.checks import TaskInput
from coo_todo.service.tasks import add_task, change_status
from coo_todo.settings import Settings
from coo_todo.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=300, help="tasks of each kind (300)")
    parser.add_argument(
        "--processes", type=int, default=15, help="whole processes of each kind (15)"
    )
    parser.add_argument("--pause", type=float, default=0.2, help="seconds before each process")
    args = parser.parse_args()
    now = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo("Europe/Paris"))
    with tempfile.TemporaryDirectory() as folder:
        captured = now - timedelta(days=1)
        store = Store(f"sqlite:///{Path(folder) / 'todo.db'}", captured)
        settings = Settings()
        plain, recurring = [], []
        for n in range(args.tasks):
            values = {"title": f"Task {n}", "due": "fri", "area": "Finance"}
            plain.append(add_task(store, TaskInput(dict(values), ["kpi"]), captured, settings).id)
            rule = TaskInput({**values, "every": "fri"}, ["kpi"])
            recurring.append(add_task(store, rule, captured, settings).id)
        pairs = list(zip(plain, recurring, strict=True))
        cut = len(pairs) - min(args.processes, len(pairs) // 2)
        times: dict[str, list[float]] = {"plain": [], "recurring": []}
        for turn, (plain_id, recurring_id) in enumerate(pairs[:cut]):
            for kind, task_id in in_turn(turn, plain_id, recurring_id):
                start = time.perf_counter()
                change_status(store, [task_id], "done", now, settings)
                times[kind].append(time.perf_counter() - start)
        report("in-process", times)
        env = environment(Path(folder), Path(folder) / "todo.db", TZ="Europe/Paris")
        times = {"plain": [], "recurring": []}
        for turn, (plain_id, recurring_id) in enumerate(pairs[cut:]):
            for kind, task_id in in_turn(turn, plain_id, recurring_id):
                time.sleep(args.pause)
                start = time.perf_counter()
                subprocess.run(
                    [*todo_command(), "done", str(task_id)],
                    env=env,
                    check=True,
                    capture_output=True,
                )
                times[kind].append(time.perf_counter() - start)
        report("todo done process", times)
        subprocess.run([*todo_command(), "server", "stop"], env=env, capture_output=True)


def in_turn(turn: int, plain_id: int, recurring_id: int) -> list[tuple[str, int]]:
    """Plain then recurring, then the other way round: drift hits both alike (ABBA)."""
    pair = [("plain", plain_id), ("recurring", recurring_id)]
    return pair if turn % 2 == 0 else pair[::-1]


def report(what: str, times: dict[str, list[float]]) -> None:
    """The medians and their ratio, then the minima and theirs (steadier on a loaded machine:
    other work only ever adds to a run)."""
    figures = []
    for name, pick in (("medians", statistics.median), ("minima", min)):
        plain_ms, recurring_ms = (pick(times[kind]) * 1000 for kind in ("plain", "recurring"))
        figures.append(
            f"{name}: plain {plain_ms:.1f} ms, recurring {recurring_ms:.1f} ms, "
            f"x{recurring_ms / plain_ms:.2f}"
        )
    print(f"{what} ({len(times['plain'])} of each): {'; '.join(figures)}")


if __name__ == "__main__":
    main()
