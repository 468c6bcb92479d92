"""The options and arguments several commands share, and their checks."""

from typing import Annotated

import typer

from coo_todo.cli import complete
from coo_todo.i18n import N_, _

Impact = Annotated[
    int | None,
    typer.Option(
        "--impact", "-i", metavar="N", help=N_("Impact 1-5: how much it matters (default 3).")
    ),
]
Urgency = Annotated[
    int | None,
    typer.Option("--urgency", "-u", metavar="N", help=N_("Urgency 1-5, set by hand (default 3).")),
]
Due = Annotated[
    str | None,
    typer.Option(
        "--due",
        "-d",
        metavar="WHEN",
        help=N_("Due date: fri, tomorrow, eow, in 3 days, +2w, 2026-12-01, 1 Dec..."),
    ),
]
Effort = Annotated[
    str | None,
    typer.Option("--effort", "-e", metavar="DURATION", help=N_("Effort: 30m, 1h, 1h30, 1.5h.")),
]
Area = Annotated[
    str | None,
    typer.Option(
        "--area", "-a", metavar="AREA", help=N_("Department or area: Sales, HR, Finance...")
    ),
]
Every = Annotated[
    str | None,
    typer.Option(
        "--every",
        metavar="RULE",
        help=N_(
            "Repeat: fri, 2 weeks on mon, month-end, last-working-day, first-mon, "
            '"3 months on the 15th"; done brings the next.'
        ),
    ),
]
Tags = Annotated[
    list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help=N_("A tag (repeatable)."))
]
BlockedBy = Annotated[
    list[str] | None,
    typer.Option(
        "--blocked-by",
        "-b",
        metavar="ID",
        help=N_("Id of a task this one waits for (repeatable)."),
        autocompletion=complete.OPEN_TASKS,
    ),
]
Note = Annotated[
    str | None,
    typer.Option("--note", "-n", metavar="TEXT", help=N_("Free notes (never move a rank).")),
]
Snooze = Annotated[
    str | None,
    typer.Option(
        "--snooze",
        "--wait",
        metavar="WHEN",
        help=N_("Hidden from the triage until then: mon, +3bd... (none: awake)."),
    ),
]
InitiativeKey = Annotated[
    str | None,
    typer.Option("--in", metavar="KEY", help=N_("Put it in this initiative (none: take it out).")),
]
Person = Annotated[
    str | None,
    typer.Option(
        "--person",
        "-p",
        metavar="NAME",
        help=N_("Only tasks delegated to this colleague."),
        autocompletion=complete.PEOPLE,
    ),
]
PersonName = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help=N_("Name, first name or unique prefix."),
        show_default=False,
        autocompletion=complete.PEOPLE,
    ),
]
"""A colleague named on the command line (``people``, ``team``)."""
Json = Annotated[bool, typer.Option("--json", help=N_("Print JSON (contract: docs/json.md)."))]
Ids = Annotated[
    list[str],
    typer.Argument(
        metavar="ID", help=N_("Task ids."), show_default=False, autocompletion=complete.OPEN_TASKS
    ),
]
Id = Annotated[
    str,
    typer.Argument(
        metavar="ID", help=N_("Task id."), show_default=False, autocompletion=complete.ANY_TASK
    ),
]


def at_least_one(value: int | None) -> int | None:
    """A count such as ``--limit N`` must be 1 or more (said in words: Click's own check
    prints ``[x>=1]`` in the help)."""
    if value is not None and value < 1:
        raise typer.BadParameter(_("must be 1 or more, not {value}").format(value=value))
    return value


def single_id(raw: str) -> int:
    from coo_todo.service.checks import task_ids

    return task_ids([raw])[0]
