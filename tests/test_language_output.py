"""French out (#17), the lines that stayed English: a rule in words (and read back), what
export, import, plan, list, delete and demo print or ask themselves, a backup's kind, an
initiative's next decisions, an option's refused value. Each is read in French, with its
English gone; the English itself is checked where each command is tested."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coo_todo import i18n
from coo_todo.domain.recurrence import describe, parse_every
from tests.conftest import Todo
from tests.test_recurrence import READ


@pytest.fixture
def french() -> Iterator[None]:
    i18n.use("fr")
    yield
    i18n.forget()


@pytest.mark.parametrize(
    ("words", "french_words"),
    [
        ("fri", "tous les vendredis"),
        ("mon,thu", "tous les lundis et jeudis"),
        ("month-end", "chaque mois le dernier jour"),
        ("2 weeks on mon", "toutes les 2 semaines le lundi"),
        ("2 weeks on mon,thu", "toutes les 2 semaines le lundi et le jeudi"),
        ("first-mon", "le premier lundi de chaque mois"),
        ("3 months on the last fri", "tous les 3 mois le dernier vendredi"),
        ("15th", "chaque mois le 15"),
        ("1st", "chaque mois le 1er"),
        ("3 months on the 22nd", "tous les 3 mois le 22"),
        ("31st", "chaque mois le 31 (ou le dernier jour d'un mois plus court)"),
        ("weekday", "chaque jour ouvré"),
        ("last-working-day", "le dernier jour ouvré de chaque mois"),
        ("day", "chaque jour"),
        ("year", "chaque année"),
        ("2d", "tous les 2 jours"),
        ("quarterly", "tous les 3 mois"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1", "chaque année le 29 février"),
    ],
)
def test_rules_in_french_words(french: None, words: str, french_words: str) -> None:
    assert describe(parse_every(words)).startswith(french_words)


def test_the_rule_of_a_task_in_french(todo: Todo) -> None:
    added = todo("--lang", "fr", "add", "Revue KPI", "every:fri").stdout
    assert added.rstrip().endswith("· tous les vendredis"), added
    todo("add", "Clôture", "every:month-end")
    listed = todo("--lang", "fr", "list").stdout
    assert "tous les vendredis" in listed and "chaque mois le dernier jour" in listed
    shown = todo("--lang", "fr", "show", "2").stdout
    assert "chaque mois le dernier jour (FREQ=MONTHLY;BYMONTHDAY=-1)" in shown
    assert "every" not in added + listed + shown.replace("every:", "")
    task = todo.json("--lang", "fr", "show", "1")
    assert (task["recurrence"], task["every"]) == ("FREQ=WEEKLY;BYDAY=FR", "tous les vendredis")


def test_export_says_where_it_wrote_in_french(todo: Todo, tmp_path: Path) -> None:
    todo.add("Call Acme")
    path = tmp_path / "today.md"
    result = todo("--lang", "fr", "export", "--output", str(path))
    assert result.stdout == f"Écrit dans {path}\n"


def test_import_reports_in_french(
    todo: Todo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    todo.add("Call Acme")
    todo.add("Renew lease")
    backup = tmp_path / "backup.json"
    todo("export", "--format", "json", "--output", str(backup))
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-02T10:15")
    todo("edit", "1", "--impact", "5")
    said = todo("--lang", "fr", "import", str(backup)).stdout.splitlines()
    assert said == [
        "votre modification de #1 est gardée : modifiée mer. 2 déc. 10:15",
        f"{backup} importé : 0 ajoutée, 0 mise à jour, 1 inchangée, 1 conflit",
    ]
    fresh = str(tmp_path / "fresh.sqlite")
    assert todo("--db", fresh, "--lang", "fr", "import", str(backup)).stdout == (
        f"{backup} importé : 2 ajoutées, 0 mise à jour, 0 inchangée, 0 conflit\n"
    )


def test_import_skips_in_french(todo: Todo, tmp_path: Path) -> None:
    path = tmp_path / "todo.txt"
    path.write_text("Call Acme\nPay rent due:2026-02-30\n", encoding="utf-8")
    result = todo("--lang", "fr", "import", str(path))
    assert result.stderr.startswith("attention : ligne 2 : "), result.stderr
    assert result.stderr.endswith(" : ignorée\n") and "skipped" not in result.stderr
    assert result.stdout.endswith(
        ": 1 ajoutée, 0 mise à jour, 0 inchangée, 0 conflit, 1 problème\n"
    )


def test_plan_hints_in_french(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(12):
        todo.add(f"Long job {number} effort:8h")
    out = todo("--lang", "fr", "plan", "--hours", "1").stdout
    assert "2 autres tâches hors du plan : todo plan --all" in out and "left out" not in out
    monkeypatch.setenv("COO_TODO_NOW", "2026-11-28T10:00")  # a Saturday
    closed = todo("--lang", "fr", "plan").stdout
    assert "Pour planifier quand même : todo plan --hours N" in closed
    assert "To plan anyway" not in closed


def test_no_match_in_french(todo: Todo) -> None:
    todo.add("Call Acme +sales")
    out = todo("--lang", "fr", "list", "--area", "Legal").stdout
    assert out == "Aucune tâche ne correspond.\n"


@pytest.mark.sqlite_only  # PostgreSQL's backup is pg_dump's, when the machine has it
def test_a_backups_kind_in_french(todo: Todo) -> None:
    todo.add("Call Acme")
    said = todo("--lang", "fr", "db", "backup").stdout
    assert said.startswith("Sauvegardé (une copie du fichier SQLite) dans "), said


def test_an_initiatives_next_decisions_in_french(
    todo: Todo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-07T09:00")
    todo("initiative", "add", "CRM", "--target", "2026-12-10")
    todo("add", "Map fields in:crm", "--to", "Karim", "--create")
    todo("add", "Train in:crm due:2026-12-09")
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-08T09:00")
    todo("edit", "2", "due:2026-12-20")
    monkeypatch.setenv("COO_TODO_NOW", "2026-12-15T09:00")
    brief = todo("--lang", "fr", "initiative", "brief", "crm").stdout
    decisions = brief.split("## Prochaines décisions\n\n")[1].splitlines()
    assert decisions == [
        "- Replanifier ou abandonner #2 Train",
        "- Relancer Karim sur #1 Map fields",
        "- La date cible est passée : la déplacer, ou clore l'initiative",
    ]


@pytest.mark.parametrize(
    ("args", "french"),
    [
        (
            ["export", "--limit", "0"],
            "valeur invalide pour '--limit' / '-l' : doit valoir 1 ou plus",
        ),
        (["plan", "--hours", "abc"], "'abc' n'est pas un nombre d'heures (2.5, 2,5)"),
        (["review", "--week", "--since", "monday"], "choisissez --week ou --since, pas les deux"),
        (["review", "--format", "xml"], "choisissez parmi terminal, markdown"),
        (
            ["review", "--output", "review.md", "--json"],
            "valeur invalide : --output écrit du markdown : --format markdown, sans --json",
        ),
    ],
    ids=["limit", "hours", "week-and-since", "review-format", "review-output"],
)
def test_option_values_refused_in_french(todo: Todo, args: list[str], french: str) -> None:
    result = todo("--lang", "fr", *args, code=2)
    assert french in result.stderr and "Invalid" not in result.stderr, result.stderr
    assert result.stderr.startswith("erreur : ") and result.stderr.count("\n") == 1


def test_delete_asks_in_french(todo: Todo) -> None:
    todo.add("Call Acme")
    result = todo("--lang", "fr", "delete", "1", input="n\n", code=1)
    assert result.stdout.startswith("Supprimer #1 Call Acme ? [y/N]"), result.stdout


MORE_RULES = [
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR",
    "FREQ=MONTHLY;BYDAY=2WE",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=YEARLY;INTERVAL=2",
]


@pytest.mark.parametrize("rule", sorted(set(READ.values())) + MORE_RULES)
def test_a_rule_in_french_words_reads_back(french: None, rule: str) -> None:
    """What a French user reads, they can type back (``--every "tous les vendredis"``)."""
    words = describe(rule)
    assert "every" not in words and parse_every(words) == rule, words


@pytest.mark.sqlite_only  # the demo's database is a file of its own
def test_the_demo_says_where_it_is_in_french(todo: Todo, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    said = todo("--lang", "fr", "--db", str(path), "demo").stdout.splitlines()
    assert said[-2:] == [
        f"Base de démonstration : sqlite:///{path}",
        f"Explorez-la : todo --db {path} explain 6   "
        "(ou show 6, triage --all, done 4, list --json)",
    ]
