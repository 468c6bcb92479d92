"""``todo search``: find tasks by words in their titles and notes."""

from typing import Annotated

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Json, Person
from coo_todo.i18n import N_, _


@app.command(
    help=N_(
        "Find tasks whose title or notes hold every word, case and accents aside.\n"
        "\n"
        "Open tasks come first, highest score first; --all adds done and dropped ones.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo search regence\n"
        "\n"
        "  todo search hotel contract --all --json"
    )
)
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(metavar="WORDS", help=N_("Words to find, all of them."), show_default=False),
    ],
    show_all: Annotated[
        bool, typer.Option("--all", help=N_("Also done and dropped tasks, after the open ones."))
    ] = False,
    person: Person = None,
    json: Json = False,
) -> None:
    from coo_todo import render
    from coo_todo.domain.search import search_terms
    from coo_todo.service.search import delegate_named
    from coo_todo.service.search import search as find

    env = env_of(ctx)
    terms = search_terms(words)
    now = env.now()
    store = env.store(create=False)
    delegate = delegate_named(store, person)
    tasks, scores = find(store, terms, now, env.settings(), closed=show_all, person=delegate)
    if json:
        from coo_todo.formats.contract import task_json

        env.print_json([task_json(task, scores[task.id], now) for task in tasks])
    elif tasks:
        env.out.print(render.task_table(tasks, scores, now, env.out.width))
    else:
        words_typed = repr(" ".join(words))
        env.say(
            _("No task matches {words}").format(words=words_typed)
            if show_all
            else _(
                "No task matches {words} (todo search --all also looks in done and dropped tasks)"
            ).format(words=words_typed)
        )
