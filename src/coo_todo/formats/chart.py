"""The weekly review's chart as an SVG image, drawn with matplotlib (an optional extra:
``pip install 'coo-todo[charts]'``), imported only here and only when a chart is written.
"""

from __future__ import annotations

import io
from datetime import datetime

from coo_todo.domain.review import Review
from coo_todo.domain.text import visible
from coo_todo.errors import InvalidInput
from coo_todo.formats.review import area_name, step_label
from coo_todo.i18n import _

IN_COLOUR = "#4C72B0"
OUT_COLOUR = "#55A868"
DROPPED_COLOUR = "#C44E52"
CHART_MARK = "coo-todo review chart"
"""Written in the chart's metadata: a file that holds it is one ``todo review`` wrote, which a
new review may replace (``user_files.check_replaceable``); any other file is the user's."""


def review_svg(review: Review, now: datetime) -> str:
    """Two panels: tasks in vs out per step of the period (done and dropped stacked), and done
    by area. Its text is kept as text (searchable, small); no timestamp and ids from a fixed
    salt, so the same review draws the same file."""
    try:
        from matplotlib import rc_context
        from matplotlib.figure import Figure
    except ImportError:
        raise InvalidInput(
            _(
                "the chart needs matplotlib: pip install 'coo-todo[charts]' "
                "(or leave out --output for markdown with a text chart only)"
            )
        ) from None
    figure = Figure(figsize=(9, 6.5), layout="constrained")
    flow_axes, area_axes = figure.subplots(2, 1, height_ratios=(3, 2))
    labels = [step_label(step, review.period.unit, now) for step in review.flow]
    positions = range(len(labels))
    came_in = [step.came_in for step in review.flow]
    done = [step.done for step in review.flow]
    dropped = [step.dropped for step in review.flow]
    left = [p - 0.2 for p in positions]
    right = [p + 0.2 for p in positions]
    flow_axes.bar(left, came_in, 0.4, label="came in", color=IN_COLOUR)
    flow_axes.bar(right, done, 0.4, label="done", color=OUT_COLOUR)
    flow_axes.bar(right, dropped, 0.4, bottom=done, label="dropped", color=DROPPED_COLOUR)
    flow_axes.set_xticks(list(positions), labels, rotation=45 if len(labels) > 10 else 0)
    flow_axes.set_title("Tasks in vs out")
    flow_axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    flow_axes.yaxis.get_major_locator().set_params(integer=True)
    areas = review.by_area[::-1]
    names = [label(area_name(row)) for row in areas]
    area_axes.barh(names, [row.done for row in areas], color=OUT_COLOUR)
    area_axes.set_title("Done by area")
    area_axes.xaxis.get_major_locator().set_params(integer=True)
    for axes in (flow_axes, area_axes):
        axes.spines[["top", "right"]].set_visible(False)
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "coo-todo"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Description": CHART_MARK})
    return buffer.getvalue()


def label(text: str) -> str:
    """User text as a chart label: control characters written as escapes (an SVG is XML,
    which cannot hold them), and ``$`` as itself, not the start of matplotlib's math."""
    return visible(text).replace("$", r"\$")
