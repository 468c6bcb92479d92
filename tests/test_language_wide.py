"""French out beyond the triage (#17): the weekly review, initiatives, ``db``, ``config``,
``server`` and ``team`` speak French with ``--lang fr``, and English stays as it was."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from tests.conftest import Todo
from tests.test_review import week

__all__ = ["week"]  # a fixture, used by name


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
