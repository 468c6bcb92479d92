"""The weekly review as text: markdown for the wiki (tables, an image link, a text chart that
any wiki shows), and the bars and sparklines the terminal shares with it. Pure: text out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from urllib.parse import quote

from coo_todo.domain import dates
from coo_todo.domain.review import DoneFigures, Flow, Review, format_span
from coo_todo.formats.markdown import md
from coo_todo.i18n import N_, _, format_date_pattern

EIGHTHS = " ▏▎▍▌▋▊▉█"
LEVELS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 20
"""The cells of the longest bar."""


def bar(value: int, most: int, width: int = BAR_WIDTH, blocks: str = EIGHTHS) -> str:
    """A horizontal bar of ``value`` against ``most`` (the longest, ``width`` cells), to an
    eighth of a cell; ``blocks`` ``" #"`` draws it in ASCII, whole cells only."""
    if most <= 0 or value <= 0:
        return ""
    steps = len(blocks) - 1
    length = max(1, round(value / most * width * steps))
    full, part = divmod(length, steps)
    return blocks[-1] * full + (blocks[part] if part else "")


def sparkline(values: Sequence[int]) -> str:
    """One character per value, its height against the largest (all low when all are 0)."""
    most = max(values, default=0)
    if most == 0:
        return LEVELS[0] * len(values)
    top = len(LEVELS) - 1
    return "".join(LEVELS[round(value / most * top)] for value in values)


def step_label(step: Flow, unit: str, now: datetime) -> str:
    """A step of the period as the chart names it: ``Mon 23``, ``w. 23 Nov``, ``Nov 2026``."""
    start = dates.from_utc(step.start, now.tzinfo)
    if unit == "day":
        return format_date_pattern(start.date(), "EEE dd") or f"{start:%a %d}"
    if unit == "week":
        day = format_date_pattern(start.date(), "dd MMM") or f"{start:%d %b}"
        return _("w. {day}").format(day=day)
    if unit == "month":
        return format_date_pattern(start.date(), "MMM y") or f"{start:%b %Y}"
    return f"{start:%Y}"


def period_title(review: Review, now: datetime) -> str:
    """``Review: Mon 23 Nov 2026 to Thu 26 Nov 2026 09:00``."""
    start = dates.from_utc(review.period.start, now.tzinfo)
    end = dates.from_utc(review.period.end, now.tzinfo)
    first = format_date_pattern(start.date(), "EEE dd MMM y") or f"{start:%a %d %b %Y}"
    last = format_date_pattern(end.date(), "EEE dd MMM y") or f"{end:%a %d %b %Y}"
    return _("Review: {start} to {end} {time}").format(start=first, end=last, time=f"{end:%H:%M}")


def summary_line(review: Review) -> str:
    """What the period comes to, in one line."""
    total, flow = review.total, review.flow
    came_in = sum(step.came_in for step in flow)
    dropped = sum(step.dropped for step in flow)
    return _(
        "{done} done ({own} yours, {delegated} delegated), {dropped} dropped, {came_in} came in; "
        "time to done: median {median}, 90% within {p90}"
    ).format(
        done=total.done,
        own=total.own,
        delegated=total.delegated,
        dropped=dropped,
        came_in=came_in,
        median=format_span(total.median_seconds),
        p90=format_span(total.p90_seconds),
    )


def deadlines_line(review: Review) -> str:
    total = review.total
    return _(
        "Deadlines: {met} met, {late} done late, {open} open past due, "
        "{postponed} moved later this period"
    ).format(met=total.met, late=total.late, open=review.open_past_due, postponed=review.postponed)


def person_name(figures: DoneFigures) -> str:
    """Who a row of the by-person figures is about: a colleague, or you (not delegated)."""
    return figures.key if figures.key is not None else _("(you)")


def area_name(figures: DoneFigures) -> str:
    return figures.key if figures.key is not None else _("(no area)")


def flow_chart(review: Review, now: datetime) -> str:
    """In vs out as plain text, two ASCII bars per step: it survives any wiki and any font."""
    most = max((max(s.came_in, s.done + s.dropped) for s in review.flow), default=0)
    labels = [step_label(step, review.period.unit, now) for step in review.flow]
    width = max(map(len, labels), default=0)
    into, out_of = aligned(_("in"), _("out"))
    lines = []
    for label, step in zip(labels, review.flow, strict=True):
        out = step.done + step.dropped
        came_in = f"{label:<{width}}  {into} {step.came_in:>5} {bar(step.came_in, most, 30, ' #')}"
        went_out = f"{'':<{width}}  {out_of} {out:>5} {bar(out, most, 30, ' =')}"
        lines += [came_in.rstrip(), went_out.rstrip()]
    return "\n".join(lines)


def review_markdown(review: Review, now: datetime, image: str | None = None) -> str:
    """The review as a markdown page: summary, tables by area and by person, deadlines,
    follow-ups overdue, the oldest open tasks, in vs out (``image``: the chart's file name,
    linked beside the text chart)."""
    lines = [f"# {period_title(review, now)}", "", summary_line(review), ""]
    for title, rows, name in (
        (_("Done by area"), review.by_area, area_name),
        (_("Done by person"), review.by_person, person_name),
    ):
        lines += [f"## {title}", ""]
        lines += _figures_table(rows, name) if rows else [_("Nothing done in this period."), ""]
    lines += ["## " + _("Deadlines"), "", deadlines_line(review), ""]
    lines += ["## " + _("Follow-ups overdue"), ""]
    lines += _table(
        _header((N_("Person"), N_("Tasks"), N_("Oldest follow-up")), "|---|---:|---|"),
        [
            f"| {md(debt.person)} | {debt.tasks} | "
            f"{dates.format_day(debt.oldest_follow_up, now, year=True)} |"
            for debt in review.follow_ups
        ],
    )
    lines += ["", "## " + _("Oldest open tasks"), ""]
    lines += _table(
        _header(
            (N_("ID"), N_("Title"), N_("Area"), N_("Captured"), N_("With")),
            "|---:|---|---|---|---|",
        ),
        [
            f"| {task.id} | {md(task.title)} | {md(task.area or '')} | "
            f"{dates.format_date(task.created_at, now, year=True)} | {md(task.delegate or '')} |"
            for task in review.oldest
        ],
    )
    lines += ["", "## " + _("In vs out"), ""]
    if image is not None:
        lines += ["![" + _("Tasks in vs out") + f"]({quote(image)})", ""]  # spaces, ( and )
    lines += ["```text", flow_chart(review, now), "```", ""]
    return "\n".join(lines)


def _table(head: str, rows: list[str]) -> list[str]:
    """A markdown table's lines (``head``: its header and alignment rows), or "None."."""
    return [*head.split("\n"), *rows] if rows else [_("None.")]


def _header(columns: Sequence[str], alignment: str) -> str:
    """A markdown table's header (``columns`` translated) and its ``alignment`` row."""
    return "| " + " | ".join(_(column) for column in columns) + " |\n" + alignment


def aligned(*words: str) -> list[str]:
    """``words`` padded to the longest, so that the numbers after them line up."""
    width = max(map(len, words))
    return [f"{word:<{width}}" for word in words]


def _figures_table(rows: Sequence[DoneFigures], name: Callable[[DoneFigures], str]) -> list[str]:
    most = max(row.done for row in rows)
    columns = (N_("Done"), N_("Own"), N_("Delegated"), N_("Median"), N_("p90"), N_("Met"))
    table = [
        "| | " + " | ".join(_(column) for column in (*columns, N_("Late"))) + " | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    table += [
        f"| {md(name(row))} | {row.done} | {row.own} | {row.delegated} | "
        f"{format_span(row.median_seconds)} | {format_span(row.p90_seconds)} | {row.met} | "
        f"{row.late} | `{bar(row.done, most, 10, ' #')}` |"
        for row in rows
    ]
    return [*table, ""]
