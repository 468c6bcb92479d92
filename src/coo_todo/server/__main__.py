"""``python -m coo_todo.server --lock-fd N``: what ``channel.start`` runs, detached.

The order matters: close what was inherited, take the fingerprint of the code before importing
it, make sure no other server listens, import and warm up, then listen and release the start
lock (descriptor N, held since the client took it).
"""

from __future__ import annotations

import contextlib
import os
import sys


def main(argv: list[str]) -> int:
    """Start, serve, and return the exit status once the server has left."""
    lock = int(argv[argv.index("--lock-fd") + 1]) if "--lock-fd" in argv else None
    _close_inherited(keep=lock)
    os.chdir("/")
    from coo_todo import channel
    from coo_todo.server.fingerprint import fingerprint, watched

    paths = watched()
    code = fingerprint(paths)
    try:
        where = channel.place(os.environ)
        channel.connect(where).close()
        return 0  # another server answers already
    except channel.Unavailable:
        pass
    import functools
    import tempfile
    from pathlib import Path

    from coo_todo.server.daemon import Server, collect_and_freeze
    from coo_todo.server.lifetime import ConfigWatch
    from coo_todo.server.warmup import built_command, prime, warm_up

    config = ConfigWatch()
    if config.idle_seconds(os.environ) is None:
        config.mark_off(where, os.environ)
        return 0
    command = built_command()
    with tempfile.TemporaryDirectory(prefix="warm-up-", dir=where.folder) as scratch:
        warm_up(command, Path(scratch))
        priming = functools.partial(prime, command, Path(scratch))
        server = Server(where, command, (paths, code), config, priming)
        server.listen()
        if lock is not None:
            os.close(lock)
        collect_and_freeze()
        server.serve()
    return 0


def _close_inherited(keep: int | None) -> None:
    """Close every descriptor above stderr but ``keep``: the server must hold nothing its
    starter's own parents might wait on (a pipe of a CI job, a terminal multiplexer)."""
    for name in os.listdir("/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"):
        fd = int(name)
        if fd > 2 and fd != keep:
            with contextlib.suppress(OSError):  # the listing's own descriptor, closed already
                os.close(fd)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
