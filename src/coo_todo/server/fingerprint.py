"""What code a server runs: so that an upgrade or an edited source file never runs stale.

Taken before the server imports its code, and again for every request: the interpreter, every
folder on ``sys.path`` (installing, upgrading or removing a package adds or removes entries in
``site-packages``, which changes its modification time), every source file of this package, and
the names in its folders (a module added or removed). About a hundred ``stat`` calls and twenty
listings, a fraction of a millisecond.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

import coo_todo

Fingerprint = tuple[tuple[str, object], ...]


class Watched(NamedTuple):
    """What the fingerprint looks at: files and ``sys.path`` folders by their state, the
    package's folders by the names in them (their times change when Python writes bytecode
    in a ``__pycache__`` they hold, which is not new code)."""

    paths: list[str]
    folders: list[str]


def watched() -> Watched:
    """The interpreter, the folders on ``sys.path``, and this package's source files and
    folders."""
    package = Path(coo_todo.__file__).parent
    paths = [sys.executable, *(entry for entry in sys.path if os.path.isdir(entry))]
    folders = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        folders.append(folder)
        paths.extend(os.path.join(folder, name) for name in files if name.endswith(".py"))
    return Watched(paths, folders)


def fingerprint(watch: Watched) -> Fingerprint:
    """The state of what ``watch`` names (a missing path counts too: its absence is its
    state)."""
    states: list[tuple[str, object]] = []
    for path in watch.paths:
        try:
            found = os.stat(path)
        except OSError:
            states.append((path, None))
        else:
            states.append((path, (found.st_mtime_ns, found.st_size, found.st_ino)))
    for folder in watch.folders:
        try:
            names = sorted(name for name in os.listdir(folder) if name != "__pycache__")
        except OSError:
            names = []
        states.append((folder, tuple(names)))
    return tuple(states)
