"""The clock: COO_TODO_NOW, and a local zone that keeps its daylight-saving rules."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coo_todo import clock
from coo_todo.errors import ConfigError
from tests.conftest import Todo

PARIS_FILE = Path("/usr/share/zoneinfo/Europe/Paris")


def test_fixed_now_is_read_in_the_local_zone_with_its_rules() -> None:
    winter = clock.now({"TZ": "Europe/Paris", "COO_TODO_NOW": "2026-11-26T09:00"})
    assert winter.utcoffset() == timedelta(hours=1)
    assert winter.tzinfo is not None
    summer = datetime(2027, 4, 1, 12, tzinfo=winter.tzinfo)
    assert summer.utcoffset() == timedelta(hours=2), "today's offset, not the zone"


def test_fixed_now_with_an_offset_is_the_same_instant_in_the_local_zone() -> None:
    now = clock.now({"TZ": "Europe/Paris", "COO_TODO_NOW": "2026-11-26T08:00+00:00"})
    assert now.isoformat() == "2026-11-26T09:00:00+01:00"


def test_a_bad_fixed_now_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="ISO 8601"):
        clock.now({"COO_TODO_NOW": "thursday"})


@pytest.mark.skipif(not PARIS_FILE.exists(), reason="needs the system's time zone database")
def test_without_tz_the_system_zone_file_is_read() -> None:
    zone = clock.local_zone({}, system=PARIS_FILE)
    assert datetime(2027, 7, 1, tzinfo=zone).utcoffset() == timedelta(hours=2)
    assert datetime(2027, 1, 1, tzinfo=zone).utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("tz", ["Nowhere/Atlantis", "CET-1CEST", "/not/a/zone"])
def test_an_unreadable_zone_falls_back_to_todays_offset(tmp_path: Path, tz: str) -> None:
    zone = clock.local_zone({"TZ": tz}, system=tmp_path / "missing")
    assert not isinstance(zone, ZoneInfo)
    assert datetime.now(zone).utcoffset() == datetime.now().astimezone().utcoffset()


def test_a_due_date_entered_in_winter_stays_on_its_day_in_summer(
    todo: Todo, monkeypatch: pytest.MonkeyPatch
) -> None:
    todo("add", "Board pack", "due:2027-04-01")
    monkeypatch.setenv("COO_TODO_NOW", "2027-03-31T09:00")  # summer time began on 28 March
    assert todo.json("show", "1")["due"] == "2027-04-01T23:59:59+02:00"
    assert "tomorrow" in todo("triage").stdout


def test_a_posix_zone_past_a_day_falls_back_to_utc(
    todo: Todo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``TZ=UTC+99``: the C library takes it as 99 hours behind UTC, which Python's time zones
    refuse; times are then UTC, said once in the note, not a traceback."""
    todo("add", "Board pack", "due:fri")
    monkeypatch.setenv("TZ", "UTC+99")
    time.tzset()
    assert clock.local_zone({"TZ": "UTC+99"}, system=Path("/nonexistent")) == UTC
    result = todo("list")
    assert "Board pack" in result.stdout
    assert "TZ='UTC+99' is not a time zone this machine knows" in result.stderr
