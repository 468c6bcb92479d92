"""What the benchmarks share: databases built fast, whole processes timed, figures printed.

Every figure is the median wall time of a whole process, measured alternately with its baseline
in the same run (ABAB, then BABA...) so that drift on a busy machine hits both alike.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

NOW = "2026-11-26T09:00:00"
"""The fixed clock of every run (``COO_TODO_NOW``): a Thursday morning."""

AREAS = ("Sales", "Customer Success", "Support", "Finance", "HR", "Operations", "Legal")
TAGS = ("renewal", "payroll", "board", "hiring", "kpi", "churn", "crm", "month-end")
EFFORTS = (10, 15, 30, 45, 60, 90, 120, 180, 240, 480, None)


def machine() -> str:
    """The line every benchmark starts its report with: cores, system and Python."""
    import platform

    return (
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {sys.version.split()[0]}"
    )


def parse_runs(parser: Any, quick: str = "5 runs: a quick look only") -> tuple[Any, int]:
    """Add ``--runs`` and ``--quick`` to ``parser`` (an ``argparse.ArgumentParser``), read the
    command line and print the report's first line: the arguments and the runs per figure."""
    parser.add_argument("--runs", type=int, help="timed runs per figure (default 15, quick 5)")
    parser.add_argument("--quick", action="store_true", help=quick)
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 15)
    print(
        f"{machine()}; median of {runs} runs after a warm-up, "
        "each figure alternated with its baseline"
    )
    return args, runs


def todo_command() -> list[str]:
    """The installed ``todo`` next to this interpreter, else ``python -m coo_todo``."""
    script = Path(sys.executable).with_name("todo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "coo_todo"]


def python_command(code: str) -> list[str]:
    return [sys.executable, "-c", code]


@dataclass(frozen=True)
class Run:
    """A command and its environment."""

    label: str
    command: list[str]
    env: dict[str, str]


@dataclass(frozen=True)
class Figure:
    """Medians of a command and of its baseline, and the issue's limit on their ratio.

    Wall time is what the issue asks for; CPU time (user + system) is printed beside it,
    steadier where the time other work takes is not charged to the process (on some VMs it is).
    """

    target: str
    run: Run
    baseline: Run
    wall: float
    base_wall: float
    cpu: float
    base_cpu: float
    limit: float | None
    """None for a figure shown for comparison, with no bar of its own."""
    peak_rss_kib: int

    @property
    def ratio(self) -> float:
        return self.wall / self.base_wall

    @property
    def cpu_ratio(self) -> float:
        return self.cpu / self.base_cpu


def environment(folder: Path, database: Path | str, **extra: str) -> dict[str, str]:
    """The environment of a ``todo`` run on ``database`` (a path or a URL), with the clock fixed.

    Without PYTHONDONTWRITEBYTECODE, which some sandboxes set: a user's first run caches the
    bytecode of an editable install, but with it every run compiles coo_todo anew.
    """
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {
        **inherited,
        "COO_TODO_NOW": NOW,
        "COO_TODO_DB": str(database),
        "COO_TODO_CONFIG": str(folder / "config.toml"),
        "COO_TODO_DATA_DIR": str(folder / "data"),
        "COLUMNS": "120",
        **extra,
    }


def completion_env(folder: Path, database: Path, line: str) -> dict[str, str]:
    """What bash passes to ``todo`` to complete the last word of ``line`` (Typer's protocol)."""
    words = line.split()
    current = len(words) if line.endswith(" ") else len(words) - 1
    return environment(
        folder,
        database,
        _TODO_COMPLETE="complete_bash",
        COMP_WORDS=line,
        COMP_CWORD=str(current),
    )


def check(run: Run) -> str:
    """Run once, fail loudly on an error, return stdout (also the warm-up)."""
    result = subprocess.run(run.command, env=run.env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(
            f"{run.label} failed with exit code {result.returncode}:\n{result.stderr.strip()}"
        )
    return result.stdout


def time_once(run: Run) -> tuple[float, float, int]:
    """Wall time (s), CPU time (s) and peak resident memory (KiB) of one process; a failure
    stops the benchmark with the process's stderr."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            run.command, env=run.env, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            said = errors.read().decode(errors="replace").strip()
            raise SystemExit(f"{run.label} failed with exit code {process.returncode}:\n{said}")
    rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return elapsed, usage.ru_utime + usage.ru_stime, rss


def compare(target: str, run: Run, baseline: Run, runs: int, limit: float | None) -> Figure:
    """Medians of ``runs`` runs of ``run`` and of ``baseline``, alternated, after a warm-up."""
    check(baseline)
    check(run)
    samples: dict[str, list[tuple[float, float, int]]] = {"run": [], "baseline": []}
    for index in range(runs):
        order = ("run", "baseline") if index % 2 == 0 else ("baseline", "run")
        for which in order:
            samples[which].append(time_once(run if which == "run" else baseline))
    ours, theirs = samples["run"], samples["baseline"]
    figure = Figure(
        target,
        run,
        baseline,
        statistics.median(s[0] for s in ours),
        statistics.median(s[0] for s in theirs),
        statistics.median(s[1] for s in ours),
        statistics.median(s[1] for s in theirs),
        limit,
        max(s[2] for s in ours),
    )
    report(figure)
    return figure


def report(figure: Figure) -> None:
    def verdict(ratio: float) -> str:
        if figure.limit is None:
            return "-"
        return "ok" if ratio <= figure.limit else "MISSED"

    limit = "no bar" if figure.limit is None else f"limit {figure.limit:.2f}"

    print(
        f"{figure.target:>3}  {figure.run.label:<56}"
        f" wall {figure.wall * 1000:6.0f} /{figure.base_wall * 1000:6.0f} ms"
        f" x{figure.ratio:4.2f} {verdict(figure.ratio):<6}"
        f"  cpu {figure.cpu * 1000:6.0f} /{figure.base_cpu * 1000:6.0f} ms"
        f" x{figure.cpu_ratio:4.2f} {verdict(figure.cpu_ratio):<6}"
        f"  {limit}, vs {figure.baseline.label}",
        flush=True,
    )


def report_memory(target: str, label: str, peak_rss_kib: int, limit_mib: int) -> None:
    mib = peak_rss_kib / 1024
    verdict = "ok" if mib < limit_mib else "MISSED"
    print(f"{target:>3}  {label:<56} peak RSS {mib:.1f} MiB (limit {limit_mib} MiB) {verdict}")


# -- databases -------------------------------------------------------------------------------


def now() -> datetime:
    return datetime.fromisoformat(NOW).astimezone()


def database_url(target: str) -> str:
    """The URL of ``target``: a database URL as it is, a path as an SQLite file's."""
    return target if "://" in target else f"sqlite:///{target}"


def morning(target: str) -> None:
    """Add the 30 open tasks of ``todo demo`` (26 ranked, 3 blocked, 1 delegated) and its three
    people to the database at ``target`` (a path or a URL)."""
    from coo_todo.service.demo import load_demo
    from coo_todo.store import Store

    store = Store(database_url(target), now())
    load_demo(store, now())
    store.engine.dispose()


def bulk_tasks(target: str, count: str, status: str, days: str = "900") -> None:
    """Insert ``count`` varied tasks with ``status``, their tags and history, in bulk, into the
    database at ``target`` (a path or a URL), captured over the last ``days`` days.

    SQLAlchemy Core ``executemany`` on the models' tables: seconds, not the hours that
    ``count`` ``todo add`` processes would take. Done tasks get a created and a done event.
    The tasks' ids are explicit: on PostgreSQL, whose id sequence ignores them, add any task
    made otherwise (``morning``) first.
    """
    from sqlalchemy import func, insert, select

    from coo_todo.store import Store
    from coo_todo.store.models import Dependency, Event, Task, TaskTag

    rng = random.Random(6)
    store = Store(database_url(target), now())
    utc_now = now().astimezone().replace(microsecond=0)
    with store.engine.begin() as connection:
        first = (connection.execute(select(func.max(Task.id))).scalar() or 0) + 1
        tasks: list[dict[str, Any]] = []
        tags: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        blockers: list[dict[str, Any]] = []
        for offset in range(int(count)):
            task_id = first + offset
            created = utc_now - timedelta(days=rng.uniform(1, float(days)))
            closed = created + timedelta(days=rng.uniform(0, 30)) if status != "open" else None
            due = created + timedelta(days=rng.randint(-5, 60)) if rng.random() < 0.6 else None
            fields = {
                "title": f"Task {task_id}: follow up with {rng.choice(AREAS)}",
                "impact": rng.randint(1, 5),
                "urgency": rng.randint(1, 5),
                "due": due,
                "effort_minutes": rng.choice(EFFORTS),
                "area": rng.choice(AREAS),
            }
            tasks.append(
                {
                    "id": task_id,
                    "uuid": f"00000000-0000-4000-8000-{task_id:012d}",
                    "status": status,
                    "created_at": created,
                    "updated_at": closed or created,
                    "completed_at": closed,
                    **fields,
                }
            )
            tag = rng.choice(TAGS) if rng.random() < 0.5 else None
            if tag:
                tags.append({"task_id": task_id, "tag": tag})
            if status == "open" and offset > 10 and rng.random() < 0.02:
                blockers.append({"task_id": task_id, "blocker_id": task_id - rng.randint(1, 10)})
            changes = {
                k: v.isoformat() if isinstance(v, datetime) else v for k, v in fields.items()
            }
            events.append(_event(task_id, "created", created, changes))
            if closed is not None:
                events.append(_event(task_id, status, closed, {"status": "open -> " + status}))
        connection.execute(insert(Task), tasks)
        for table, rows in ((TaskTag, tags), (Dependency, blockers), (Event, events)):
            if rows:
                connection.execute(insert(table), rows)
    store.engine.dispose()


def _event(task_id: int, kind: str, at: datetime, changes: dict[str, Any]) -> dict[str, Any]:
    uuid = f"00000000-0000-4000-8000-{task_id:012d}"
    return {"task_id": task_id, "task_uuid": uuid, "kind": kind, "at": at, "changes": changes}


def build(label: str, builder: str, *args: Any) -> None:
    """Run ``builder(*args)`` of this module in a child process and say how long it took.

    A child, so that this process stays small: a process started by a big one counts the big
    one's memory in its peak RSS until it replaces itself with ``todo``.
    """
    start = time.perf_counter()
    call = f"from harness import {builder}; {builder}(*{[str(a) for a in args]!r})"
    subprocess.run([sys.executable, "-c", call], cwd=Path(__file__).parent, check=True)
    print(f"     set-up: {label} in {time.perf_counter() - start:.1f} s", flush=True)


def selected_groups(parser: Any, only: str, groups: list[str]) -> list[str]:
    """The groups ``--only`` names (comma-separated); a usage error names an unknown one."""
    chosen = [name.strip() for name in only.split(",")]
    unknown = sorted(set(chosen) - set(groups))
    if unknown:
        parser.error(f"unknown group {unknown[0]!r}; choose among {', '.join(groups)}")
    return chosen
