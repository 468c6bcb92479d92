"""``todo server``: the resident process that answers commands in milliseconds."""

import time

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Json
from coo_todo.errors import ConfigError
from coo_todo.i18n import N_, _, format_fixed, ngettext

server_app = typer.Typer(
    help=N_("The resident server that makes every todo answer at once: status, start, stop."),
    no_args_is_help=True,
)
app.add_typer(server_app, name="server")


@server_app.command(
    "status",
    help=N_(
        "Say whether a server runs: its pid, socket, memory and the commands it served\n"
        "(exit code 1 if none runs).\n"
        "\n"
        "Example: todo server status"
    ),
)
def server_status(ctx: typer.Context, json: Json = False) -> None:
    from coo_todo.service import server

    env = env_of(ctx)
    details = server.status(server.place(env.environ))
    if json:
        env.print_json(details)
        return
    now = time.time()
    resident = details["resident_kib"]
    served = details["requests"]
    lines = [
        ngettext(
            "Server running: pid {pid}, coo-todo {version}, up {up}, {served} command served",
            "Server running: pid {pid}, coo-todo {version}, up {up}, {served} commands served",
            served,
        ).format(
            pid=details["pid"],
            version=details["version"],
            up=_duration(now - details["started"]),
            served=served,
        ),
        _("Socket: {socket}").format(socket=details["socket"]),
        _("Memory: {mib} MiB resident").format(mib=format_fixed(resident / 1024))
        if resident
        else _("Memory: unknown"),
        _("Stops after {idle} without a command").format(
            idle=_duration(details["idle_exit_seconds"])
        ),
        _("Code: current")
        if details["current"]
        else _("Code: changed since it started; the next command replaces it"),
    ]
    for line in lines:
        env.say(line)


@server_app.command(
    "start",
    help=N_(
        "Start the server in the background (any todo command also starts one when none\n"
        "answers), and wait until it answers.\n"
        "\n"
        "Example: todo server start"
    ),
)
def server_start(ctx: typer.Context) -> None:
    from coo_todo.service import server

    env = env_of(ctx)
    if not env.settings().server.enabled:
        raise ConfigError(
            _("the config turns the server off ([server] enabled = false in {path})").format(
                path=env.paths.config_file()
            )
        )
    details = server.start(server.place(env.environ), env.environ)
    env.say(
        _("Server running: pid {pid}, socket {socket}").format(
            pid=details["pid"], socket=details["socket"]
        )
    )


@server_app.command(
    "stop",
    help=N_(
        "Stop the server: it takes no more commands and leaves once those running end (exit\n"
        "code 1 if none runs). The next todo command starts a new one.\n"
        "\n"
        "Example: todo server stop"
    ),
)
def server_stop(ctx: typer.Context) -> None:
    from coo_todo.service import server

    env = env_of(ctx)
    pid = server.stop(server.place(env.environ))
    env.say(_("Stopped the server (pid {pid})").format(pid=pid))


def _duration(seconds: float) -> str:
    """``45s``, ``12m``, ``3h05``."""
    if seconds < 60:
        return f"{seconds:.0f}s"
    if seconds < 3600:
        return f"{seconds // 60:.0f}m"
    return f"{seconds // 3600:.0f}h{seconds % 3600 // 60:02.0f}"
