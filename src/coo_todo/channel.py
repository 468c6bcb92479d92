"""The channel between the ``todo`` client and its resident server (see ``coo_todo.server``):
where the socket lives, who may use it, how a server is started, and the messages.

The client imports this module before anything else, so it uses only what Python has loaded
at start: ``_socket`` rather than ``socket`` (which imports ``enum`` and ``selectors``, about
10 ms, as long as the whole exchange with a server). Nothing here imports a third-party package.

Safety: the socket lives in a folder of the user's own, mode 0700, and is itself 0600; both are
checked with ``lstat`` (a symlink, another owner or wider permissions refuse it) by the client
before it connects and by the server before it binds, and each end checks the other's uid with
``SO_PEERCRED``. A folder or socket that fails a check is not used: the command runs in-process.

Messages are lists of byte strings, framed by lengths (``pack``); the first names the kind:
``run`` (a command; the client's stdin, stdout, stderr and working folder travel with it as
descriptors), ``status`` and ``stop``. To ``run``, the worker answers ``pid`` (its own, for
signals) and, when done, ``exit`` with the exit status (or the server does, negative: the
signal that ended the worker). Or the server answers ``stale`` (its code has changed on disk
since it started), ``off`` (the config turns the server off) or ``refused`` (a malformed
request): nothing has run, and the client runs the command itself.
"""

from __future__ import annotations

import _socket
import os
import stat
import sys
import zlib

TYPE_CHECKING = False  # typing costs the client 5 ms to import
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

SWITCH_VARIABLE = "COO_TODO_SERVER"
SWITCH_VALUES = {"on": True, "1": True, "yes": True, "true": True}
SWITCH_VALUES |= {"off": False, "0": False, "no": False, "false": False}
MAX_MESSAGE = 64 * 1024 * 1024
"""The longest message accepted: an environment and argv are limited far below this."""
DESCRIPTORS = 4
"""What a ``run`` request carries: stdin, stdout, stderr and the working folder."""
_INT = 4
_CREDENTIALS = 3 * _INT  # struct ucred: pid, uid, gid


class Unavailable(Exception):
    """The server cannot be used (none runs, an unsafe folder, no Unix sockets here): the
    message says why, for ``todo server status``; the client then runs the command itself."""


def switched_on(environ: Mapping[str, str]) -> bool:
    """Whether ``COO_TODO_SERVER`` allows the server (unset: yes); ValueError names a value
    that is neither on nor off."""
    value = environ.get(SWITCH_VARIABLE, "").strip().lower()
    if not value:
        return True
    if value not in SWITCH_VALUES:
        raise ValueError(
            f"{SWITCH_VARIABLE}={environ[SWITCH_VARIABLE]!r} is not on or off (e.g. "
            f"{SWITCH_VARIABLE}=off runs every command in-process)"
        )
    return SWITCH_VALUES[value]


def supported() -> bool:
    """Whether this platform passes descriptors over Unix sockets and names a peer's uid."""
    needed = ("AF_UNIX", "SCM_RIGHTS", "SO_PEERCRED", "CMSG_SPACE")
    return all(hasattr(_socket, name) for name in needed) and hasattr(os, "posix_spawn")


class Place:
    """The files of the server of one installation: its socket, the lock held while one
    starts, and the marker left when the config turned it off."""

    def __init__(self, folder: str, identity: str) -> None:
        self.folder = folder
        self.socket = os.path.join(folder, f"{identity}.sock")
        self.lock = os.path.join(folder, f"{identity}.lock")
        self.off_marker = os.path.join(folder, f"{identity}.off")


def identity(environ: Mapping[str, str]) -> str:
    """Which installation is running: the Python environment (``sys.prefix``: a virtual
    environment's folder, whichever of its ``python`` links started it), this package's
    folder and ``PYTHONPATH``. Two virtual environments (or a source checkout beside an
    installed copy) each get their own server, so neither serves the other's code."""
    key = "\0".join((sys.prefix, os.path.dirname(__file__), environ.get("PYTHONPATH", "")))
    return f"server-{zlib.crc32(os.fsencode(key)):08x}"


def place(environ: Mapping[str, str]) -> Place:
    """The user's private run folder (``$XDG_RUNTIME_DIR/coo-todo``, else
    ``$TMPDIR/coo-todo-UID``), created 0700 if missing; Unavailable if it is not safe."""
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(runtime):
        folder = os.path.join(runtime, "coo-todo")
    else:
        temporary = environ.get("TMPDIR", "")
        base = temporary if os.path.isabs(temporary) else "/tmp"
        folder = os.path.join(base, f"coo-todo-{os.getuid()}")
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise Unavailable(f"cannot create {folder}: {exc.strerror}") from None
    except ValueError:  # a NUL, or a name the file system's encoding cannot hold
        raise Unavailable(f"not a folder name: {folder!r}") from None
    check_private(folder, stat.S_ISDIR, "folder")
    chosen = Place(folder, identity(environ))
    if len(os.fsencode(chosen.socket)) > 100:  # sun_path holds 108 bytes
        raise Unavailable(f"the socket's path is too long for a Unix socket: {chosen.socket}")
    return chosen


def check_private(path: str, is_kind: Callable[[int], bool], kind: str) -> None:
    """Unavailable unless ``path`` is a ``kind`` (not a symlink) that the user owns and that
    nobody else may read or write."""
    try:
        found = os.lstat(path)
    except OSError as exc:
        raise Unavailable(f"{path}: {exc.strerror}") from None
    if not is_kind(found.st_mode):
        raise Unavailable(f"{path} is not a {kind} (a symlink or another file is refused)")
    if found.st_uid != os.getuid():
        raise Unavailable(f"{path} belongs to uid {found.st_uid}, not to you")
    if found.st_mode & 0o077:
        raise Unavailable(f"{path} is open to others (mode {found.st_mode & 0o777:o})")


def peer_uid(connection: _socket.socket) -> int:
    """The uid of the process at the other end of a Unix socket."""
    credentials = connection.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, _CREDENTIALS)
    return int.from_bytes(credentials[_INT : 2 * _INT], sys.byteorder)


def connect(where: Place) -> _socket.socket:
    """A connection to the server of ``where``, checked; Unavailable if none answers."""
    check_private(where.socket, stat.S_ISSOCK, "socket")
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        connection.connect(where.socket)
        if peer_uid(connection) != os.getuid():
            raise Unavailable(f"{where.socket} is served by another user")
    except OSError as exc:
        connection.close()
        raise Unavailable(f"no server answers at {where.socket} ({exc.strerror})") from None
    except Unavailable:
        connection.close()
        raise
    return connection


def pack(fields: Sequence[bytes]) -> bytes:
    """One message: its length, then each field after its own length."""
    body = b"".join(len(item).to_bytes(_INT, "big") + item for item in fields)
    return len(body).to_bytes(_INT, "big") + body


def unpack(body: bytes) -> list[bytes]:
    """The fields of a message's body; ValueError if it is malformed."""
    fields, offset = [], 0
    while offset < len(body):
        size = int.from_bytes(body[offset : offset + _INT], "big")
        offset += _INT
        if offset + size > len(body):
            raise ValueError("a field runs past the end of the message")
        fields.append(body[offset : offset + size])
        offset += size
    return fields


def send(
    connection: _socket.socket, fields: Sequence[bytes], descriptors: Sequence[int] = ()
) -> None:
    """Send a message, with ``descriptors`` attached to its first byte."""
    data = pack(fields)
    if descriptors:
        rights = b"".join(fd.to_bytes(_INT, sys.byteorder, signed=True) for fd in descriptors)
        ancillary = [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)]
        sent = connection.sendmsg([data], ancillary)
        data = data[sent:]
    if data:  # nothing more to send to a peer that may have read it all and gone
        connection.sendall(data)


def receive(connection: _socket.socket) -> list[bytes] | None:
    """The next message, or None if the other end closed first."""
    message, _ = receive_with_descriptors(connection, 0)
    return message


def receive_with_descriptors(
    connection: _socket.socket, most: int
) -> tuple[list[bytes] | None, list[int]]:
    """The next message and up to ``most`` descriptors sent with it (the caller closes them);
    None for the message if the other end closed before a whole one came. ValueError if it is
    malformed, too long, or came with more descriptors than ``most``."""
    space = _socket.CMSG_SPACE(most * _INT) if most else 0
    head, ancillary, flags, _ = connection.recvmsg(_INT, space)
    descriptors = [
        int.from_bytes(data[i : i + _INT], sys.byteorder, signed=True)
        for level, kind, data in ancillary
        if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS
        for i in range(0, len(data) - len(data) % _INT, _INT)
    ]
    try:
        if flags & _socket.MSG_CTRUNC or len(descriptors) > most:
            raise ValueError("too many descriptors")
        head += _exactly(connection, _INT - len(head)) if head else b""
        if len(head) < _INT:
            return None, descriptors
        size = int.from_bytes(head, "big")
        if size > MAX_MESSAGE:
            raise ValueError(f"a message of {size} bytes")
        body = _exactly(connection, size)
        return (unpack(body) if len(body) == size else None), descriptors
    except BaseException:
        for fd in descriptors:
            os.close(fd)
        raise


def _exactly(connection: _socket.socket, size: int) -> bytes:
    """``size`` bytes, or fewer if the other end closed first."""
    chunks, missing = [], size
    while missing:
        chunk = connection.recv(min(missing, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def ask(where: Place, kind: bytes) -> list[bytes]:
    """Send the server a control message (``status``, ``stop``) and return its answer;
    Unavailable if none answers."""
    connection = connect(where)
    try:
        connection.settimeout(10)
        send(connection, [kind])
        answer = receive(connection)
    except OSError as exc:
        raise Unavailable(f"the server at {where.socket} did not answer ({exc})") from None
    finally:
        connection.close()
    if not answer:
        raise Unavailable(f"the server at {where.socket} closed without answering")
    return answer


def start(where: Place, environ: Mapping[str, str]) -> bool:
    """Start a server for ``where`` in the background, detached, unless one is starting
    already; True if this call started it.

    The server is the grandchild of this process, in a session of its own, with stdin,
    stdout and stderr on the null device, so nothing waits on it (a pipe, a CI job, a
    terminal multiplexer) and it never becomes a zombie of ours. It holds the start lock,
    passed to it open, until it listens: the other clients that found no server meanwhile
    run their commands themselves rather than start a second one.
    """
    import fcntl

    lock = os.open(where.lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        child = os.fork()
        if child == 0:  # pragma: no cover - the intermediate child, gone at once
            try:
                os.set_inheritable(lock, True)
                os.posix_spawn(
                    sys.executable,
                    [sys.executable, "-P", "-m", "coo_todo.server", "--lock-fd", str(lock)],
                    dict(environ),
                    file_actions=[
                        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                        (os.POSIX_SPAWN_DUP2, 1, 2),
                    ],
                    setsid=True,
                )
            finally:
                os._exit(0)
        os.waitpid(child, 0)
        return True
    finally:
        os.close(lock)


CONFIG_VARIABLES = ("COO_TODO_CONFIG", "XDG_CONFIG_HOME", "HOME")
"""What decides where the config file is (``coo_todo.paths``)."""


def mark_off(where: Place, environ: Mapping[str, str], config: str) -> None:
    """Leave the marker that says the config file ``config`` turns the server off, so that
    clients stop starting one until that file changes (or the variables that locate it)."""
    found = os.stat(config)
    fields = [*(environ.get(name, "") for name in CONFIG_VARIABLES), config]
    fields.append(f"{found.st_mtime_ns} {found.st_size} {found.st_ino}")
    private = f"{where.off_marker}.{os.getpid()}"
    with open(os.open(private, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as marker:
        marker.write(pack([os.fsencode(field) for field in fields]))
    os.replace(private, where.off_marker)


def turned_off(where: Place, environ: Mapping[str, str]) -> bool:
    """Whether the marker of ``mark_off`` still holds for this environment: same variables,
    same config file, unchanged since."""
    try:
        with open(where.off_marker, "rb") as marker:
            fields = [os.fsdecode(field) for field in unpack(marker.read()[_INT:])]
        *variables, config, state = fields
        found = os.stat(config)
    except (OSError, ValueError):
        return False
    return variables == [environ.get(name, "") for name in CONFIG_VARIABLES] and state == (
        f"{found.st_mtime_ns} {found.st_size} {found.st_ino}"
    )
