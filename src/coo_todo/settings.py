"""The settings read from the TOML config file (where it lives: ``coo_todo.paths``), and the
one read from the locale: the order of numeric dates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from coo_todo.domain import dates
from coo_todo.domain.scoring import Weights
from coo_todo.domain.worktime import DAY_NAMES, WorkCalendar, country_holidays
from coo_todo.errors import ConfigError, InvalidInput
from coo_todo.i18n import LANGUAGES, _, language_named


@dataclass(frozen=True)
class DelegationSettings:
    """DelegationSettings settings, the ``[delegation]`` table of the config file."""

    follow_up_days: int = 7


@dataclass(frozen=True)
class ServerSettings:
    """The resident command server, the ``[server]`` table of the config file."""

    enabled: bool = True
    idle_minutes: float = 15.0


@dataclass(frozen=True)
class DayPlanSettings:
    """What ``todo plan`` counts, set in the ``[work]`` table: the minutes of meetings a
    working day holds (``meetings``), and the effort of a task without an estimate
    (``default_effort``)."""

    meetings_minutes: int = 0
    default_effort_minutes: int = 30


@dataclass(frozen=True)
class Settings:
    """Everything the config file can set."""

    weights: Weights = field(default_factory=Weights)
    delegation: DelegationSettings = field(default_factory=DelegationSettings)
    work: WorkCalendar = field(default_factory=WorkCalendar)
    server: ServerSettings = field(default_factory=ServerSettings)
    database: str | None = None
    """``[database] url``: the database when neither ``--db`` nor ``COO_TODO_DB`` names one
    (a team's shared PostgreSQL list, say)."""
    day_plan: DayPlanSettings = field(default_factory=DayPlanSettings)
    date_order: dates.DateOrder = dates.DAY_FIRST
    """How numeric dates are read (``04/12``): ``--date-order``, else ``[dates] order``, else
    the locale's (``locale_date_order``)."""
    language: str | None = None
    """``language``: the language of what coo-todo writes ("en", "fr") when ``--lang`` does
    not name one; None: the environment's (see ``coo_todo.language``)."""

    def calendar(self, zone: tzinfo | None) -> WorkCalendar:
        """The working days and hours, kept in ``zone`` (now's, the user's local zone)."""
        return self.work if zone is None else self.work.in_zone(zone)


REMOVED = {
    "weights.overdue_saturation_days": "an overdue task now presses fully at once",
    "delegation.resurface_before_due_days": (
        "a delegated task now comes back when its check-in would leave less than a working "
        "day before its deadline"
    ),
}
"""Settings of earlier versions, with why they went; a config that sets one is refused with
that reason, so that nobody believes it still acts."""


def load_settings(
    path: Path,
    environ: Mapping[str, str] | None = None,
    date_order: dates.DateOrder | None = None,
) -> Settings:
    """Settings in force: the defaults, overridden by what ``path`` sets; numeric dates read
    in ``date_order`` if given (``--date-order``), else the config's, else that of the locale
    ``environ`` names."""
    data = _read_toml(path)
    unknown_tables = sorted(set(data) - {*TABLES, "language"})
    if unknown_tables:
        raise ConfigError(
            _("{path}: unknown section or key '{unknown}'").format(
                path=path, unknown=unknown_tables[0]
            )
        )
    for table in ("weights", "delegation"):
        for key in data.get(table, {}) if isinstance(data.get(table), dict) else ():
            if f"{table}.{key}" in REMOVED:
                raise ConfigError(
                    _(
                        "{path}: '{table}.{key}' is no longer a setting ({reason}): remove it"
                    ).format(path=path, table=table, key=key, reason=REMOVED[f"{table}.{key}"])
                )
    weights = Weights(**_numbers(path, data, "weights", Weights.names()))
    if weights.quick_win_minutes >= weights.long_job_minutes:
        raise ConfigError(
            _(
                "{path}: 'weights.quick_win_minutes' must be less than 'weights.long_job_minutes'"
            ).format(path=path)
        )
    delegation_names = tuple(f.name for f in fields(DelegationSettings))
    delegation = DelegationSettings(
        **{k: int(v) for k, v in _numbers(path, data, "delegation", delegation_names).items()}
    )
    if weights.due_horizon_days <= 1:
        raise ConfigError(
            _(
                "{path}: 'weights.due_horizon_days' must be more than 1 (the last "
                "working day before a deadline always presses)"
            ).format(path=path)
        )
    work = _work(path, data)
    return Settings(
        weights,
        delegation,
        work,
        _server(path, data),
        _database(path, data),
        day_plan=_day_plan(path, data, work),
        date_order=date_order or _date_order(path, data) or locale_date_order(environ or {}),
        language=_language(path, data),
    )


def _language(path: Path, data: dict[str, Any]) -> str | None:
    """The top-level ``language`` key: one of ``LANGUAGES``, as ``--lang`` reads it (``FR``,
    ``fr_FR.UTF-8``)."""
    language = data.get("language")
    if language is None:
        return None
    named = language_named(language) if isinstance(language, str) else None
    if named is None:
        raise ConfigError(
            _("{path}: 'language' must be one of {languages}, not {language!r}").format(
                path=path, languages=", ".join(LANGUAGES), language=language
            )
        )
    return named


TABLES = ("weights", "delegation", "work", "server", "database", "dates")
"""The tables of the config file."""

LOCALE_VARIABLES = ("LC_ALL", "LC_TIME", "LANG")
"""Where the locale of dates is named, first set first (POSIX's order)."""
MONTH_FIRST_TERRITORIES = frozenset({"US", "PH", "FM", "MH", "PW", "CN", "JP", "KR", "TW"})
"""Countries whose locales write the month before the day (``en_US``: 12/4 is 4 December;
``ja_JP``: 12/4 too, after the year). Every other locale writes the day first."""


def locale_date_order(environ: Mapping[str, str]) -> dates.DateOrder:
    """The order of numeric dates in the locale ``environ`` names (``LC_ALL``, else
    ``LC_TIME``, else ``LANG``): month first for a country of ``MONTH_FIRST_TERRITORIES``
    (``en_US.UTF-8``), else day first (``fr_FR``, ``en_GB``, ``de_DE``). ``C``, ``POSIX`` or no
    locale name no country, so day first too: most of the world writes the day first, the
    ``C`` locale is what a container or cron has rather than a choice, and a date misread
    shows at once, spelled out, in the command's output."""
    name = next((environ[variable] for variable in LOCALE_VARIABLES if environ.get(variable)), "")
    territory = re.split(r"[.@]", name)[0].partition("_")[2].upper()
    return dates.MONTH_FIRST if territory in MONTH_FIRST_TERRITORIES else dates.DAY_FIRST


def _date_order(path: Path, data: dict[str, Any]) -> dates.DateOrder | None:
    """The ``[dates]`` table: ``order``, "dmy" (day first) or "mdy" (month first)."""
    table = data.get("dates", {})
    if not isinstance(table, dict):
        raise ConfigError(_("{path}: 'dates' must be a table ([dates])").format(path=path))
    unknown = sorted(set(table) - {"order"})
    if unknown:
        raise ConfigError(
            _("{path}: unknown key 'dates.{unknown}' (known: order)").format(
                path=path, unknown=unknown[0]
            )
        )
    if "order" not in table:
        return None
    order = dates.date_order(table["order"]) if isinstance(table["order"], str) else None
    if order is None:
        raise ConfigError(
            _(
                '{path}: \'dates.order\' must be "dmy" (04/12 is 4 December) or "mdy" '
                "(04/12 is 12 April), not {order!r}"
            ).format(path=path, order=str(table["order"])[:20])
        )
    return order


def _database(path: Path, data: dict[str, Any]) -> str | None:
    """The ``[database]`` table: ``url``, a file path or a database URL (checked when used,
    never echoed: it may hold a password)."""
    table = data.get("database", {})
    if not isinstance(table, dict):
        raise ConfigError(_("{path}: 'database' must be a table ([database])").format(path=path))
    unknown = sorted(set(table) - {"url"})
    if unknown:
        raise ConfigError(
            _("{path}: unknown key 'database.{unknown}'").format(path=path, unknown=unknown[0])
        )
    url = table.get("url")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        raise ConfigError(
            _("{path}: 'database.url' must be a file path or a database URL").format(path=path)
        )
    return url


def _server(path: Path, data: dict[str, Any]) -> ServerSettings:
    """The ``[server]`` table: ``enabled`` (true or false), ``idle_minutes`` (above 0)."""
    table = data.get("server", {})
    if not isinstance(table, dict):
        raise ConfigError(_("{path}: 'server' must be a table ([server])").format(path=path))
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(
            _("{path}: 'server.enabled' must be true or false, not {enabled!r}").format(
                path=path, enabled=enabled
            )
        )
    numbers = {key: value for key, value in table.items() if key != "enabled"}
    idle = _numbers(path, {"server": numbers}, "server", ("enabled", "idle_minutes"))
    return ServerSettings(enabled, idle.get("idle_minutes", ServerSettings.idle_minutes))


WORK_KEYS = ("days", "start", "end", "holidays", "country")
DAY_PLAN_KEYS = ("meetings", "default_effort")
"""Keys of the ``[work]`` table that ``todo plan`` reads (``_day_plan``), not the calendar."""
_CLOCK_RE = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])", re.ASCII)


def _work(path: Path, data: dict[str, Any]) -> WorkCalendar:
    """The ``[work]`` table: ``days`` (a list of mon...sun), ``start`` and ``end`` ("HH:MM"),
    ``holidays`` (a list of dates) and ``country`` (whose public holidays are days off)."""
    table = data.get("work", {})
    if not isinstance(table, dict):
        raise ConfigError(_("{path}: 'work' must be a table ([work])").format(path=path))
    known = WORK_KEYS + DAY_PLAN_KEYS
    for key in table:
        if key not in known:
            raise ConfigError(
                _("{path}: unknown key 'work.{key}' (known: {known})").format(
                    path=path, key=key, known=", ".join(known)
                )
            )
    default = WorkCalendar()
    days = default.days
    if "days" in table:
        names = table["days"]
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(name, str) and name.lower() in DAY_NAMES for name in names)
            or len({name.lower() for name in names}) != len(names)
        ):
            raise ConfigError(
                _(
                    "{path}: 'work.days' must list working days once each, from "
                    '{days} (e.g. ["mon", "tue"]), not {names!r}'
                ).format(path=path, days=", ".join(DAY_NAMES), names=names)
            )
        days = frozenset(DAY_NAMES.index(name.lower()) for name in names)
    start, end = (_clock(path, table, key, getattr(default, key)) for key in ("start", "end"))
    if start >= end:
        raise ConfigError(_("{path}: 'work.start' must be before 'work.end'").format(path=path))
    country = table.get("country")
    if country is not None:
        if not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{2,3}", country):
            raise ConfigError(
                _("{path}: 'work.country' must be a country code such as \"FR\"").format(path=path)
            )
        try:  # refused now if the library is missing or does not know the country
            country_holidays(country)
        except ConfigError as exc:
            raise ConfigError(_("{path}: {exc}").format(path=path, exc=exc)) from None
    return WorkCalendar(days, start, end, holidays=_holidays(path, table), country=country)


def _holidays(path: Path, table: dict[str, Any]) -> frozenset[date]:
    """``work.holidays``: dates "YYYY-MM-DD" (or TOML dates), each a day off."""
    listed = table.get("holidays", [])
    days = set()
    for value in listed if isinstance(listed, list) else [listed]:
        if isinstance(value, date) and not isinstance(value, datetime):
            days.add(value)
            continue
        try:
            days.add(date.fromisoformat(value))
        except (TypeError, ValueError):
            raise ConfigError(
                _(
                    "{path}: 'work.holidays' must list dates such as [\"2026-12-25\"], not "
                    "{value!r}"
                ).format(path=path, value=str(value)[:20])
            ) from None
    return frozenset(days)


def _day_plan(path: Path, data: dict[str, Any], work: WorkCalendar) -> DayPlanSettings:
    """``meetings`` and ``default_effort`` of the ``[work]`` table (checked a table by
    ``_work``): each a duration ("2h", "30m", "1h30") or a number of hours; meetings at most a
    working day, and may be 0; a default effort more than 0."""
    table = data.get("work", {})
    day = work.day_seconds // 60
    default = DayPlanSettings()
    meetings = _hours(path, table, "meetings", default.meetings_minutes, day)
    effort = _hours(path, table, "default_effort", default.default_effort_minutes, day)
    if effort == 0:
        raise ConfigError(_("{path}: 'work.default_effort' must be more than 0").format(path=path))
    return DayPlanSettings(meetings, effort)


def _hours(path: Path, table: dict[str, Any], key: str, default: int, day: int) -> int:
    """A duration setting of ``[work]`` in minutes, from 0 to a working day (``day``)."""
    if key not in table:
        return default
    value = table[key]
    minutes: int | None = None
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 24:
        minutes = round(value * 60)
    elif isinstance(value, str):
        try:
            minutes = dates.parse_duration(value)
        except InvalidInput:
            minutes = None
    if minutes is None or minutes > day:
        raise ConfigError(
            _(
                '{path}: \'work.{key}\' must be a duration ("2h", "30m", "1h30") or a '
                "number of hours, at most a working day ({day}), not "
                "{value!r}"
            ).format(path=path, key=key, day=dates.format_duration(day), value=value)
        )
    return minutes


def _clock(path: Path, table: dict[str, Any], key: str, default: time) -> time:
    if key not in table:
        return default
    value = table[key]
    if isinstance(value, time) and value.tzinfo is None and value.second == value.microsecond == 0:
        return value  # a TOML local time, 09:00:00
    match = _CLOCK_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ConfigError(
            _(
                "{path}: 'work.{key}' must be a time of day \"HH:MM\" from 00:00 to "
                "23:59, not {value!r}"
            ).format(path=path, key=key, value=str(value)[:20])
        )
    return time(int(match[1]), int(match[2]))


POSITIVE = frozenset(
    {
        "due_horizon_days",
        "age_saturation_days",
        "quick_win_minutes",
        "long_job_minutes",
        "follow_up_days_to_max",
        "follow_up_days",
        "idle_minutes",
    }
)
"""Settings that divide or schedule, so must be greater than 0."""


MAXIMA = {"_days": 3650.0, "_minutes": 525_600.0}
"""The largest value a setting takes, by the ending of its name: ten years of days, a year of
minutes; any other setting is a weight, at most ``MAX_WEIGHT`` points. Beyond them a setting
only overflows dates or drowns every other term."""

MAX_WEIGHT = 1000.0


def maximum(key: str) -> float:
    """The largest value the setting ``key`` accepts (see ``MAXIMA``)."""
    return next((top for end, top in MAXIMA.items() if key.endswith(end)), MAX_WEIGHT)


def _numbers(
    path: Path, data: dict[str, Any], section: str, names: tuple[str, ...]
) -> dict[str, float]:
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise ConfigError(
            _("{path}: '{section}' must be a table ([{section}])").format(
                path=path, section=section
            )
        )
    values: dict[str, float] = {}
    for key, value in table.items():
        if key not in names:
            raise ConfigError(
                _("{path}: unknown key '{section}.{key}' (known: {names})").format(
                    path=path, section=section, key=key, names=", ".join(names)
                )
            )
        top = maximum(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= top  # also refuses nan
        ):
            raise ConfigError(
                _(
                    "{path}: '{section}.{key}' must be a number from 0 to {top:g}, not {value!r}"
                ).format(path=path, section=section, key=key, top=top, value=value)
            )
        if value == 0 and key in POSITIVE:
            raise ConfigError(
                _("{path}: '{section}.{key}' must be greater than 0").format(
                    path=path, section=section, key=key
                )
            )
        values[key] = float(value)
    return values


MAX_CONFIG_BYTES = 1 << 20
"""The most a config file may hold (1 MiB; a full one, holidays and all, is a few KB): a path
to an endless stream (``COO_TODO_CONFIG=/dev/zero``) is refused, not read until memory ends."""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(
            _("{path}: cannot read: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(
            _("{path}: more than {size:,} bytes: not a config file").format(
                path=path, size=MAX_CONFIG_BYTES
            )
        )
    import tomllib  # only when there is a file to read: most runs have none

    try:
        return tomllib.loads(data.decode("utf-8"))
    except ValueError as exc:  # tomllib.TOMLDecodeError, or bytes that are not UTF-8
        raise ConfigError(_("{path}: not valid TOML: {exc}").format(path=path, exc=exc)) from None
