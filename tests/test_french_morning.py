"""A French morning end to end (#17): thirty tasks typed with French dates, the triage, three
delegations with French follow-up dates, one task done, then the day list and a 1:1 brief in
French, read back by parsing their markdown.

Thursday 26 November 2026, 09:00 in Paris (tests.conftest); the user's locale is French
(``LANG=fr_FR.UTF-8``), which picks both the language and day-first numeric dates.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.conftest import Todo
from tests.test_cli_delegation import _structure
from tests.test_cli_exchange import ids_in, sections

END = "23:59:59+01:00"
MORNING: list[tuple[str, str | None]] = [
    # (the line typed after `todo add`, the due date it must give)
    (
        "Appeler Initech après la panne impact:5 urgency:5 due:aujourd'hui 14h effort:30m "
        "area:Support +churn",
        "2026-11-26T14:00:00+01:00",
    ),
    ("Valider le plan de commissions T4 impact:4 due:demain effort:45m area:Ventes", None),
    (
        "Renouveler le contrat Acme impact:5 urgency:4 due:vendredi effort:1h area:Ventes "
        "+renouvellement",
        f"2026-11-27T{END}",
    ),
    ("Clôturer les comptes de novembre impact:4 due:fin de mois effort:2h area:Finance", None),
    ("Choisir l'éditeur du CRM impact:4 due:dans 2 semaines effort:1d area:Ops +crm", None),
    (
        "Signer la promesse d'embauche impact:4 urgency:4 due:après-demain effort:10m area:RH",
        f"2026-11-28T{END}",
    ),
    ("Préparer le comité de direction due:lundi prochain effort:2h area:Direction", None),
    ("Revue du budget 2027 impact:5 due:fin de trimestre effort:4h area:Finance", None),
    (
        "Répondre à Globex sur le pilote impact:4 urgency:5 due:aujourd\u2019hui effort:15m "
        "area:Ventes",
        f"2026-11-26T{END}",
    ),
    ("Planning d'astreinte de décembre due:vendredi en huit effort:1h area:Support", None),
    ("Entretien annuel de Léa due:dans 3 jours ouvrés effort:1h area:RH", None),
    ("Audit des accès SaaS impact:2 urgency:2 due:15/12 effort:2h area:IT", None),
    ("Renégocier le bail de l'entrepôt impact:4 due:15 déc effort:3h area:Ops", None),
    ("Intégrer les nouveaux commerciaux due:04/12/2026 effort:2h area:Ventes", None),
    ("Bilan de la campagne Black Friday impact:2 due:15.12.26 effort:1h area:Marketing", None),
    ("Point trésorerie avec la banque impact:4 due:demain 9h effort:30m area:Finance", None),
    ("Macros Intercom pour les questions fréquentes due:dans 3 jours effort:2h area:Support", None),
    ("Relire la charte télétravail impact:2 due:fin de semaine effort:30m area:RH", None),
    ("Valider les factures fournisseurs due:d'ici vendredi effort:45m area:Finance", None),
    ("Tableau de bord des KPI support due:mardi effort:2h area:Support", None),
    ("Préparer la visite de l'Hôtel Régence impact:4 due:jeudi prochain effort:1h area:CS", None),
    ("Recruter un stagiaire data impact:2 urgency:1 due:dans 1 mois effort:1h area:RH", None),
    ("Mettre à jour la grille tarifaire due:3 déc. effort:1h area:Ventes", None),
    ("Former l'équipe au nouvel outil de tickets due:le 15 effort:2h area:Support", None),
    ("Plan de continuité d'activité due:17 décembre 2026 effort:4h area:Ops", None),
    ("Appel avec l'expert-comptable due:ven 10h effort:30m area:Finance", None),
    ("Nettoyer le pipeline de ventes due:mer effort:1h area:Ventes", None),
    ("Synthèse des enquêtes NPS --due lundi 7 déc --effort 1h --area CS", None),
    ("Revoir les SLA du support impact:4 due:14h30 effort:30m area:Support", None),
    ("Idées pour le séminaire d'équipe impact:1 urgency:1 area:RH", None),
]
"""The morning as typed: every form of #17's list, inline (unquoted, several words) or as an
option; a due date given here is one the ranking below depends on."""

DUE = {
    "Valider le plan de commissions T4": f"2026-11-27T{END}",
    "Clôturer les comptes de novembre": f"2026-11-30T{END}",
    "Choisir l'éditeur du CRM": f"2026-12-10T{END}",
    "Préparer le comité de direction": f"2026-11-30T{END}",
    "Revue du budget 2027": f"2026-12-31T{END}",
    "Planning d'astreinte de décembre": f"2026-12-04T{END}",
    "Entretien annuel de Léa": f"2026-12-01T{END}",  # Thu + 3 working days
    "Audit des accès SaaS": f"2026-12-15T{END}",
    "Renégocier le bail de l'entrepôt": f"2026-12-15T{END}",
    "Intégrer les nouveaux commerciaux": f"2026-12-04T{END}",
    "Bilan de la campagne Black Friday": f"2026-12-15T{END}",
    "Point trésorerie avec la banque": "2026-11-27T09:00:00+01:00",
    "Macros Intercom pour les questions fréquentes": f"2026-11-29T{END}",
    "Relire la charte télétravail": f"2026-11-27T{END}",  # the working week ends on Friday
    "Valider les factures fournisseurs": f"2026-11-27T{END}",
    "Tableau de bord des KPI support": f"2026-12-01T{END}",
    "Préparer la visite de l'Hôtel Régence": f"2026-12-03T{END}",
    "Recruter un stagiaire data": f"2026-12-26T{END}",
    "Mettre à jour la grille tarifaire": f"2026-12-03T{END}",
    "Former l'équipe au nouvel outil de tickets": f"2026-12-15T{END}",
    "Plan de continuité d'activité": f"2026-12-17T{END}",
    "Appel avec l'expert-comptable": "2026-11-27T10:00:00+01:00",
    "Nettoyer le pipeline de ventes": f"2026-12-02T{END}",
    "Synthèse des enquêtes NPS": f"2026-12-07T{END}",
    "Revoir les SLA du support": "2026-11-26T14:30:00+01:00",
    "Idées pour le séminaire d'équipe": None,
}
"""Each title's due date, worked out by hand from the calendar of November 2026."""

DELEGATED = {
    # title: (person typed, follow-up typed, the follow-up's day)
    "Planning d'astreinte de décembre": ("karim", "mardi", "2026-12-01"),
    "Choisir l'éditeur du CRM": ("karim", "lundi prochain", "2026-11-30"),
    "Macros Intercom pour les questions fréquentes": ("chloe", "dans 2 semaines", "2026-12-10"),
}
DONE = "Appel avec l'expert-comptable"
FRENCH_DAY = re.compile(
    r"(lun|mar|mer|jeu|ven|sam|dim)\. \d{1,2} "
    r"(janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\."
)
"""A short French date as the day list writes it: ``ven. 27 nov.``."""


def _title(line: str) -> str:
    """What ``todo add`` must keep as the title of ``line``: the words before its first
    attribute (``impact:``, ``due:``, ``--due`` ...)."""
    return re.split(r" (?:\w+:|--)", line, maxsplit=1)[0]


def _arguments(line: str) -> list[str]:
    """``line`` as the shell gives it to ``todo add``: a word per argument, an option's value
    (``--due lundi 7 déc``) as one."""
    words, *options = line.split(" --")
    split = [option.split(" ", 1) for option in options]
    return [*words.split(), *(part for name, value in split for part in (f"--{name}", value))]


@pytest.fixture
def french(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> Todo:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    return todo


@pytest.fixture
def morning(french: Todo) -> dict[str, int]:
    """The thirty tasks captured, three delegated, one done; each title's id."""
    ids = {}
    for line, _ in MORNING:
        output = french("add", *_arguments(line)).stdout
        match = re.match(r"Ajouté #(\d+) ", output)
        assert match, output
        ids[_title(line)] = int(match[1])
    for name in ("Karim Benali", "Chloé Durand"):
        french("people", "add", name)
    for title, (person, follow_up, _) in DELEGATED.items():
        output = french("delegate", str(ids[title]), "--to", person, "--follow-up", follow_up)
        assert output.stdout.startswith(f"Délégué #{ids[title]} "), output.stdout
    assert french("done", str(ids[DONE])).stdout.startswith(f"Fait #{ids[DONE]} ")
    return ids


def test_thirty_french_lines_give_the_titles_and_dates_worked_out_by_hand(
    french: Todo, morning: dict[str, int]
) -> None:
    assert len(morning) == len(MORNING) == 30
    expected = {**DUE, **{_title(line): due for line, due in MORNING if due}}
    tasks = {task["title"]: task for task in french.json("list", "--status", "all")}
    assert {title: task["due"] for title, task in tasks.items()} == expected
    assert tasks["Appeler Initech après la panne"]["area"] == "Support"
    assert tasks["Appeler Initech après la panne"]["tags"] == ["churn"]
    follow_ups = {
        title: (tasks[title]["delegate"], tasks[title]["follow_up"][:10]) for title in DELEGATED
    }
    assert follow_ups == {
        title: ({"karim": "Karim Benali", "chloe": "Chloé Durand"}[person], day)
        for title, (person, _, day) in DELEGATED.items()
    }


def test_the_french_triage_puts_what_is_due_today_first(
    french: Todo, morning: dict[str, int]
) -> None:
    screen = french("triage").stdout
    assert screen.startswith("Tri du jour")
    assert "Titre" in screen and "Échéance" in screen
    ranked = [row["title"] for row in french.json("triage")]
    assert set(ranked[:3]) == {
        "Appeler Initech après la panne",  # impact 5, urgency 5, today 14:00
        "Répondre à Globex sur le pilote",  # urgency 5, tonight
        "Revoir les SLA du support",  # impact 4, today 14:30
    }
    assert ranked[-1] == "Idées pour le séminaire d'équipe"
    assert DONE not in ranked
    waiting = {
        title for title in DELEGATED if title != "Macros Intercom pour les questions fréquentes"
    }
    assert not waiting & set(ranked)  # back on their follow-up day
    # Its follow-up (10 Dec) would come after its deadline (29 Nov): it stays, to chase now.
    assert "Macros Intercom pour les questions fréquentes" in ranked


def test_the_french_day_list_holds_every_task_once_in_its_section(
    french: Todo, morning: dict[str, int]
) -> None:
    markdown = french("export").stdout
    structure = _structure(markdown)
    assert structure[0] == ("h1", "Liste du jour, jeu. 26 nov. 2026")
    found = sections(markdown)
    listed = Counter(task_id for items in found.values() for task_id in ids_in(items))
    assert set(listed) == set(morning.values()) and set(listed.values()) == {1}
    # Waiting on others, one heading per person; the task whose follow-up comes after its
    # deadline is to chase today.
    assert list(found)[list(found).index("En attente des autres") + 1] == "Karim Benali"
    assert set(ids_in(found["Karim Benali"])) == {
        morning[title] for title, (person, _, _) in DELEGATED.items() if person == "karim"
    }
    assert ids_in(found["Relances à faire"]) == [
        morning["Macros Intercom pour les questions fréquentes"]
    ]
    assert ids_in(found["Fait aujourd'hui"]) == [morning[DONE]]
    today = ids_in(found["À faire aujourd'hui"])
    assert morning["Appeler Initech après la panne"] in today
    items = [item for items in found.values() for item in items]
    dated = [item for item in items if "échéance" in item]
    assert len(dated) == 29
    assert all(FRENCH_DAY.search(item) for item in dated), dated
    assert not any(re.search(r"\b(due|Mon|Tue|Wed|Thu|Fri|Nov|Dec)\b", item) for item in items)


def test_the_french_brief_lists_what_karim_holds(french: Todo, morning: dict[str, int]) -> None:
    structure = _structure(french("--lang", "fr", "brief", "karim").stdout)
    headings = [text for kind, text in structure if kind.startswith("h")]
    assert headings[0] == "Point 1:1 avec Karim Benali, jeu. 26 nov. 2026"
    items = [text for kind, text in structure if kind == "li1"]
    held = {title for title, (person, _, _) in DELEGATED.items() if person == "karim"}
    assert set(ids_in(items)) == {morning[title] for title in held}
    (rota,) = [item for item in items if "Planning d'astreinte" in item]
    assert "relance mar. 1 déc. (dans 5 j)" in rota
    assert "échéance ven. 4 déc. (dans 8 j)" in rota
