"""CSV for spreadsheets: task objects of the JSON contract as rows, formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from coo_todo.domain.text import visible
from coo_todo.formats.contract import TASK_KEYS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula in a cell (OWASP, CSV injection)."""


def spreadsheet_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: one starting like a formula (``=HYPERLINK(...)``)
    gets a leading single quote, as OWASP recommends. Numbers are left alone; JSON is the
    lossless format."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_text(value: Any) -> Any:
    """A list joined with commas, text made visible, other values as they are."""
    if isinstance(value, list):
        value = ",".join(str(item) for item in value)
    return visible(value) if isinstance(value, str) else value


def tasks_csv(rows: Sequence[dict[str, Any]]) -> str:
    """Task objects (``task_json``) as CSV for spreadsheets: a header, then one row per task;
    lists joined with commas, nothing where a value is missing, quoted as needed, control
    characters visible (``text.visible``) and text that a spreadsheet would run as a formula
    neutralised (``spreadsheet_cell``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TASK_KEYS)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_cell(_csv_text(value)) for key, value in row.items()})
    return buffer.getvalue()
