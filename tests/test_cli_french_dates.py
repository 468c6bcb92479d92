"""French dates typed wherever a date is typed (#17), and the order of numeric dates: the
locale's, the config's ``[dates] order``, ``--date-order``. Now is Thursday 26 Nov 2026 09:00."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Todo


@pytest.fixture(autouse=True)
def locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No locale of the machine running the tests: each test names the one it needs."""
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("words", "due"),
    [
        (["Renew Acme", "due:demain"], "2026-11-27T23:59:59+01:00"),
        (["Board pack", "due:lundi prochain"], "2026-11-30T23:59:59+01:00"),
        (["Board pack", "due:lundi_prochain"], "2026-11-30T23:59:59+01:00"),
        (["Call", "due:vendredi"], "2026-11-27T23:59:59+01:00"),
        (["Call", "due:vendredi à 9h"], "2026-11-27T09:00:00+01:00"),
        (["Call", "due:aujourdhui"], "2026-11-26T23:59:59+01:00"),
        (["Close", "due:fin_de_mois"], "2026-11-30T23:59:59+01:00"),
        (["Close", "--due", "dans 3 jours ouvrés"], "2026-12-01T23:59:59+01:00"),
        (["Close", "--due", "15 déc"], "2026-12-15T23:59:59+01:00"),
        (["Close", "--due", "15/12"], "2026-12-15T23:59:59+01:00"),
    ],
)
def test_add_reads_french_dates_inline_and_as_options(
    todo: Todo, words: list[str], due: str
) -> None:
    todo("add", *words)
    assert todo.json("show", "1")["due"] == due


def test_wait_snooze_delegate_and_list_read_french(todo: Todo) -> None:
    todo("add", "Call the bank", "wait:lundi")
    assert todo.json("show", "1")["snoozed_until"] == "2026-11-30T00:00:00+01:00"
    todo("add", "Board pack", "due:fin de mois")
    line = todo("snooze", "2", "until", "mardi", "à", "14h").stdout
    assert "snoozed until Tue 1 Dec 14:00" in line
    todo("delegate", "2", "--to", "Alice", "--create", "--follow-up", "dans 2 semaines")
    assert todo.json("show", "2")["follow_up"] == "2026-12-10"
    todo("add", "Later", "--due", "15 janv")
    due_soon = todo.json("list", "--due-before", "fin de mois", "--status", "all")
    assert [task["id"] for task in due_soon] == [2]


def test_an_impossible_numeric_date_is_one_line(todo: Todo) -> None:
    result = todo("add", "Pay", "due:31/02", code=2)
    assert result.stderr == (
        "error: cannot read date '31/02': no such day when read day first (dd/mm)\n"
    )
    assert todo.json("list") == []


@pytest.mark.parametrize(
    ("environ", "config", "option", "due"),
    [
        ({}, None, None, "2026-12-04"),  # no locale: day first
        ({"LANG": "C.UTF-8"}, None, None, "2026-12-04"),
        ({"LANG": "fr_FR.UTF-8"}, None, None, "2026-12-04"),
        ({"LANG": "en_GB.UTF-8"}, None, None, "2026-12-04"),
        ({"LANG": "en_US.UTF-8"}, None, None, "2027-04-12"),
        ({"LANG": "en_US.UTF-8", "LC_TIME": "de_DE.UTF-8"}, None, None, "2026-12-04"),
        ({"LC_TIME": "en_US.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, None, None, "2026-12-04"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US"}, None, None, "2027-04-12"),
        ({"LANG": "en_US.UTF-8"}, "dmy", None, "2026-12-04"),
        ({"LANG": "fr_FR.UTF-8"}, "MDY", None, "2027-04-12"),
        ({"LANG": "fr_FR.UTF-8"}, "dmy", "mdy", "2027-04-12"),
        ({"LANG": "en_US.UTF-8"}, "mdy", "dmy", "2026-12-04"),
    ],
)
def test_numeric_dates_follow_the_option_then_the_config_then_the_locale(
    todo: Todo,
    locale: pytest.MonkeyPatch,
    write_config: Callable[[str], Path],
    environ: dict[str, str],
    config: str | None,
    option: str | None,
    due: str,
) -> None:
    for name, value in environ.items():
        locale.setenv(name, value)
    if config is not None:
        write_config(f'[dates]\norder = "{config}"\n')
    before = [] if option is None else ["--date-order", option]
    todo(*before, "add", "Renew", "due:04/12")
    assert todo.json("show", "1")["due"].startswith(due)


def test_config_show_says_the_order_in_force(todo: Todo, locale: pytest.MonkeyPatch) -> None:
    assert "Numeric dates (set them under [dates], or --date-order): day first, 04/12 is 4 Dec" in (
        todo("config", "show").stdout
    )
    locale.setenv("LANG", "en_US.UTF-8")
    assert "month first, 04/12 is Apr 12" in todo("config", "show").stdout
    assert "day first" in todo("--date-order", "dmy", "config", "show").stdout


def test_a_bad_date_order_is_a_usage_error(todo: Todo) -> None:
    result = todo("--date-order", "ymd", "add", "Renew", "due:04/12", code=2)
    assert "--date-order" in result.stderr and "choose dmy" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unquoted_date_phrase_is_read_whole_inline(todo: Todo) -> None:
    """``todo add Renew Acme due:lundi prochain impact:4``: the phrase is the date, the words
    after it that do not continue it stay in the title; ``todo edit`` reads it the same way."""
    todo("add", "Renew", "Acme", "due:lundi", "prochain", "impact:4")
    todo("add", "Board pack due:fri Report to board wait:dans 3 jours ouvrés")
    renew, board = todo.json("show", "1"), todo.json("show", "2")
    assert (renew["title"], renew["due"], renew["impact"]) == (
        "Renew Acme",
        "2026-11-30T23:59:59+01:00",
        4,
    )
    assert (board["title"], board["due"]) == (
        "Board pack Report to board",
        "2026-11-27T23:59:59+01:00",
    )
    assert board["snoozed_until"] == "2026-12-01T00:00:00+01:00"
    todo("edit", "1", "due:dans", "2", "semaines")
    assert todo.json("show", "1")["due"] == "2026-12-10T23:59:59+01:00"
