"""Export and import: the day's list as markdown, full backups, other tools' files."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import at_least_one
from coo_todo.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from coo_todo.domain.incoming import ImportReport


@app.command(
    help=N_(
        "Write the day's list as markdown for the wiki, or back everything up as JSON, or the\n"
        "tasks as CSV for a spreadsheet.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo export --output today.md\n"
        "\n"
        "  todo export --date tomorrow --limit 5\n"
        "\n"
        "  todo export --plan --output today.md\n"
        "\n"
        "  todo export --format json --output backup.json"
    )
)
def export(
    ctx: typer.Context,
    form: Annotated[
        str,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help=N_("markdown (the day's list), json (everything) or csv (tasks)."),
        ),
    ] = "markdown",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=N_("Write to this file (atomically), not stdout."),
        ),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="WHEN",
            help=N_("Rank as of that day's morning (tomorrow, fri, 2026-12-01)."),
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-l",
            metavar="N",
            callback=at_least_one,
            help=N_("At most N tasks in Do today."),
        ),
    ] = None,
    plan: Annotated[
        bool,
        typer.Option("--plan", help=N_("Add the plan for the day (todo plan) as its own section.")),
    ] = False,
) -> None:
    from coo_todo.service import import_export

    env = env_of(ctx)
    store = env.store(create=False)
    text = import_export.export(
        store, form, env.now(), env.settings(), day=day, limit=limit, plan=plan
    )
    env.write(text, output)


@app.command(
    "import",
    help=N_(
        'Bring tasks in from a coo-todo backup, Taskwarrior\'s "task export" or a todo.txt '
        "file.\n"
        "\n"
        "Importing a file again adds nothing twice: tasks are matched by uuid. A task changed "
        "here\n"
        "after the file's version keeps your change (a conflict, reported) unless --prefer "
        "incoming.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo import backup.json\n"
        "\n"
        "  task export | todo import - --from taskwarrior\n"
        "\n"
        "  todo import ~/todo.txt --strict --prefer incoming"
    ),
)
def import_file(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help=N_("The file to read; - reads standard input."), show_default=False
        ),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="FORMAT",
            help=N_(
                "json (a coo-todo backup), taskwarrior or todotxt (or todo.txt); "
                "guessed when left out: a .txt file is todo.txt, JSON a backup or Taskwarrior's."
            ),
            show_default=False,
        ),
    ] = None,
    prefer: Annotated[
        str,
        typer.Option(
            "--prefer",
            metavar="newer|incoming|local",
            help=N_(
                "Which version of a task that differs wins: the one changed last, the file's, "
                "or yours."
            ),
        ),
    ] = "newer",
    strict: Annotated[
        bool, typer.Option("--strict", help=N_("Import nothing if a record cannot be read."))
    ] = False,
) -> None:
    from coo_todo.domain import dates
    from coo_todo.domain.records import history_kind_name
    from coo_todo.formats import readers
    from coo_todo.service import import_export
    from coo_todo.user_files import read_text

    env = env_of(ctx)
    now = env.now()
    import_export.check_preference(prefer)
    text = read_text(file, env.input())
    batch = readers.parse(text, source, now, file.name)
    with _progress(env.out, len(batch.tasks)) as advance:
        report = import_export.import_batch(
            env.store(), batch, now, strict=strict, prefer=prefer, progress=advance
        )
    for problem in report.problems:
        env.warn(_("{problem}: skipped").format(problem=problem))
    for kept in report.conflicts:
        when = dates.format_date(dates.from_utc(kept.at, now.tzinfo), now)
        change = history_kind_name(kept.kind) if kept.kind else _("changed")
        env.say(
            _("kept your change to #{task_id}: {change} {when}").format(
                task_id=kept.task_id, change=change, when=when
            )
        )
    env.say(_("Imported {file}: {counts}").format(file=file, counts=_import_counts(report)))


def _import_counts(report: "ImportReport") -> str:
    """What an import did, counted: ``2 added, 0 updated, 1 unchanged, 0 conflicts``, and the
    records skipped if any (French counts agree with the tasks: ``2 ajoutées``)."""
    conflicts, problems = len(report.conflicts), len(report.problems)
    counts = [
        ngettext("{count} added", "{count} added", report.added).format(count=report.added),
        ngettext("{count} updated", "{count} updated", report.updated).format(count=report.updated),
        ngettext("{count} unchanged", "{count} unchanged", report.unchanged).format(
            count=report.unchanged
        ),
        ngettext("{count} conflict", "{count} conflicts", conflicts).format(count=conflicts),
    ]
    if problems:
        counts.append(
            ngettext("{count} problem(s)", "{count} problem(s)", problems).format(count=problems)
        )
    return ", ".join(counts)


@contextmanager
def _progress(console: Console, total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar's ``advance`` on a terminal (gone when done); nothing in a pipe."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(_("Importing"), total=total)
        yield lambda done: bar.advance(task, done)
