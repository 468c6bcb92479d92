"""``todo snooze``: set a task aside until a day."""

from typing import Annotated

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Id, single_id
from coo_todo.i18n import N_, _


@app.command(
    help=N_(
        "Hide a task from the triage until a day (a day alone: from its start).\n"
        "\n"
        "A deadline that comes close wakes it early, as it brings back a delegated task.\n"
        "`todo list --snoozed` shows the sleeping ones; `todo undo` takes a snooze back.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo snooze 12 until mon\n"
        "\n"
        "  todo snooze 12 --off"
    )
)
def snooze(
    ctx: typer.Context,
    task_id: Id,
    when: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[until] WHEN",
            help=N_("When it comes back: mon, next mon 9am, +3bd, 2026-12-14..."),
            show_default=False,
        ),
    ] = None,
    off: Annotated[bool, typer.Option("--off", help=N_("Wake it now."))] = False,
) -> None:
    from coo_todo import render
    from coo_todo.errors import InvalidInput
    from coo_todo.service.snooze import snooze_task

    words = list(when or [])
    if words and words[0].lower() == "until":
        words.pop(0)
    if off == bool(words):
        raise InvalidInput(_("say when it comes back (todo snooze ID until mon), or --off"))
    env = env_of(ctx)
    now = env.now()
    text = " ".join(words) if words else None
    task = snooze_task(env.store(), single_id(task_id), text, now, env.settings())
    env.say(render.task_line(task, now, _("Snoozed") if text else _("Woke")))
