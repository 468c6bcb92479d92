"""How long a server stays and whether it may run at all: the ``[server]`` table of the config
file that a request's environment locates, read again only when that file changes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from coo_todo import channel
from coo_todo.errors import ConfigError
from coo_todo.paths import Paths
from coo_todo.settings import ServerSettings, load_settings

FileState = tuple[int, int, int]


class ConfigWatch:
    """The server settings of each config file, cached by the file's state."""

    def __init__(self) -> None:
        self._read: dict[Path, tuple[FileState | None, ServerSettings]] = {}

    def settings(self, environ: Mapping[str, str]) -> ServerSettings:
        """The server settings in force for ``environ``; a config that cannot be read gives
        the defaults here (the command then reports it, as it would without a server)."""
        path = Paths(environ).config_file()
        state = _state(path)
        cached = self._read.get(path)
        if cached is None or cached[0] != state:
            try:
                settings = load_settings(path).server
            except ConfigError:
                settings = ServerSettings()
            cached = self._read[path] = (state, settings)
        return cached[1]

    def idle_seconds(self, environ: Mapping[str, str]) -> float | None:
        """How long to stay idle; None if the config turns the server off."""
        settings = self.settings(environ)
        return settings.idle_minutes * 60 if settings.enabled else None

    def mark_off(self, where: channel.Place, environ: Mapping[str, str]) -> None:
        """Tell clients not to start a server while this config file stays as it is."""
        channel.mark_off(where, environ, str(Paths(environ).config_file()))


def _state(path: Path) -> FileState | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)
