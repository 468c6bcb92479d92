"""Time scoring and ranking 10,000 open tasks: the day-resolution formula that Ranking II
replaced (``BEFORE_RANKING_II``, or any ``--ref``) against this tree's, in the same run, and
print the ratio (issue 11's bar: at most 1.2).

Run after installing the project, from the repository (it reads the baseline's ``scoring.py``
with git):

    python benchmarks/bench_ranking.py             # median of 15 runs
    python benchmarks/bench_ranking.py --runs 5 --ref main

The tasks are built in memory, the same for both formulas: due dates from three weeks overdue
to two months ahead (a fifth with a time of day, a third without a due date), efforts from 5
minutes to two days (a quarter unknown), one in twenty blocked by an earlier task, one in
twenty-five delegated. Times are CPU seconds of ``rank`` alone (no database, no rendering).
The baseline is that revision's module loaded under another name, so both share every other module.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

from coo_todo.domain import scoring
from coo_todo.domain.records import TaskRecord

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
TASKS = 10_000
BEFORE_RANKING_II = "fdc3817"
"""main just before issue 11's formula landed: the baseline its 1.2x bar is measured against."""


def tasks(count: int = TASKS, seed: int = 11) -> list[TaskRecord]:
    """``count`` open tasks as the store returns them (times aware, in UTC)."""
    draw = random.Random(seed)
    now = NOW.astimezone(UTC)
    made = []
    for task_id in range(1, count + 1):
        due = None
        if draw.random() > 0.33:
            day = now.replace(hour=22, minute=59, second=59) + timedelta(days=draw.randint(-21, 60))
            due = day.replace(hour=draw.randint(7, 16)) if draw.random() < 0.2 else day
        delegated = draw.random() < 0.04
        made.append(
            TaskRecord(
                id=task_id,
                uuid=f"uuid-{task_id}",
                title=f"Task {task_id}",
                status="open",
                impact=draw.randint(1, 5),
                urgency=draw.randint(1, 5),
                due=due,
                effort_minutes=None if draw.random() < 0.25 else draw.randint(5, 960),
                area=None,
                created_at=now - timedelta(days=draw.randint(0, 200)),
                updated_at=now,
                completed_at=None,
                follow_up=now + timedelta(days=draw.randint(-5, 20)) if delegated else None,
                delegated_at=now - timedelta(days=10) if delegated else None,
                delegate="Alice Martin" if delegated else None,
                blocked_by=(draw.randint(1, task_id - 1),)
                if task_id > 1 and draw.random() < 0.05
                else (),
            )
        )
    return made


def baseline(ref: str) -> ModuleType:
    """The scoring module as of git ``ref`` (``coo_todo/scoring.py`` before the layout by layer,
    ``coo_todo/domain/scoring.py`` since), loaded as a module of its own; what it imports
    comes from this tree."""
    for where in ("src/coo_todo/scoring.py", "src/coo_todo/domain/scoring.py"):
        shown = subprocess.run(
            ["git", "show", f"{ref}:{where}"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent,
        )
        if shown.returncode == 0:
            source = shown.stdout
            break
    else:
        raise SystemExit(f"no scoring module at {ref}")
    folder = Path(tempfile.mkdtemp())
    path = folder / "scoring_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("scoring_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scoring_baseline"] = module
    spec.loader.exec_module(module)
    return module


def median_seconds(run: Callable[[], object], runs: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(runs):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--ref", default=BEFORE_RANKING_II, help="the git ref of the baseline formula"
    )
    args = parser.parse_args()
    crowd = tasks()
    old = baseline(args.ref)
    calendar = scoring.DEFAULT_CALENDAR.in_zone(NOW.tzinfo)  # type: ignore[arg-type]
    before = median_seconds(lambda: old.rank(crowd, NOW), args.runs)
    after = median_seconds(lambda: scoring.rank(crowd, NOW, calendar=calendar), args.runs)
    print(f"ranking {len(crowd):,} open tasks, median of {args.runs} runs (CPU time)")
    print(f"  {args.ref:>10}: {before * 1000:7.1f} ms")
    print(f"  {'this tree':>10}: {after * 1000:7.1f} ms")
    print(f"  ratio: {after / before:.2f} (bar: 1.20)")


if __name__ == "__main__":
    main()
