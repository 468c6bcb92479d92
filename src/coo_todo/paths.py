"""Where coo-todo keeps its files: one resolver for every path.

Environment overrides, for scripts and tests: ``COO_TODO_DB`` (a file path or a SQLAlchemy URL),
``COO_TODO_CONFIG`` (the config file), ``COO_TODO_DATA_DIR`` (the data folder). Kept apart
from ``settings`` (the settings, which need the scoring weights) so that ``todo config path``
imports nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coo_todo.errors import InvalidInput
from coo_todo.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

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

    def database_url(self, option: str | None = None, configured: str | None = None) -> str:
        """``--db`` if given, else ``COO_TODO_DB``, else the config file's ``[database] url``
        (``configured``), else the default file in the data folder.

        A value with ``://`` is a SQLAlchemy URL (``postgresql://`` means the psycopg 3 driver
        of the ``postgres`` extra); anything else is a SQLite file path, and names exactly that
        file (``?``, ``%``, ``#`` and spaces included). In-memory SQLite is refused: it would
        forget every change when the command ends. Nothing is created here.
        """
        chosen = option or self.environ.get("COO_TODO_DB") or configured
        return self._url(chosen, "--db (or COO_TODO_DB)")

    def copy_target_url(self, given: str) -> str:
        """The database ``todo db copy --to`` names, read like ``--db`` (an empty one is
        refused rather than taken for the default)."""
        if not given.strip():
            raise InvalidInput(_("--to needs a database URL or a file path"))
        return self._url(given, "--to")

    def _url(self, chosen: str | None, named: str) -> str:
        from sqlalchemy.engine import URL

        if chosen and "://" in chosen:
            url = _parsed_url(chosen, named)
            if url.drivername == "postgresql":
                url = url.set(drivername="postgresql+psycopg")
        else:
            path = Path(chosen).expanduser() if chosen else self.data_dir() / DATABASE_FILE
            url = URL.create("sqlite", database=str(path.resolve()))
        return url.render_as_string(hide_password=False)


def _parsed_url(text: str, named: str) -> URL:
    """A database URL the user gave, refused (without echoing it: it may hold a password) if
    it is malformed or an in-memory SQLite database."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise InvalidInput(
            _("{named} is not a database URL or a file path").format(named=named)
        ) from None
    database = url.database or ""
    in_memory = (
        database in ("", ":memory:")
        or database.startswith("file::memory:")
        or url.query.get("mode") == "memory"
    )
    if url.get_backend_name() == "sqlite" and in_memory:
        raise InvalidInput(
            _(
                "an in-memory database forgets every change when the command ends: "
                "give a file path (--db todo.sqlite)"
            )
        )
    return url
