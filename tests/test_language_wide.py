"""French out beyond the triage (#17): the weekly review, initiatives, ``db``, ``config``,
``server`` and ``team`` speak French with ``--lang fr``, and English stays as it was."""

from __future__ import annotations

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
