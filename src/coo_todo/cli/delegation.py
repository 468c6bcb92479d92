"""Delegation: delegate, followup, reclaim, handback, waiting, brief."""

from pathlib import Path
from typing import Annotated

import typer

from coo_todo.cli import complete
from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Id, Json, single_id
from coo_todo.i18n import N_, _

Note = Annotated[
    str | None, typer.Option("--note", "-n", metavar="TEXT", help=N_("What was said or agreed."))
]


@app.command(
    help=N_(
        "Hand a task to a colleague; it leaves your triage until its follow-up day.\n"
        "\n"
        "Before a near deadline the default follow-up leaves a working day to react; a "
        "follow-up\n"
        "after the deadline is flagged. Delegating an already delegated task re-delegates it.\n"
        "\n"
        "Examples:\n"
        "\n"
        '  todo delegate 12 --to alice --follow-up "next mon" --note "Draft by Friday"\n'
        "\n"
        '  todo delegate 12 --to "Bob Stone" --create'
    )
)
def delegate(
    ctx: typer.Context,
    task_id: Id,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="NAME",
            help=N_("The colleague (name, first name or prefix)."),
            autocompletion=complete.PEOPLE,
        ),
    ],
    follow_up: Annotated[
        str | None,
        typer.Option(
            "--follow-up",
            "-f",
            metavar="WHEN",
            help=N_("When to check (default: in the configured days)."),
        ),
    ] = None,
    note: Note = None,
    create: Annotated[
        bool, typer.Option("--create", help=N_("Add the person if unknown."))
    ] = False,
) -> None:
    from coo_todo import render
    from coo_todo.service.delegation import delegate_task, follow_up_after_deadline

    env = env_of(ctx)
    now = env.now()
    task = delegate_task(
        env.store(),
        single_id(task_id),
        to,
        now,
        env.settings(),
        follow_up=follow_up,
        note=note,
        create=create,
    )
    env.say(render.task_line(task, now, _("Delegated")))
    warning = follow_up_after_deadline(task, now)
    if warning:
        env.note(warning)


@app.command(
    help=N_(
        "Record a check-in on a delegated task, and set its next follow-up (or close it).\n"
        "\n"
        "Examples:\n"
        "\n"
        '  todo followup 12 --note "Vendor shortlist ready" --next fri\n'
        "\n"
        '  todo followup 12 --done --note "Signed"'
    )
)
def followup(
    ctx: typer.Context,
    task_id: Id,
    note: Note = None,
    next_follow_up: Annotated[
        str | None,
        typer.Option(
            "--next",
            metavar="WHEN",
            help=N_("Next follow-up day (default: in the configured days)."),
        ),
    ] = None,
    done: Annotated[
        bool, typer.Option("--done", help=N_("The colleague finished it: close the task."))
    ] = False,
) -> None:
    from coo_todo import render
    from coo_todo.service.delegation import follow_up_after_deadline, record_follow_up

    env = env_of(ctx)
    now = env.now()
    task = record_follow_up(
        env.store(),
        single_id(task_id),
        now,
        env.settings(),
        note=note,
        next_follow_up=next_follow_up,
        done=done,
    )
    env.say(render.task_line(task, now, _("Closed") if done else _("Followed up")))
    warning = None if done else follow_up_after_deadline(task, now)
    if warning:
        env.note(warning)


@app.command(
    help=N_(
        "Take a delegated task back into your own list.\n"
        "\n"
        'Example: todo reclaim 12 --note "Alice is off sick"'
    )
)
def reclaim(ctx: typer.Context, task_id: Id, note: Note = None) -> None:
    from coo_todo import render
    from coo_todo.service.delegation import reclaim_task

    env = env_of(ctx)
    now = env.now()
    task = reclaim_task(env.store(), single_id(task_id), now, note)
    env.say(render.task_line(task, now, _("Reclaimed")))


@app.command(
    help=N_(
        "Give a task delegated to you back to the team member who delegated it (team mode).\n"
        "\n"
        "It leaves your triage and comes back into theirs; their history and 1:1 brief show "
        "that\n"
        "you handed it back, when, and your note.\n"
        "\n"
        'Example: todo handback 12 --note "Legal must sign this one, not me"'
    )
)
def handback(ctx: typer.Context, task_id: Id, note: Note = None) -> None:
    from coo_todo import render
    from coo_todo.service.delegation import hand_back_task

    env = env_of(ctx)
    now = env.now()
    task = hand_back_task(env.store(), single_id(task_id), now, note)
    env.say(render.task_line(task, now, _("Handed back")))


@app.command(
    help=N_(
        "Everything delegated, by person: days waiting, next follow-up, last note.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo waiting\n"
        "\n"
        "  todo waiting --person alice --json"
    )
)
def waiting(
    ctx: typer.Context,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            "-p",
            metavar="NAME",
            help=N_("Only this colleague's tasks."),
            autocompletion=complete.PEOPLE,
        ),
    ] = None,
    json: Json = False,
) -> None:
    from coo_todo import render
    from coo_todo.formats.contract import task_json
    from coo_todo.service.delegation import waiting_for
    from coo_todo.service.ranking import breakdowns

    env = env_of(ctx)
    now = env.now()
    store = env.store(create=False)
    groups = waiting_for(store, person)
    if json:
        tasks = [task for group in groups for task in group.tasks]
        scores = breakdowns(tasks, store, now, env.settings())
        env.print_json(
            [
                {
                    "person": group.person,
                    "tasks": [task_json(task, scores[task.id], now) for task in group.tasks],
                }
                for group in groups
            ]
        )
    elif groups:
        env.out.print(render.waiting_table([(g.person, g.tasks) for g in groups], now))
    else:
        env.say(_("Nothing delegated. Hand a task over: todo delegate ID --to NAME"))


@app.command(
    help=N_(
        "A markdown agenda for your next 1:1: follow-ups due, all delegated work, what was "
        "done.\n"
        "\n"
        'Looking changes nothing: "Done since" runs from the last recorded 1:1 (or 14 days '
        "back)\n"
        "until you record one with --record, at the meeting.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo brief alice\n"
        "\n"
        "  todo brief alice --record --output alice-1on1.md"
    )
)
def brief(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help=N_("The colleague."),
            show_default=False,
            autocompletion=complete.PEOPLE,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help=N_("Write the markdown to this file.")),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help=N_(
                'Also record that the 1:1 takes place now: the next brief\'s "Done since" '
                "starts here (todo undo takes it back)."
            ),
        ),
    ] = False,
) -> None:
    from coo_todo.formats.markdown import brief_markdown
    from coo_todo.service.people import prepare_brief, record_brief

    env = env_of(ctx)
    now = env.now()
    store = env.store(create=False)
    brief = prepare_brief(store, name, now, env.settings())
    env.write(brief_markdown(brief, now), output)
    if record:
        person = record_brief(store, brief.person, now)
        typer.echo(
            _(
                "Recorded your 1:1 with {person}: the next brief starts from now "
                "(todo undo takes it back)"
            ).format(person=person.name),
            file=env.stderr,
        )
