"""``todo db``: schema upgrades, backups and checks of the database."""

from pathlib import Path
from typing import Annotated

import typer

from coo_todo.cli.app import app, env_of

db_app = typer.Typer(help="Upgrade, back up and check the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Bring the database's schema up to date (after a backup); every command does it too.

    Example: todo db upgrade
    """
    from coo_todo.migrations import HEAD

    env = env_of(ctx)
    store = env.store()
    if store.upgraded is None:
        env.say(f"The database schema is up to date ({HEAD}).")


@db_app.command("backup")
def db_backup(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH",
            help="Where to write the copy (default: beside it, timestamped).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Copy the database while it is in use: a consistent snapshot, readable by you only.

    Examples:

      todo db backup

      todo db backup ~/backups/todo-before-import.sqlite
    """
    env = env_of(ctx)
    target = env.store(create=False).backup(path, env.now())
    env.say(f"Backed up to {target}")


@db_app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Check the database's integrity, its stored times and its schema version (exit 3 if
    damaged).

    Example: todo db check
    """
    from coo_todo.errors import DatabaseError
    from coo_todo.migrations import HEAD

    env = env_of(ctx)
    store = env.store(create=False)
    problems = store.integrity_problems()
    if problems:
        raise DatabaseError(
            f"{store.location} is damaged ({'; '.join(problems[:5])}): restore a backup "
            "(the .bak files beside it)"
        )
    unreadable = store.unreadable_times()
    if unreadable:
        raise DatabaseError(
            f"{store.location} holds {len(unreadable)} time(s) that are not dates "
            f"({'; '.join(unreadable[:5])}): views show them as 'invalid date'; "
            "todo edit ID --due ... replaces a due date"
        )
    env.say(
        f"Database {store.location}: integrity ok, schema {store.revision()} (current: {HEAD})."
    )
