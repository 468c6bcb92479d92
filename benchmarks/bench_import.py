"""Time `todo import` of 10,000 tasks from each format, then the same files again.

Run after installing the project:  python benchmarks/bench_import.py [--tasks 10000]

Writes a Taskwarrior export and a todo.txt file of --tasks tasks in a temporary folder, imports
each into an empty database (whole processes, wall time), imports it a second time (every task
unchanged), exports the result as a JSON backup and restores that backup into another empty
database. Prints the figures; none is an assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from harness import NOW, todo_command

AREAS = ("Sales", "Support", "Finance", "HR", "Operations", "Customer Success")


def taskwarrior_export(count: int) -> str:
    """``task export`` of ``count`` tasks: every field the importer reads, in varied mixes."""
    lines = []
    for n in range(count):
        task = {
            "id": n + 1,
            "description": f"Task {n}: follow up on contract {n * 7 % 1000}",
            "entry": f"202611{1 + n % 25:02d}T08{n % 60:02d}00Z",
            "modified": "20261125T120000Z",
            "status": ("pending", "pending", "waiting", "completed", "deleted")[n % 5],
            "uuid": str(uuid.UUID(int=n + 1)),
            "project": AREAS[n % len(AREAS)],
            "tags": ["ops", f"t{n % 20}"],
            "priority": ("H", "M", "L", None)[n % 4],
            "due": f"202612{1 + n % 28:02d}T170000Z" if n % 3 else None,
            "annotations": [{"entry": "20261124T100000Z", "description": f"note {n}"}],
        }
        if task["status"] in ("completed", "deleted"):
            task["end"] = "20261125T160000Z"
        if task["status"] == "waiting":
            task["wait"] = "20261201T080000Z"
        lines.append(json.dumps({k: v for k, v in task.items() if v is not None}))
    return "[\n" + ",\n".join(lines) + "\n]\n"


def todotxt_file(count: int) -> str:
    """``count`` todo.txt lines: priorities, dates, completions, projects, contexts, extras."""
    lines = []
    for n in range(count):
        done = "x 2026-11-25 " if n % 5 == 0 else ""
        priority = f"({'ABCDZ'[n % 5]}) " if not done and n % 2 else ""
        lines.append(
            f"{done}{priority}2026-11-{1 + n % 25:02d} Task {n} call supplier "
            f"+{AREAS[n % len(AREAS)].replace(' ', '')} @phone due:2026-12-{1 + n % 28:02d}"
        )
    return "\n".join(lines) + "\n"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, result.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks per file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coo-todo-bench-"))
    try:
        env = {**os.environ, "COO_TODO_NOW": NOW, "COO_TODO_CONFIG": str(folder / "c.toml")}
        todo = todo_command()
        files = {
            "taskwarrior": taskwarrior_export(args.tasks),
            "todotxt": todotxt_file(args.tasks),
        }
        print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")
        floor, _ = timed([*todo, "--version"], env)
        print(f"todo --version (start-up floor)                 {floor:6.2f} s")
        for source, text in files.items():
            path = folder / f"{source}.input"
            path.write_text(text, encoding="utf-8")
            db = str(folder / f"{source}.sqlite")
            command = [*todo, "--db", db, "import", str(path), "--from", source]
            first, said = timed(command, env)
            print(f"import {args.tasks} from {source:<12} empty db   {first:6.2f} s  {said}")
            again, said = timed(command, env)
            print(f"import {args.tasks} from {source:<12} again      {again:6.2f} s  {said}")
        backup = folder / "backup.json"
        db = str(folder / "taskwarrior.sqlite")
        took, _ = timed([*todo, "--db", db, "export", "--format", "json", "-o", str(backup)], env)
        print(f"export --format json ({args.tasks} tasks)            {took:6.2f} s")
        restored = str(folder / "restored.sqlite")
        took, said = timed([*todo, "--db", restored, "import", str(backup)], env)
        print(f"import the backup into an empty db              {took:6.2f} s  {said}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
