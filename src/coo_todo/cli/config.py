"""``todo config``: where the config file is and which weights are in force."""

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Json
from coo_todo.i18n import N_, _

config_app = typer.Typer(
    help=N_("The config file and the scoring weights in force."), no_args_is_help=True
)
app.add_typer(config_app, name="config")


@config_app.command(
    "path",
    help=N_("Print the config file's location (it need not exist).\n\nExample: todo config path"),
)
def config_path(ctx: typer.Context) -> None:
    env = env_of(ctx)
    env.say(str(env.paths.config_file()))


@config_app.command(
    "show",
    help=N_(
        "Print the scoring weights, working hours and order of numeric dates in force\n"
        "(defaults, overridden by the config file). --json prints the weights.\n"
        "\n"
        "Example: todo config show"
    ),
)
def config_show(ctx: typer.Context, json: Json = False) -> None:
    from coo_todo import render
    from coo_todo.domain.dates import DAY_FIRST
    from coo_todo.domain.scoring import DEFAULT_WEIGHTS
    from coo_todo.domain.worktime import DAY_NAMES

    env = env_of(ctx)
    weights = env.settings().weights.as_dict()
    if json:
        env.print_json(weights)
        return
    title = _("Weights (set them under [weights] in {path})").format(path=env.paths.config_file())
    env.out.print(render.weights_table(weights, DEFAULT_WEIGHTS.as_dict(), title))
    work = env.settings().work
    days = " ".join(DAY_NAMES[day] for day in sorted(work.days))
    hours = f"{work.start:%H:%M}-{work.end:%H:%M}"
    env.say(
        _("Working hours (set them under [work]): {days}, {hours}").format(days=days, hours=hours)
    )
    if work.holidays or work.country:
        listed = " ".join(day.isoformat() for day in sorted(work.holidays))
        country = (
            _("{country}'s public holidays").format(country=work.country) if work.country else ""
        )
        parts = [part for part in (country, listed) if part]
        env.say(_("Days off: {days}").format(days=_(" and ").join(parts)))
    day_first = env.settings().date_order == DAY_FIRST
    order = _("day first, 04/12 is 4 Dec") if day_first else _("month first, 04/12 is Apr 12")
    env.say(
        _("Numeric dates (set them under [dates], or --date-order): {order}").format(order=order)
    )
