"""French in and out (#17) against hostile input: terminals whose encoding lacks a character,
French numbers, locales and language names of every shape.

A bad input gets one clear line and a non-zero exit, never a traceback, and writes nothing;
a good one works; what the user typed is never lost or silently changed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from coo_todo.cli import app
from coo_todo.domain.dates import parse_duration
from coo_todo.domain.recurrence import parse_every
from coo_todo.errors import InvalidInput
from coo_todo.i18n import language_named
from tests.conftest import Todo

TYPOGRAPHIC = "Relancer l\N{RIGHT SINGLE QUOTATION MARK}équipe → Zoé 🚀"
"""A title with characters a Latin-1 terminal lacks (the apostrophe, →, 🚀) and one it has (é)."""


def latin1(*args: str) -> tuple[int, str, str]:
    """``todo ARGS`` writing to a Latin-1 terminal (``LANG=fr_FR.ISO-8859-1``, ``fr_FR@euro``):
    exit code, stdout and stderr decoded as that terminal would."""
    result = CliRunner(charset="latin-1").invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_latin1_terminal_shows_every_command_without_a_traceback(todo: Todo, lang: str) -> None:
    """A character the terminal's encoding lacks is shown as its escape (``\\u2019``), the rest
    as typed: the command still works, and a change it made is confirmed, not lost in a
    traceback after the write (which would invite typing it again)."""
    code, out, err = latin1(
        "--lang", lang, "add", "--literal", "--due", "demain", "--", TYPOGRAPHIC
    )
    assert code == 0, err
    assert "Relancer l\\u2019équipe \\u2192 Zoé \\U0001f680" in out
    todo("people", "add", "Zoé")
    todo("add", "Contrat", "--to", "zoe", "--follow-up", "demain")
    for args in (["show", "1"], ["triage"], ["waiting"], ["review"], ["export"], ["list"]):
        code, out, err = latin1("--lang", lang, *args)
        assert code == 0, (args, err)
    assert todo.json("show", "1")["title"] == TYPOGRAPHIC  # stored as typed


def test_json_on_a_latin1_terminal_is_exact(todo: Todo) -> None:
    """JSON is for programs: on a terminal that lacks a character it is written with ASCII
    escapes, which any JSON reader turns back into exactly what was typed."""
    todo("add", "--literal", "--", TYPOGRAPHIC)
    code, out, err = latin1("list", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["title"] == TYPOGRAPHIC


# -- French numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("1,5h", 90),
        ("0,25 h", 15),
        ("1,5", 2),  # a bare number is minutes, in French as in English
        ("1,5 j", 720),
        ("3j", 1440),
        ("1 jour", 480),
        ("2 heures", 120),
        ("1 heure 30", 90),
        ("1.5h", 90),
    ],
)
def test_an_effort_reads_french_numbers_and_units(typed: str, minutes: int) -> None:
    """French writes ``1,5h`` (and todo writes its French numbers so: ``12,5``); dates are
    read in French whatever the language, and so are efforts."""
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize("typed", ["1,500", "1,500h", "1,h", ",5h", "1,5,5h", "1 ,5h"])
def test_an_ambiguous_comma_is_refused_not_misread(typed: str) -> None:
    """``1,500`` is 1500 to an English reader and 1.5 to a French one: refused."""
    with pytest.raises(InvalidInput, match="cannot read duration"):
        parse_duration(typed)


def test_french_numbers_through_the_cli(todo: Todo) -> None:
    todo("--lang", "fr", "add", "Budget", "--effort", "1,5h")
    todo("add", "Deck", "effort:2,5h")
    assert [task["effort_minutes"] for task in todo.json("list")] == [90, 150]
    planned = todo.json("plan", "--hours", "2,5")
    assert planned["capacity_minutes"] == 150
    refused = todo("--lang", "fr", "plan", "--hours", "2,500", code=2)
    assert refused.stderr.count("\n") == 1 and "'2,500'" in refused.stderr


@pytest.mark.parametrize(
    ("words", "title", "minutes"),
    [
        (["Rapport", "effort:2", "heures"], "Rapport", 120),
        (["Call effort:90 minutes now"], "Call now", 90),
        (["Budget", "effort:1,5", "h", "+finance"], "Budget", 90),
        (["Prep", "effort:30", "slides"], "Prep slides", 30),  # not a unit: a title word
        (["Prep", "effort:1h", "heures"], "Prep heures", 60),  # a unit already
        (["Board", "effort:45", "30m"], "Board 30m", 45),  # a number is no unit
    ],
)
def test_an_inline_effort_takes_its_unit_word(
    todo: Todo, words: list[str], title: str, minutes: int
) -> None:
    """``effort:2 heures`` is two hours, not two minutes with "heures" left in the title."""
    todo("add", *words)
    task = todo.json("show", "1")
    assert (task["title"], task["effort_minutes"]) == (title, minutes)


# -- naming the language -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["fr", "FR", "Fr", " fr", "fr_FR.UTF-8", "fr_CA@euro", "fr-CA"])
def test_lang_takes_french_named_any_way(todo: Todo, name: str) -> None:
    """As ``--date-order DMY`` is ``dmy``, ``--lang FR`` is French, and so is a locale name
    (``--lang $LANG``), before the command (so that the root's help speaks it) or in the config."""
    todo.add("Renew Acme")
    assert "Tri du jour" in todo("--lang", name, "triage").stdout
    assert "Commandes" in todo("--lang", name, "--help").stdout


def test_the_config_names_its_language_any_way(todo: Todo, write_config: Any) -> None:
    todo.add("Renew Acme")
    write_config('language = "FR"\n')
    assert "Tri du jour" in todo("triage").stdout


@pytest.mark.parametrize(
    "name", ["", "xx", "de_DE.UTF-8", "../../etc/passwd", "français", "x" * 5000, "\x1b[31m"]
)
def test_a_language_we_do_not_speak_is_one_line_and_writes_nothing(todo: Todo, name: str) -> None:
    result = todo("--lang", name, "add", "Something", code=2)
    assert result.stderr.count("\n") == 1 and "is not one of en, fr" in result.stderr
    todo("list", code=1)  # no database: not even created


@given(name=st.text())
def test_any_name_reads_as_a_language_we_speak_or_none(name: str) -> None:
    assert language_named(name) in ("en", "fr", None)
    if name.strip():
        assert language_named(name.upper()) == language_named(name.lower())


# -- French text in ----------------------------------------------------------------------------


def test_search_reads_an_apostrophe_typed_either_way(todo: Todo) -> None:
    """A title typed on a phone holds a typographic apostrophe, a terminal types ``'``: each
    finds the other, as in dates, and accents typed decomposed (NFD) find composed ones."""
    typographic = todo.add("--literal", "--", "Relancer l\N{RIGHT SINGLE QUOTATION MARK}équipe")
    straight = todo.add("--literal", "--", "Appeler l'e\N{COMBINING ACUTE ACCENT}quipe")
    for query in ("l'équipe", "l\N{RIGHT SINGLE QUOTATION MARK}équipe", "L\u02bcEQUIPE"):
        found = [task["id"] for task in todo.json("search", query)]
        assert sorted(found) == [typographic, straight], query


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("vendredi 15", "'vendredi 15': Tue 15 Dec 2026 is not a Fri"),  # the coming 15th
        ("lun. 4 déc.", "'lun. 4 déc.': Fri 4 Dec 2026 is not a Mon"),
        ("Mon 4 Dec 2026 9am", "'Mon 4 Dec 2026 9am': Fri 4 Dec 2026 is not a Mon"),
    ],
)
def test_a_weekday_that_does_not_match_says_which_day_it_is(
    todo: Todo, typed: str, said: str
) -> None:
    """A documented form (``vendredi 15``) whose weekday is wrong is refused, and the line says
    why, rather than "cannot read date ... use e.g. today, tomorrow" as if the form were
    unknown; ``mardi 15`` reads."""
    refused = todo("add", "Board", "--due", typed, code=2)
    assert refused.stderr == f"error: cannot read date {said}\n"
    assert "due Tue 15 Dec" in todo("add", "Board", "--due", "mardi 15").stdout


@pytest.mark.parametrize(
    ("option", "typed", "said"),
    [
        ("--due", "flurb", "impossible de lire la date 'flurb' : par ex. aujourd'hui, demain,"),
        ("--due", "31/02", "impossible de lire la date '31/02' : ce jour n'existe pas lu jour"),
        ("--due", "vendredi 15", "'vendredi 15' : mar. 15 déc. 2026 n'est pas un vendredi"),
        ("--due", "15/12/1899", "date hors limites : '15/12/1899' (années 1900 à 9998)"),
        ("--effort", "2 semaines", "impossible de lire la durée '2 semaines' : par ex. 30m,"),
    ],
)
def test_a_date_or_an_effort_refused_in_french_says_it_in_french(
    todo: Todo, option: str, typed: str, said: str
) -> None:
    """A French reader who typed a date is told in French, with French forms to copy."""
    refused = todo("--lang", "fr", "add", "Board", option, typed, code=2)
    assert said in refused.stderr and refused.stderr.startswith("erreur : ")
    assert refused.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("lundi", "FREQ=WEEKLY;BYDAY=MO"),
        ("lun,jeu", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("lundi et jeudi", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("chaque vendredi", "FREQ=WEEKLY;BYDAY=FR"),
        ("tous les 2 semaines le lundi", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("chaque mois le 15", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("fin de mois", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("jours ouvrés", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("Chaque Année", "FREQ=YEARLY"),
    ],
)
def test_a_recurrence_reads_french_as_dates_do(typed: str, rule: str) -> None:
    """``every:lundi`` as ``due:lundi``: the words of a rule are read in French too."""
    assert parse_every(typed) == rule


def test_french_recurrence_through_the_cli(todo: Todo) -> None:
    todo("--lang", "fr", "add", "Point hebdo", "every:lundi")
    todo("add", "Revue", "--every", "tous les 2 semaines le jeudi")
    rules = [task["recurrence"] for task in todo.json("list")]
    assert rules == ["FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["add", "x", "urgency:high"], "le champ urgence doit être un nombre entier"),
        (["add", "x", "--impact", "9"], "le champ impact doit être un nombre entier"),
        (["add", "x", "every:" + "a" * 600], "le champ règle de répétition fait 600 caractères"),
        (["add", "a" * 600], "le champ titre fait 600 caractères"),
        (["add", "x", "+" + "t" * 101], "le champ étiquette fait 101 caractères"),
        (["people", "add", "Zoé", "--team", "é" * 101], "le champ équipe fait 101 caractères"),
    ],
)
def test_french_messages_name_the_field_in_french(
    todo: Todo, args: list[str], message: str
) -> None:
    """A field is named in the message's language, never by its English key (``every``)."""
    result = todo("--lang", "fr", *args, code=2)
    assert message in result.stderr
