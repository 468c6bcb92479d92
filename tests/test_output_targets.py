"""Where ``--output`` may write, for every command that has the option (#10, items 1 and 2).

The commands are found by walking the Click tree, so a new ``--output`` is covered or this
module fails until it is. A target is the database, one of its sidecars or backups (by name, by
hard link, by symlink): refused, nothing written. A FIFO or a character device is written
through, never replaced; a symlink to a file keeps the link; ``-`` is stdout; a folder is a
one-line error.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
import typer

from coo_todo.cli import app
from tests.conftest import Todo

ARGUMENTS = {"export": [], "brief": ["Alice"], "review": ["--format", "markdown"]}
"""What each command with ``--output`` needs besides it."""


def _commands_with_output() -> list[str]:
    root = typer.main.get_command(app)
    found = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if any(param.name == "output" for param in command.params):
            found.append(name)
    return sorted(found)


COMMANDS = _commands_with_output()


def test_every_output_command_is_covered() -> None:
    assert COMMANDS, "no command has --output?"
    assert set(COMMANDS) == set(ARGUMENTS), "add the new --output command to ARGUMENTS"


@pytest.fixture
def seeded(todo: Todo, isolated: Path) -> Path:
    todo("add", "Renew Acme", "--to", "Alice", "--create", "--follow-up", "fri")
    todo("add", "Call Initech")
    return isolated / "todo.sqlite"


def _write(todo: Todo, command: str, target: str | Path, code: int = 0):
    return todo(command, *ARGUMENTS[command], "--output", str(target), code=code)


def _one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    "name", ["database", "-wal", "-shm", "-journal", "backup", "hard link", "symlink"]
)
def test_the_database_and_its_files_are_refused(
    todo: Todo, seeded: Path, command: str, name: str
) -> None:
    if name == "backup":
        todo("db", "backup")
        target = next(seeded.parent.glob(f"{seeded.name}.*.bak"))
    elif name == "hard link":
        target = seeded.with_name("innocent.md")
        os.link(seeded, target)
    elif name == "symlink":
        target = seeded.with_name("link.md")
        target.symlink_to(seeded)
    elif name == "database":
        target = seeded
    else:
        target = seeded.with_name(seeded.name + name)
    before = target.read_bytes() if target.exists() else None
    result = _write(todo, command, target, code=2)
    assert "database" in _one_error_line(result)
    if name in ("database", "hard link", "symlink"):  # brief may record itself in the database
        assert target.read_bytes().startswith(b"SQLite format 3\x00")
    else:
        assert (target.read_bytes() if target.exists() else None) == before
    assert [t["title"] for t in todo.json("list")] == ["Renew Acme", "Call Initech"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_is_written_through(todo: Todo, seeded: Path, command: str) -> None:
    fifo = seeded.with_name("pipe")
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    _write(todo, command, fifo)
    reader.join(timeout=10)
    assert received and received[0].startswith("# ")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_node_is_written_through(todo: Todo, seeded: Path, command: str) -> None:
    device = seeded.with_name("null")
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")
    _write(todo, command, device)
    assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_symlink_keeps_its_link_and_gets_a_new_target(
    todo: Todo, seeded: Path, command: str
) -> None:
    target = seeded.with_name("wiki.md")
    target.write_text("old", encoding="utf-8")
    link = seeded.with_name("today.md")
    link.symlink_to(target)
    _write(todo, command, link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("command", COMMANDS)
def test_dash_is_stdout(todo: Todo, seeded: Path, command: str, monkeypatch) -> None:
    monkeypatch.chdir(seeded.parent)
    result = _write(todo, command, "-")
    assert result.stdout.startswith("# ")
    assert not (seeded.parent / "-").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_is_one_line(todo: Todo, seeded: Path, command: str) -> None:
    result = _write(todo, command, seeded.parent, code=2)
    assert "folder" in _one_error_line(result)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_folder_is_whole_or_nothing(todo: Todo, seeded: Path, command: str) -> None:
    """Root writes anyway; anyone else gets one line. Either way no half file is left."""
    folder = seeded.with_name("locked")
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = todo(command, *ARGUMENTS[command], "--output", str(folder / "day.md"))
    except AssertionError:
        result = _write(todo, command, folder / "day.md", code=2)
        _one_error_line(result)
        assert list(folder.iterdir()) == []
    else:
        assert (folder / "day.md").read_text(encoding="utf-8").startswith("# ")
        chart = ["day.svg"] if command == "review" else []  # its chart, beside it
        assert sorted(p.name for p in folder.iterdir()) == ["day.md", *chart]
    finally:
        folder.chmod(0o700)
