"""Commands that capture and manage tasks: add, edit, done, reopen, drop, delete, show, list."""

from typing import Annotated

import typer

from coo_todo.cli import complete
from coo_todo.cli.app import app, env_of
from coo_todo.cli.options import (
    Area,
    BlockedBy,
    Due,
    Effort,
    Every,
    Id,
    Ids,
    Impact,
    InitiativeKey,
    Json,
    Note,
    Person,
    Snooze,
    Tags,
    Urgency,
    single_id,
)
from coo_todo.errors import Declined
from coo_todo.i18n import N_, _

STATUS_CHANGES = {"done": N_("Done"), "dropped": N_("Dropped"), "reopened": N_("Reopened")}
"""The verb that confirms each change of status (``todo done 3``: "Done #3 ...")."""


@app.command(
    help=N_(
        "Capture a task in one line.\n"
        "\n"
        "Inline attributes work among the title's words: due:WHEN impact:N urgency:N effort:D\n"
        "area:NAME blocked-by:ID to:NAME follow:WHEN every:RULE wait:WHEN (snooze) in:KEY (an\n"
        "initiative) and +tag (in a date, a name or a rule, _ stands for a space: due:next_mon\n"
        "to:Alice_M every:2_weeks_on_mon). A date also takes the words that continue it:\n"
        "due:lundi prochain, due:in 3 working days.\n"
        "\n"
        "Examples:\n"
        "\n"
        '  todo add "Renew Acme contract" --impact 5 --urgency 4 --due fri --effort 1h --area '
        "Sales\n"
        "\n"
        "  todo add Renew Acme contract due:fri impact:5 urgency:4 effort:1h area:Sales "
        "+renewal\n"
        "\n"
        "  todo add Update the refund process to:alice follow:next_mon\n"
        "\n"
        '  todo add "Weekly KPI review" every:fri'
    )
)
def add(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="WORDS", help=N_("Title, with optional inline attributes."), show_default=False
        ),
    ],
    impact: Impact = None,
    urgency: Urgency = None,
    due: Due = None,
    effort: Effort = None,
    area: Area = None,
    tag: Tags = None,
    blocked_by: BlockedBy = None,
    note: Note = None,
    every: Every = None,
    snooze: Snooze = None,
    initiative: InitiativeKey = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="NAME",
            help=N_("Delegate it to this colleague at once."),
            autocompletion=complete.PEOPLE,
        ),
    ] = None,
    follow_up: Annotated[
        str | None,
        typer.Option(
            "--follow-up", "-f", metavar="WHEN", help=N_("Follow-up day when delegating.")
        ),
    ] = None,
    create: Annotated[
        bool, typer.Option("--create", help=N_("Add the --to person if unknown."))
    ] = False,
    literal: Annotated[
        bool,
        typer.Option(
            "--literal", help=N_("Keep the title exactly as typed: no inline attributes.")
        ),
    ] = False,
) -> None:
    from coo_todo import render
    from coo_todo.domain.capture import parse_words
    from coo_todo.service.checks import TaskInput, due_year_inferred_far
    from coo_todo.service.delegation import follow_up_after_deadline
    from coo_todo.service.tasks import add_task

    env = env_of(ctx)
    now = env.now()
    settings = env.settings()
    calendar = settings.calendar(now.tzinfo)
    given = TaskInput.merge(
        parse_words(words, now=now, calendar=calendar, order=settings.date_order, literal=literal),
        {
            "impact": impact,
            "urgency": urgency,
            "due": due,
            "effort": effort,
            "area": area,
            "notes": note,
            "every": every,
            "snooze": snooze,
            "initiative": initiative,
            "to": to,
            "follow_up": follow_up,
        },
        tag,
        blocked_by,
    )
    task = add_task(env.store(), given, now, settings, create=create)
    far = due_year_inferred_far(given, now, calendar, settings.date_order)
    env.say(render.task_line(task, now, _("Added"), confirm_year=far))
    warning = follow_up_after_deadline(task, now)
    if warning:
        env.note(warning)


@app.command(
    help=N_(
        'Change a task. Use "none" to clear a due date, an effort, an area, a rule (--every) '
        "or\n"
        "an initiative (in:none).\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo edit 12 --due mon --impact 4\n"
        "\n"
        "  todo edit 12 due:none +board --untag later"
    )
)
def edit(
    ctx: typer.Context,
    task_id: Id,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ATTRIBUTES",
            help=N_("Inline attributes (due:mon +tag ...)."),
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help=N_("New title."))
    ] = None,
    impact: Impact = None,
    urgency: Urgency = None,
    due: Due = None,
    effort: Effort = None,
    area: Area = None,
    tag: Tags = None,
    untag: Annotated[
        list[str] | None, typer.Option("--untag", metavar="TAG", help=N_("Remove a tag."))
    ] = None,
    every: Every = None,
    blocked_by: BlockedBy = None,
    unblock: Annotated[
        list[str] | None,
        typer.Option("--unblock", metavar="ID", help=N_("Stop waiting for this task id.")),
    ] = None,
    note: Note = None,
    snooze: Snooze = None,
    initiative: InitiativeKey = None,
) -> None:
    from coo_todo import render
    from coo_todo.domain.capture import parse_words
    from coo_todo.errors import InvalidInput
    from coo_todo.service.checks import TaskInput, due_year_inferred_far
    from coo_todo.service.tasks import edit_task

    env = env_of(ctx)
    now = env.now()
    settings = env.settings()
    calendar = settings.calendar(now.tzinfo)
    capture = parse_words(words or [], now=now, calendar=calendar, order=settings.date_order)
    if capture.title:
        raise InvalidInput(
            _("not an attribute: {title!r} (use --title to rename)").format(title=capture.title)
        )
    given = TaskInput.merge(
        capture,
        {
            "title": title,
            "impact": impact,
            "urgency": urgency,
            "due": due,
            "effort": effort,
            "area": area,
            "notes": note,
            "every": every,
            "snooze": snooze,
            "initiative": initiative,
        },
        tag,
        blocked_by,
    )
    task = edit_task(
        env.store(),
        single_id(task_id),
        given,
        now,
        settings,
        remove_tags=untag or [],
        unblock=unblock or [],
    )
    far = due_year_inferred_far(given, now, calendar, settings.date_order)
    env.say(render.task_line(task, now, _("Edited"), confirm_year=far))


def _change_status(ctx: typer.Context, ids: list[str], kind: str) -> None:
    from coo_todo import render
    from coo_todo.service.tasks import change_status

    env = env_of(ctx)
    now = env.now()
    for task in change_status(env.store(), ids, kind, now, env.settings()):
        following = kind != "reopened" and task.status == "open"  # a recurring task's next
        verb = _("Next") if following else _(STATUS_CHANGES[kind])
        env.say(render.task_line(task, now, verb))


@app.command(help=N_("Mark tasks done (all or none).\n\nExample: todo done 3 7 12"))
def done(ctx: typer.Context, ids: Ids) -> None:
    _change_status(ctx, ids, "done")


@app.command(help=N_("Reopen done or dropped tasks.\n\nExample: todo reopen 7"))
def reopen(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID",
            help=N_("Task ids."),
            show_default=False,
            autocompletion=complete.CLOSED_TASKS,
        ),
    ],
) -> None:
    _change_status(ctx, ids, "reopened")


@app.command(help=N_("Decide not to do tasks; they stay in the history.\n\nExample: todo drop 9"))
def drop(ctx: typer.Context, ids: Ids) -> None:
    _change_status(ctx, ids, "dropped")


def _confirmed(question: str) -> bool:
    """The user's answer; no answer (no terminal, end of input) is no."""
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:
        return False


@app.command(
    help=N_(
        "Delete a task for good (its history keeps a copy). Prefer drop to keep it visible.\n"
        "\n"
        "Example: todo delete 9 --yes"
    )
)
def delete(
    ctx: typer.Context,
    task_id: Id,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))
    ] = False,
) -> None:
    from coo_todo import render
    from coo_todo.domain.text import visible
    from coo_todo.service.tasks import delete_task

    env = env_of(ctx)
    store = env.store()
    number = single_id(task_id)
    task = store.task(number)
    question = _("Delete #{id} {title}?").format(id=task.id, title=visible(task.title))
    if not yes and not _confirmed(question):
        raise Declined(
            _("nothing deleted (todo delete {id} --yes deletes without asking)").format(id=number)
        )
    now = env.now()
    delete_task(store, number, now)
    env.say(render.task_line(task, now, _("Deleted")))


@app.command(
    help=N_("Show every field of a task, its score and its history.\n\nExample: todo show 12")
)
def show(ctx: typer.Context, task_id: Id, json: Json = False) -> None:
    from coo_todo import render
    from coo_todo.service.ranking import breakdowns

    env = env_of(ctx)
    store = env.store(create=False)
    now = env.now()
    task = store.task(single_id(task_id))
    breakdown = breakdowns([task], store, now, env.settings())[task.id]
    if json:
        from coo_todo.formats.contract import task_json

        env.print_json(task_json(task, breakdown, now))
    else:
        env.out.print(render.task_details(task, breakdown, store.history(task.id), now))


@app.command(
    "list",
    help=N_(
        "List tasks by id (open ones by default).\n"
        "\n"
        "Examples:\n"
        "\n"
        "  todo list --status done --area Sales\n"
        "\n"
        "  todo list --snoozed\n"
        "\n"
        "  todo list --due-before eow --json"
    ),
)
def list_tasks(
    ctx: typer.Context,
    status: Annotated[
        str,
        typer.Option("--status", "-s", metavar="STATUS", help=N_("open, done, dropped or all.")),
    ] = "open",
    area: Area = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", metavar="TAG", help=N_("Only tasks with this tag."))
    ] = None,
    due_before: Annotated[
        str | None,
        typer.Option(
            "--due-before",
            metavar="WHEN",
            help=N_(
                "Only tasks due by WHEN; a day alone includes the whole day (fri, eow, +3d...)."
            ),
        ),
    ] = None,
    snoozed: Annotated[
        bool, typer.Option("--snoozed", help=N_("Only tasks snoozed until a later time."))
    ] = False,
    person: Person = None,
    json: Json = False,
) -> None:
    from coo_todo import render
    from coo_todo.domain.dates import parse_when, to_utc
    from coo_todo.domain.records import STATUSES
    from coo_todo.errors import InvalidInput
    from coo_todo.service.ranking import breakdowns
    from coo_todo.service.search import delegate_named
    from coo_todo.store import TaskFilter

    env = env_of(ctx)
    if status not in (*STATUSES, "all"):
        raise InvalidInput(
            _("--status must be one of {statuses}, all; not {status!r}").format(
                statuses=", ".join(STATUSES), status=status
            )
        )
    now = env.now()
    settings = env.settings()
    calendar = settings.calendar(now.tzinfo)
    store = env.store(create=False)
    delegate = delegate_named(store, person)
    where = TaskFilter(
        status=None if status == "all" else status,
        area=area,
        tag=tag,
        due_before=(
            to_utc(parse_when(due_before, now, calendar, settings.date_order))
            if due_before
            else None
        ),
        snoozed_after=to_utc(now) if snoozed else None,
        delegate_id=None if delegate is None else delegate.id,
    )
    tasks = store.tasks(where)
    scores = breakdowns(tasks, store, now, settings)
    if json:
        from coo_todo.formats.contract import task_json

        env.print_json([task_json(task, scores[task.id], now) for task in tasks])
    elif tasks:
        env.out.print(render.task_table(tasks, scores, now, env.out.width))
    else:
        env.out.print(_("No tasks match."))


@app.command(
    help=N_(
        "Revert the last change (add, edit, done, drop, delete, delegate, follow-up, "
        "people...).\n"
        "\n"
        "Repeated, it walks further back through the history. Every undo is recorded too. A "
        "change\n"
        "that can no longer be reverted is passed over with a one-line reason (exit code 2): "
        "the\n"
        "next undo goes to the change before it.\n"
        "\n"
        "Example: todo undo"
    )
)
def undo(ctx: typer.Context) -> None:
    from coo_todo.service.tasks import undo_last

    env = env_of(ctx)
    for line in undo_last(env.store(create=False), env.now()):
        env.say(_("Undid {change}").format(change=line))
