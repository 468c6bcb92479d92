"""The ``todo`` command: hands the command to the resident server when one answers, else runs it
in this process and starts a server in the background for the next one.

Served, this process only relays: its stdin, stdout, stderr and working folder go to the
server's worker as descriptors, with argv, the environment, the umask and the encodings of the
standard streams; the worker writes straight to the terminal or pipe, and this process exits
with the worker's status. Signals reach the worker: Ctrl-C, a hang-up or a ``kill`` is passed
on, Ctrl-Z stops the worker and then this process, and ``fg`` resumes both. If this process
dies, the server hangs the worker up.

It imports only what Python has loaded at start (see ``coo_todo.channel``): served, ``todo``
costs an interpreter's start plus the exchange, not the half-second of importing the stack.
"""

from __future__ import annotations

import _socket
import os
import sys

from coo_todo import channel

TYPE_CHECKING = False  # typing costs the client 5 ms to import
if TYPE_CHECKING:
    import signal as _signal  # the same names; _signal has no type stubs
    from collections.abc import Mapping
    from types import FrameType
else:
    import _signal  # signal imports enum: 3 ms

RELAYED = (
    _signal.SIGINT,
    _signal.SIGTERM,
    _signal.SIGHUP,
    _signal.SIGQUIT,
    _signal.SIGUSR1,
    _signal.SIGUSR2,
    _signal.SIGWINCH,
    _signal.SIGCONT,
)
"""Signals passed on to the worker as they come (Ctrl-Z is handled apart)."""
LOST = "the coo-todo server stopped before the command ended; its outcome is unknown"


def main() -> None:
    """Entry point of ``todo``."""
    environ = os.environ
    try:
        wanted = channel.switched_on(environ)
    except ValueError as exc:
        os.write(2, f"error: {exc}\n".encode(errors="backslashreplace"))
        os._exit(2)
    where = None
    if wanted and channel.supported() and _standard_streams_open():
        try:
            where = channel.place(environ)
            connection = channel.connect(where)
        except channel.Unavailable:
            pass
        else:
            code = _served(connection)
            if code is not None:
                _exit_like(code)
    run_in_process(where, environ)


def run_in_process(where: channel.Place | None, environ: Mapping[str, str]) -> None:
    """Run the command in this process, then start a server for ``where`` (if given, and the
    config has not turned it off) to serve the next one.

    After, not before: the command then has the machine to itself (a server's start takes
    half a second of processor), and ``todo server status`` or ``stop`` never start the
    server they ask about (``todo server start`` starts it itself)."""
    from coo_todo.cli import main as run_command

    try:
        run_command()
    finally:
        if where is not None and sys.argv[1:2] != ["server"]:
            _start_server(where, environ)


def _start_server(where: channel.Place, environ: Mapping[str, str]) -> None:
    if channel.turned_off(where, environ):
        return
    try:  # noqa: SIM105 - contextlib costs the client 2 ms to import
        channel.start(where, environ)
    except OSError:  # no server this time: the command must not suffer for it
        pass


def _standard_streams_open() -> bool:
    """Whether descriptors 0, 1 and 2 are open (a closed one cannot be passed on)."""
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
    except OSError:
        return False
    return True


def _served(connection: _socket.socket) -> int | None:
    """Have the server run this command; its exit status (negative: the signal that ended it),
    or None if it ran nothing (stale, turned off, gone) and this process must run it."""
    streams = (sys.stdin, sys.stdout, sys.stderr)
    request = [
        b"run",
        str(os.umask(0o022)).encode(),
        " ".join(
            f"{s.encoding}:{s.errors}:{int(s.line_buffering)}:{int(s.write_through)}"  # type: ignore[union-attr]
            for s in streams
        ).encode(),
        b"\0".join(os.fsencode(argument) for argument in sys.argv),
        b"\0".join(key + b"=" + value for key, value in os.environb.items()),
    ]
    os.umask(int(request[1]))
    try:
        folder = os.open(".", getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:  # a working folder this process cannot name: run here, as before
        connection.close()
        return None
    relay = Relay()
    try:
        channel.send(connection, request, (0, 1, 2, folder))
        answer = channel.receive(connection)
    except (OSError, ValueError):  # the server went before a worker took the command
        answer = None
    finally:
        os.close(folder)
    try:
        if answer is None or answer[0] in (b"stale", b"off", b"refused"):
            relay.restore()
            return None  # nothing ran
        if answer[0] == b"pid":
            relay.attach(int(answer[1]))
            answer = channel.receive(connection)
    except (OSError, ValueError):
        answer = None
    finally:
        connection.close()
    relay.restore()
    if answer is None or answer[0] != b"exit":
        os.write(2, f"error: {LOST}\n".encode())
        return 1
    return int(answer[1])


def _exit_like(code: int) -> None:
    """Exit as the worker did: with its code, or killed by the same signal."""
    if code < 0:
        _signal.signal(-code, _signal.SIG_DFL)
        os.kill(os.getpid(), -code)
        code = 128 - code
    os._exit(code)


class Relay:
    """Passes the signals this process receives on to the worker, from the moment it is
    known (those that came before are passed then)."""

    def __init__(self) -> None:
        self.worker: int | None = None
        self.pending: list[int] = []
        self.previous = {signum: _signal.signal(signum, self.forward) for signum in RELAYED}
        self.previous[_signal.SIGTSTP] = _signal.signal(_signal.SIGTSTP, self.suspend)

    def attach(self, worker: int) -> None:
        """Relay to ``worker`` from now on."""
        self.worker = worker
        while self.pending:
            signum = self.pending.pop(0)
            if signum == _signal.SIGTSTP:
                self.suspend(signum, None)
            else:
                self._send(signum)

    def restore(self) -> None:
        """Put the previous handlers back; a signal still pending is raised here."""
        for signum, handler in self.previous.items():
            _signal.signal(signum, handler)
        if self.worker is None:
            for pending in self.pending:
                os.kill(os.getpid(), pending)

    def forward(self, signum: int, frame: FrameType | None) -> None:
        if self.worker is None:
            self.pending.append(signum)
        else:
            self._send(signum)

    def suspend(self, signum: int, frame: FrameType | None) -> None:
        """Ctrl-Z: stop the worker, then this process; when resumed, resume the worker.

        The worker is in the server's session, an orphaned process group, which the kernel
        does not let SIGTSTP stop: it gets SIGSTOP. Before the worker is known (it may already
        run the command), both stop once it is: stopping alone would leave it running."""
        if self.worker is None:
            self.pending.append(signum)
            return
        self._send(_signal.SIGSTOP)
        _signal.signal(_signal.SIGTSTP, _signal.SIG_DFL)
        os.kill(os.getpid(), _signal.SIGTSTP)
        _signal.signal(_signal.SIGTSTP, self.suspend)
        self._send(_signal.SIGCONT)

    def _send(self, signum: int) -> None:
        if self.worker is not None:
            try:  # noqa: SIM105 - as above
                os.kill(self.worker, signum)
            except ProcessLookupError:  # it has just ended: its status is on its way
                pass
