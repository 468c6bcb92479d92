"""Operations on the database as a whole: backups (of SQLite or PostgreSQL) and copies into
another database, verified.

Receives the stores, ``now`` and the paths it needs; reads no clock and prints nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coo_todo.errors import DatabaseError, InvalidInput
from coo_todo.i18n import N_, _
from coo_todo.service.import_export import backup as json_backup
from coo_todo.store import Store
from coo_todo.user_files import new_backup_file

SQLITE_COPY = N_("a copy of the SQLite file")
JSON_BACKUP = N_("our JSON backup; todo import restores it")
PG_DUMP = N_("pg_dump's custom format; pg_restore restores it")
"""The kinds of backup ``backup`` writes (in English: who shows one translates it)."""


@dataclass(frozen=True)
class BackedUp:
    """Where ``backup`` wrote, and which kind of backup."""

    path: Path
    kind: str


@dataclass(frozen=True)
class Copied:
    """What ``copy`` wrote: rows by table name, into the database shown as ``target``."""

    rows: dict[str, int]
    target: str


def backup(
    store: Store, target: Path | None, now: datetime, folder: Path, *, pg_dump: bool = False
) -> BackedUp:
    """Back the database up to ``target`` (never over a file), or by default to a new,
    timestamped file: an SQLite file is copied beside itself; another database is written as
    our JSON backup, or with ``pg_dump`` when asked, into ``folder`` (the data folder)."""
    check_whole(store)
    if store.sqlite_file is not None:
        if pg_dump:
            raise InvalidInput(_("--pg-dump backs up PostgreSQL; this database is an SQLite file"))
        return BackedUp(store.backup(target, now), SQLITE_COPY)
    name = re.sub(r"[^\w.-]", "_", store.engine.url.database or "todo")
    stamp = f"{name}.{now:%Y-%m-%dT%H%M%S}"

    def new_file(suffix: str) -> Path:
        if target is None:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return new_backup_file(target, lambda taken: folder / f"{stamp}{taken}.{suffix}")

    if pg_dump:
        path = new_file("dump")
        store.pg_dump(path)
        return BackedUp(path, PG_DUMP)
    document = json_backup(store, now)
    path = new_file("json")
    try:
        path.write_text(document, encoding="utf-8")
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise DatabaseError(
            _("cannot back up to {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    return BackedUp(path, JSON_BACKUP)


def copy(
    source: Store, open_target: Callable[[], Store], now: datetime, owner: str | None = None
) -> Copied:
    """Copy the whole list into the database ``open_target`` opens (once the source is known
    to be readable whole; it must be empty) and verify the copy: the JSON backups of both must
    be the same (DatabaseError if not). Tasks and history entries without an owner or author
    (from SQLite) become ``owner``'s, else the copying role's."""
    check_whole(source)
    target = open_target()
    rows = source.copy_into(target, now, owner)
    if not same_list(json_backup(source, now), json_backup(target, now)):
        raise DatabaseError(
            _(
                "the copy in {location} differs from this database (did it change during "
                "the copy?): compare their todo export --format json"
            ).format(location=target.location)
        )
    return Copied(rows, target.location)


FILLED_IN = (("tasks", "owner"), ("history", "author"), ("initiatives", "owner"))
"""What a copy's target sets where the source has nothing (SQLite has no roles)."""


def same_list(source: str, target: str) -> bool:
    """Whether two JSON backups hold the same list, the owners and authors the target filled
    in where the source had none aside."""
    original, copied = json.loads(source), json.loads(target)
    for section, key in FILLED_IN:
        if len(original[section]) != len(copied[section]):
            return False
        for was, now_is in zip(original[section], copied[section], strict=True):
            if was[key] is None:
                was[key] = now_is[key]
    return bool(original == copied)


def check_whole(store: Store) -> None:
    """InvalidInput if the store's role sees only part of the list: a team member, whom
    row-level security shows their own tasks only."""
    identity = store.identity()
    if identity.login is not None and not identity.admin:
        raise InvalidInput(
            _(
                "only the team's admin (the role that owns the tables) sees the whole "
                "list to copy or back up; you are {login}"
            ).format(login=identity.login)
        )
