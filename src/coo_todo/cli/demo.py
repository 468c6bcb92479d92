"""``todo demo``: a realistic morning in a scratch database, triaged."""

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.i18n import N_, _

DEMO_FILE = "demo.sqlite"


@app.command(
    help=N_(
        "Load about thirty tasks of a COO's morning into a scratch database and triage them.\n"
        "\n"
        "The scratch database is recreated each time in the data folder (or is the --db you "
        "give);\n"
        "your own list is never touched.\n"
        "\n"
        "Example: todo demo"
    )
)
def demo(ctx: typer.Context) -> None:
    from coo_todo import render
    from coo_todo.errors import InvalidInput
    from coo_todo.service.demo import load_demo
    from coo_todo.service.ranking import triage

    env = env_of(ctx)
    if env.db_option:
        url = env.paths.database_url(env.db_option)
    else:
        path = env.paths.data_dir() / DEMO_FILE
        for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    store = env.open_store(url)
    if store.tasks():
        raise InvalidInput(
            _("{url} already holds tasks: give todo demo an empty --db").format(url=url)
        )
    now = env.now()
    load_demo(store, now)
    view = triage(store, now, env.settings())
    env.out.print(render.triage_table(view.ranking.ranked, now, env.out.width))
    target = f"--db {env.db_option}" if env.db_option else f"--db {url.removeprefix('sqlite:///')}"
    env.say("")
    env.say(_("Demo database: {url}").format(url=url))
    env.say(
        _(
            "Explore it: todo {target} explain 6   (or show 6, triage --all, done 4, list --json)"
        ).format(target=target)
    )
