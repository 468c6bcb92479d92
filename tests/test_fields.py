"""The registry of task fields (``records.TASK_FIELDS``) agrees with the table, the records,
the CLI and every output, so a new column cannot be forgotten in one of them silently: each
failure names the file to edit (CONTRIBUTING.md, "Adding a task column")."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import typer
from sqlalchemy import inspect as sa_inspect

from coo_todo.cli import app
from coo_todo.domain.capture import ATTRIBUTE_KEYS
from coo_todo.domain.incoming import COMPARED, TaskIn
from coo_todo.domain.records import FIELD_NAMES, TASK_FIELDS, TaskField, laid_out
from coo_todo.formats.backup import BACKUP_TASK_KEYS
from coo_todo.formats.contract import TASK_KEYS
from coo_todo.render import SHOWN_FIELDS
from coo_todo.store.models import Task
from coo_todo.store.rows import STORED
from tests.conftest import Todo

NOT_FIELDS = {
    "id",
    "uuid",
    "status",
    "created_at",
    "updated_at",
    "completed_at",
    "delegate_id",
    "delegated_at",
    "follow_up",
    "owner",
    "series",
    "initiative_id",
}
"""Task columns that are not the user's to set: identity, timestamps, the status (done,
reopen, drop) and delegation (delegate, follow-up, reclaim) have commands of their own; the
owner is the database's (team mode); the initiative is named by its key (``in:crm``), and
the backup keeps it with the initiative."""

TYPED = {
    "title": ("Call the bank", "Call the bank"),
    "level": ("4", 4),
    "date": ("2026-12-01", "2026-12-01T23:59:59+01:00"),
    "duration": ("1h30", 90),
    "label": ("Finance", "Finance"),
    "text": ("ask for Anne", "ask for Anne"),
    "rule": ("fri", "FREQ=WEEKLY;BYDAY=FR"),
}
"""For each kind of field: a value typed after its option, and what ``--json`` shows of it."""

FIELDS = pytest.mark.parametrize("task_field", TASK_FIELDS, ids=FIELD_NAMES)


def test_every_task_column_is_a_field_or_listed_as_none() -> None:
    columns = [column.key for column in sa_inspect(Task).columns]
    unlisted = [name for name in columns if name not in NOT_FIELDS and name not in FIELD_NAMES]
    assert not unlisted, f"add {unlisted} to TASK_FIELDS in domain/records.py"
    assert not set(FIELD_NAMES) - set(columns), "a field of TASK_FIELDS is no column of Task"


@FIELDS
def test_the_records_carry_every_field(task_field: TaskField) -> None:
    assert task_field.name in STORED, (
        f"add {task_field.name} to TaskRecord in domain/records.py, before 'tags'"
    )
    given = {item.name: item for item in dataclasses.fields(TaskIn)}
    assert task_field.name in given, f"add {task_field.name} to TaskIn in domain/incoming.py"
    assert given[task_field.name].default in (task_field.default, dataclasses.MISSING)


@FIELDS
def test_add_and_edit_have_an_option_for_every_field(task_field: TaskField) -> None:
    root = typer.main.get_command(app)
    option = f"--{task_field.noun}"
    for name in ("add", "edit") if task_field.kind != "title" else ("edit",):
        command = root.commands[name]  # type: ignore[attr-defined]
        options = {flag for param in command.params for flag in param.opts}
        assert option in options, f"add {option} to todo {name} in cli/tasks.py"


@FIELDS
def test_every_output_and_input_names_every_field(task_field: TaskField) -> None:
    for keys in (TASK_KEYS, BACKUP_TASK_KEYS, COMPARED, SHOWN_FIELDS):
        assert task_field.name in keys
    assert {ATTRIBUTE_KEYS[key] for key in task_field.inline} <= {task_field.given}


def test_a_field_an_output_does_not_name_comes_last() -> None:
    assert laid_out(("id", "impact")) == (
        "id",
        "impact",
        *(n for n in FIELD_NAMES if n != "impact"),
    )


@FIELDS
def test_a_field_typed_is_stored_shown_backed_up_and_restored(
    todo: Todo, task_field: TaskField, tmp_path: Path
) -> None:
    typed, shown = TYPED[task_field.kind]
    if task_field.day_start:  # a date alone: that day's start
        shown = shown.replace("T23:59:59", "T00:00:00")
    todo("add", "Placeholder")
    todo("edit", "1", f"--{task_field.noun}", typed)
    assert todo.json("show", "1")[task_field.name] == shown
    assert typed in todo("show", "1").stdout or task_field.kind in ("date", "level", "rule")
    backup = todo("export", "--format", "json").stdout
    other = ["--db", str(tmp_path / "other.db")]
    todo(*other, "import", "-", "--from", "json", input=backup)
    assert todo.json(*other, "show", "1")[task_field.name] == shown
