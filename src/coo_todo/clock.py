"""The one place coo-todo reads the clock.

``COO_TODO_NOW`` (ISO 8601) fixes the time for demos and tests; a value without an offset is
read in the local time zone, and every value is returned in it. Everything else receives
``now`` as an argument.

The local zone is a real one (Europe/Paris), not today's offset (+01:00): a task due on
1 April, entered in November, must still be due on 1 April once summer time has begun.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from coo_todo.errors import ConfigError
from coo_todo.i18n import _

NOW_VARIABLE = "COO_TODO_NOW"
SYSTEM_ZONE_FILE = Path("/etc/localtime")


def now(environ: Mapping[str, str] = os.environ) -> datetime:
    """Return the current time as an aware local datetime, honouring ``COO_TODO_NOW``."""
    zone = local_zone(environ)
    fixed = environ.get(NOW_VARIABLE, "").strip()
    if not fixed:
        return datetime.now(zone).replace(microsecond=0)
    from coo_todo.domain.dates import YEARS

    try:
        moment = datetime.fromisoformat(fixed)
        if not YEARS[0] <= moment.year <= YEARS[1]:
            raise ConfigError(
                _("{variable}={fixed!r}: years {first} to {last} only").format(
                    variable=NOW_VARIABLE, fixed=fixed, first=YEARS[0], last=YEARS[1]
                )
            )
        if moment.tzinfo is None:
            return moment.replace(tzinfo=zone, fold=0)
        return moment.astimezone(zone)
    except (ValueError, OverflowError):
        raise ConfigError(
            _("{variable}={fixed!r} is not an ISO 8601 time (e.g. 2026-11-26T09:00)").format(
                variable=NOW_VARIABLE, fixed=fixed
            )
        ) from None


def zone_note(environ: Mapping[str, str] = os.environ) -> str | None:
    """A note when ``TZ`` names no time zone this machine knows (``Mars/Olympus``, a POSIX
    rule like ``CET-1CEST``): times then follow today's offset, and the user should know."""
    from zoneinfo import ZoneInfo

    name = environ.get("TZ", "").removeprefix(":")
    if not name or isinstance(local_zone(environ), ZoneInfo):
        return None
    offset = datetime.now(local_zone(environ)).strftime("%z")
    return (
        f"note: TZ={name!r} is not a time zone this machine knows (e.g. Europe/Paris); "
        f"times use today's offset, UTC{offset[:3]}:{offset[3:]}"
    )


def local_zone(environ: Mapping[str, str] = os.environ, system: Path = SYSTEM_ZONE_FILE) -> tzinfo:
    """The local time zone with its daylight-saving rules: ``TZ`` if it names an IANA zone,
    else the system's (``/etc/localtime``), else, where neither can be read, today's offset.

    Read with the standard ``zoneinfo`` (5 ms to import) rather than ``tzlocal`` or
    ``dateutil.tz`` (70 and 30 ms), which would slow every command that reads the clock.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = environ.get("TZ", "").removeprefix(":")
    try:
        if name:
            return ZoneInfo(name)
        with system.open("rb") as data:
            return ZoneInfo.from_file(data, key="localtime")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        try:
            offset = datetime.now().astimezone().tzinfo
        except (ValueError, OverflowError):  # a POSIX rule past a day (TZ=UTC+99): no offset
            return UTC
        assert offset is not None
        return offset
