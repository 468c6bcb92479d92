"""The config file: its location, the weights in force, and clear errors for bad files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

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
        ("[delegation]\nresurface_before_due_days = 99999999\n", "from 0 to 3650"),
        ("[weights]\ndue_horizon_days = 0\n", "'weights.due_horizon_days' must be greater than 0"),
        ("[wieghts]\nimpact = 3\n", "unknown section or key 'wieghts'"),
        ("weights = 3\n", "'weights' must be a table"),
        ("[weights\n", "not valid TOML"),
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
        "[delegation]\nfollow_up_days = 3650\nresurface_before_due_days = 3650\n"
    )
    todo("add", "Task due:tomorrow", "--to", "Chloé", "--create")
    todo("add", "Other due:2026-12-24")
    assert [t["id"] for t in todo.json("triage")] == [1, 2]


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
