"""``todo whoami`` and ``todo team``: one shared list on PostgreSQL for a leadership team."""

from typing import Annotated

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Json, PersonName
from coo_todo.i18n import N_, _

team_app = typer.Typer(
    help=(
        N_(
            "Team mode (a shared PostgreSQL list): members, each with their own database role, "
            "and the areas the whole team sees. Without a subcommand: list them."
        )
    ),
    invoke_without_command=True,
)
app.add_typer(team_app, name="team")

Area = Annotated[str, typer.Argument(metavar="AREA", help=N_("An area, e.g. Sales."))]


@app.command(
    help=N_(
        "Who you are on this list: your database role and, in team mode, the member it is.\n"
        "\n"
        "Example: todo whoami"
    )
)
def whoami(ctx: typer.Context, json: Json = False) -> None:
    from coo_todo.service.team import whoami as identity

    env = env_of(ctx)
    me = identity(env.store(create=False))
    member = me.member.name if me.member else None
    if json:
        env.print_json({"login": me.login, "member": member, "admin": me.admin})
    elif me.login is None:
        env.say(_("You own this list (an SQLite file: one user, no team mode)."))
    else:
        who = (
            f"{member} ({me.login})"
            if member
            else _("{login}, not a member of the team").format(login=me.login)
        )
        env.say(who + (_(", the team's admin") if me.admin else ""))


@team_app.callback()
def team_list(ctx: typer.Context, json: Json = False) -> None:
    """List the members and the areas shared with the whole team.

    Example: todo team
    """
    if ctx.invoked_subcommand is not None:
        return
    env = env_of(ctx)
    store = env.store(create=False)
    members, areas = store.members(), store.shared_areas()
    if json:
        env.print_json(
            {
                "members": [{"name": m.name, "login": m.login} for m in members],
                "shared_areas": areas,
            }
        )
        return
    for member in members:
        env.say(f"{member.name} ({member.login})")
    if not members:
        env.say(_("No members yet. Add one: todo team add Karim --login karim"))
    env.say(_("Shared areas: {areas}").format(areas=", ".join(areas) if areas else _("none")))


@team_app.command(
    "add",
    help=N_(
        "Make a colleague a member: they sign in with their own role and see their own tasks,\n"
        "those delegated to them and the shared areas. Run by the team's admin.\n"
        "\n"
        'Example: todo team add "Karim Haddad" --login karim'
    ),
)
def team_add(
    ctx: typer.Context,
    name: PersonName,
    login: Annotated[
        str,
        typer.Option(
            "--login", metavar="ROLE", help=N_("Their PostgreSQL role (create it first).")
        ),
    ],
) -> None:
    from coo_todo.service.team import add_member

    env = env_of(ctx)
    member = add_member(env.store(create=False), name, login, env.now())
    env.say(_("{name} is a member, as {login}").format(name=member.name, login=member.login))


@team_app.command(
    "remove",
    help=N_(
        "A member leaves the team: their role loses access; they stay a colleague you can\n"
        "delegate to, and their tasks stay.\n"
        "\n"
        "Example: todo team remove karim"
    ),
)
def team_remove(ctx: typer.Context, name: PersonName) -> None:
    from coo_todo.service.team import remove_member

    env = env_of(ctx)
    person = remove_member(env.store(create=False), name, env.now())
    env.say(_("{name} is no longer a member").format(name=person.name))


@team_app.command(
    "share",
    help=N_(
        "Share an area: every member sees and can change its tasks.\n"
        "\n"
        "Example: todo team share Operations"
    ),
)
def team_share(ctx: typer.Context, area: Area) -> None:
    from coo_todo.service.team import share_area

    env = env_of(ctx)
    changed = share_area(env.store(create=False), area)
    message = _("Shared {area} with the team") if changed else _("{area} was shared")
    env.say(message.format(area=area.strip()))


@team_app.command(
    "unshare",
    help=N_(
        "Stop sharing an area: its tasks are again their owners' and delegates' only.\n"
        "\n"
        "Example: todo team unshare Operations"
    ),
)
def team_unshare(ctx: typer.Context, area: Area) -> None:
    from coo_todo.service.team import share_area

    env = env_of(ctx)
    changed = share_area(env.store(create=False), area, shared=False)
    message = _("Stopped sharing {area}") if changed else _("{area} was not shared")
    env.say(message.format(area=area.strip()))
