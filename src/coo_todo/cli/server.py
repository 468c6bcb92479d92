"""``todo server``: the resident process that answers commands in milliseconds."""

import time

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Json
from coo_todo.errors import ConfigError

server_app = typer.Typer(
    help="The resident server that makes every todo answer at once: status, start, stop.",
    no_args_is_help=True,
)
app.add_typer(server_app, name="server")


@server_app.command("status")
def server_status(ctx: typer.Context, json: Json = False) -> None:
    """Say whether a server runs: its pid, socket, memory and the commands it served
    (exit code 1 if none runs).

    Example: todo server status
    """
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
        f"Server running: pid {details['pid']}, coo-todo {details['version']}, "
        f"up {_duration(now - details['started'])}, "
        f"{served} command{'' if served == 1 else 's'} served",
        f"Socket: {details['socket']}",
        f"Memory: {resident / 1024:.1f} MiB resident" if resident else "Memory: unknown",
        f"Stops after {_duration(details['idle_exit_seconds'])} without a command",
        "Code: current"
        if details["current"]
        else "Code: changed since it started; the next command replaces it",
    ]
    for line in lines:
        env.say(line)


@server_app.command("start")
def server_start(ctx: typer.Context) -> None:
    """Start the server in the background (any todo command also starts one when none
    answers), and wait until it answers.

    Example: todo server start
    """
    from coo_todo.service import server

    env = env_of(ctx)
    if not env.settings().server.enabled:
        raise ConfigError(
            f"the config turns the server off ([server] enabled = false in "
            f"{env.paths.config_file()})"
        )
    details = server.start(server.place(env.environ), env.environ)
    env.say(f"Server running: pid {details['pid']}, socket {details['socket']}")


@server_app.command("stop")
def server_stop(ctx: typer.Context) -> None:
    """Stop the server: it takes no more commands and leaves once those running end (exit
    code 1 if none runs). The next todo command starts a new one.

    Example: todo server stop
    """
    from coo_todo.service import server

    env = env_of(ctx)
    pid = server.stop(server.place(env.environ))
    env.say(f"Stopped the server (pid {pid})")


def _duration(seconds: float) -> str:
    """``45s``, ``12m``, ``3h05``."""
    if seconds < 60:
        return f"{seconds:.0f}s"
    if seconds < 3600:
        return f"{seconds // 60:.0f}m"
    return f"{seconds // 3600:.0f}h{seconds % 3600 // 60:02.0f}"
