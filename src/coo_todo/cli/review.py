"""``todo review``: the week's figures, for the Friday review."""

from pathlib import Path
from typing import Annotated

import typer

from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import Json
from coo_todo.i18n import N_, _

FORMATS = ("terminal", "markdown")


@app.command(
    help=N_(
        "The week's figures: done by area and by person, time to done, deadlines met and\n"
        "slipped, follow-ups overdue, the oldest open tasks, what came in vs what went out.\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo review\n"
        "\n"
        "  todo review --since 2026-11-01\n"
        "\n"
        "  todo review --format markdown --output review.md"
    )
)
def review(
    ctx: typer.Context,
    week: Annotated[
        bool, typer.Option("--week", help=N_("This week, from Monday (the default)."))
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help=N_("From that day: 2026-11-01, 1 Nov, mon...")
        ),
    ] = None,
    form: Annotated[
        str,
        typer.Option(
            "--format",
            "-F",
            metavar="FORMAT",
            help=N_("terminal (tables and bars) or markdown (for the wiki)."),
        ),
    ] = "terminal",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=N_("Write the markdown to this file (atomically), its chart (SVG) beside it."),
        ),
    ] = None,
    json: Json = False,
) -> None:
    if week and since is not None:
        raise typer.BadParameter(_("choose --week or --since, not both"), param_hint="--since")
    if form not in FORMATS:
        raise typer.BadParameter(
            _("choose among {formats}").format(formats=", ".join(FORMATS)), param_hint="--format"
        )
    if output is not None and (json or form != "markdown"):
        raise typer.BadParameter(_("--output writes markdown: --format markdown, without --json"))
    from coo_todo.service.review import weekly_review

    env = env_of(ctx)
    now = env.now()
    figures = weekly_review(env.store(create=False), now, env.settings(), since)
    if json:
        from coo_todo.formats.contract import review_json

        env.print_json(review_json(figures, now))
    elif form == "markdown":
        from coo_todo.formats.review import review_markdown

        image = chart_beside(output)
        if output is None or image is None:
            env.write(review_markdown(figures, now), output)
            return
        from coo_todo.formats.chart import CHART_MARK, review_svg
        from coo_todo.user_files import check_replaceable

        env.check_output(output)
        env.check_output(image)
        check_replaceable(image, CHART_MARK)
        chart = review_svg(figures, now)
        env.write(chart, image)
        env.write(review_markdown(figures, now, image.name), output)
    else:
        from coo_todo.cli.render_review import review_view

        env.out.print(review_view(figures, now, env.out.width))


def chart_beside(output: Path | None) -> Path | None:
    """Where the chart of a markdown file goes: ``review.md`` -> ``review.svg``; none when the
    markdown goes to stdout, a pipe or a terminal."""
    if output is None or str(output) == "-" or (output.exists() and not output.is_file()):
        return None
    if output.suffix.lower() == ".svg":
        raise typer.BadParameter(_("name the markdown file (review.md): its chart goes beside it"))
    return output.with_suffix(".svg")
