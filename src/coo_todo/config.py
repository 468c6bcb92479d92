"""The settings read from the TOML config file (where it lives: ``coo_todo.paths``)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from coo_todo.errors import ConfigError
from coo_todo.scoring import RESURFACE_BEFORE_DUE_DAYS, Weights


@dataclass(frozen=True)
class Delegation:
    """Delegation settings, the ``[delegation]`` table of the config file."""

    follow_up_days: int = 7
    resurface_before_due_days: int = RESURFACE_BEFORE_DUE_DAYS


@dataclass(frozen=True)
class Settings:
    """Everything the config file can set."""

    weights: Weights = field(default_factory=Weights)
    delegation: Delegation = field(default_factory=Delegation)


def load_settings(path: Path) -> Settings:
    """Settings in force: the defaults, overridden by what ``path`` sets."""
    data = _read_toml(path)
    unknown_tables = sorted(set(data) - {"weights", "delegation"})
    if unknown_tables:
        raise ConfigError(f"{path}: unknown section or key '{unknown_tables[0]}'")
    weights = Weights(**_numbers(path, data, "weights", Weights.names()))
    if weights.quick_win_minutes >= weights.long_job_minutes:
        raise ConfigError(
            f"{path}: 'weights.quick_win_minutes' must be less than 'weights.long_job_minutes'"
        )
    delegation_names = tuple(f.name for f in fields(Delegation))
    delegation = Delegation(
        **{k: int(v) for k, v in _numbers(path, data, "delegation", delegation_names).items()}
    )
    return Settings(weights, delegation)


POSITIVE = frozenset(
    {
        "due_horizon_days",
        "overdue_saturation_days",
        "age_saturation_days",
        "quick_win_minutes",
        "long_job_minutes",
        "follow_up_days_to_max",
        "follow_up_days",
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
        raise ConfigError(f"{path}: '{section}' must be a table ([{section}])")
    values: dict[str, float] = {}
    for key, value in table.items():
        if key not in names:
            raise ConfigError(f"{path}: unknown key '{section}.{key}' (known: {', '.join(names)})")
        top = maximum(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= top  # also refuses nan
        ):
            raise ConfigError(
                f"{path}: '{section}.{key}' must be a number from 0 to {top:g}, not {value!r}"
            )
        if value == 0 and key in POSITIVE:
            raise ConfigError(f"{path}: '{section}.{key}' must be greater than 0")
        values[key] = float(value)
    return values


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            import tomllib  # only when there is a file to read: most runs have none

            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError, or bytes that are not UTF-8
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
