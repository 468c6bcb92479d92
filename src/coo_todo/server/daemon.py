"""The server's life: start detached, import and warm up, listen, fork a worker per command,
report each worker's status to its client, and leave (its socket with it) when told to, when
idle, when its code changed on disk, or when the config turns it off.

One thread, one ``select`` loop: the listening socket, the open connections (one per running
worker: if its client goes, the worker is hung up) and a pipe that signals write to (a worker
ended, or SIGTERM). Nothing crosses a fork but what the worker needs: the worker closes the
listening socket and every connection, and the server holds no database connection.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import selectors
import signal
import socket
import stat
import sys
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from coo_todo import __version__, channel
from coo_todo.server import worker
from coo_todo.server.fingerprint import Fingerprint, Watched, fingerprint

if TYPE_CHECKING:
    from coo_todo.server.lifetime import ConfigWatch

TERMINATING = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Spare:
    """A worker forked ahead of its request: its pid, the server's end of their socket pair,
    and whether it has said it is ready."""

    def __init__(self, pid: int, control: socket.socket) -> None:
        self.pid = pid
        self.control = control
        self.ready = False


class Server:
    """A listening server; ``serve`` runs it until it has no reason left to."""

    def __init__(
        self,
        where: channel.Place,
        command: Callable[[], Any],
        code: tuple[Watched, Fingerprint],
        config: ConfigWatch,
        prime: Callable[[Mapping[str, str]], None],
    ) -> None:
        """``code``: the paths that make up the fingerprint, and the fingerprint the server
        started with; ``config``: the server settings of each request's config; ``prime``:
        what a spare worker runs before it waits, given the last command's environment (see
        ``fork_spare``)."""
        self.where = where
        self.command = command
        self.prime = prime
        self.last_environ = dict(os.environ)
        """The environment of the last command run (at first, the starter's)."""
        self.spare: Spare | None = None
        self.watched, self.started_code = code
        self.config = config
        self.started = time.time()
        self.served = 0
        self.last_activity = time.monotonic()
        self.idle_limit = config.idle_seconds(os.environ) or 0.0
        self.workers: dict[int, socket.socket] = {}
        """The connection of each running worker's client."""
        self.hung_up: set[socket.socket] = set()
        """Those whose client has closed its end (no longer watched)."""
        self.selector = selectors.DefaultSelector()
        self.listener: socket.socket | None = None
        self.bound: tuple[int, int] | None = None

    def listen(self) -> None:
        """Bind the socket under a private name, then rename it into place: a client never
        finds a socket that is not yet listening, and a stale one is replaced at once."""
        channel.check_private(self.where.folder, stat.S_ISDIR, "folder")
        private = f"{self.where.socket}.{os.getpid()}"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)
        try:
            listener.bind(private)
        finally:
            os.umask(old_umask)
        listener.listen(64)
        found = os.lstat(private)
        self.bound = (found.st_dev, found.st_ino)
        os.rename(private, self.where.socket)
        self.listener = listener
        self.selector.register(listener, selectors.EVENT_READ, self._accept)

    def serve(self) -> None:
        """Answer requests until stopped, idle or stale, then leave once the running workers
        have ended (their clients get their statuses)."""
        wakeup_read, wakeup_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(wakeup_write)
        for signum in (*TERMINATING, signal.SIGCHLD):
            signal.signal(signum, lambda *_: None)  # the wakeup pipe says which
        self.selector.register(wakeup_read, selectors.EVENT_READ, self._signalled)
        self.fork_spare()
        try:
            while self.listener is not None or self.workers:
                timeout = None
                if self.listener is not None and not self.workers:
                    timeout = max(0.0, self.last_activity + self.idle_limit - time.monotonic())
                events = self.selector.select(timeout)
                if not events and self.listener is not None and not self.workers:
                    self.stop_listening()  # idle
                for key, _ in events:
                    if self.selector.get_map().get(key.fd) is key:  # not closed by an earlier one
                        key.data(key.fileobj)
        finally:
            self.stop_listening()

    def stop_listening(self) -> None:
        """Take no more requests: close the socket and remove it, if it is still ours."""
        self._retire_spare()
        if self.listener is None:
            return
        self.selector.unregister(self.listener)
        self.listener.close()
        self.listener = None
        try:
            found = os.lstat(self.where.socket)
            if (found.st_dev, found.st_ino) == self.bound:
                os.unlink(self.where.socket)
        except FileNotFoundError:
            pass

    def _signalled(self, wakeup: int) -> None:
        received = os.read(wakeup, 512)
        if any(signum in TERMINATING for signum in received):
            self.stop_listening()
        self._reap()

    def _reap(self) -> None:
        """Report each ended worker's status to its client; collect the spares that ended."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:  # no child left
                return
            if pid == 0:
                return
            connection = self.workers.pop(pid, None)
            if connection is None:
                if self.spare is not None and self.spare.pid == pid:
                    self._retire_spare()  # it died waiting
                continue
            if connection in self.hung_up:
                self.hung_up.discard(connection)
            else:
                self.selector.unregister(connection)
            exit_status = str(os.waitstatus_to_exitcode(status)).encode()
            with contextlib.suppress(OSError):  # the client is gone
                channel.send(connection, [b"exit", exit_status])
            connection.close()
            self.last_activity = time.monotonic()

    def _accept(self, listener: socket.socket) -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        try:
            connection.settimeout(5)
            if channel.peer_uid(connection) == os.getuid():
                self._answer(connection)
                return
        except (OSError, ValueError):
            pass
        connection.close()

    def _answer(self, connection: socket.socket) -> None:
        message, descriptors = channel.receive_with_descriptors(connection, channel.DESCRIPTORS)
        kind = message[0] if message else b""
        if kind == b"run" and len(descriptors) == channel.DESCRIPTORS:
            self._run(connection, message or [], descriptors)
            return
        for fd in descriptors:
            os.close(fd)
        if kind == b"status":
            channel.send(connection, [b"status", json.dumps(self.status()).encode()])
        elif kind == b"stop":
            channel.send(connection, [b"stopping", str(os.getpid()).encode()])
            self.stop_listening()
        connection.close()

    def _run(self, connection: socket.socket, message: list[bytes], descriptors: list[int]) -> None:
        try:
            request = worker.Request(message)
            refusal = self._refusal(request)
        except ValueError:
            refusal = b"refused"
        try:
            if refusal is not None:
                channel.send(connection, [refusal])
                connection.close()
                if refusal != b"refused":
                    self.stop_listening()
                return
            self.last_environ = request.text_environ()
            pid = self._hand_to_spare(message, [*descriptors, connection.fileno()])
            if pid is None:
                pid = self._fork()
                if pid == 0:
                    worker.run(request, descriptors, self.command, connection)
        finally:
            for fd in descriptors:
                os.close(fd)
        self.served += 1
        self.workers[pid] = connection
        connection.setblocking(True)
        self.selector.register(connection, selectors.EVENT_READ, self._client_left)
        self.fork_spare()

    def _hand_to_spare(self, message: list[bytes], descriptors: list[int]) -> int | None:
        """Give the request to the spare, if it is ready; its pid, or None if there is none
        ready (or it has died: then nothing ran, and a fresh worker runs the request)."""
        spare, self.spare = self.spare, None
        if spare is None or not spare.ready:
            self.spare = spare
            return None
        try:
            channel.send(spare.control, message, descriptors)
        except OSError:
            return None
        finally:
            spare.control.close()
        return spare.pid

    def _fork(self) -> int:
        """``os.fork()``; the child keeps nothing of the server's: no listening socket, no
        connection, no selector, the default signal handlers."""
        pid = os.fork()
        if pid == 0:
            self.selector.close()
            for connection in self.workers.values():
                connection.close()
            if self.listener is not None:
                self.listener.close()
            if self.spare is not None:
                self.spare.control.close()
            worker.restore_signals()
        return pid

    def fork_spare(self) -> None:
        """Fork the worker of the next request now, off any client's path, and let it prime
        itself and connect ahead to the last command's database (see
        ``worker.wait_as_spare``); the server hands it the next request once it says it is
        ready, and forks a fresh worker for a request that comes sooner."""
        if self.spare is not None or self.listener is None:
            return
        ours, its = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = self._fork()
        if pid == 0:
            ours.close()
            priming = functools.partial(self.prime, self.last_environ)
            worker.wait_as_spare(its, self.command, priming)
        its.close()
        self.spare = Spare(pid, ours)
        self.selector.register(ours, selectors.EVENT_READ, self._spare_ready)

    def _spare_ready(self, control: socket.socket) -> None:
        self.selector.unregister(control)
        if self.spare is None or self.spare.control is not control:
            return
        try:
            self.spare.ready = control.recv(1) == worker.READY
        except OSError:
            self.spare.ready = False
        if not self.spare.ready:  # it died priming: the next request forks afresh
            self._retire_spare()

    def _retire_spare(self) -> None:
        """Let the spare go (it exits when its end of the pair closes)."""
        if self.spare is None:
            return
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(self.spare.control)
        self.spare.control.close()
        self.spare = None

    def _refusal(self, request: worker.Request) -> bytes | None:
        """Why this server must not run ``request``: its code changed since it started
        (``stale``), or the requester's config turns it off (``off``); None if it may."""
        if fingerprint(self.watched) != self.started_code:
            return b"stale"
        environ = request.text_environ()
        idle = self.config.idle_seconds(environ)
        if idle is None:
            self.config.mark_off(self.where, environ)
            return b"off"
        self.idle_limit = idle
        return None

    def _client_left(self, connection: socket.socket) -> None:
        """The client closed its end while its worker runs (killed, or its terminal gone):
        hang the worker up, as its terminal would have."""
        try:
            if connection.recv(1):
                return
        except OSError:
            pass
        self.selector.unregister(connection)
        self.hung_up.add(connection)
        for pid, worker_connection in self.workers.items():
            if worker_connection is connection:
                os.kill(pid, signal.SIGHUP)

    def status(self) -> dict[str, Any]:
        """What ``todo server status`` shows."""
        return {
            "pid": os.getpid(),
            "version": __version__,
            "python": sys.executable,
            "socket": self.where.socket,
            "started": self.started,
            "requests": self.served,
            "running": len(self.workers),
            "idle_exit_seconds": self.idle_limit,
            "resident_kib": resident_kib(),
            "current": fingerprint(self.watched) == self.started_code,
        }


def resident_kib() -> int | None:
    """This process's resident memory in KiB (Linux's ``/proc``), or None where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def collect_and_freeze() -> None:
    """Move everything the start made into the permanent generation: the garbage collector
    of a worker then never walks it, so the memory it shares with the server stays shared."""
    gc.collect()
    gc.freeze()
