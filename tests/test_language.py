"""French out (#17): the language comes from --lang, the config or the environment; the French
catalog is complete, translated and compiled; no command carries its language into the next.

French output is checked by parsing it (markdown-it for the day list and the brief), with the
headings a French reader sees, so the end-to-end French morning can rely on them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coo_todo import i18n
from coo_todo.language import choose_language, from_environment
from scripts import catalog
from tests.conftest import Todo
from tests.test_cli_delegation import _structure
from tests.test_cli_exchange import morning, sections

__all__ = ["morning"]  # a fixture, used by name

FRENCH_DAY_SECTIONS = [
    "Relances à faire",
    "À faire aujourd'hui",
    "Planifié",
    "En attente des autres",
    "Fait aujourd'hui",
    "Plus tard",
]
"""The day list's sections in French, in order (``formats.markdown.day_markdown``)."""


# -- the catalog -------------------------------------------------------------------------------


def _strings(message: object) -> list[str]:
    string = message.string  # type: ignore[attr-defined]
    return [string] if isinstance(string, str) else list(string)


def test_every_message_of_the_code_is_in_the_french_catalog() -> None:
    french = catalog.read("fr")
    missing = [m.id for m in catalog.template() if m.id and french.get(m.id, m.context) is None]
    assert not missing, f"run python -m scripts.catalog, then translate: {missing}"


def test_the_french_catalog_holds_no_message_the_code_dropped() -> None:
    used = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog.template() if m.id}
    french = catalog.read("fr")
    gone = [
        m.id for m in french if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in used
    ]
    assert not gone, f"run python -m scripts.catalog: {gone}"


def test_every_french_message_is_translated() -> None:
    untranslated = [m.id for m in catalog.read("fr") if m.id and (m.fuzzy or not all(_strings(m)))]
    assert not untranslated, f"translate (and unmark fuzzy) in the French .po: {untranslated}"


def test_translations_keep_every_placeholder() -> None:
    for message in catalog.read("fr"):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = set(re.findall(r"\{\w*\}", ids[-1]))
        for string in _strings(message):
            assert set(re.findall(r"\{\w*\}", string)) == wanted, (message.id, string)


def test_the_shipped_mo_is_the_po_compiled() -> None:
    mo = catalog.po_path("fr").with_suffix(".mo")
    assert mo.read_bytes() == catalog.compiled(catalog.read("fr")), (
        "run python -m scripts.catalog and commit the .mo"
    )


# -- choosing the language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_CA"}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
        ({"LANGUAGE": "de:fr", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LANGUAGE": "", "LANG": "fr_FR@euro"}, "fr"),
    ],
)
def test_the_environment_names_a_language(environ: dict[str, str], language: str | None) -> None:
    assert from_environment(environ) == language


def test_lang_beats_config_beats_environment_beats_english() -> None:
    french = {"LANG": "fr_FR.UTF-8"}
    assert choose_language("en", "fr", french) == "en"
    assert choose_language(None, "en", french) == "en"
    assert choose_language(None, "fr", {"LANG": "en_US.UTF-8"}) == "fr"
    assert choose_language(None, None, french) == "fr"
    assert choose_language(None, None, {}) == "en"


# -- French through the CLI --------------------------------------------------------------------


def _config(text: str) -> None:
    Path(__import__("os").environ["COO_TODO_CONFIG"]).write_text(text, encoding="utf-8")


@pytest.fixture
def tasks(todo: Todo) -> Todo:
    todo.add("Call Initech impact:5 urgency:5 due:today effort:30m")
    todo.add("Renew Acme impact:4 due:+3d effort:1h")
    todo.add("Board slide impact:5 blocked-by:2")
    return todo


def _triage_is_french(output: str) -> None:
    lines = output.splitlines()
    assert lines[0].strip() == "Tri du jour"
    assert lines[2].split()[:4] == ["#", "ID", "Titre", "Score"]
    assert "Échéance" in lines[2].split()
    assert "aujourd'hui" in output and "dans 3 j" in output
    assert lines[-1] == "1 tâche bloquée non affichée : todo triage --all"


@pytest.mark.parametrize(
    ("how", "args"),
    [("option", ["--lang", "fr"]), ("config", []), ("environment", [])],
)
def test_triage_in_french(
    tasks: Todo, monkeypatch: pytest.MonkeyPatch, how: str, args: list[str]
) -> None:
    if how == "config":
        _config('language = "fr"\n')
    if how == "environment":
        monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    _triage_is_french(tasks(*args, "triage").stdout)


def test_the_option_beats_the_config_and_the_config_the_environment(
    tasks: Todo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    _config('language = "en"\n')
    assert tasks("triage").stdout.startswith("Today's triage")
    _config('language = "fr"\n')
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert tasks("triage").stdout.startswith("Tri du jour")
    assert tasks("--lang", "en", "triage").stdout.startswith("Today's triage")


def test_explain_in_french_every_term_and_number(tasks: Todo) -> None:
    output = tasks("--lang", "fr", "explain", "2").stdout
    header, standing = output.splitlines()[1], output.splitlines()[1:3]
    assert re.match(
        r"score \d+,\d\d · À faire \(quadrant à faire, pression du temps 0,\d\d\)", header
    ), header
    assert "rang 2 sur 2 dans le tri du jour" in " ".join(standing)
    rows = {line.split()[0]: line for line in output.splitlines()[4:] if line.strip()}
    assert "impact 4/5" in rows["impact"] and "+7,50" in rows["impact"]
    assert "urgence donnée 3/5" in rows["urgence"]
    assert "échéance dans 3 jours (dim. 29 nov.)" in output
    assert "ouverte depuis 0 jour" in output and "effort 1h" in output
    assert re.search(r"^En clair : impact 4/5 : \+7,5 ;", output, re.MULTILINE)
    assert not re.search(r"\d\.\d", output), "numbers are written with a decimal comma"


def test_errors_are_one_french_line(tasks: Todo) -> None:
    result = tasks("--lang", "fr", "explain", "99", code=1)
    assert result.stderr == "erreur : pas de tâche #99\n"
    result = tasks("--lang", "fr", "delegate", "1", "--to", "nobody", code=1)
    assert result.stderr.startswith("erreur : aucune personne 'nobody' : ajoutez-la avec")
    assert result.stderr.count("\n") == 1


def test_a_bad_language_is_refused(tasks: Todo) -> None:
    result = tasks("--lang", "de", "triage", code=2)
    assert "'de' is not one of en, fr" in result.stderr
    _config('language = "de"\n')
    result = tasks("triage", code=2)
    assert "'language' must be one of en, fr, not 'de'" in result.stderr


def test_confirmations_in_french(tasks: Todo) -> None:
    added = tasks("--lang", "fr", "add", "Sign invoices impact:3 due:fri").stdout
    assert re.match(
        r"Ajouté #4 Sign invoices · impact 3 · urgence 3 · échéance ven\. 27 nov\. \(demain\)",
        added,
    )
    tasks("people", "add", "Alice Martin")
    delegated = tasks("--lang", "fr", "delegate", "4", "--to", "alice", "--follow-up", "mon")
    assert "Délégué #4" in delegated.stdout and "délégué à Alice Martin" in delegated.stdout
    assert "relance lun. 30 nov. (dans 4 j)" in delegated.stdout
    assert tasks("--lang", "fr", "done", "1").stdout.startswith("Fait #1 Call Initech")
    assert tasks("--lang", "fr", "people", "add", "Bob").stdout == "Bob ajouté·e\n"
    snoozed = tasks("--lang", "fr", "snooze", "3", "until", "mon").stdout
    assert (
        snoozed.startswith("En pause #3 Board slide") and "en pause jusqu'à lun. 30 nov." in snoozed
    )
    assert tasks("--lang", "fr", "search", "zzz").stdout.startswith("Aucune tâche ne correspond")


def test_no_command_carries_its_language_into_the_next(tasks: Todo) -> None:
    assert tasks("--lang", "fr", "triage").stdout.startswith("Tri du jour")
    assert tasks("triage").stdout.startswith("Today's triage")
    assert i18n.language() == "en"
    assert i18n._("Today's triage") == "Today's triage"


def test_day_list_in_french_parsed(morning: Todo) -> None:
    markdown = morning("--lang", "fr", "export").stdout
    structure = _structure(markdown)
    assert structure[0] == ("h1", "Liste du jour, mar. 1 déc. 2026")
    found = sections(markdown)
    assert [h for h in found if h in FRENCH_DAY_SECTIONS] == FRENCH_DAY_SECTIONS
    do_today = found["À faire aujourd'hui"]
    assert do_today[0] == (
        "[ ] **#1 Call Initech**: CS · échéance jeu. 26 nov. (en retard de 5 j) · effort 30m"
    )
    follow_ups = found["Relances à faire"]
    assert any(
        "délégué à Alice Martin · relance mar. 1 déc. (aujourd'hui)" in i for i in follow_ups
    )
    assert found["Fait aujourd'hui"] == []
    assert "\n## Fait aujourd'hui\n\nRien.\n" in markdown


def test_brief_in_french_parsed(morning: Todo) -> None:
    structure = _structure(morning("--lang", "fr", "brief", "alice").stdout)
    headings = [(kind, text) for kind, text in structure if kind.startswith("h")]
    assert headings[0] == ("h1", "Point 1:1 avec Alice Martin, mar. 1 déc. 2026")
    assert [text for kind, text in headings[1:]] == [
        "Relances à faire",
        "Aussi délégué",
        "Fait depuis le mar. 17 nov.",
    ]
    items = [text for kind, text in structure if kind == "li1"]
    assert items[0].startswith("[ ] **#7 Renew Acme**: statut ouverte · déléguée ")
    assert "relance mar. 1 déc. (aujourd'hui)" in items[0]


def test_no_message_is_translated_inside_an_f_string() -> None:
    """Babel's extraction reads an f-string as one token: a ``_()`` inside one never reaches
    the catalog, so it would stay English unseen."""
    hidden = [
        f"{path.name}:{number}"
        for path in sorted(catalog.SOURCES.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\{(_|N_|ngettext)\(", line)
    ]
    assert not hidden, f"take these _() calls out of their f-strings: {hidden}"


def test_plan_waiting_and_list_in_french(tasks: Todo) -> None:
    tasks("people", "add", "Alice Martin")
    tasks("delegate", "2", "--to", "alice", "--follow-up", "+10d")
    plan = tasks("--lang", "fr", "plan", "--hours", "1").stdout
    assert plan.startswith("Plan du jour")
    assert "Planifié 30m sur 1h (1h (--hours)) · 30m libres" in plan
    assert "bloquée par #2" in plan and "déléguée à Alice Martin" in plan
    waiting = tasks("--lang", "fr", "waiting").stdout.splitlines()
    assert waiting[0].strip() == "En attente de"
    assert waiting[2].split()[:4] == ["Personne", "ID", "Titre", "Attente"]
    listed = [line for line in tasks("--lang", "fr", "list").stdout.splitlines() if line.strip()]
    assert listed[0].split()[:4] == ["ID", "Titre", "Statut", "Score"]
    assert listed[2].split()[:4] == ["1", "Call", "Initech", "ouverte"]


def test_a_reason_made_in_french_is_not_served_to_english(tasks: Todo) -> None:
    """The plan's reasons are cached by language: French first, then English."""
    tasks.add("Long job impact:2 effort:8h")
    assert "ne tient pas : reste" in tasks("--lang", "fr", "plan", "--hours", "1").stdout
    assert "does not fit: 30m left, needs 8h" in tasks("plan", "--hours", "1").stdout


def test_names_sort_with_accents_and_case_aside_on_every_database(
    todo: Todo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's follow-ups by person: Émile among the E, zoé among the Z, on SQLite (whose
    own order is by code point, É after z) and PostgreSQL alike."""
    for number, name in enumerate(["zoé", "Émile", "Eve", "Adam"], start=1):
        todo.add(f"Task {number}")
        todo("delegate", str(number), "--to", name, "--create", "--follow-up", "tomorrow")
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-01T09:00")
    people = [row["person"] for row in todo.json("review")["follow_ups_overdue"]]
    assert people == ["Adam", "Émile", "Eve", "zoé"]
