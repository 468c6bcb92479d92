"""The morning view: triage and explain."""

from typing import Annotated

import typer

from coo_todo.cli.app import Env, app, env_of
from coo_todo.cli.options import Area, Id, Json, Person, at_least_one, single_id
from coo_todo.errors import InvalidInput
from coo_todo.i18n import N_, _, ngettext

LEFT_OUT_SHOWN = 10  # plan --all's help says 10 (a literal, for the catalogs)
"""How many tasks left out of the plan ``todo plan`` lists without ``--all``."""


def hours_typed(text: str) -> float:
    """``--hours``: a number, with a decimal point or, as French writes it, a comma (``2,5``)."""
    from coo_todo.domain.dates import decimal_point

    try:
        return float(decimal_point(text.strip()))
    except ValueError:
        raise typer.BadParameter(
            _("{text!r} is not a number of hours (2.5, 2,5)").format(text=text)
        ) from None


@app.command(
    help=N_(
        "Rank every open task by impact and time pressure, highest score first.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo triage --limit 10\n"
        "\n"
        "  todo triage --area Sales --json\n"
        "\n"
        "  todo triage -i"
    )
)
def triage(
    ctx: typer.Context,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-l", metavar="N", callback=at_least_one, help=N_("Show the top N only.")
        ),
    ] = None,
    area: Area = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", metavar="TAG", help=N_("Only tasks with this tag."))
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help=N_("Also list blocked tasks and what they wait for."))
    ] = False,
    person: Person = None,
    json: Json = False,
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive",
            "-i",
            help=N_("Open the interactive screen (also: todo alone, on a terminal)."),
        ),
    ] = False,
) -> None:
    from coo_todo import render
    from coo_todo.service.ranking import triage as triage_view
    from coo_todo.service.search import delegate_named

    env = env_of(ctx)
    if interactive:
        _open_screen(env)
        return
    now = env.now()
    store = env.store(create=False)
    delegate = delegate_named(store, person)
    name = None if delegate is None else delegate.name
    view = triage_view(store, now, env.settings(), area=area, tag=tag, delegate=name, limit=limit)
    ranked = view.ranking.ranked[:limit]
    if json:
        from coo_todo.formats.contract import task_json

        env.print_json([task_json(entry.task, entry.breakdown, now) for entry in ranked])
        return
    ranking = view.ranking
    if not ranked and not ranking.blocked and not ranking.waiting and not ranking.snoozed:
        if view.open_tasks:
            filters = {"--area": area, "--tag": tag, "--person": name}
            used = [f"{option} {value!r}" for option, value in filters.items() if value is not None]
            matched = _(" and ").join(used)
            env.say(
                _("No open task matches {filters} ({count} open in all: todo triage)").format(
                    filters=matched, count=view.open_tasks
                )
            )
        else:
            env.say(_('Nothing to triage. Add a first task: todo add "Call Acme" due:fri impact:4'))
        return
    if ranked:
        env.out.print(render.triage_table(ranked, now, env.out.width))
    hidden = len(view.ranking.blocked)
    if show_all and hidden:
        env.out.print(render.blocked_table(view.ranking.blocked, view.titles))
    elif hidden:
        env.say(
            ngettext(
                "{count} blocked task not shown: todo triage --all",
                "{count} blocked tasks not shown: todo triage --all",
                hidden,
            ).format(count=hidden)
        )
    delegated = len(view.ranking.waiting)
    if delegated:
        env.say(
            ngettext(
                "{count} delegated task waiting for their follow-up day: todo waiting",
                "{count} delegated tasks waiting for their follow-up day: todo waiting",
                delegated,
            ).format(count=delegated)
        )
    snoozed = len(view.ranking.snoozed)
    if snoozed:
        env.say(
            ngettext(
                "{count} snoozed task not shown: todo list --snoozed",
                "{count} snoozed tasks not shown: todo list --snoozed",
                snoozed,
            ).format(count=snoozed)
        )


def _open_screen(env: Env) -> None:
    """The interactive screen, on this terminal; refused in a pipe, where it could not draw."""
    if not env.on_terminal():
        raise InvalidInput(_("the interactive screen needs a terminal: try todo triage"))
    from coo_todo import clock
    from coo_todo.tui import open_screen

    open_screen(env.store(), env.settings(), lambda: clock.now(env.environ))


@app.command(
    help=N_(
        "Show why a task scores what it does: each term, its value, weight and reason.\n"
        "\n"
        "Example: todo explain 12"
    )
)
def explain(ctx: typer.Context, task_id: Id, json: Json = False) -> None:
    from coo_todo import render
    from coo_todo.service.ranking import explain as explain_task

    env = env_of(ctx)
    now = env.now()
    why = explain_task(env.store(create=False), single_id(task_id), now, env.settings())
    if json:
        from coo_todo.formats.contract import explanation_json

        env.print_json(explanation_json(why.task, why.breakdown, why.rank))
        return
    shown = render.explanation(
        why.task, why.breakdown, why.rank, why.of, why.waiting_for, env.out.width
    )
    env.out.print(shown)


@app.command(
    help=N_(
        "Plan today: the ranked tasks that fit in the hours left, whole, deadlines that cannot\n"
        "wait first, then by score; what is left out, and why.\n"
        "\n"
        "A task without an effort estimate counts [work] default_effort (30m).\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo plan\n"
        "\n"
        "  todo plan --hours 6 --json"
    )
)
def plan(
    ctx: typer.Context,
    hours: Annotated[
        float | None,
        typer.Option(
            "--hours",
            "-H",
            metavar="HOURS",
            parser=hours_typed,
            help=N_("Hours to fill (default: the working hours left today minus [work] meetings)."),
            show_default=False,
        ),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", help=N_("List every task left out, not the first 10.")),
    ] = False,
    json: Json = False,
) -> None:
    from coo_todo import render
    from coo_todo.service.planning import plan_today

    env = env_of(ctx)
    now = env.now()
    listed = None if show_all or json else LEFT_OUT_SHOWN
    day = plan_today(env.store(create=False), now, env.settings(), hours, listed)
    if json:
        from coo_todo.formats.contract import plan_json

        env.print_json(plan_json(day, now))
        return
    env.out.print(render.plan_view(day, now, listed))
    hidden = len(day.left_out) + day.unlisted - LEFT_OUT_SHOWN
    if not show_all and hidden > 0:
        more = ngettext(
            "{count} more left out: todo plan --all",
            "{count} more left out: todo plan --all",
            hidden,
        )
        env.say(more.format(count=hidden))
    if day.capacity.closed is not None:
        env.say(_("To plan anyway: todo plan --hours N"))
