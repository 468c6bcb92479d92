"""The config file: its location, the weights in force, and clear errors for bad files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from coo_todo import settings
from coo_todo.paths import Paths
from tests.conftest import Todo


def test_config_path_honours_override(todo: Todo, isolated: Path) -> None:
    assert todo("config", "path").stdout.strip() == str(isolated / "config.toml")


def test_default_paths_come_from_platformdirs() -> None:
    paths = Paths(environ={})
    assert paths.config_file().name == "config.toml"
    assert "coo-todo" in str(paths.config_file())
    assert "coo-todo" in str(paths.data_dir())


def test_database_url_forms(tmp_path: Path) -> None:
    paths = Paths(environ={"COO_TODO_DATA_DIR": str(tmp_path)})
    assert paths.database_url() == f"sqlite:///{tmp_path / 'todo.sqlite'}"
    assert paths.database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert paths.database_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert paths.database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    env_paths = Paths(environ={"COO_TODO_DB": "sqlite:///elsewhere.db"})
    assert env_paths.database_url() == "sqlite:///elsewhere.db"
    assert env_paths.database_url("sqlite:///option.db") == "sqlite:///option.db"


def test_config_show_defaults_and_overrides(
    todo: Todo, write_config: Callable[[str], Path]
) -> None:
    assert todo.json("config", "show")["impact"] == 10.0
    write_config("[weights]\nimpact = 12\nage = 0\n")
    weights = todo.json("config", "show")
    assert weights["impact"] == 12.0 and weights["age"] == 0.0 and weights["pressure"] == 10.0
    assert "12" in todo("config", "show").stdout


def test_weights_change_the_ranking(todo: Todo, write_config: Callable[[str], Path]) -> None:
    todo("add", "Important impact:5 urgency:1")
    todo("add", "Urgent impact:1 urgency:5")
    write_config("[weights]\nimpact = 20\n")
    assert [t["id"] for t in todo.json("triage")] == [1, 2]
    write_config("[weights]\nimpact = 1\n")
    assert [t["id"] for t in todo.json("triage")] == [2, 1]


def test_working_hours_come_from_the_work_table(
    todo: Todo, write_config: Callable[[str], Path]
) -> None:
    """Thursday 09:00, due today 17:00: 8 working hours by default, 3 if the day is 08:00 to
    12:00; due Saturday: two working days by default, Thursday 3 h, Friday 4 h and Saturday
    4 h of 4-hour days when Saturday is worked."""
    todo("add", "Payroll cut-off due:17:00 effort:1h")
    todo("add", "Weekend release due:sat effort:1h")
    assert "8 working hours left" in todo("explain", "1").stdout
    assert "2 working days left" in todo("explain", "2").stdout
    write_config(
        '[work]\nstart = "08:00"\nend = "12:00"\n'
        'days = ["mon", "tue", "wed", "thu", "fri", "sat"]\n'
    )
    assert "3 working hours left" in todo("explain", "1").stdout
    assert "2.8 working days left" in todo("explain", "2").stdout
    write_config("[work]\nstart = 10:00:00\n")
    assert "7 working hours left" in todo("explain", "1").stdout
    assert "Working hours (set them under [work]): mon tue wed thu fri, 10:00-18:00" in (
        todo("config", "show").stdout
    )


def test_working_days_skip_configured_holidays(
    todo: Todo, write_config: Callable[[str], Path]
) -> None:
    """Thursday 26 Nov 2026: eow is Friday; with Friday a holiday, Thursday; +1bd skips it and
    the weekend; a country's holidays count too (25 Dec listed twice, by date and by FR); the
    working time left before a deadline skips them."""

    def due_of(*words: str) -> str:
        return str(todo.json("show", str(todo.add(*words)))["due"])[:10]

    assert due_of("Board pack due:eow") == "2026-11-27"
    payroll = str(todo.add("Payroll due:mon effort:1h"))
    assert "3 working days left" in todo("explain", payroll).stdout
    write_config('[work]\nholidays = ["2026-11-27", 2026-12-25]\ncountry = "FR"\n')
    assert "2 working days left" in todo("explain", payroll).stdout, "the ranking skips them"
    assert due_of("Board pack due:eow") == "2026-11-26"
    assert due_of("Send minutes due:+1bd") == "2026-11-30"
    assert due_of("Close Q4 due:in_20_working_days") == "2026-12-28"
    assert "Days off: FR's public holidays and 2026-11-27 2026-12-25" in (
        todo("config", "show").stdout
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[weights]\nimpcat = 3\n", "unknown key 'weights.impcat'"),
        ("[weights]\nimpact = 'high'\n", "'weights.impact' must be a number"),
        ("[weights]\nimpact = -1\n", "'weights.impact' must be a number from 0 to 1000"),
        ("[weights]\nimpact = nan\n", "'weights.impact' must be a number from 0 to 1000"),
        ("[weights]\npressure = 1e308\n", "'weights.pressure' must be a number from 0 to 1000"),
        ("[weights]\nage_saturation_days = inf\n", "'weights.age_saturation_days' must be"),
        ("[weights]\nlong_job_minutes = 1e9\n", "from 0 to 525600"),
        ("[delegation]\nfollow_up_days = inf\n", "'delegation.follow_up_days' must be"),
        ("[delegation]\nfollow_up_days = nan\n", "'delegation.follow_up_days' must be"),
        ("[delegation]\nfollow_up_days = 1e20\n", "from 0 to 3650, not 1e+20"),
        ("[delegation]\nresurface_before_due_days = 2\n", "is no longer a setting"),
        ("[weights]\noverdue_saturation_days = 3\n", "remove it"),
        ("[weights]\ndue_horizon_days = 0\n", "'weights.due_horizon_days' must be greater than 0"),
        ("[weights]\ndue_horizon_days = 1\n", "'weights.due_horizon_days' must be more than 1"),
        ("work = 3\n", "'work' must be a table"),
        ("[work]\nhours = 8\n", "unknown key 'work.hours'"),
        ("[work]\ndays = []\n", "'work.days' must list working days"),
        ('[work]\ndays = ["mon", "Mon"]\n', "'work.days' must list working days once"),
        ('[work]\ndays = ["monday"]\n', "'work.days' must list"),
        ('[work]\ndays = "mon"\n', "'work.days' must list"),
        ("[work]\ndays = [1, 2]\n", "'work.days' must list"),
        ('[work]\nstart = "9am"\n', "'work.start' must be a time of day"),
        ("[work]\nstart = 9\n", "'work.start' must be a time of day"),
        ('[work]\nend = "24:00"\n', "'work.end' must be a time of day"),
        ('[work]\nend = "18:00\\n"\n', "'work.end' must be a time of day"),
        ("[work]\nend = 18:00:30\n", "'work.end' must be a time of day"),
        ('[work]\nstart = "18:00"\nend = "09:00"\n', "'work.start' must be before"),
        ('[work]\nstart = "12:00"\nend = "12:00"\n', "'work.start' must be before"),
        ("[wieghts]\nimpact = 3\n", "unknown section or key 'wieghts'"),
        ("weights = 3\n", "'weights' must be a table"),
        ("[weights\n", "not valid TOML"),
        ("server = 3\n", "'server' must be a table"),
        ('[server]\nenabled = "no"\n', "'server.enabled' must be true or false, not 'no'"),
        ("[server]\nenabled = 0\n", "'server.enabled' must be true or false"),
        ("[server]\nidle_minutes = 0\n", "'server.idle_minutes' must be greater than 0"),
        ("[server]\nidle_minutes = -5\n", "'server.idle_minutes' must be a number from 0"),
        ("[server]\nidle_minutes = nan\n", "'server.idle_minutes' must be a number"),
        ("[server]\nidle_minutes = inf\n", "'server.idle_minutes' must be a number"),
        ('[server]\nidle_minutes = "15m"\n', "'server.idle_minutes' must be a number"),
        ("[server]\nport = 8080\n", "unknown key 'server.port'"),
        ('[work]\nholidays = ["25 Dec"]\n', "'work.holidays' must list dates"),
        ("[work]\nholidays = [3]\n", "'work.holidays' must list dates"),
        ('[work]\ncountry = "France"\n', "'work.country' must be a country code"),
        ('[work]\ncountry = "XX"\n', "the holidays library has no 'XX'"),
        ("dates = 3\n", "'dates' must be a table"),
        ('[dates]\norder = "ymd"\n', "'dates.order' must be \"dmy\" (04/12 is 4 December)"),
        ("[dates]\norder = 1\n", "'dates.order' must be \"dmy\""),
        ('[dates]\nformat = "dmy"\n', "unknown key 'dates.format' (known: order)"),
    ],
)
def test_bad_config_names_file_and_key(
    todo: Todo, write_config: Callable[[str], Path], text: str, message: str
) -> None:
    todo("add", "Task")
    path = write_config(text)
    result = todo("triage", code=2)
    assert str(path) in result.stderr and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_largest_settings_still_work(todo: Todo, write_config: Callable[[str], Path]) -> None:
    """Each setting at its maximum ranks, delegates and prints valid JSON."""
    write_config(
        "[weights]\nimpact = 1000\ndue_horizon_days = 3650\nlong_job_minutes = 525600\n"
        "[delegation]\nfollow_up_days = 3650\n"
    )
    todo("add", "Task due:tomorrow", "--to", "Chloé", "--create")
    todo("add", "Other due:2026-12-24")
    # The default follow-up (ten years) is brought forward to Friday, tomorrow's deadline:
    # the delegated task waits until then.
    assert todo.json("show", "1")["follow_up"] == "2026-11-27"
    assert [t["id"] for t in todo.json("triage")] == [2]


def test_config_file_that_is_not_utf8_is_a_one_line_error(todo: Todo, isolated: Path) -> None:
    (isolated / "config.toml").write_bytes(b"[weights]\n# \xff\xfe\n")
    result = todo("config", "show", code=2)
    assert "not valid TOML" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_json_output_refuses_non_finite_numbers() -> None:
    """Defence in depth: JSON has no NaN, so printing one is an error, never invalid JSON."""
    from coo_todo.cli.app import Env
    from coo_todo.errors import CooTodoError

    with pytest.raises(CooTodoError, match="JSON"):
        Env().print_json({"score": float("nan")})


def test_server_settings_default_and_override(write_config: Callable[[str], Path]) -> None:
    from coo_todo.settings import ServerSettings, load_settings

    assert load_settings(write_config("")).server == ServerSettings(True, 15.0)
    path = write_config("[server]\nenabled = false\nidle_minutes = 0.5\n")
    assert load_settings(path).server == ServerSettings(False, 0.5)


@pytest.mark.sqlite_only  # about which file: the database's kind does not matter
def test_the_config_names_the_database_when_nothing_else_does(
    todo: Todo, write_config: Callable[[str], Path], isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = isolated / "from-config.sqlite"
    write_config(f'[database]\nurl = "{chosen}"\n')
    monkeypatch.delenv("COO_TODO_DB")
    todo("add", "Kept in the configured list")
    assert chosen.exists() and "Kept in the configured list" in todo("list").stdout
    monkeypatch.setenv("COO_TODO_DB", str(isolated / "other.sqlite"))
    assert "other.sqlite" in todo("list", code=1).stderr  # the environment wins
    assert "Kept in the configured list" in todo("--db", str(chosen), "list").stdout


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "table",
    [
        'database = "x.sqlite"',
        "[database]\nurl = 3",
        "[database]\nurl = ''",
        "[database]\nhost = 'h'",
    ],
)
def test_a_bad_database_setting_is_one_line_naming_the_key(
    todo: Todo, write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, table: str
) -> None:
    write_config(table + "\n")
    monkeypatch.delenv("COO_TODO_DB")
    error = todo("list", code=2).stderr.strip()
    assert error.startswith("error: ") and "database" in error and "\n" not in error


@pytest.mark.parametrize(
    ("environ", "order"),
    [
        ({}, "dmy"),
        ({"LANG": "C"}, "dmy"),
        ({"LANG": "POSIX"}, "dmy"),
        ({"LANG": "C.UTF-8"}, "dmy"),
        ({"LANG": "en"}, "dmy"),
        ({"LANG": "fr_FR.UTF-8@euro"}, "dmy"),
        ({"LANG": "en_GB.UTF-8"}, "dmy"),
        ({"LANG": "de_DE"}, "dmy"),
        ({"LANG": "en_US"}, "mdy"),
        ({"LANG": "en_US.UTF-8"}, "mdy"),
        ({"LANG": "es_US.UTF-8"}, "mdy"),
        ({"LANG": "en_PH.UTF-8"}, "mdy"),
        ({"LANG": "ja_JP.eucJP"}, "mdy"),
        ({"LC_ALL": "", "LC_TIME": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "mdy"),
        ({"LC_ALL": "fr_FR.UTF-8", "LC_TIME": "en_US.UTF-8"}, "dmy"),
    ],
)
def test_the_locale_names_the_order_of_numeric_dates(environ: dict[str, str], order: str) -> None:
    """LC_ALL, else LC_TIME, else LANG (an empty one is unset); month first only where the
    locale's country writes the month first; no country (C, POSIX, none): day first."""
    from coo_todo.settings import locale_date_order

    assert locale_date_order(environ) == order


@pytest.mark.parametrize("source", ["/dev/zero", "file", "/dev/null"])
def test_a_config_past_its_size_limit_is_refused_unread(
    todo: Todo,
    write_config: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    source: str,
) -> None:
    """A config file is read up to ``MAX_CONFIG_BYTES``: past it (an endless device named by
    COO_TODO_CONFIG, or a file, even valid TOML) is one line and exit 2, not memory running
    out; ``/dev/null`` is an empty config."""
    todo("add", "Task")
    monkeypatch.setattr(settings, "MAX_CONFIG_BYTES", 100)
    path = write_config("# " + "a comment, valid TOML " * 10 + "\n")
    monkeypatch.setenv("COO_TODO_CONFIG", str(path) if source == "file" else source)
    if source == "/dev/null":
        assert todo("triage").stdout
        return
    result = todo("triage", code=2)
    shown = path if source == "file" else source
    assert result.stderr == f"error: {shown}: more than 100 bytes: not a config file\n"
