"""French out beyond the triage (#17): the weekly review, initiatives, ``db``, ``config``,
``server`` and ``team`` speak French with ``--lang fr``, and English stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import Database, Todo
from tests.test_language import _config
from tests.test_review import week
from tests.test_team import Team, team

__all__ = ["team", "week"]  # fixtures, used by name


def test_review_in_french(week: Todo) -> None:
    shown = week("--lang", "fr", "review").stdout
    assert shown.startswith("Revue : du lun. 23 nov. 2026 au jeu. 26 nov. 2026 09:00\n")
    for expected in ("Fait par domaine", "Domaine", "Médiane", "Relances en retard", "Chloé"):
        assert expected in shown
    assert "repoussées sur la période 1" in shown and "Sorties ▅██▁ 5" in shown
    assert "Done" not in shown and "Oldest" not in shown


def test_review_markdown_in_french_parsed(week: Todo) -> None:
    markdown = week("--lang", "fr", "review", "--format", "markdown").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    headings = [
        tokens[index + 1].content
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2"
    ]
    assert headings == [
        "Fait par domaine",
        "Fait par personne",
        "Échéances",
        "Relances en retard",
        "Plus anciennes tâches ouvertes",
        "Entrées et sorties",
    ]
    header_cells = [
        tokens[index + 1].content for index, token in enumerate(tokens) if token.type == "th_open"
    ]
    assert {"Fait", "À vous", "Médiane", "Personne", "Saisie", "Chez"} <= set(header_cells)
    assert "lun. 23  entrées     2 ####" in markdown and "         sorties     1 ====" in markdown


def test_initiatives_in_french(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-30T09:00")
    fr = ("--lang", "fr", "initiative")
    todo("people", "add", "Chloé")
    assert todo(*fr, "list").stdout.startswith("Aucune initiative pour l'instant :")
    added = todo(*fr, "add", "CRM migration", "--with", "Karim", "--review", "every:2w")
    assert added.stdout == "Ajoutée crm : CRM migration (active, prochaine revue lun. 14 déc.)\n"
    todo.add("Export accounts in:crm", "--to", "karim")
    listed = todo(*fr, "list").stdout.splitlines()
    assert listed[1].split()[:3] == ["Clé", "Nom", "État"] and "Prochaine revue" in listed[1]
    shown = todo(*fr, "show", "crm").stdout
    for label in ("Objectif", "Membres", "Commencée", "Avancement (fait / total)", "En attente"):
        assert label in shown
    brief = MarkdownIt("commonmark").parse(todo(*fr, "brief", "crm").stdout)
    headings = [brief[i + 1].content for i, t in enumerate(brief) if t.type == "heading_open"]
    assert headings[0].startswith("Revue : CRM migration (lun. 30 nov. 2026)")
    assert headings[1:] == [
        "Convenu la dernière fois",
        "Fait depuis la dernière revue",
        "Encore ouvert",
        "Glissé",
        "Prochaines décisions",
    ]
    assert todo(*fr, "pause", "crm").stdout == "Mise en pause crm : CRM migration (en pause)\n"
    refused = todo(*fr, "review", "crm", code=2).stderr
    assert refused == "erreur : l'initiative crm est en pause : reprenez-la d'abord\n"
    missing = todo(*fr, "show", "nope", code=1).stderr
    assert missing == "erreur : pas d'initiative 'nope' (todo initiative list)\n"
    assert todo("initiative", "resume", "crm").stdout.startswith("Resumed crm: CRM migration")


def test_db_commands_in_french(todo: Todo, database: Database, tmp_path: Path) -> None:
    todo.add("Call Initech")
    assert todo("--lang", "fr", "db", "upgrade").stdout.startswith(
        "Le schéma de la base est à jour"
    )
    checked = todo("--lang", "fr", "db", "check").stdout
    assert checked.startswith("Base ") and ": intégrité correcte, schéma " in checked
    target = tmp_path / "copy.sqlite"
    copied = todo("--lang", "fr", "db", "copy", "--to", str(target)).stdout
    assert copied.startswith("Copié 1 tâche, 0 personne et ")
    assert "vérifié : les deux exportent la même sauvegarde JSON." in copied
    if database.kind == "sqlite":
        said = todo("--lang", "fr", "db", "backup").stdout
        assert said.startswith("Sauvegardé (") and " dans " in said


def test_config_show_in_french(todo: Todo) -> None:
    _config('[work]\nholidays = ["2026-12-25"]\n[dates]\norder = "dmy"\n')
    shown = todo("--lang", "fr", "config", "show").stdout
    for line in (
        "Poids (à régler sous [weights] dans ",
        "Heures de travail (à régler sous [work]) : mon tue wed thu fri, 09:00-18:00",
        "Jours chômés : 2026-12-25",
        "Dates numériques (à régler sous [dates], ou --date-order) : jour d'abord, 04/12 est le "
        "4 déc.",
    ):
        assert line in shown


def test_server_refusal_and_whoami_in_french(todo: Todo, database: Database) -> None:
    _config("[server]\nenabled = false\n")
    refused = todo("--lang", "fr", "server", "start", code=2).stderr
    assert refused.startswith("erreur : la configuration désactive le serveur ([server] enabled")
    todo.add("Call Initech")
    whoami = todo("--lang", "fr", "whoami").stdout
    if database.kind == "sqlite":
        assert whoami.startswith("Cette liste est à vous (un fichier SQLite")
    else:
        assert "pas membre de l'équipe" in whoami


@pytest.mark.postgresql_only
def test_team_in_french(team: Team) -> None:
    fr = ("--lang", "fr", "team")
    assert team.as_("admin", *fr, "share", "Support") == "Support partagé avec l'équipe\n"
    assert team.as_("admin", *fr, "share", "Support") == "Support était déjà partagé\n"
    listed = team.as_("admin", *fr)
    assert "Domaines partagés : support" in listed and "Karim Haddad (" in listed
    assert team.as_("admin", *fr, "unshare", "Support") == "Support n'est plus partagé\n"
    assert team.as_("admin", *fr, "remove", "karim") == "Karim Haddad n'est plus membre\n"


def test_undo_names_history_kinds_in_french(todo: Todo) -> None:
    todo.add("Call Initech")
    todo("edit", "1", "impact:4")
    assert todo("--lang", "fr", "undo").stdout == "Annulé : modifiée #1 Call Initech\n"
    todo("people", "add", "Bob Stone")
    said = todo("--lang", "fr", "undo").stdout
    assert said == "Annulé : personne ajoutée Bob Stone (retirée)\n"
    todo("done", "1")
    assert todo("undo").stdout == "Undid done #1 Call Initech\n"


def test_help_of_a_subcommand_in_french(todo: Todo) -> None:
    """Help texts marked with ``N_`` are translated when the help is written."""
    french = todo("--lang", "fr", "review", "--help").stdout
    assert "Les chiffres de la semaine : fait par domaine" in french
    assert "Cette semaine, depuis lundi (par défaut)." in french
    assert "Écrire du JSON (contrat : docs/json.md)." in french
    assert "Afficher cette aide et quitter." in french
    english = todo("review", "--help").stdout
    assert "The week's figures: done by area" in english and "Show this message" in english
    assert "Afficher" not in todo("--lang", "en", "review", "--help").stdout


def test_clicks_usage_errors_in_french(todo: Todo) -> None:
    """Click's own usage errors, recognised by their shape, are written from our catalog."""
    for args, said in (
        (["review", "--wek"], "option inconnue : --wek (options possibles : --week)"),
        (["explain"], "argument manquant : 'ID'."),
        (["review", "extra", "words"], "argument(s) en trop : extra words"),
        (["review", "--since"], "l'option '--since' attend une valeur."),
    ):
        line = todo("--lang", "fr", *args, code=2).stderr
        assert line.startswith(f"erreur : {said} (voir '") and line.count("\n") == 1, line
    english = todo("review", "--wek", code=2).stderr
    assert english.startswith("error: No such option: --wek (Possible options: --week)")


def test_show_in_french(todo: Todo) -> None:
    """``todo show``: its fields, statuses and history in French; English as it was."""
    todo.add("Call Initech", "imp:4", "+sales")
    todo("edit", "1", "impact:5")
    todo("done", "1")
    shown = todo("--lang", "fr", "show", "1").stdout
    assert shown.startswith("Tâche #1\nTitre ")
    for expected in ("Statut ", "faite", "Urgence ", "Déléguée à ", "Historique", "Quand", "créée"):
        assert expected in shown
    assert "status: ouverte → faite" in shown
    for english in ("Status", "Urgency", "History", "edited", "Created"):
        assert english not in shown
    assert todo("show", "1").stdout.startswith("Task #1\nTitle ")


def test_config_weights_columns_in_french(todo: Todo) -> None:
    shown = todo("--lang", "fr", "config", "show").stdout
    assert "Clé" in shown and "En vigueur" in shown and "Par défaut" in shown
    assert "In force" in todo("config", "show").stdout
