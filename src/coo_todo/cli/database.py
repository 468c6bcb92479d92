"""``todo db``: schema upgrades, backups and checks of the database."""

from pathlib import Path
from typing import Annotated

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.i18n import N_, _, ngettext

db_app = typer.Typer(help=N_("Upgrade, back up and check the database."), no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command(
    "upgrade",
    help=N_(
        "Bring the database's schema up to date (an SQLite file is backed up first); every\n"
        "command does it too.\n"
        "\n"
        "Example: todo db upgrade"
    ),
)
def db_upgrade(ctx: typer.Context) -> None:
    from coo_todo.migrations import HEAD

    env = env_of(ctx)
    store = env.store()
    if store.upgraded is None:
        env.say(_("The database schema is up to date ({revision}).").format(revision=HEAD))


@db_app.command(
    "backup",
    help=N_(
        "Back the database up while it is in use, readable by you only, never over a file: an\n"
        "SQLite file is copied; PostgreSQL is written as our JSON backup (todo import restores "
        "it),\n"
        "or by pg_dump.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo db backup\n"
        "\n"
        "  todo db backup ~/backups/todo-before-import.sqlite\n"
        "\n"
        "  todo --db postgresql://coo@db.example.com/todo db backup --pg-dump"
    ),
)
def db_backup(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH",
            help=N_(
                "Where to write the backup (default: a new, timestamped file beside an SQLite "
                "database, or in the data folder)."
            ),
            show_default=False,
        ),
    ] = None,
    pg_dump: Annotated[
        bool,
        typer.Option("--pg-dump", help=N_("On PostgreSQL, run pg_dump (its custom format).")),
    ] = False,
) -> None:
    from coo_todo.service import database

    env = env_of(ctx)
    store = env.store(create=False)
    done = database.backup(store, path, env.now(), env.paths.data_dir(), pg_dump=pg_dump)
    env.say(_("Backed up ({kind}) to {path}").format(kind=_(done.kind), path=done.path))


@db_app.command(
    "copy",
    help=N_(
        "Copy the whole list (ids, people, tags, dependencies, history) into another database,\n"
        "SQLite or PostgreSQL, and check that both export the same.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo db copy --to postgresql://coo@db.example.com/todo --owner thibault\n"
        "\n"
        "  todo --db postgresql://coo@db.example.com/todo db copy --to todo.sqlite"
    ),
)
def db_copy(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="PATH|URL",
            help=N_("The database to copy into: new or empty (an SQLite file is created)."),
            show_default=False,
        ),
    ],
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar="LOGIN",
            help=N_(
                "On PostgreSQL, the member role whose the tasks and history of an SQLite list "
                "become (default: the role that copies)."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    from coo_todo.service import database

    env = env_of(ctx)
    url = env.paths.copy_target_url(to)
    copied = database.copy(
        env.store(create=False), lambda: env.open_store(url, upgrade=False), env.now(), owner
    )
    rows = copied.rows
    tasks, people, entries = rows["task"], rows["person"], rows["event"]
    counted = (
        ngettext("{count} task", "{count} tasks", tasks).format(count=tasks),
        ngettext("{count} person", "{count} people", people).format(count=people),
        ngettext("{count} history entry", "{count} history entries", entries).format(count=entries),
    )
    env.say(
        _(
            "Copied {tasks}, {people} and {entries} to {target}; "
            "verified: both export the same JSON backup."
        ).format(tasks=counted[0], people=counted[1], entries=counted[2], target=copied.target)
    )


@db_app.command(
    "check",
    help=N_(
        "Check the database's integrity, its stored times and its schema version (exit 3 if\n"
        "damaged).\n"
        "\n"
        "Example: todo db check"
    ),
)
def db_check(ctx: typer.Context) -> None:
    from coo_todo.domain.dates import invalid_date
    from coo_todo.errors import DatabaseError
    from coo_todo.migrations import HEAD

    env = env_of(ctx)
    store = env.store(create=False)
    problems = store.integrity_problems()
    if problems:
        raise DatabaseError(
            _(
                "{location} is damaged ({problems}): restore a backup (the .bak files beside it)"
            ).format(location=store.location, problems="; ".join(problems[:5]))
        )
    unreadable, mistyped = store.unreadable_values()
    if unreadable:
        raise DatabaseError(
            _(
                "{location} holds {count} time(s) that are not dates ({times}): views show "
                "them as '{invalid}'; todo edit ID --due ... replaces a due date"
            ).format(
                location=store.location,
                count=len(unreadable),
                times="; ".join(unreadable[:5]),
                invalid=invalid_date(),
            )
        )
    if mistyped:
        raise DatabaseError(
            _(
                "{location} holds {count} value(s) of another type than their column's, "
                "written by another tool ({values}): views read them as the nearest value (a "
                "number's default, text from bytes); todo edit ID replaces one"
            ).format(location=store.location, count=len(mistyped), values="; ".join(mistyped[:5]))
        )
    env.say(
        _("Database {location}: integrity ok, schema {revision} (current: {head}).").format(
            location=store.location, revision=store.revision(), head=HEAD
        )
    )
