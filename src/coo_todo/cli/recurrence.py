"""Commands of recurring tasks: ``todo skip`` and ``todo recur stop``.

A rule is set with ``todo add ... every:fri`` or ``--every``, changed with ``todo edit ID
--every``; ``todo done`` brings the next occurrence."""

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Id, single_id
from coo_todo.i18n import N_, _

recur_app = typer.Typer(help=N_("Recurring tasks: end a task's rule."), no_args_is_help=True)
app.add_typer(recur_app, name="recur")


@app.command(
    help=N_(
        "Skip this occurrence of a recurring task: it is dropped and the next one comes.\n"
        "\n"
        "Example: todo skip 12"
    )
)
def skip(ctx: typer.Context, task_id: Id) -> None:
    from coo_todo import render
    from coo_todo.service.recurrence import skip_task

    env = env_of(ctx)
    now = env.now()
    skipped, *following = skip_task(
        env.store(), single_id(task_id), now, env.settings().calendar(now.tzinfo)
    )
    env.say(render.task_line(skipped, now, _("Skipped")))
    for task in following:
        env.say(render.task_line(task, now, _("Next")))


@recur_app.command(
    "stop",
    help=N_(
        "End a task's rule: this occurrence stays open, no other follows it.\n"
        "\n"
        "Example: todo recur stop 12"
    ),
)
def recur_stop(ctx: typer.Context, task_id: Id) -> None:
    from coo_todo import render
    from coo_todo.service.recurrence import stop_recurrence

    env = env_of(ctx)
    now = env.now()
    env.say(
        render.task_line(stop_recurrence(env.store(), single_id(task_id), now), now, _("Stopped"))
    )
