"""Time the resident command server of issue 13 against its baselines, measured in the same run.

Run after installing the project, with the interpreter of its environment:

    python benchmarks/bench_server.py                  # every figure, 15 runs, 100,000 done tasks
    python benchmarks/bench_server.py --quick          # 5 runs, 2,000 done tasks: a quick look
    python benchmarks/bench_server.py --runs 21 --history 20000 --pause 0.5

P = ``python -c pass`` with this interpreter, the floor of any Python command. Figures: served
commands against P (the server started with ``todo server start`` first); the same 30 tasks in
Taskwarrior (``task next``, ``task add``) if it is installed; served ``todo triage`` after a long
history of done tasks against none; the command run when no server answers, or a stale one
does, against today's in-process run; the server's memory and that of its spare worker; how long
an idle server takes to leave by itself. Every server the benchmark starts lives under a private
``XDG_RUNTIME_DIR`` in its temporary folder, and none is left behind at the end.

Each figure: the median and the minimum of the wall times of whole processes, alternated with
the baseline's (ABAB, then BABA), after a warm-up, each run after a pause (``--pause``): a spare
worker primes itself in about 50 ms after each request, and a human types seconds apart. The
served client's CPU time is not the command's (a worker does the work), so only wall time is
shown. No figure is an assertion.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import io
import json
import math
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench_speed import ADD, Bench
from harness import (
    Run,
    check,
    environment,
    machine,
    python_command,
    selected_groups,
    time_once,
)

from coo_todo import channel

TASKWARRIOR = Path("/usr/bin/task")
TASK_OPTIONS = ["rc.confirmation=off", "rc.verbose=nothing", "rc.hooks=off"]
TASK_ADD = ["add", "Call Acme about the renewal", "due:friday", "priority:H", "+renewal"]
IN_PROCESS = "from coo_todo.cli import main; main()"
IDLE_MINUTES = 0.05


def nothing() -> None:
    """A step's hook that does nothing."""


@dataclass(frozen=True)
class Step:
    """A run to time, with what to do before it (untimed, before the pause) and after it."""

    run: Run
    before: Callable[[], None] = nothing
    after: Callable[[], None] = nothing

    def time(self, pause: float) -> float:
        """Wall time (s) of one run, after ``before`` and the pause; NaN for a run that
        failed, whose error is printed (the figure then counts it)."""
        self.before()
        time.sleep(pause)
        try:
            wall = time_once(self.run)[0]
        except SystemExit as failure:
            print(f"     ! {str(failure).replace(chr(10), ' ')}", flush=True)
            wall = math.nan
        self.after()
        return wall


def measure(steps: Sequence[Step], runs: int, pause: float) -> list[list[float]]:
    """Wall times of ``runs`` runs of each step after a warm-up, the steps' order rotated from
    one round to the next (ABAB, BABA for two) so that drift hits them alike."""
    for step in steps:
        step.time(pause)
    walls: list[list[float]] = [[] for _ in steps]
    for index in range(runs):
        shift = index % len(steps)
        for which in [*range(shift, len(steps)), *range(shift)]:
            walls[which].append(steps[which].time(pause))
    return walls


def header() -> None:
    print(
        f"{'':3}  {'command':<50} {'median':>7} {'min':>5}   {'baseline':>8} {'min':>5}"
        f"   {'ratio':>6} {'(min)':>6}  limit"
    )


def report(
    target: str,
    label: str,
    walls: list[float],
    base: str,
    base_walls: list[float],
    limit: float,
    note: str = "",
) -> None:
    """One figure: medians and minima in ms, their ratios, the limit on the medians' ratio;
    failed runs (NaN) are left out and counted."""
    failed = sum(math.isnan(wall) for wall in [*walls, *base_walls])
    walls = [wall for wall in walls if not math.isnan(wall)]
    base_walls = [wall for wall in base_walls if not math.isnan(wall)]
    if failed:
        note += f"  ({failed} failed runs left out)"
    if not walls or not base_walls:
        print(f"{target:>3}  {label:<50} every run failed{note}", flush=True)
        return
    median, least = statistics.median(walls), min(walls)
    base_median, base_least = statistics.median(base_walls), min(base_walls)
    ratio = median / base_median
    verdict = "" if math.isinf(limit) else f"{limit:4.2f} {'ok' if ratio <= limit else 'MISSED'}"
    print(
        f"{target:>3}  {label:<50} {median * 1000:5.0f}ms {least * 1000:5.0f}"
        f"   {base_median * 1000:6.0f}ms {base_least * 1000:5.0f}"
        f"   x{ratio:5.2f} x{least / base_least:5.2f}  {verdict or '-':<9}"
        f" vs {base}{note}",
        flush=True,
    )


def section(title: str) -> None:
    print(f"\n{title}", flush=True)


# -- the benchmark's servers -----------------------------------------------------------------


class Resident:
    """The server of one environment (its socket under the benchmark's runtime folder): asked,
    started, waited for and stopped through ``coo_todo.channel`` itself."""

    def __init__(self, env: dict[str, str], todo: list[str]) -> None:
        self.env = env
        self.todo = todo
        self.where = channel.place(env)

    def status(self) -> dict[str, Any] | None:
        """What the server says about itself, or None if none answers."""
        try:
            answer = channel.ask(self.where, b"status")
        except channel.Unavailable:
            return None
        details: dict[str, Any] = json.loads(answer[1])
        return details

    def start(self) -> dict[str, Any]:
        """``todo server start`` (it waits until the server answers), then its status."""
        check(Run("todo server start", [*self.todo, "server", "start"], self.env))
        details = self.status()
        if details is None:
            raise SystemExit("todo server start: no server answers afterwards")
        return details

    def settle(self) -> float:
        """Wait until no server is starting (a starting one holds the start lock until it
        listens, or dies); the seconds waited."""
        begin = time.perf_counter()
        lock = os.open(self.where.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
        finally:
            os.close(lock)
        return time.perf_counter() - begin

    def stop(self) -> None:
        """Stop the server, one starting included, and wait until its processes are gone."""
        self.settle()
        with contextlib.suppress(channel.Unavailable):
            channel.ask(self.where, b"stop")
        wait_until_gone(self.env["XDG_RUNTIME_DIR"])


def our_servers(runtime: str) -> list[int]:
    """The live processes of servers (spare workers included) whose runtime folder is
    ``runtime``: those the benchmark started, not anyone else's."""
    found = []
    marker = f"XDG_RUNTIME_DIR={runtime}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if b"coo_todo.server" in command and marker in environ and state != "Z":
            found.append(int(entry.name))
    return found


def wait_until_gone(runtime: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while our_servers(runtime):
        if time.monotonic() > deadline:
            raise SystemExit(f"servers still running after {timeout:g} s: {our_servers(runtime)}")
        time.sleep(0.01)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(entry.read_text().rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.parent.name))
        except (OSError, ValueError):
            continue
    return found


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS, and from ``smaps_rollup`` Pss and private memory (clean + dirty), in KiB."""
    figures = {"Rss": 0, "Pss": 0, "Private": 0}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            figures[name] = int(rest.split()[0])
        elif name in ("Private_Clean", "Private_Dirty"):
            figures["Private"] += int(rest.split()[0])
    return figures


# -- the session -----------------------------------------------------------------------------


@dataclass
class Session:
    """The databases (``bench_speed.Bench``), the servers and the settings of one run."""

    bench: Bench
    runtime: str
    pause: float
    servers: list[Resident] = field(default_factory=list)

    @property
    def runs(self) -> int:
        return self.bench.runs

    def resident(self, env: dict[str, str]) -> Resident:
        server = Resident(env, self.bench.todo)
        self.servers.append(server)
        return server

    def served(
        self,
        target: str,
        steps: Sequence[tuple[Run, float]],
        baseline: Run,
        server: Resident,
        baseline_served: bool = False,
    ) -> None:
        """Each run against ``baseline``, served by ``server`` (the baseline too, if
        ``baseline_served``); runs the server did not answer (they ran in-process) are counted
        in the figure's note."""
        expected = (self.runs + 1) * (2 if baseline_served else 1)  # with the warm-ups
        for run, limit in steps:
            before = server.status()
            walls, base_walls = measure([Step(run), Step(baseline)], self.runs, self.pause)
            after = server.status()
            if not (before and after and before["pid"] == after["pid"]):
                note = "  (the server changed during the runs)"
            else:
                missed = expected - (after["requests"] - before["requests"])
                note = f"  ({missed} of {expected} runs not served)" if missed else ""
            report(target, run.label, walls, baseline.label, base_walls, limit, note)


def served_commands(session: Session, server: Resident) -> None:
    """Target 2: served commands against P."""
    bench = session.bench
    p = Run("P: python -c pass", python_command("pass"), server.env)
    section("Served (todo server start first) against P")
    header()
    session.served(
        "2",
        [
            (bench.todo_run("todo triage (30 open), served", ["triage"]), 4.0),
            (bench.todo_run("todo add (30+ tasks), served", ADD, "add-morning"), 3.0),
            (bench.todo_run("todo --help, served", ["--help"]), 2.0),
            (bench.todo_run("todo --version, served", ["--version"]), 2.0),
            (bench.completion("complete commands: todo <TAB>, served", "todo "), 2.0),
            (bench.completion("complete ids: todo done <TAB>, served", "todo done "), 2.0),
        ],
        p,
        server,
    )
    print("     stretch target for triage: 3.00 x P")


def taskwarrior(session: Session, server: Resident) -> None:
    """Target 3: the same 30 tasks in Taskwarrior, ``task next`` and ``task add``."""
    section("Served todo against Taskwarrior on the same 30 tasks")
    if not TASKWARRIOR.exists():
        print(f"     {TASKWARRIOR} is not installed: skipped")
        return
    bench = session.bench
    folder = bench.folder / "taskwarrior"
    folder.mkdir()
    (folder / "taskrc").write_text("")
    env = {
        **environment(bench.folder, bench.database("morning")),
        "TASKDATA": str(folder),
        "TASKRC": str(folder / "taskrc"),
    }
    backup = check(bench.todo_run("todo export --format json", ["export", "--format", "json"]))
    tasks = folder / "tasks.json"
    tasks.write_text(json.dumps([as_taskwarrior(task) for task in json.loads(backup)["tasks"]]))
    check(Run("task import", [str(TASKWARRIOR), *TASK_OPTIONS, "import", str(tasks)], env))
    version = check(Run("task --version", [str(TASKWARRIOR), "--version"], env)).strip()
    print(f"     Taskwarrior {version}, {len(json.loads(tasks.read_text()))} tasks imported")
    header()
    task_next = Run("task next", [str(TASKWARRIOR), *TASK_OPTIONS, "next"], env)
    session.served(
        "3",
        [(bench.todo_run("todo triage (30 open), served", ["triage"]), math.inf)],
        task_next,
        server,
    )
    task_add = Run("task add", [str(TASKWARRIOR), *TASK_OPTIONS, *TASK_ADD], env)
    session.served(
        "3",
        [(bench.todo_run("todo add (30+ tasks), served", ADD, "add-morning"), math.inf)],
        task_add,
        server,
    )


def as_taskwarrior(task: dict[str, Any]) -> dict[str, Any]:
    """A task of a coo-todo JSON backup as Taskwarrior imports it."""

    def stamp(value: str) -> str:
        return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    converted: dict[str, Any] = {
        "uuid": task["uuid"],
        "description": task["title"],
        "status": "pending",
        "entry": stamp(task["created_at"]),
        "priority": "H" if task["impact"] >= 4 else "M" if task["impact"] == 3 else "L",
    }
    if task["due"]:
        converted["due"] = stamp(task["due"])
    if task["area"]:
        converted["project"] = task["area"]
    if task["tags"]:
        converted["tags"] = task["tags"]
    if task["blocked_by"]:
        converted["depends"] = ",".join(task["blocked_by"])
    return converted


def history(session: Session, server: Resident) -> None:
    """Target 4: served triage after a long history of done tasks against none."""
    bench = session.bench
    section("Served triage with a long history against none")
    bench.database("history")
    header()
    none = bench.todo_run("todo triage (30 open, no history), served", ["triage"])
    done = bench.todo_run(
        f"todo triage (30 open, {bench.history:,} done), served", ["triage"], "history"
    )
    session.served("4", [(done, 1.1)], none, server, baseline_served=True)


def memory(session: Session, server: Resident) -> None:
    """Target 6: the server's memory after the runs, and its spare worker's."""
    section("Memory after the runs (KiB as MiB)")
    time.sleep(max(session.pause, 0.2))  # the spare primes itself
    details = server.status()
    if details is None:
        print("     no server answers: skipped")
        return
    pid = details["pid"]
    own = memory_kib(pid)
    print(
        f"  6  server pid {pid} after {details['requests']} requests: VmRSS"
        f" {own['Rss'] / 1024:.1f} MiB, PSS {own['Pss'] / 1024:.1f} MiB,"
        f" private {own['Private'] / 1024:.1f} MiB (status says {details['resident_kib']} KiB)"
    )
    for child in children(pid):
        spare = memory_kib(child)
        print(
            f"  6  its worker pid {child}: RSS {spare['Rss'] / 1024:.1f} MiB,"
            f" PSS {spare['Pss'] / 1024:.1f} MiB, private {spare['Private'] / 1024:.1f} MiB"
        )


def against_in_process(session: Session, step: Step, args: list[str]) -> None:
    """Target 5: ``step`` against today's in-process run of the same ``args``, both ways:
    ``python -c 'main()'`` and ``COO_TODO_SERVER=off todo``."""
    env = step.run.env
    steps = [
        step,
        Step(Run("python -c 'main()'", [*python_command(IN_PROCESS), *args], env)),
        Step(Run("COO_TODO_SERVER=off todo", step.run.command, {**env, "COO_TODO_SERVER": "off"})),
    ]
    header()
    walls = measure(steps, session.runs, session.pause)
    for index in (1, 2):
        report("5", step.run.label, walls[0], steps[index].run.label, walls[index], 1.05)


def absent(session: Session) -> None:
    """Target 5: the command when no server answers (the client runs it and starts one in the
    background) against today's in-process run; each run's server is stopped, untimed."""
    section("No server answers (each run starts one, stopped after it) against in-process")
    server = session.resident(environment(session.bench.folder, session.bench.database("morning")))
    server.stop()
    absent_figure(session, server, "todo triage (30 open)", ["triage"])
    absent_figure(session, server, "todo --version", ["--version"])


def absent_figure(session: Session, server: Resident, label: str, args: list[str]) -> None:
    """One command without a server, and how long the server it starts takes to listen."""
    starts: list[float] = []

    def stop_its_server() -> None:
        starts.append(server.settle())
        server.stop()

    missing = session.bench.todo_run(f"{label}, no server", args)
    against_in_process(session, Step(missing, after=stop_its_server), args)
    timed = starts[1:]  # after the warm-up's
    print(
        f"     the server each run started listened {statistics.median(timed):.2f} s (median;"
        f" min {min(timed):.2f} s) after the command ended"
    )


def stale(session: Session) -> None:
    """Target 5: the command when the server's code changed on disk since it started.

    Staleness is simulated without touching a source file: the runs put an empty folder of
    the benchmark's on ``PYTHONPATH``, which the server's fingerprint watches (as it watches
    ``site-packages`` for an install); changing that folder's time makes the server stale."""
    bench = session.bench
    section("A stale server answers (its code changed) against in-process")
    folder = bench.folder / "path"
    folder.mkdir()
    env = environment(bench.folder, bench.database("morning"), PYTHONPATH=str(folder))
    server = session.resident(env)

    def age() -> None:
        server.settle()
        if server.status() is None:
            server.start()
        stamp = time.time_ns()
        os.utime(folder, ns=(stamp, stamp))
        details = server.status()
        if details is None or details["current"]:
            raise SystemExit("stale: the server did not notice its code changed")

    run = Run("todo triage (30 open), stale server", [*bench.todo, "triage"], env)
    against_in_process(session, Step(run, before=age), ["triage"])
    server.stop()


def compiled_ahead(session: Session) -> None:
    """Served commands on an SQLite file whose SQL the spare worker compiled ahead (through
    the file's engine, on the scratch database: ``store.engines.compiling_ahead``) against the
    same commands compiling it anew (that engine dropped after priming, as before). Each run is
    a worker forked from this process, warmed up and primed as the server's spare is, the
    command timed in it: CPU time (the machine's load aside) and wall time."""
    from coo_todo.server import warmup
    from coo_todo.store import engines

    section("Served SQL compiled ahead by the spare worker, against compiled anew (forked here)")
    command = warmup.built_command()
    scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=session.bench.folder))
    warmup.warm_up(command, scratch)
    environ = environment(session.bench.folder, session.bench.database("add-compiled"))

    def forked(args: list[str], compiled: bool) -> tuple[float, float]:
        """CPU and wall time of ``args`` in a spare worker forked now; a change is undone."""
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            warmup.prime(command, scratch, environ)
            if not compiled:
                engines.release()
            cpu, wall = time.process_time(), time.perf_counter()
            code = run_in_process(command, args)
            times = f"{time.process_time() - cpu} {time.perf_counter() - wall} {code}"
            if args[0] in ("add", "done"):
                run_in_process(command, ["undo"])
            os.write(writer, times.encode())
            os._exit(0)
        os.close(writer)
        with os.fdopen(reader) as answer:
            cpu, wall, code = answer.read().split()
        os.waitpid(pid, 0)
        if code != "0":
            raise SystemExit(f"todo {' '.join(args)} exited {code} in a forked worker")
        return float(cpu), float(wall)

    header()
    for label, args in (
        ("todo triage (30 open)", ["triage"]),
        ("todo list (30 open)", ["list"]),
        ("todo add (30 tasks, then undone)", ADD),
        ("todo done 1 (then undone)", ["done", "1"]),
    ):
        runs: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for index in range(session.runs + 1):  # the first of each: a warm-up
            for compiled in (True, False) if index % 2 else (False, True):
                runs[compiled].append(forked(args, compiled))
        for which, name in ((0, "CPU"), (1, "wall")):
            ahead = [times[which] for times in runs[True][1:]]
            anew = [times[which] for times in runs[False][1:]]
            report("-", f"{label}, {name}", ahead, "compiled anew", anew, math.inf)


def run_in_process(command: Any, args: list[str]) -> int:
    """Run ``todo args`` in this process, its output going nowhere; its exit status."""
    from coo_todo.cli.app import Env

    printed = io.StringIO()
    env = Env(environ=dict(os.environ), stdout=printed, stderr=printed)
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            return int(command.main(args, "todo", obj=env, standalone_mode=False) or 0)
    finally:
        env.close()


def idle_exit(session: Session) -> None:
    """Target 6: a server whose config says ``idle_minutes = 0.05`` leaves by itself."""
    bench = session.bench
    section(f"Idle exit ([server] idle_minutes = {IDLE_MINUTES}, {IDLE_MINUTES * 60:g} s)")
    config = bench.folder / "idle.toml"
    config.write_text(f"[server]\nidle_minutes = {IDLE_MINUTES}\n")
    env = environment(bench.folder, bench.database("morning"), COO_TODO_CONFIG=str(config))
    server = session.resident(env)
    details = server.start()
    started = details["started"]
    print(f"     started pid {details['pid']}, idle exit after {details['idle_exit_seconds']} s")
    deadline = time.monotonic() + 60 * IDLE_MINUTES * 10
    while server.status() is not None or our_servers(session.runtime):
        if time.monotonic() > deadline:
            print("  6  the server did not leave by itself within ten times its idle limit")
            return
        time.sleep(0.02)
    print(f"  6  the idle server left {time.time() - started:.2f} s after it started")


def leftovers(runtime: str) -> None:
    """Target 7: no server of the benchmark's left; any found is killed and reported."""
    section("Processes left behind")
    found = our_servers(runtime)
    for pid in found:
        os.kill(pid, signal.SIGKILL)
    print(
        f"  7  {len(found)} coo_todo.server process(es) left"
        + (f", killed: {found}" if found else "")
    )


WITH_SERVER: dict[str, Callable[[Session, Resident], None]] = {
    "served": served_commands,
    "taskwarrior": taskwarrior,
    "history": history,
    "memory": memory,
}
"""Groups run with one server, started first: the figures of targets 2, 3, 4 and 6."""
ALONE: dict[str, Callable[[Session], None]] = {
    "absent": absent,
    "stale": stale,
    "idle": idle_exit,
    "compiled": compiled_ahead,
}
"""Groups that start and stop their own servers."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="timed runs per figure (default 15, quick 5)")
    parser.add_argument("--history", type=int, help="done tasks (default 100,000, quick 2,000)")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds before each run (0.2)")
    parser.add_argument("--quick", action="store_true", help="5 runs and 2,000 done tasks")
    groups = [*WITH_SERVER, *ALONE]
    parser.add_argument("--only", default=",".join(groups), help="comma-separated groups")
    args = parser.parse_args()
    chosen = selected_groups(parser, args.only, groups)
    runs = args.runs or (5 if args.quick else 15)
    history_size = args.history or (2_000 if args.quick else 100_000)
    folder = Path(tempfile.mkdtemp(prefix="ctb-"))  # short: a socket's path is limited
    runtime = folder / "run"
    runtime.mkdir(mode=0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)  # every run's environment inherits it
    print(
        f"{machine()} ({sys.executable}); median and minimum of {runs}"
        f" runs after a warm-up, each figure alternated with its baseline, a pause of"
        f" {args.pause:g} s before each run (--pause)"
    )
    session = Session(Bench(folder, runs, history_size), str(runtime), args.pause)
    try:
        if any(name in WITH_SERVER for name in chosen):
            server = session.resident(environment(folder, session.bench.database("morning")))
            server.start()
            for name in chosen:
                if name in WITH_SERVER:
                    WITH_SERVER[name](session, server)
            server.stop()
        for name in chosen:
            if name in ALONE:
                ALONE[name](session)
    finally:
        for resident in session.servers:
            resident.stop()
        leftovers(str(runtime))
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
