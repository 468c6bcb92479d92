"""Where coo-todo keeps its files: one resolver for every path.

Environment overrides, for scripts and tests: ``COO_TODO_DB`` (a file path or a SQLAlchemy URL),
``COO_TODO_CONFIG`` (the config file), ``COO_TODO_DATA_DIR`` (the data folder). Kept apart
from ``config`` (the settings, which need the scoring weights) so that ``todo config path``
imports nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

APP_NAME = "coo-todo"
DATABASE_FILE = "todo.sqlite"


@dataclass(frozen=True)
class Paths:
    """Resolves the data folder, the config file and the database URL."""

    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    def data_dir(self) -> Path:
        """The folder that holds the default database (platformdirs' user data dir)."""
        override = self.environ.get("COO_TODO_DATA_DIR")
        if override:
            return Path(override).expanduser()
        from platformdirs import user_data_path

        return user_data_path(APP_NAME, appauthor=False)

    def config_file(self) -> Path:
        """The TOML config file (platformdirs' user config dir)."""
        override = self.environ.get("COO_TODO_CONFIG")
        if override:
            return Path(override).expanduser()
        from platformdirs import user_config_path

        return user_config_path(APP_NAME, appauthor=False) / "config.toml"

    def database_url(self, option: str | None = None) -> str:
        """``--db`` if given, else ``COO_TODO_DB``, else the default file in the data folder.

        A value with ``://`` is a SQLAlchemy URL; anything else is a SQLite file path.
        """
        chosen = option or self.environ.get("COO_TODO_DB")
        if chosen and "://" in chosen:
            return chosen
        path = Path(chosen).expanduser() if chosen else self.data_dir() / DATABASE_FILE
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return f"sqlite:///{path.resolve()}"
