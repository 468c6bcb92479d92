"""Files coo-todo writes for the user (whole or not at all) and reads from them."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from coo_todo.errors import DatabaseError, InvalidInput
from coo_todo.i18n import _

PRIVATE_FILE = 0o600
DATABASE_SIDECARS = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside a database, named after it."""


def read_only_hint(database: Path) -> str:
    """Why SQLite may find ``database`` read-only: which of it, its sidecars and its folder
    this user cannot write, and what to do ("" when none is). A ``-shm`` left read-only (by a
    read while the database was read-only) keeps it unwritable after access is restored."""
    blocking = []
    for path in (database, *(database.with_name(database.name + s) for s in DATABASE_SIDECARS)):
        try:
            mode = path.stat().st_mode
        except OSError:
            continue
        if not os.access(path, os.W_OK) or not mode & stat.S_IWUSR:
            blocking.append(path)
    folder = database.parent
    if not os.access(folder, os.W_OK):
        return f"; its folder {folder} is read-only (SQLite writes its journal beside it)"
    if not blocking:
        return ""
    names = " ".join(str(path) for path in blocking)
    sidecars = " (a -wal or -shm file may also be removed while no todo command runs)"
    hint = sidecars if any(path != database for path in blocking) else ""
    return f"; read-only: {names}: chmod u+w {names}{hint}"


def new_backup_file(target: Path | None, default: Callable[[str], Path]) -> Path:
    """Create an empty backup file, readable by the user only, never over another file:
    ``target`` (DatabaseError if it exists), or by default ``default("")``, then
    ``default("-2")`` and on while that is taken."""
    path, attempt = target or default(""), 1
    while True:
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
            return path
        except FileExistsError:
            if target is not None:
                raise DatabaseError(
                    _("{path} already exists: choose another backup path").format(path=path)
                ) from None
            attempt += 1
            path = default(f"-{attempt}")
        except OSError as exc:
            raise DatabaseError(
                _("cannot back up to {path}: {strerror}").format(path=path, strerror=exc.strerror)
            ) from None


def write_output(target: Path, text: str, database: Path | None, stdout: TextIO) -> bool:
    """Write ``text`` where ``--output`` points; True if it went to a file, False to stdout.

    ``-`` is stdout. A regular file (or a new one, private) is replaced atomically; through a
    symlink its target is, and the link stays. A pipe, a terminal or a character device (also
    reached through ``/dev/stdout``) is written directly. The ``database`` (an SQLite file),
    its sidecars and its backups are refused, as are directories and other special files:
    InvalidInput, nothing written.
    """
    if str(target) == "-":
        stdout.write(text)
        stdout.flush()
        return False
    mode = check_output(target, database)
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or _through_proc(target)):
        _write_directly(target, text)
    else:
        write_text_atomically(target.resolve() if target.is_symlink() else target, text, mode)
    return True


def check_output(target: Path, database: Path | None) -> int | None:
    """What ``write_output`` checks before it writes ``target`` (InvalidInput if it may not):
    not the ``database``, its sidecars or backups, nor a folder or another special file. Its
    mode, None if it does not exist yet."""
    if database is not None:
        _refuse_database_files(target, database)
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InvalidInput(
            _("cannot write {target}: {strerror}").format(target=target, strerror=exc.strerror)
        ) from None
    if stat.S_ISDIR(mode):
        raise InvalidInput(
            _("cannot write {target}: it is a folder; name a file").format(target=target)
        )
    special = not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode))
    if special and not _through_proc(target):
        raise InvalidInput(
            _("cannot write {target}: not a file, a pipe or a terminal").format(target=target)
        )
    return mode


MARK_WINDOW = 4096
"""How much of a file's start ``check_replaceable`` reads for the mark."""


def check_replaceable(path: Path, mark: str) -> None:
    """Refuse (InvalidInput) to replace at ``path`` a file that the user did not ask for by
    name and coo-todo did not write: one there (a link too, even to nothing) without ``mark``
    in its first ``MARK_WINDOW`` bytes. A file of the user's is never replaced silently."""
    if not (path.exists() or path.is_symlink()):
        return
    try:
        with path.open("rb") as stream:
            start = stream.read(MARK_WINDOW)
    except OSError:
        start = b""
    if mark.encode() not in start:
        raise InvalidInput(
            _(
                "cannot write {path}: a file of that name is there that coo-todo did not write; "
                "move it, or choose another name"
            ).format(path=path)
        )


def write_text_atomically(path: Path, text: str, mode: int | None = None) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``, so a
    crash never leaves half a file. The file keeps the permissions of ``mode`` (those of the
    file it replaces), else it is private (0600)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(
            _("cannot write {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fchmod(stream.fileno(), PRIVATE_FILE if mode is None else stat.S_IMODE(mode))
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InvalidInput(
            _("cannot write {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None


def _write_directly(path: Path, text: str) -> None:
    """Write into a pipe or a device as it is: no temporary file, no rename."""
    try:
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as exc:
        raise InvalidInput(
            _("cannot write {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None


def _through_proc(path: Path) -> bool:
    """Whether ``path`` is a link into ``/proc`` (``/dev/stdout``, ``/dev/fd/1``): an open
    file of a process, written in place rather than replaced."""
    current = Path(os.path.abspath(path))
    for _link in range(40):  # the kernel's own limit on links followed
        if current.parts[1:2] == ("proc",):
            return True
        if not current.is_symlink():
            return False
        current = Path(os.path.normpath(current.parent / os.readlink(current)))
    return False


def _refuse_database_files(target: Path, database: Path) -> None:
    """InvalidInput if ``target`` is the database, one of its sidecars or backups: by name,
    or by device and inode (a hard link, a symlink)."""
    try:
        real = target.resolve()
        identity = _identity(target) if target.exists() else None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        reason = getattr(exc, "strerror", None) or exc
        raise InvalidInput(
            _("cannot write {target}: {reason}").format(target=target, reason=reason)
        ) from None
    protected = list(_database_files(database))
    same_file = identity is not None and any(
        path.exists() and identity == _identity(path) for path in protected
    )
    if real in protected or _is_backup_name(real, database) or same_file:
        raise InvalidInput(
            _(
                "cannot write {target}: it is the database {database} or one of its "
                "sidecar or backup files; choose another file"
            ).format(target=target, database=database)
        )


def _database_files(database: Path) -> Iterator[Path]:
    """The database, its sidecars (existing or not) and the backups beside it."""
    yield database
    for suffix in DATABASE_SIDECARS:
        yield database.with_name(database.name + suffix)
    try:
        names = os.listdir(database.parent)
    except OSError:
        return
    for name in names:
        if _is_backup_name(database.parent / name, database):
            yield database.parent / name


def _is_backup_name(path: Path, database: Path) -> bool:
    """``todo.sqlite.<anything>.bak`` beside ``todo.sqlite``."""
    prefix = database.name + "."
    return (
        path.parent == database.parent
        and path.name.startswith(prefix)
        and path.name.endswith(".bak")
    )


def _identity(path: Path) -> tuple[int, int]:
    """The file behind ``path`` (links followed): its device and inode."""
    status = path.stat()
    return status.st_dev, status.st_ino


MAX_READ_BYTES = 1 << 30
"""The most ``read_text`` reads (1 GiB): a JSON backup of 100,000 tasks and their history
holds about 120 MB; an endless stream (``/dev/zero``, a pipe) stops there."""


def read_text(path: Path, stdin: BinaryIO) -> str:
    """The text of a UTF-8 file (``-``: of ``stdin``, or a pipe), line breaks as they are;
    InvalidInput, naming the file, if it cannot be read, is a device (``/dev/zero``) or holds
    more than ``MAX_READ_BYTES``."""
    limit = MAX_READ_BYTES
    try:
        if str(path) == "-":
            data = stdin.read(limit + 1)
        else:
            with path.open("rb") as stream:
                mode = os.fstat(stream.fileno()).st_mode
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
                    raise InvalidInput(
                        _("cannot read {path}: a device, not a file").format(path=path)
                    )
                data = stream.read(limit + 1)
    except OSError as exc:
        raise InvalidInput(
            _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    if len(data) > limit:
        raise InvalidInput(
            _("cannot read {path}: more than {size:,} bytes").format(path=path, size=limit)
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            _("cannot read {path}: not UTF-8 text (byte {start:,})").format(
                path=path, start=exc.start
            )
        ) from None
