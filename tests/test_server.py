"""The resident command server (#13), through the real ``todo`` script and a real server.

Every command runs twice on the same database, in-process (``COO_TODO_SERVER=off``) and served,
and must write the same bytes to stdout and stderr and exit the same way: through pipes, a
terminal with colour, prompts, Ctrl-C, odd environments. Then what only a server has: signals
relayed, a client's death, stale code, idle exit, unsafe folders, hostile messages, many
clients at once. Each server runs in a run folder of its own under ``conftest.RUNTIME`` and is
stopped at teardown; the suite fails if one is left running (``conftest.pytest_sessionfinish``).
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coo_todo import channel
from coo_todo.paths import Paths
from coo_todo.server.fingerprint import Watched, fingerprint, watched
from coo_todo.store import engines
from tests.conftest import NOW, RUNTIME, Database, servers_of_the_suite
from tests.test_docs import COMMANDS

pytestmark = pytest.mark.slow

TODO = Path(sys.executable).with_name("todo")
"""The installed script: the client, as a user runs it."""

Args = Sequence[str | bytes]


class Served:
    """A run folder with a server in it, and a way to run ``todo`` there, served or not."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.runtime = Path(tempfile.mkdtemp(prefix="s", dir=RUNTIME))

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a run: fixed clock and zone, this folder's files."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("COO_TODO_")}
        for name in ("NO_COLOR", "FORCE_COLOR", "PYTHONUNBUFFERED", "PYTHONIOENCODING"):
            env.pop(name, None)
        env.update(
            COO_TODO_NOW=NOW,
            TZ="Europe/Paris",
            COO_TODO_DB=str(self.home / "todo.sqlite"),
            COO_TODO_CONFIG=str(self.home / "config.toml"),
            COO_TODO_DATA_DIR=str(self.home / "data"),
            XDG_RUNTIME_DIR=str(self.runtime),
            COLUMNS="100",
            TERM="dumb",
        )
        env.update(extra)
        return env

    def run(
        self, args: Args, *, served: bool = True, input: bytes | None = None, **extra: str
    ) -> subprocess.CompletedProcess[bytes]:
        """``todo ARGS`` in ``home``, its stdout and stderr apart, bytes as written."""
        env = self.env(**extra) if served else self.env(COO_TODO_SERVER="off", **extra)
        return subprocess.run(
            [TODO, *args], input=input, capture_output=True, cwd=self.home, env=env, timeout=60
        )

    def status(self, **extra: str) -> dict[str, Any] | None:
        """The server's own report, or None if none answers."""
        result = self.run(["server", "status", "--json"], **extra)
        return json.loads(result.stdout) if result.returncode == 0 else None

    def start(self, **extra: str) -> int:
        """Start the server and wait until it answers; its pid."""
        result = self.run(["server", "start"], **extra)
        assert result.returncode == 0, result.stderr
        status = self.status(**extra)
        assert status is not None
        return int(status["pid"])

    def stop(self) -> None:
        """Stop the server (if one runs) and wait until its process has gone."""
        status = self.status()
        if status is not None:
            self.run(["server", "stop"])
            wait_until(lambda: not alive(status["pid"]), f"server {status['pid']} to exit")


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition: Any, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the module's comparisons, on the demo's thirty tasks."""
    server = Served(tmp_path_factory.mktemp("served"))
    setup = server.run(["--db", str(server.home / "template.sqlite"), "demo"], served=False)
    assert setup.returncode == 0, setup.stderr
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Served]:
    """A run folder for one test's own server, stopped after it."""
    server = Served(tmp_path)
    yield server
    server.stop()


# --- Every command, served and in-process: the same bytes --------------------------------

INCOMING = "(A) Call the bank about the loan due:2026-12-04 +finance\nx Old task\n"

CASES: list[list[str]] = [
    [],
    ["--help"],
    ["--version"],
    ["--bogus"],
    ["nosuch"],
    ["add", "Call Acme about the renewal", "due:fri", "impact:4", "effort:30m", "+renewal"],
    ["add", "--help"],
    ["add"],
    ["edit", "1", "--impact", "2", "--due", "mon"],
    ["done", "2", "4"],
    ["reopen", "2"],
    ["add", "Weekly KPI review", "every:fri", "+kpi"],
    ["skip", "3"],
    ["recur", "stop", "3"],
    ["drop", "5"],
    ["delete", "6", "--yes"],
    ["show", "1"],
    ["show", "1", "--json"],
    ["show", "999"],
    ["list"],
    ["list", "--status", "all", "--json"],
    ["undo"],
    ["delegate", "7", "Alice Martin", "--follow-up", "mon"],
    ["followup", "9", "--note", "Draft shared", "--next", "fri"],
    ["reclaim", "16", "--note", "Alice is off sick"],
    ["waiting"],
    ["brief", "karim"],
    ["demo"],
    ["export"],
    ["export", "--format", "json"],
    ["import", "incoming.txt"],
    ["triage"],
    ["triage", "--json"],
    ["plan"],
    ["plan", "--hours", "3", "--json"],
    ["review"],
    ["review", "--since", "2026-11-01", "--json"],
    ["review", "--format", "markdown"],
    ["snooze", "3", "until", "mon"],
    ["snooze", "3", "--off"],
    ["search", "acme"],
    ["search", "renewal", "--all", "--json"],
    ["triage", "--person", "alice"],
    ["explain", "1"],
    ["db", "upgrade"],
    ["db", "backup"],
    ["db", "check"],
    ["db", "copy", "--to", "copy.sqlite"],
    ["people", "add", "Zoé Martin", "--team", "Sales"],
    ["people", "edit", "alice", "--team", "Customer Success"],
    ["people", "remove", "karim", "--reassign", "alice"],
    ["initiative"],
    ["initiative", "add", "CRM migration", "--with", "Karim,Chloé", "--review", "every:2w"],
    ["initiative", "list", "--json"],
    ["initiative", "edit", "crm", "--goal", "One CRM"],
    ["initiative", "pause", "crm"],
    ["initiative", "resume", "crm"],
    ["initiative", "close", "crm"],
    ["initiative", "review", "crm", "--note", "Agreed"],
    ["initiative", "show", "crm"],
    ["initiative", "brief", "crm"],
    ["add", "Export accounts in:crm"],
    ["config", "path"],
    ["config", "show"],
    ["whoami"],
    ["handback", "16"],
    ["team"],
    ["team", "add", "Karim", "--login", "karim"],
    ["team", "remove", "karim"],
    ["team", "share", "Sales"],
    ["team", "unshare", "Sales"],
]
LIVE = {"server status", "server start", "server stop"}
"""Commands that report the live server, compared apart (``test_server_commands``)."""


def _same_run(served: Served, args: Args, *, input: bytes | None = None, **extra: str) -> None:
    """``todo ARGS`` gives the same bytes and exit code served as in-process, from the same
    database, and leaves the same tasks; the served run was served."""
    results, states = [], []
    for is_served in (False, True):
        _reset(served)
        before = served.status()
        results.append(served.run(args, served=is_served, input=input, **extra))
        after = served.status()
        assert before is not None and after is not None
        assert after["requests"] - before["requests"] == (2 if is_served else 1)
        states.append(_tasks(served))
    in_process, by_server = results
    assert by_server.stdout == in_process.stdout
    assert by_server.stderr == in_process.stderr
    assert by_server.returncode == in_process.returncode
    assert states[1] == states[0]


def _reset(served: Served) -> None:
    """The home folder as the template left it: its database, a file to import, nothing
    else (no backup or export of an earlier run)."""
    for entry in served.home.iterdir():
        if entry.name != "template.sqlite":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copyfile(served.home / "template.sqlite", served.home / "todo.sqlite")
    (served.home / "incoming.txt").write_text(INCOMING, encoding="utf-8")


def _tasks(served: Served) -> Any:
    """Every task (uuids left out: new ones are random)."""
    listed = served.run(["list", "--status", "all", "--json"])
    tasks = json.loads(listed.stdout) if listed.returncode == 0 else listed.stderr
    for task in tasks if isinstance(tasks, list) else ():
        task.pop("uuid", None)
    return tasks


def test_every_command_has_a_case() -> None:
    missing = [
        name
        for name, _ in COMMANDS
        if name not in LIVE and not any(case[: len(name.split())] == name.split() for case in CASES)
    ]
    assert not missing, f"give these commands a case in CASES: {missing}"


@pytest.mark.parametrize("args", CASES, ids=lambda args: " ".join(args) or "(none)")
def test_served_command_prints_what_in_process_prints(served: Served, args: list[str]) -> None:
    _same_run(served, args)


def test_standard_input_reaches_the_worker(served: Served) -> None:
    _same_run(served, ["import", "-", "--from", "todotxt"], input=INCOMING.encode())


@pytest.mark.parametrize(
    "environment",
    [
        {"TZ": "Mars/Olympus"},
        {"LANG": "C", "LC_ALL": "C"},
        {"PYTHONIOENCODING": "ascii:backslashreplace"},
        {"PYTHONUNBUFFERED": "1", "COLUMNS": "0"},
        {"NO_COLOR": "1", "COLUMNS": "40"},
        {"COO_TODO_NOW": "tomorrow"},
        {"LANG": "fr_FR.UTF-8"},
    ],
    ids=lambda environment: " ".join(f"{k}={v}" for k, v in environment.items()),
)
def test_odd_environments_are_the_clients(served: Served, environment: dict[str, str]) -> None:
    """The worker takes the client's environment, time zone and stream set-up."""
    _same_run(served, ["triage"], **environment)
    _same_run(served, ["add", "Hôtel Régence: confirm the venue"], **environment)


def test_each_served_command_speaks_its_own_clients_language(served: Served) -> None:
    """The worker that served a French command leaves no French behind: the next client's
    language is its own (its environment, its --lang), in triage, explain and errors."""
    _reset(served)
    runs = [
        (["triage"], {"LANG": "fr_FR.UTF-8"}, "Tri du jour"),
        (["triage"], {"LANG": "en_US.UTF-8"}, "Today's triage"),
        (["--lang", "fr", "explain", "3"], {}, "dans le tri du jour"),
        (["explain", "3"], {"LANGUAGE": "fr"}, "dans le tri du jour"),
        (["explain", "3"], {}, "in today's triage"),
        (["explain", "99"], {"LANG": "fr_FR.UTF-8"}, "erreur : pas de tâche #99"),
        (["explain", "99"], {}, "error: no task #99"),
    ]
    for args, environ, shown in runs * 2:
        result = served.run(args, **environ)
        assert shown in (result.stdout + result.stderr).decode(), (args, environ)


def test_arguments_that_are_not_utf8_arrive_as_typed(served: Served) -> None:
    _same_run(served, [b"add", b"Invoice \xff\xfe from the printer"])


def test_stdout_and_stderr_interleave_as_in_process(served: Served) -> None:
    """One pipe for both (``2>&1``): a note on stderr comes where it came in-process."""
    outputs = []
    for is_served in (False, True):
        env = served.env(TZ="Mars/Olympus", PYTHONUNBUFFERED="1")
        if not is_served:
            env["COO_TODO_SERVER"] = "off"
        result = subprocess.run(
            [TODO, "triage"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
        )
        outputs.append(result.stdout)
    assert outputs[1] == outputs[0]


# --- A terminal: colour, width, prompts, Ctrl-C, Ctrl-Z -----------------------------------


def _in_terminal(
    served: Served, args: Args, *, is_served: bool, keys: Sequence[tuple[bytes, bytes]] = ()
) -> tuple[bytes, int]:
    """Run ``todo ARGS`` on a new pseudo-terminal (80x24, colour); each ``(wait_for, send)``
    of ``keys`` types ``send`` once ``wait_for`` has been printed and a process waits to read
    the terminal (a Ctrl-C typed just before Python's ``input`` blocks would wait for the next
    key, in-process as served). All it printed, and its exit status (negative: the signal that
    ended it)."""
    env = served.env(TERM="xterm-256color", COLORTERM="truecolor")
    env.pop("COLUMNS")
    if not is_served:
        env["COO_TODO_SERVER"] = "off"
    pid, terminal = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes todo
        os.chdir(served.home)
        os.execve(TODO, [str(TODO), *(os.fsdecode(a) for a in args)], env)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    printed = b""
    pending = list(keys)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if pending and pending[0][0] in printed and _someone_reads(pid):
            os.write(terminal, pending.pop(0)[1])
        ready, _, _ = select.select([terminal], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(terminal, 65536)
            except OSError:  # the child has gone: the terminal is closed
                break
            if not chunk:
                break
            printed += chunk
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail(f"todo {args} (served: {is_served}) did not end; it printed {printed!r}")
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    return printed, os.waitstatus_to_exitcode(status)


def _someone_reads(leader: int) -> bool:
    """Whether a process sits in a read of the terminal that ``leader`` has as stdin."""
    try:
        terminal = os.readlink(f"/proc/{leader}/fd/0")
    except OSError:
        return False
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(entry / "fd" / "0") == terminal and (
                (entry / "wchan").read_text() in ("n_tty_read", "wait_woken")
            ):
                return True
    return False


def _same_in_terminal(served: Served, args: Args, **options: Any) -> tuple[bytes, int]:
    results = []
    for is_served in (False, True):
        _reset(served)
        results.append(_in_terminal(served, args, is_served=is_served, **options))
    assert results[1] == results[0]
    return results[0]


@pytest.mark.parametrize(
    "args", [["triage"], ["explain", "1"], ["show", "999"], ["--help"], ["waiting"]]
)
def test_in_a_terminal_colour_and_width_are_the_terminals(served: Served, args: list[str]) -> None:
    printed, _ = _same_in_terminal(served, args)
    if args[0] in ("triage", "show"):
        assert b"\x1b[" in printed  # colour: the worker saw a terminal


def test_a_prompt_is_answered_on_the_clients_terminal(served: Served) -> None:
    printed, code = _same_in_terminal(served, ["delete", "6"], keys=[(b"[y/N]: ", b"y\r")])
    assert b"Deleted \x1b[1m#6" in printed and code == 0
    printed, code = _same_in_terminal(served, ["delete", "6"], keys=[(b"[y/N]: ", b"\r")])
    assert b"nothing deleted" in printed and code == 1


def test_ctrl_c_at_a_prompt_ends_as_in_process(served: Served) -> None:
    printed, code = _same_in_terminal(served, ["delete", "6"], keys=[(b"[y/N]: ", b"\x03")])
    assert b"nothing deleted" in printed and code == 1


def _worker_reading(pipe: int, server_pid: int) -> int:
    """The server's child whose stdin is ``pipe`` (the other end of it)."""
    ours = os.readlink(f"/proc/self/fd/{pipe}")
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    for child in children:
        try:
            if os.readlink(f"/proc/{child}/fd/0") == ours:
                return int(child)
        except OSError:
            continue
    raise LookupError("no worker reads that pipe")


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def _waiting_client(served: Served) -> tuple[subprocess.Popen[bytes], int]:
    """A served ``todo delete 6`` waiting at its prompt, and its worker's pid."""
    _reset(served)
    status = served.status()
    assert status is not None
    client = subprocess.Popen(
        [TODO, "delete", "6"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=served.env(),
        process_group=0,  # a job of its own, as a shell starts it: Ctrl-Z may stop it
    )
    assert client.stdin is not None
    found: list[int] = []

    def worker_found() -> bool:
        try:
            found.append(_worker_reading(client.stdin.fileno(), status["pid"]))  # type: ignore[union-attr]
        except (LookupError, OSError):
            return False
        return True

    wait_until(worker_found, "the worker of todo delete")
    return client, found[0]


def test_ctrl_z_stops_the_worker_and_fg_resumes_it(served: Served) -> None:
    client, worker = _waiting_client(served)
    client.send_signal(signal.SIGTSTP)
    wait_until(lambda: _state(client.pid) == "T" and _state(worker) == "T", "both to stop")
    client.send_signal(signal.SIGCONT)
    wait_until(lambda: _state(worker) != "T", "the worker to resume")
    out, err = client.communicate(b"y\n", timeout=30)
    assert client.returncode == 0 and b"Deleted #6" in out, err


def test_a_signal_reaches_the_worker_and_ends_the_client_alike(served: Served) -> None:
    client, worker = _waiting_client(served)
    client.send_signal(signal.SIGTERM)
    client.communicate(timeout=30)
    assert client.returncode == -signal.SIGTERM
    wait_until(lambda: not alive(worker), "the worker to end")


def test_a_dead_client_hangs_its_worker_up(served: Served) -> None:
    client, worker = _waiting_client(served)
    client.kill()
    client.communicate(timeout=30)
    wait_until(lambda: not alive(worker), "the worker to be hung up")
    assert served.status() is not None  # the server itself goes on


# --- The server's own commands, life and safety ---------------------------------------------


def test_server_commands(own_server: Served) -> None:
    status = own_server.run(["server", "status"])
    assert status.returncode == 1 and b"no server is running" in status.stderr
    pid = own_server.start()
    shown = own_server.run(["server", "status"]).stdout.decode()
    assert f"pid {pid}" in shown and "Memory:" in shown and "Code: current" in shown
    again = own_server.run(["server", "start"])
    assert again.returncode == 0 and f"pid {pid}".encode() in again.stdout
    stopped = own_server.run(["server", "stop"])
    assert stopped.returncode == 0 and f"pid {pid}".encode() in stopped.stdout
    wait_until(lambda: not alive(pid), "the server to exit")
    assert not list((own_server.runtime / "coo-todo").glob("*.sock"))
    assert own_server.run(["server", "stop"]).returncode == 1


def _backends_of(database: Database) -> list[int]:
    """The pids of the PostgreSQL backends connected to ``database``, but the asker's own."""
    found = database.rows(
        "SELECT pid FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    return [pid for (pid,) in found]


def _one_backend_stays(database: Database, found: list[int]) -> bool:
    """Whether one backend is connected to ``database`` and still is a moment later (then its
    pid is put in ``found``): the backend of a command that just ended may linger a moment."""
    first = _backends_of(database)
    if len(first) != 1:
        return False
    time.sleep(0.3)
    if _backends_of(database) != first:
        return False
    found[:] = first
    return True


@pytest.mark.postgresql_only
@pytest.mark.parametrize("named_by", ["COO_TODO_DB", "config"])
def test_served_commands_on_postgresql_use_a_connection_made_ahead(
    own_server: Served, database: Database, named_by: str
) -> None:
    on_postgres = {"COO_TODO_DB": database.url}
    if named_by == "config":
        (own_server.home / "config.toml").write_text(f'[database]\nurl = "{database.url}"\n')
        on_postgres = {"COO_TODO_DB": ""}
    own_server.start(**on_postgres)
    added = own_server.run(["add", "Call Acme", "impact:5", "due:fri"], **on_postgres)
    assert added.returncode == 0, added.stderr
    served = own_server.run(["triage"], **on_postgres)
    assert served.stdout == own_server.run(["triage"], served=False, **on_postgres).stdout
    assert b"Call Acme" in served.stdout and served.stderr == b""
    status = own_server.status(**on_postgres)
    assert status is not None and status["requests"] >= 2
    # The spare worker connects ahead to the last command's database while it waits.
    spare: list[int] = []
    wait_until(lambda: _one_backend_stays(database, spare), "the spare's connection")
    (waiting,) = spare
    # A connection that broke while it waited is replaced, not an error.
    database.rows("SELECT pg_terminate_backend(:pid)", pid=waiting)
    again = own_server.run(["triage"], **on_postgres)
    assert again.returncode == 0 and again.stdout == served.stdout, again.stderr
    own_server.stop()
    wait_until(lambda: not _backends_of(database), "the connections to close")


@pytest.mark.postgresql_only
def test_a_connection_made_ahead_serves_only_its_url_and_environment(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = Paths(os.environ).database_url()
    engines.connect_ahead(url)
    made_ahead = engines.engine_for(url)
    engines.connect_ahead(url)
    monkeypatch.setenv("PGAPPNAME", "someone else")
    other = engines.engine_for(url)
    try:
        assert other is not made_ahead
        assert engines.engine_for(url) is not other  # used once only
    finally:
        for engine in (made_ahead, other):
            engine.dispose()
    engines.connect_ahead(url)
    engines.release()
    wait_until(lambda: not _backends_of(database), "the released connection to close")


def test_a_command_with_no_server_runs_and_starts_one(own_server: Served) -> None:
    result = own_server.run(["add", "First task"])
    assert result.returncode == 0 and result.stdout.startswith(b"Added #1 First task")
    wait_until(lambda: own_server.status() is not None, "the server the command started")
    assert own_server.run(["list"]).stdout.count(b"First task") == 1


def test_the_switch_turns_the_server_off(own_server: Served) -> None:
    result = own_server.run(["add", "Quiet"], COO_TODO_SERVER="off")
    assert result.returncode == 0
    time.sleep(1)
    assert own_server.status() is None
    started = own_server.run(["server", "start"], COO_TODO_SERVER="off")
    assert started.returncode == 2 and b"COO_TODO_SERVER=off" in started.stderr


@pytest.mark.parametrize("value", ["maybe", "of", "\x1b[31m", "0n"])
def test_a_switch_that_is_neither_on_nor_off_is_one_error_line(
    own_server: Served, value: str
) -> None:
    result = own_server.run(["triage"], COO_TODO_SERVER=value)
    assert result.returncode == 2 and not result.stdout
    assert result.stderr.count(b"\n") == 1 and result.stderr.startswith(b"error: ")
    assert b"\x1b" not in result.stderr


@settings(max_examples=200)
@given(st.text())
def test_the_switch_reads_any_text(value: str) -> None:
    try:
        assert isinstance(channel.switched_on({channel.SWITCH_VARIABLE: value}), bool)
    except ValueError as exc:
        assert channel.SWITCH_VARIABLE in str(exc)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_any_run_folder_is_used_or_refused(runtime: str, temporary: str) -> None:
    """``XDG_RUNTIME_DIR`` and ``TMPDIR`` hold anything: a folder is used, or refused with
    Unavailable (the command then runs in-process), never an exception of another kind."""
    base = tempfile.mkdtemp(prefix="p", dir=RUNTIME)
    environ = {"XDG_RUNTIME_DIR": f"{base}/{runtime}", "TMPDIR": f"{base}/{temporary}"}
    try:
        where = channel.place(environ)
    except channel.Unavailable as exc:
        assert str(exc)
    else:
        assert os.path.isdir(where.folder) and where.socket.startswith(where.folder)
    finally:
        shutil.rmtree(base)


def test_the_config_turns_the_server_off_until_it_changes(own_server: Served) -> None:
    pid = own_server.start()
    config = own_server.home / "config.toml"
    config.write_text("[server]\nenabled = false\n", encoding="utf-8")
    result = own_server.run(["add", "Runs all the same"])
    assert result.returncode == 0 and b"Added #1" in result.stdout
    wait_until(lambda: not alive(pid), "the server to leave")
    own_server.run(["list"])
    time.sleep(1.5)
    assert own_server.status() is None, "a client started a server the config turns off"
    refused = own_server.run(["server", "start"])
    assert refused.returncode == 2 and b"enabled = false" in refused.stderr
    config.write_text("[server]\nenabled = true\n", encoding="utf-8")
    own_server.run(["list"])
    wait_until(lambda: own_server.status() is not None, "a server once the config allows it")


def test_idle_exit(own_server: Served) -> None:
    (own_server.home / "config.toml").write_text("[server]\nidle_minutes = 0.02\n")
    pid = own_server.start()
    wait_until(lambda: not alive(pid), "the idle server to leave", timeout=30)
    assert not list((own_server.runtime / "coo-todo").glob("*.sock"))


def test_sigterm_removes_the_socket_and_a_crash_is_replaced(own_server: Served) -> None:
    pid = own_server.start()
    os.kill(pid, signal.SIGTERM)
    wait_until(lambda: not alive(pid), "the server to leave on SIGTERM")
    assert not list((own_server.runtime / "coo-todo").glob("*.sock"))
    crashed = own_server.start()
    os.kill(crashed, signal.SIGKILL)
    wait_until(lambda: not alive(crashed), "the server to die")
    assert list((own_server.runtime / "coo-todo").glob("*.sock")), "the crash left its socket"
    result = own_server.run(["add", "After the crash"])
    assert result.returncode == 0 and b"Added #1" in result.stdout
    wait_until(lambda: own_server.status() is not None, "a new server over the old socket")
    status = own_server.status()
    assert status is not None and status["pid"] != crashed


def test_a_folder_open_to_others_is_not_used(own_server: Served) -> None:
    folder = own_server.runtime / "coo-todo"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    result = own_server.run(["add", "Still works"])
    assert result.returncode == 0
    refused = own_server.run(["server", "start"])
    assert refused.returncode == 2 and b"open to others" in refused.stderr
    time.sleep(1)
    assert not list(folder.iterdir()), "a server used a folder others can read"


def test_a_symlinked_folder_is_not_used(own_server: Served, tmp_path: Path) -> None:
    elsewhere = Path(tempfile.mkdtemp(prefix="e", dir=RUNTIME))
    (own_server.runtime / "coo-todo").symlink_to(elsewhere)
    assert own_server.run(["add", "Still works"]).returncode == 0
    refused = own_server.run(["server", "start"])
    assert refused.returncode == 2 and b"symlink" in refused.stderr
    time.sleep(1)
    assert not list(elsewhere.iterdir())


def test_hostile_messages_leave_the_server_serving(own_server: Served) -> None:
    pid = own_server.start()
    where = channel.Place(str(own_server.runtime / "coo-todo"), _identity_of(own_server))
    descriptors_before = len(os.listdir(f"/proc/{pid}/fd"))
    messages = [
        b"",
        b"\xff\xff\xff\xff",
        (5).to_bytes(4, "big") + b"ab",
        channel.pack([b"run"]),
        channel.pack([b"run", b"abc", b"x", b"", b""]),
        channel.pack([b"run", b"18", b"nope:strict:0:0 a:b:0:0 c:d:0:0", b"todo", b"A=1"]),
        channel.pack([b"status"])[:-2],
        os.urandom(4096),
    ]
    for message in messages:
        descriptors = [os.open(os.devnull, os.O_RDONLY) for _ in range(7)]
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(where.socket)
            with contextlib.suppress(OSError):  # the server may hang up first
                socket.send_fds(connection, [message or b"\0"], descriptors)
                connection.recv(1)
        for fd in descriptors:
            os.close(fd)
    status = own_server.status()
    assert status is not None and status["pid"] == pid
    wait_until(
        lambda: len(os.listdir(f"/proc/{pid}/fd")) <= descriptors_before,
        "the server to close what it received",
    )


def _identity_of(server: Served) -> str:
    sockets = list((server.runtime / "coo-todo").glob("*.sock"))
    assert len(sockets) == 1
    return sockets[0].stem


@settings(max_examples=300)
@given(st.binary(max_size=64))
def test_any_bytes_unpack_or_are_refused(body: bytes) -> None:
    try:
        fields = channel.unpack(body)
    except ValueError:
        return
    assert channel.pack(fields)[4:] == body


@settings(max_examples=200)
@given(st.lists(st.binary(max_size=40), max_size=8))
def test_pack_and_unpack_are_inverse(fields: list[bytes]) -> None:
    assert channel.unpack(channel.pack(fields)[4:]) == fields


def test_twenty_four_clients_at_once_lose_nothing(own_server: Served) -> None:
    own_server.start()
    own_server.run(["add", "Seed"])
    results: list[subprocess.CompletedProcess[bytes]] = []

    def add(number: int) -> None:
        results.append(own_server.run(["add", f"Concurrent task {number}"], served=number % 2 == 0))

    threads = [threading.Thread(target=add, args=(number,)) for number in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result.returncode == 0 for result in results), [r.stderr for r in results]
    listed = json.loads(own_server.run(["list", "--json"], served=False).stdout)
    titles = sorted(task["title"] for task in listed)
    assert titles == sorted(["Seed", *(f"Concurrent task {n}" for n in range(24))])


# --- Stale code: an edit or an upgrade runs the new code at once ----------------------------


def test_fingerprint_changes_with_code_and_packages_not_bytecode(tmp_path: Path) -> None:
    package, site = tmp_path / "package", tmp_path / "site-packages"
    package.mkdir()
    site.mkdir()
    (package / "module.py").write_text("A = 1\n")
    watch = Watched([str(site), str(package / "module.py")], [str(package)])
    before = fingerprint(watch)
    (package / "__pycache__").mkdir()  # Python caching bytecode: the same code
    assert fingerprint(watch) == before
    (package / "module.py").write_text("A = 22\n")
    assert fingerprint(watch) != before
    edited = fingerprint(watch)
    (package / "new_module.py").write_text("")
    assert fingerprint(watch) != edited
    added = fingerprint(watch)
    (site / "new_package-1.0.dist-info").mkdir()
    assert fingerprint(watch) != added
    assert str(Path(channel.__file__)) in watched().paths


def test_an_edited_source_runs_at_the_next_command(tmp_path: Path) -> None:
    """A copy of the package on PYTHONPATH (never the checkout's own files): its server
    serves the version it started with until a file changes, then the new one, at once; an
    upgrade (a package's files landing on the path) replaces the server too."""
    source = Path(tempfile.mkdtemp(prefix="src", dir=RUNTIME))
    shutil.copytree(Path(channel.__file__).parent, source / "coo_todo")
    server = Served(tmp_path)
    extra = {"PYTHONPATH": str(source)}
    try:
        first = server.start(**extra)
        assert server.run(["--version"], **extra).stdout == b"coo-todo 0.1.0\n"
        init = source / "coo_todo" / "__init__.py"
        init.write_text(init.read_text().replace('"0.1.0"', '"0.1.1"'))
        assert server.run(["--version"], **extra).stdout == b"coo-todo 0.1.1\n"
        wait_until(lambda: _version_served(server, extra) == "0.1.1", "the new code's server")
        second = _pid_served(server, extra)
        assert second not in (None, first)
        (source / "some_package-2.0.dist-info").mkdir()  # an upgrade lands on the path
        assert server.run(["--version"], **extra).returncode == 0
        wait_until(lambda: _pid_served(server, extra) not in (None, second), "a new server")
    finally:

        def stopped() -> bool:
            server.run(["server", "stop"], **extra)
            return not [pid for pid in servers_of_the_suite() if _serves(pid, source)]

        wait_until(stopped, "the copy's servers to leave")
        shutil.rmtree(source)


def _pid_served(server: Served, extra: dict[str, str]) -> int | None:
    status = server.status(**extra)
    return None if status is None else int(status["pid"])


def _version_served(server: Served, extra: dict[str, str]) -> str | None:
    result = server.run(["server", "status", "--json"], **extra)
    return json.loads(result.stdout)["version"] if result.returncode == 0 else None


def _serves(pid: int, source: Path) -> bool:
    try:
        return os.fsencode(source) in Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False


def test_the_server_holds_no_descriptor_of_its_starter(own_server: Served) -> None:
    """Started from a pipeline (``todo add x | tee log``), it keeps none of the pipe: the
    reader gets its end of file when the command ends, not when the server does."""
    reader, writer = os.pipe()
    os.set_inheritable(writer, True)
    process = subprocess.Popen(
        [TODO, "add", "Piped"], stdout=writer, env=own_server.env(), pass_fds=(writer,)
    )
    os.close(writer)
    pipe = os.readlink(f"/proc/self/fd/{reader}")
    process.wait(timeout=60)
    deadline = time.monotonic() + 10
    while select.select([reader], [], [], max(0.0, deadline - time.monotonic()))[0]:
        if not os.read(reader, 65536):
            break  # end of file: nobody holds the pipe
    else:
        pytest.fail("the pipe stayed open after the command ended")
    os.close(reader)
    wait_until(lambda: own_server.status() is not None, "the server the command started")
    status = own_server.status()
    assert status is not None
    folder = Path(f"/proc/{status['pid']}/fd")
    held = set()
    for fd in folder.iterdir():
        with contextlib.suppress(OSError):
            held.add(os.readlink(fd))
    assert pipe not in held


def test_a_platform_without_descriptor_passing_runs_in_process(
    own_server: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(channel, "supported", lambda: False)
    from coo_todo import client

    calls: list[object] = []
    monkeypatch.setattr(client, "run_in_process", lambda where, environ: calls.append(where))
    monkeypatch.setattr(sys, "argv", ["todo", "--version"])
    client.main()
    assert calls == [None]


def test_socket_module_is_not_imported_by_the_client() -> None:
    """The client stays below an interpreter's start plus a millisecond: no ``socket``,
    ``enum``, ``re`` or ``typing`` (each several milliseconds to import)."""
    probe = "import sys, coo_todo.client; print(','.join(sorted(sys.modules)))"
    modules = (
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        .stdout.strip()
        .split(",")
    )
    assert not {"socket", "enum", "re", "typing", "selectors", "coo_todo.cli"} & set(modules)


def test_a_closed_standard_stream_runs_in_process(served: Served) -> None:
    """A descriptor that is not open cannot be passed: the command runs in-process, as before."""
    _reset(served)
    before = served.status()
    result = subprocess.run(
        [TODO, "triage"], capture_output=True, env=served.env(), preexec_fn=lambda: os.close(0)
    )
    after = served.status()
    assert result.returncode == 0 and b"Today's triage" in result.stdout
    assert before is not None and after is not None
    assert after["requests"] - before["requests"] == 1  # only the second status was served


def test_a_deleted_working_folder_is_the_workers_too(served: Served) -> None:
    """Run from a folder removed meanwhile: the worker works where the client is (it gets the
    folder as a descriptor), and says what the in-process run says."""
    outputs = []
    for is_served in (False, True):
        _reset(served)
        gone = Path(tempfile.mkdtemp(prefix="gone", dir=RUNTIME))
        env = served.env() if is_served else served.env(COO_TODO_SERVER="off")
        result = subprocess.run(
            [TODO, "export", "--output", "brief.md"],
            capture_output=True,
            cwd=gone,
            env=env,
            preexec_fn=lambda folder=gone: os.rmdir(folder),  # type: ignore[misc]
        )
        outputs.append(
            (result.returncode, result.stdout, result.stderr.replace(os.fsencode(gone), b""))
        )
    assert outputs[1] == outputs[0]


def test_every_warm_up_command_succeeds(tmp_path: Path) -> None:
    """The server's warm-up runs each path a morning takes, and a spare's priming each path
    it compiles ahead: a failing command warms nothing after its error (a recurring task's
    done, its next occurrence, undone)."""
    from coo_todo.server import warmup

    command = warmup.built_command()
    assert warmup.run_quietly(command, tmp_path, warmup.MORNING) == []
    assert warmup.run_quietly(command, tmp_path, warmup.PRIMING) == []
    writes = warmup.PRIMING_WRITES
    assert warmup.run_quietly(command, tmp_path, writes, now=warmup.PRIMING_NOW) == []


def test_the_warm_up_opens_no_config_of_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm-up's and priming's commands find their config and data folder in the scratch
    folder: the user's own config, where platformdirs finds it from the server's own
    environment, is never opened (a broken one there failed every warm-up command)."""
    from coo_todo.server import warmup

    users = tmp_path / "users-config"
    broken = users / "coo-todo" / "config.toml"
    broken.parent.mkdir(parents=True)
    broken.write_text("[work\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(users))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("COO_TODO_CONFIG")
    opened: list[Path] = []
    path_open = Path.open

    def spied(path: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(path)
        return path_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spied)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    command = warmup.built_command()
    assert warmup.run_quietly(command, scratch, [["demo"], ["triage"], *warmup.PRIMING]) == []
    assert broken not in opened
    assert all(path.is_relative_to(scratch) for path in opened if path.name == "config.toml")


def _compilations(run: Any) -> list[str]:
    """How SQLAlchemy came by the SQL of each statement ``run()`` executes: "CACHE_HIT" (in
    its engine's compiled cache), "CACHE_MISS" (compiled now), or why it has no cache."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    found: list[str] = []

    def executed(*args: Any) -> None:
        found.append(args[4].cache_hit.name)

    event.listen(Engine, "after_cursor_execute", executed)
    try:
        run()
    finally:
        event.remove(Engine, "after_cursor_execute", executed)
    return found


@pytest.mark.sqlite_only
def test_a_spare_compiles_the_sql_of_the_last_sqlite_file_without_opening_it(
    todo: Any, database: Database, tmp_path: Path
) -> None:
    """A spare worker primes itself through the engine of the last command's SQLite file, on
    the scratch file: the next command on that file finds its SQL compiled, and opens the file
    itself (one replaced by rename meanwhile is read anew)."""
    from coo_todo.server import warmup

    todo.add("Call Acme", "impact:5")
    user_file = Path(database.url)
    replacement = tmp_path / "replacement.sqlite"
    shutil.copy(user_file, replacement)
    todo("--db", str(replacement), "add", "Renew the lease", "impact:4")
    command = warmup.built_command()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    assert warmup.run_quietly(command, scratch, [["demo"]]) == []

    def state() -> list[tuple[str, int, int, int]]:
        return [
            (path.name, stat.st_ino, stat.st_size, stat.st_mtime_ns)
            for path in sorted(tmp_path.glob("todo.sqlite*"))
            for stat in [path.stat()]
        ]

    before = state()
    warmup.prime(command, scratch, dict(os.environ))
    assert state() == before  # neither read nor written: no -wal or -shm file either
    os.replace(replacement, user_file)
    compilations = _compilations(lambda: todo("triage"))
    assert "CACHE_HIT" in compilations and "CACHE_MISS" not in compilations
    assert "Renew the lease" in todo("triage").stdout


@pytest.mark.sqlite_only
def test_a_spare_compiles_a_done_ahead_and_leaves_the_scratch_file_as_it_was(
    todo: Any, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spare also runs a recurring task's done on the scratch file, rolled back: the next
    done on the last command's SQLite file, of a plain task or of a recurring one (its next
    occurrence, tags and history entry), finds all its SQL compiled; the scratch file keeps
    nothing, and a spare whose last command was on PostgreSQL writes nothing there at all."""
    from coo_todo.server import warmup

    plain = todo.add("Call Acme", "due:fri", "+sales")
    weekly = todo.add("Weekly KPI review", "every:fri", "+kpi")
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-27T10:00:00")  # done later, as a user's is
    command = warmup.built_command()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    assert warmup.run_quietly(command, scratch, warmup.MORNING) == []
    kept = {path.name: path.read_bytes() for path in scratch.glob("warm-up.sqlite*")}
    printed: list[str] = []
    for task_id in (plain, weekly):
        warmup.prime(command, scratch, dict(os.environ))
        compilations = _compilations(
            lambda task_id=task_id: printed.append(todo("done", str(task_id)).stdout)
        )
        assert "CACHE_HIT" in compilations and "CACHE_MISS" not in compilations
        assert {path.name: path.read_bytes() for path in scratch.glob("warm-up.sqlite*")} == kept
    assert printed[0].startswith("Done #1") and "Next #3" in printed[1]
    assert [row[0] for row in database.rows("SELECT status FROM task ORDER BY id")] == [
        "done",
        "done",
        "open",
    ]
    on_postgresql = {**os.environ, "COO_TODO_DB": "postgresql://nobody@127.0.0.1:1/none"}
    warmup.prime(command, scratch, on_postgresql)
    engines.release()
    assert {path.name: path.read_bytes() for path in scratch.glob("warm-up.sqlite*")} == kept


@pytest.mark.sqlite_only
def test_sql_compiled_ahead_serves_only_its_url_and_environment(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = Paths(os.environ).database_url()

    def compiled_ahead() -> Any:
        with engines.compiling_ahead(url, os.environ, tmp_path / "scratch.sqlite"):
            return engines.engine_for(url)

    primed = compiled_ahead()
    assert engines.engine_for(url) is primed
    assert engines.engine_for(url) is not primed  # handed over once
    primed = compiled_ahead()
    assert engines.engine_for(f"sqlite:///{tmp_path / 'other.sqlite'}") is not primed
    primed = compiled_ahead()
    monkeypatch.setenv("COO_TODO_LANG", "fr")
    assert engines.engine_for(url) is not primed
