"""``todo people``: the colleagues tasks are delegated to."""

from typing import Annotated

import typer

from coo_todo.cli import complete
from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Json, PersonName
from coo_todo.i18n import N_, _

people_app = typer.Typer(
    help=N_("The colleagues you delegate to. Without a subcommand: list them."),
    invoke_without_command=True,
)
app.add_typer(people_app, name="people")

Team = Annotated[
    str | None, typer.Option("--team", metavar="TEAM", help=N_("Their team or department."))
]
Contact = Annotated[
    str | None, typer.Option("--contact", metavar="CONTACT", help=N_("E-mail, phone, chat handle."))
]


@people_app.callback()
def people_list(ctx: typer.Context, json: Json = False) -> None:
    """List everyone: open delegated tasks, follow-ups due, median days from delegation to done.

    Example: todo people
    """
    if ctx.invoked_subcommand is not None:
        return
    from coo_todo import render
    from coo_todo.service.people import people_summary

    env = env_of(ctx)
    summaries = people_summary(env.store(create=False), env.now(), env.settings())
    if json:
        from coo_todo.formats.contract import person_json

        env.print_json(
            [
                person_json(s.person, s.open_tasks, s.overdue_follow_ups, s.median_days_to_done)
                for s in summaries
            ]
        )
    elif summaries:
        env.out.print(
            render.people_table(
                [
                    (
                        s.person.name,
                        s.person.team or "",
                        s.open_tasks,
                        s.overdue_follow_ups,
                        s.median_days_to_done,
                    )
                    for s in summaries
                ]
            )
        )
    else:
        env.say(_('Nobody yet. Add a colleague: todo people add "Alice Martin" --team Sales'))


@people_app.command(
    "add",
    help=N_(
        "Add a colleague.\n"
        "\n"
        'Example: todo people add "Alice Martin" --team Sales --contact alice@example.com'
    ),
)
def people_add(
    ctx: typer.Context, name: PersonName, team: Team = None, contact: Contact = None
) -> None:
    from coo_todo.service.people import add_person

    env = env_of(ctx)
    person = add_person(env.store(), name, team, contact, env.now())
    if person.team:
        env.say(_("Added {person} ({team})").format(person=person.name, team=person.team))
    else:
        env.say(_("Added {person}").format(person=person.name))


@people_app.command(
    "edit",
    help=N_(
        "Change a colleague's name, team or contact.\n"
        "\n"
        'Example: todo people edit alice --team "Customer Success"'
    ),
)
def people_edit(
    ctx: typer.Context,
    name: PersonName,
    new_name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help=N_("New name."))
    ] = None,
    team: Team = None,
    contact: Contact = None,
) -> None:
    from coo_todo.service.people import edit_person

    env = env_of(ctx)
    updated = edit_person(
        env.store(), name, env.now(), new_name=new_name, team=team, contact=contact
    )
    env.say(_("Updated {person}").format(person=updated.name))


@people_app.command(
    "remove",
    help=N_(
        "Remove a colleague; refused while tasks are delegated to them, unless --reassign.\n"
        "\n"
        "Example: todo people remove bob --reassign alice"
    ),
)
def people_remove(
    ctx: typer.Context,
    name: PersonName,
    reassign: Annotated[
        str | None,
        typer.Option(
            "--reassign",
            metavar="NAME",
            help=N_("Hand their open tasks to this colleague."),
            autocompletion=complete.PEOPLE,
        ),
    ] = None,
) -> None:
    from coo_todo.service.people import remove_person

    env = env_of(ctx)
    removal = remove_person(env.store(), name, env.now(), reassign)
    name = removal.person.name
    if removal.to:
        env.say(
            _("Removed {person}; {count} task(s) now with {other}").format(
                person=name, count=removal.moved, other=removal.to.name
            )
        )
    else:
        env.say(_("Removed {person}").format(person=name))
