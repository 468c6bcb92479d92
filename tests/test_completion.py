"""Shell completion of task ids, through Typer's completion protocol (bash and zsh)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from coo_todo.cli import app
from coo_todo.domain.records import DONE, DROPPED
from coo_todo.paths import Paths
from coo_todo.store import Store
from tests.conftest import Todo


def complete(todo: Todo, line: str, shell: str = "bash") -> list[str]:
    """What ``todo`` answers when ``shell`` asks it to complete the last word of ``line``."""
    if shell == "bash":
        words = line.split()
        env = {
            "_TODO_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - (0 if line.endswith(" ") else 1)),
        }
    else:
        env = {"_TODO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    result = todo.runner.invoke(app, [], env=env, prog_name="todo")
    assert result.exit_code == 0 and not result.stderr, result.output
    return [word for word in result.stdout.splitlines() if word]


@pytest.fixture
def tasks(todo: Todo) -> Todo:
    """Twelve tasks: #3 done, #5 dropped, the others open."""
    now = datetime.now(UTC)
    store = Store(Paths().database_url(), now)
    for number in range(1, 13):
        store.add({"title": f"Task number {number}"}, [], [], now)
    store.set_status([3], DONE, now, "done")
    store.set_status([5], DROPPED, now, "dropped")
    store.engine.dispose()
    return todo


OPEN = ["1", "2", "4", "6", "7", "8", "9", "10", "11", "12"]


@pytest.mark.parametrize("command", ["done", "drop"])
def test_ids_of_open_tasks_complete_done_and_drop(tasks: Todo, command: str) -> None:
    assert sorted(complete(tasks, f"todo {command} "), key=int) == OPEN


@pytest.mark.parametrize("command", ["show", "edit", "explain", "delete"])
def test_any_task_id_completes_show_edit_explain_delete(tasks: Todo, command: str) -> None:
    assert sorted(complete(tasks, f"todo {command} "), key=int) == [str(i) for i in range(1, 13)]


def test_only_closed_tasks_complete_reopen(tasks: Todo) -> None:
    assert sorted(complete(tasks, "todo reopen ")) == ["3", "5"]


def test_typed_digits_narrow_the_ids(tasks: Todo) -> None:
    assert sorted(complete(tasks, "todo show 1")) == ["1", "10", "11", "12"]
    assert complete(tasks, "todo done 12") == ["12"]
    assert complete(tasks, "todo done x") == []


def test_second_and_blocked_by_ids_complete_too(tasks: Todo) -> None:
    assert "4" in complete(tasks, "todo done 2 ")
    assert sorted(complete(tasks, "todo add Plan --blocked-by 1")) == ["1", "10", "11", "12"]


def test_zsh_shows_titles_beside_ids(tasks: Todo) -> None:
    answer = "\n".join(complete(tasks, "todo done 1", shell="zsh"))
    assert '"12":"Task number 12"' in answer and "Task number 3" not in answer


def test_completion_reads_the_db_option(tasks: Todo, isolated: Path) -> None:
    other = isolated / "other.sqlite"
    tasks("--db", str(other), "add", "Elsewhere")
    assert complete(tasks, f"todo --db {other} done ") == ["1"]


def test_unreadable_database_completes_nothing_quietly(todo: Todo, isolated: Path) -> None:
    broken = isolated / "broken.sqlite"
    broken.write_text("not a database", encoding="utf-8")
    assert complete(todo, f"todo --db {broken} done ") == []


@pytest.mark.parametrize(
    "line", ["todo delegate 1 --to ", "todo brief ", "todo waiting --person ", "todo people edit "]
)
def test_people_complete_names(todo: Todo, line: str) -> None:
    now = datetime.now(UTC)
    store = Store(Paths().database_url(), now)
    store.add_person("Alice Martin", "Sales", None, now)
    store.add_person("Karim Benali", None, None, now)
    store.engine.dispose()
    assert complete(todo, line) == ["Alice Martin", "Karim Benali"]
    assert complete(todo, f"{line}Ka") == ["Karim Benali"]
    assert '"Alice Martin":"Sales"' in "\n".join(complete(todo, line, shell="zsh"))
