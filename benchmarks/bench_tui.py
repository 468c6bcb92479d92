"""Time the interactive screen (``todo triage -i``): its first paint, and each key's re-rank.

Run after installing the project:

    python benchmarks/bench_tui.py              # median of 15 runs
    python benchmarks/bench_tui.py --quick      # 5 runs: a quick look only

First paint: a whole ``todo triage -i`` process on the morning's 30 tasks (``todo demo``), in a
pseudo-terminal of 120x40, from its start until the first task's title is on the screen
(then q ends it); the baseline is ``todo triage`` timed the same way (start to the title on
the terminal), alternated with it. Both in this process (``COO_TODO_SERVER=off``), then both
through a warm command server.

Keys: the screen in a warm process (Textual's Pilot, 120x40) on 300 open tasks (270 varied
ones and the morning's 30). Each key's re-rank is the screen's handler of the change: the
service call (as the CLI's command), the new ranking and the list given its new rows, from
the key (for a key that asks a question: its Enter); the issue's bar is 50 ms. Beside it, the
same change, ranking and undo by the desk alone, nothing shown (alternated with it), and the
time from the key to Textual's next frame against that of a key bound to nothing (what the
Pilot and a frame cost anyway): Textual draws at most 60 frames a second, after the handler.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from harness import build, environment, parse_runs, todo_command

TITLE = b"Renew Acme contract"
"""Words of a task on the morning's first screen (``todo demo``), waited for on the terminal."""


def paint_time(command: list[str], env: dict[str, str], interactive: bool) -> float:
    """Seconds from starting ``command`` in a 120x40 pseudo-terminal until ``TITLE`` shows;
    then q (the screen) or the end of the output (the triage); the process must exit 0."""
    import fcntl
    import pty
    import struct
    import termios

    start = time.perf_counter()
    pid, terminal = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execvpe(command[0], command, {**env, "TERM": "xterm-256color", "COLUMNS": "120"})
    seen, painted = b"", None
    deadline = start + 60
    while painted is None and time.perf_counter() < deadline:
        if select.select([terminal], [], [], 0.05)[0]:
            try:
                seen += os.read(terminal, 1 << 16)
            except OSError:
                break
            if TITLE in seen:
                painted = time.perf_counter() - start
    if interactive:
        os.write(terminal, b"q")
    while True:  # drain until the child closes the terminal
        try:
            if select.select([terminal], [], [], 0.05)[0] and not os.read(terminal, 1 << 16):
                break
        except OSError:
            break
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    if painted is None or os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} did not show {TITLE!r}:\n{seen[-800:]!r}")
    return painted


def first_paint(folder: Path, database: Path, runs: int, server: bool) -> None:
    todo = todo_command()
    env = environment(folder, database, COO_TODO_SERVER="on" if server else "off")
    screen, triage = [*todo, "triage", "-i"], [*todo, "triage"]
    paint_time(triage, env, False)  # warm-up (and, served, the server's start)
    paint_time(screen, env, True)
    ours, theirs = [], []
    for index in range(runs):
        pair = [(ours, screen, True), (theirs, triage, False)]
        for samples, command, interactive in pair if index % 2 == 0 else pair[::-1]:
            samples.append(paint_time(command, env, interactive))
    wall, base = statistics.median(ours), statistics.median(theirs)
    how = "through the command server" if server else "in process"
    print(
        f"first paint, 30 tasks, {how:<27} todo triage -i {wall * 1000:6.0f} ms"
        f"  / todo triage {base * 1000:6.0f} ms  x{wall / base:4.2f}",
        flush=True,
    )
    if server:
        import subprocess

        subprocess.run([*todo, "server", "stop"], env=env, capture_output=True, check=False)


def keys(folder: Path, database: Path, runs: int) -> None:
    """Each key's re-rank on 300 open tasks, in one warm process."""
    os.environ.update(environment(folder, database))
    asyncio.run(_keys(runs))


async def _keys(runs: int) -> None:
    from coo_todo import clock
    from coo_todo.cli.app import Env
    from coo_todo.tui.desk import Desk, Outcome
    from coo_todo.tui.screen import TriageScreenApp

    env = Env()
    desk = Desk(env.store(), env.settings(), lambda: clock.now(env.environ))
    app = TriageScreenApp(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        ranked = len(app.entries)
        print(f"keys: {ranked} ranked of 300 open tasks, 120x40, bar 50 ms", flush=True)

        async def press(*keys: str) -> None:
            await pilot.press(*keys)
            await pilot.pause()

        def selected() -> int:
            task_id = app.selected()
            assert task_id is not None
            return task_id

        def plain(action: Callable[[int], object]) -> Callable[[], None]:
            """The baseline: the desk's change, the new ranking and the undo, nothing drawn."""

            def run() -> None:
                action(selected())
                desk.triage()
                desk.undo()

            return run

        # Each value changes the top task (its impact is 5, ...), so that each undo reverts it.
        figures: list[tuple[str, str, str, Callable[[], None]]] = [
            ("1: impact", "", "1", plain(lambda i: desk.edit(i, "impact", 1))),
            ("!: urgency", "", "exclamation_mark", plain(lambda i: desk.edit(i, "urgency", 1))),
            ("d: due", "d2027-01-15", "enter", plain(lambda i: desk.edit(i, "due", "2027-01-15"))),
            ("e: effort", "e7h", "enter", plain(lambda i: desk.edit(i, "effort", "7h"))),
            ("g: delegate", "ghel", "enter", plain(lambda i: desk.delegate(i, "hel"))),
            ("x: done", "", "x", plain(desk.done)),
            ("s: snooze", "smon", "enter", plain(lambda i: desk.snooze(i, "mon"))),
            ("a: add", "aCall Acme", "enter", plain(lambda i: desk.add("Call Acme"))),
        ]
        handled: list[float] = []
        attempt = app.attempt

        def timed(action: Callable[[], Outcome]) -> str | None:
            """The screen's own handler of a change, timed: the service call, the new ranking
            and the list handed the new rows (the frame comes after)."""
            start = time.perf_counter()
            try:
                return attempt(action)
            finally:
                handled.append(time.perf_counter() - start)

        app.attempt = timed  # type: ignore[method-assign]
        for label, typed, final, baseline in figures:
            ours: list[float] = []
            idle: list[float] = []
            bare: list[float] = []
            rerank: list[float] = []
            for index in range(runs + 1):
                order = ("ours", "idle", "bare") if index % 2 == 0 else ("bare", "idle", "ours")
                for which in order:
                    if which == "ours":
                        await press(*typed)
                        handled.clear()
                        start = time.perf_counter()
                        await press(final)
                        ours.append(time.perf_counter() - start)
                        rerank.append(sum(handled))
                        await press("u")
                    elif which == "idle":
                        start = time.perf_counter()
                        await press("z")  # no key's binding: what the Pilot and a frame cost
                        idle.append(time.perf_counter() - start)
                    else:
                        start = time.perf_counter()
                        baseline()
                        bare.append(time.perf_counter() - start)
            handler, frame, noop, desk_only = (
                statistics.median(s[1:]) for s in (rerank, ours, idle, bare)
            )
            verdict = "ok" if handler < 0.050 else "MISSED"
            print(
                f"  {label:<12} re-rank {handler * 1000:4.0f} ms {verdict:<6}"
                f" (the desk alone {desk_only * 1000:3.0f} ms, x{handler / desk_only:4.2f})"
                f" | key to next frame {frame * 1000:4.0f} ms, a key bound to nothing"
                f" {noop * 1000:3.0f} ms",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _, runs = parse_runs(parser)
    folder = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    try:
        morning = folder / "morning.sqlite"
        build("the morning's 30 tasks", "morning", morning)
        crowd = folder / "crowd.sqlite"
        build("270 open tasks", "bulk_tasks", crowd, 270, "open")
        build("the morning's 30 tasks", "morning", crowd)
        first_paint(folder, morning, runs, server=False)
        if sys.platform != "win32":
            first_paint(folder, morning, runs, server=True)
        keys(folder, crowd, runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
