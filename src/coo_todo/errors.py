"""The project's exceptions. Each carries the exit code the CLI turns it into.

Exit codes (documented in docs/errors.md):
0 success, 1 a task or person not found, 2 usage or parse error, 3 database error, 4 the
output could not be written.
"""

from __future__ import annotations

import errno


class CooTodoError(Exception):
    """Base of every error coo-todo reports to the user as one line."""

    exit_code = 2


class InvalidInput(CooTodoError):
    """Input the user typed cannot be understood (a date, a duration, a range...)."""

    exit_code = 2


class NotFound(CooTodoError):
    """A task (or, later, a person) named by the user does not exist."""

    exit_code = 1


class Declined(CooTodoError):
    """The user did not confirm (or could not: no terminal to answer on)."""

    exit_code = 1


class Conflict(CooTodoError):
    """The request is well formed but contradicts the data (a dependency cycle...)."""

    exit_code = 2


class CannotUndo(Conflict):
    """The change ``todo undo`` reached can no longer be reverted (its person is gone, its
    entry is damaged...); the undo passed over it, so the next one goes further back."""


class ConfigError(CooTodoError):
    """The configuration file is unreadable or holds a bad value."""

    exit_code = 2


class OutputError(CooTodoError):
    """The result could not be written to stdout (a full disk, a closed pipe); ``reason`` is
    the system's (``No space left on device``), ``broken_pipe`` whether the reader left."""

    exit_code = 4

    def __init__(self, reason: str, *, broken_pipe: bool = False) -> None:
        super().__init__(f"could not write the output ({reason})")
        self.reason = reason
        self.broken_pipe = broken_pipe

    @classmethod
    def of(cls, exc: OSError) -> OutputError:
        """The OutputError of a write that failed with ``exc``."""
        return cls(exc.strerror or str(exc), broken_pipe=exc.errno == errno.EPIPE)


class DatabaseError(CooTodoError):
    """The database cannot be opened, read or written."""

    exit_code = 3


class FileReplaced(DatabaseError):
    """The SQLite file opened was removed, or replaced at its path: what was read from it
    is no longer the file there, and what is written would be lost. Only reopening helps."""
