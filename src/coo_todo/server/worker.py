"""A worker: the forked copy of the server that runs one client's command as if it were that
client. It takes the client's descriptors as its stdin, stdout and stderr, and its working
folder, umask, environment, time zone, locale and argv, then runs the command the server built
once; colour, width, ``isatty`` and prompts come from the client's own terminal. It opens its
own database connection (the server holds none; a spare worker connected ahead to the last
command's database, see ``store.engines``) and exits with the command's status.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import locale
import os
import signal
import socket
import sys
import time
import traceback
import types
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, NoReturn

from coo_todo import channel


class Request:
    """A ``run`` request, as the client sent it (see ``coo_todo.client``)."""

    def __init__(self, fields: Sequence[bytes]) -> None:
        """ValueError if ``fields`` are not a whole request."""
        if len(fields) != 5 or fields[0] != b"run":
            raise ValueError("not a run request")
        self.umask = int(fields[1]) & 0o777
        self.streams = [StreamSetup.parse(item) for item in fields[2].decode().split(" ")]
        if len(self.streams) != 3:
            raise ValueError("three standard streams expected")
        self.argv = [os.fsdecode(argument) for argument in fields[3].split(b"\0")]
        pairs = (item.partition(b"=") for item in fields[4].split(b"\0") if item)
        self.environ = {key: value for key, _, value in pairs}

    def text_environ(self) -> dict[str, str]:
        """The environment as ``os.environ`` shows it."""
        return {os.fsdecode(key): os.fsdecode(value) for key, value in self.environ.items()}


def run(
    request: Request,
    descriptors: Sequence[int],
    command: Callable[[], Any],
    connection: socket.socket,
) -> NoReturn:
    """Become the client described by ``request`` and ``descriptors`` (stdin, stdout, stderr,
    the working folder), run ``command`` in its place and exit as ``todo`` would have.

    The worker tells the client its pid first (the client relays signals to it), and its
    status last, after closing its standard streams: the client and a pipe's reader are then
    done at once, while the kernel takes the time it takes (milliseconds, for a process this
    size) to free the worker's memory. The server reports a worker that a signal ended. Both
    messages come from this process, so they cannot come in the wrong order."""
    code = 1
    try:
        channel.send(connection, [b"pid", str(os.getpid()).encode()])
    except OSError:  # the client has gone: nothing to run for it
        _leave(code)
    try:
        _adopt(request, descriptors)
        from coo_todo.cli.app import main

        main(command)
        code = 0
    except SystemExit as exc:
        code = _exit_status(exc.code)
    except KeyboardInterrupt:
        traceback.print_exc()
        _flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # end as Python does: by the signal
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException:
        traceback.print_exc()
    _flush()
    for fd in (0, 1, 2):
        os.close(fd)
    with contextlib.suppress(OSError):  # the client is gone
        channel.send(connection, [b"exit", str(code).encode()])
    _leave(code)


READY = b"R"
"""What a spare worker says once primed."""


def wait_as_spare(
    control: socket.socket, command: Callable[[], Any], prime: Callable[[], None]
) -> NoReturn:
    """Be the worker of the next request: prime first, say so, then wait for the request
    (and the client's descriptors and connection) on ``control``.

    A worker fresh from the fork is slow at first: every page of the server it touches is
    copied (its objects' reference counts change), about a dozen milliseconds for a command.
    Running read-only commands on the server's scratch database first pays that here, off
    any client's path; measured, it halves the time of a served ``todo add``. ``prime`` also
    connects ahead to the last command's database, if that is PostgreSQL."""
    with contextlib.suppress(Exception):  # a priming that fails leaves a slower worker
        prime()
    try:
        control.sendall(READY)
        message, descriptors = channel.receive_with_descriptors(control, channel.DESCRIPTORS + 1)
        if message is None or len(descriptors) != channel.DESCRIPTORS + 1:
            _leave(0)  # the server let this spare go
        connection = socket.socket(fileno=descriptors[-1])
        request = Request(message)
    except (OSError, ValueError):
        _leave(1)
    control.close()
    run(request, descriptors[:-1], command, connection)


def _leave(code: int) -> NoReturn:
    """Exit at once, closing first a database connection made ahead and not used (the
    database then sees a goodbye, not a dropped connection)."""
    from coo_todo.store import engines

    with contextlib.suppress(Exception):
        engines.release()
    os._exit(code)


def restore_signals() -> None:
    """Python's own signal handlers, in place of the server's."""
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.set_wakeup_fd(-1)


def _adopt(request: Request, descriptors: Sequence[int]) -> None:
    for target, received in enumerate(descriptors[:3]):
        os.dup2(received, target)
    os.fchdir(descriptors[3])
    for received in descriptors:
        os.close(received)
    os.umask(request.umask)
    os.environb.clear()
    os.environb.update(request.environ)
    time.tzset()
    with contextlib.suppress(locale.Error):  # as Python at start: an unknown one is left
        locale.setlocale(locale.LC_CTYPE, "")
    sys.argv = request.argv
    # The client is the todo script: Click names the program after argv[0] only if __main__
    # is no package's (the server's is coo_todo.server's).
    sys.modules["__main__"] = types.ModuleType("__main__")
    names = ("stdin", "stdout", "stderr")
    for fd, (name, setup) in enumerate(zip(names, request.streams, strict=True)):
        stream = setup.open(fd)
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


class StreamSetup(NamedTuple):
    """How the client's Python set up one of its standard streams (``PYTHONIOENCODING``,
    ``PYTHONUNBUFFERED``, a terminal or not: each changes it), as the client reports it."""

    encoding: str
    errors: str
    line_buffering: str
    write_through: str

    @classmethod
    def parse(cls, text: str) -> StreamSetup:
        """``encoding:errors:line_buffering:write_through``; ValueError if it is not one."""
        parts = text.split(":")
        if len(parts) != len(cls._fields):
            raise ValueError(f"not a stream's set-up: {text!r}")
        setup = cls(*parts)
        try:
            codecs.lookup(setup.encoding)
            codecs.lookup_error(setup.errors)
        except LookupError as exc:
            raise ValueError(str(exc)) from None
        return setup

    def open(self, fd: int) -> io.TextIOWrapper:
        """The stream on ``fd``, made as Python makes its own: no newline translation."""
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
        buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        return io.TextIOWrapper(
            buffered,
            self.encoding,
            self.errors,
            newline="\n",
            line_buffering=self.line_buffering == "1",
            write_through=self.write_through == "1",
        )


def _exit_status(code: object) -> int:
    """The status ``sys.exit(code)`` gives: None is 0, a number is itself, anything else is
    printed and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
