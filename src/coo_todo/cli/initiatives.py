"""``todo initiative``: cycles of work reviewed with the people concerned on a cadence."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from coo_todo.cli.app import Env, app, env_of
from coo_todo.cli.options import Json
from coo_todo.i18n import N_, _, format_fixed, ngettext

if TYPE_CHECKING:
    from coo_todo.domain.initiatives import InitiativeRecord

initiative_app = typer.Typer(
    help=N_(
        "Initiatives: tasks grouped for a goal, reviewed on a cadence. Without a subcommand: "
        "list them."
    ),
    invoke_without_command=True,
)
app.add_typer(initiative_app, name="initiative")

Key = Annotated[str, typer.Argument(metavar="KEY", help=N_("The initiative's key (crm)."))]
AreaOption = Annotated[str | None, typer.Option("--area", metavar="AREA", help=N_("Its area."))]
With = Annotated[
    str | None,
    typer.Option(
        "--with", metavar="NAMES", help=N_('Its members, comma-separated ("Karim,Chloé").')
    ),
]
Review = Annotated[
    str | None,
    typer.Option("--review", metavar="RULE", help=N_("Review cadence: every:2w, every:mon, none.")),
]
Goal = Annotated[str | None, typer.Option("--goal", metavar="TEXT", help=N_("Its goal, one line."))]
Target = Annotated[str | None, typer.Option("--target", metavar="DATE", help=N_("Target date."))]


@initiative_app.callback()
def initiative_list(ctx: typer.Context, json: Json = False) -> None:
    """List every initiative: its state, next review, how many tasks moved since the last one.

    Example: todo initiative list
    """
    if ctx.invoked_subcommand is not None:
        return
    _list(ctx, json)


@initiative_app.command(
    "list",
    help=N_(
        "List every initiative: its state, next review, how many tasks moved since the last "
        "one.\n"
        "\n"
        "Example: todo initiative list --json"
    ),
)
def list_command(ctx: typer.Context, json: Json = False) -> None:
    _list(ctx, json)


def _list(ctx: typer.Context, json: bool) -> None:
    from coo_todo.cli.initiative_views import initiatives_table
    from coo_todo.formats.contract import initiative_json
    from coo_todo.service.initiatives import summaries

    env = env_of(ctx)
    found = summaries(env.store(create=False))
    now = env.now()
    if json:
        env.print_json([initiative_json(s.initiative, s.last_review, s.moved, now) for s in found])
    elif found:
        rows = [
            (
                s.initiative.key,
                s.initiative.name,
                s.initiative.state,
                s.initiative.next_review,
                s.moved,
            )
            for s in found
        ]
        env.out.print(initiatives_table(rows, now))
    else:
        env.say(_('No initiative yet: todo initiative add "CRM migration" --review every:2w'))


@initiative_app.command(
    "add",
    help=N_(
        "Start an initiative today; its review comes back into the triage on its cadence.\n"
        "\n"
        'Example: todo initiative add "CRM migration" --area Sales --with "Karim,Chloé" '
        "--review every:2w"
    ),
)
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help=N_("What you call it."))],
    key: Annotated[
        str | None,
        typer.Option("--key", metavar="KEY", help=N_("What you type (default: first word).")),
    ] = None,
    area: AreaOption = None,
    members: With = None,
    review: Review = None,
    goal: Goal = None,
    target: Target = None,
) -> None:
    from coo_todo.service.initiatives import add_initiative

    env = env_of(ctx)
    now = env.now()
    found = add_initiative(
        env.store(),
        name,
        now,
        env.settings(),
        key=key,
        area=area,
        members=members,
        review=review,
        goal=goal,
        target=target,
    )
    _say_changed(env, found, N_("Added {key}: {name} ({state})"), now)


def _say_changed(env: Env, found: "InitiativeRecord", message: str, now: datetime) -> None:
    """``Added crm: CRM migration (active, next review Mon 21 Dec)``: ``message`` (marked with
    ``N_``) says what was done, with the initiative's key, name and state."""
    from rich.text import Text

    from coo_todo.domain import dates
    from coo_todo.domain.initiatives import state_name

    state = state_name(found.state)
    if found.next_review and found.state == "active":
        day = dates.format_day(dates.from_utc(found.next_review, now.tzinfo), now)
        state = _("{state}, next review {day}").format(state=state, day=day)
    env.say(Text(_(message).format(key=found.key, name=found.name, state=state)))


@initiative_app.command(
    "edit",
    help=N_(
        "Change an initiative: name, key, area, goal, target, cadence, members.\n"
        "\n"
        "Example: todo initiative edit crm --review every:3w --with Lina --without Karim"
    ),
)
def edit(
    ctx: typer.Context,
    key: Key,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help=N_("New name."))
    ] = None,
    new_key: Annotated[
        str | None, typer.Option("--key", metavar="KEY", help=N_("New key."))
    ] = None,
    area: AreaOption = None,
    members: With = None,
    remove: Annotated[
        str | None, typer.Option("--without", metavar="NAMES", help=N_("Members to remove."))
    ] = None,
    review: Review = None,
    goal: Goal = None,
    target: Target = None,
) -> None:
    from coo_todo.service.initiatives import edit_initiative

    env = env_of(ctx)
    now = env.now()
    found = edit_initiative(
        env.store(),
        key,
        now,
        env.settings(),
        name=name,
        new_key=new_key,
        goal=goal,
        area=area,
        target=target,
        review=review,
        members=members,
        remove=remove,
    )
    _say_changed(env, found, N_("Edited {key}: {name} ({state})"), now)


def _state(ctx: typer.Context, key: str, command: str, message: str) -> None:
    from coo_todo.service.initiatives import change_state

    env = env_of(ctx)
    now = env.now()
    _say_changed(env, change_state(env.store(), key, command, now, env.settings()), message, now)


@initiative_app.command(
    "pause",
    help=N_(
        "Pause an initiative: its review leaves the triage until you resume it.\n"
        "\n"
        "Example: todo initiative pause crm"
    ),
)
def pause(ctx: typer.Context, key: Key) -> None:
    _state(ctx, key, "pause", N_("Paused {key}: {name} ({state})"))


@initiative_app.command(
    "resume",
    help=N_(
        "Resume a paused initiative: its next review counts from today.\n"
        "\n"
        "Example: todo initiative resume crm"
    ),
)
def resume(ctx: typer.Context, key: Key) -> None:
    _state(ctx, key, "resume", N_("Resumed {key}: {name} ({state})"))


@initiative_app.command(
    "close",
    help=N_(
        "Close an initiative (done): no more reviews; its history stays.\n"
        "\n"
        "Example: todo initiative close crm"
    ),
)
def close(ctx: typer.Context, key: Key) -> None:
    _state(ctx, key, "close", N_("Closed {key}: {name} ({state})"))


@initiative_app.command(
    "review",
    help=N_(
        "Record the review held today: what was agreed; the next one is set by the cadence.\n"
        "\n"
        'Example: todo initiative review crm --note "Karim exports the accounts by Friday"'
    ),
)
def review(
    ctx: typer.Context,
    key: Key,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help=N_("What was agreed."))
    ] = None,
) -> None:
    from coo_todo.service.initiatives import record_review

    env = env_of(ctx)
    now = env.now()
    _say_changed(
        env,
        record_review(env.store(), key, note, now, env.settings()),
        N_("Reviewed {key}: {name} ({state})"),
        now,
    )


@initiative_app.command(
    "show",
    help=N_(
        "Progress from the history: a weekly burn-up, days since start, median time to done,\n"
        "what waits on whom.\n"
        "\n"
        "Example: todo initiative show crm"
    ),
)
def show(ctx: typer.Context, key: Key, json: Json = False) -> None:
    from coo_todo.cli.initiative_views import burn_up_chart, progress_view
    from coo_todo.domain import dates
    from coo_todo.domain.initiatives import state_name
    from coo_todo.formats.contract import progress_json
    from coo_todo.service.initiatives import progress

    env = env_of(ctx)
    now = env.now()
    found = progress(env.store(create=False), key, now)
    item = found.initiative
    if json:
        env.print_json(progress_json(found, now))
        return
    median = found.median_days_to_done
    started = found.days_since_start
    header = [
        (_("Initiative"), f"{item.name} ({item.key}, {state_name(item.state)})"),
        (_("Goal"), item.goal or "-"),
        (_("Members"), ", ".join(item.members) or "-"),
        (
            _("Started"),
            ngettext("{days} day ago", "{days} days ago", started).format(days=started),
        ),
        (
            _("Median time to done"),
            "-" if median is None else _("{days} days").format(days=format_fixed(median)),
        ),
        (_("Reviews held"), str(len(found.reviews))),
    ]
    if item.next_review is not None and item.state == "active":
        header.append(
            (_("Next review"), dates.format_day(dates.from_utc(item.next_review, now.tzinfo), now))
        )
    waiting = [(task.id, task.delegate or "", task.title) for task in found.waiting]
    env.out.print(progress_view(header, burn_up_chart(found.burn_up), waiting))


@initiative_app.command(
    "brief",
    help=N_(
        "The review meeting's agenda in markdown: agreed last time, done since, still open "
        "(own\n"
        "and delegated), slipped, next decisions.\n"
        "\n"
        "Example: todo initiative brief crm > crm-review.md"
    ),
)
def brief(ctx: typer.Context, key: Key) -> None:
    from coo_todo.domain import dates
    from coo_todo.domain.initiatives import agenda_markdown
    from coo_todo.service.initiatives import review_agenda

    env = env_of(ctx)
    now = env.now()
    agenda = review_agenda(env.store(create=False), key, now)
    env.write(agenda_markdown(agenda, dates.format_day(now, now, year=True)), None)
