"""When stdout cannot take the result (a full disk, a closed pipe) after a change was saved, one
line on stderr says so (a retry would make it twice), exit code 4, no traceback (#10, 11).

Run through the real entry point (``python -m coo_todo``), whose stdout is ``/dev/full``
(every write fails with ENOSPC) or a pipe whose reader has left (EPIPE)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import Todo


def run_into(stdout: Any, *args: str) -> subprocess.CompletedProcess[str]:
    """``todo ARGS`` in a process of its own, writing its output to ``stdout``."""
    return subprocess.run(
        [sys.executable, "-m", "coo_todo", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
        check=False,
    )


def into_full_disk(*args: str) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "w") as full:
        return run_into(full, *args)


def into_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return run_into(writer, *args)
    finally:
        os.close(writer)


def test_a_change_saved_before_the_disk_was_full_says_so(todo: Todo) -> None:
    todo("add", "First")
    result = into_full_disk("add", "Call Acme", "impact:4")
    assert (result.returncode, result.stderr) == (
        4,
        "error: could not write the output (No space left on device); the change was saved: #2\n",
    )
    assert [task["title"] for task in todo.json("list")] == ["First", "Call Acme"]
    result = into_full_disk("people", "add", "Alice Martin")
    assert result.stderr.endswith("; the change was saved\n") and result.returncode == 4


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["export"], ["triage"]])
def test_a_read_into_a_full_disk_is_one_line_without_saved(todo: Todo, args: list[str]) -> None:
    todo("add", "First")
    result = into_full_disk(*args)
    assert (result.returncode, result.stderr) == (
        4,
        "error: could not write the output (No space left on device)\n",
    )


def test_a_reader_that_left_the_pipe_gets_no_traceback(todo: Todo) -> None:
    todo("add", "First")
    for args in (["list"], ["list", "--json"], ["export", "--format", "json"]):
        result = into_closed_pipe(*args)
        assert (result.returncode, result.stderr) == (4, ""), args
    result = into_closed_pipe("done", "1")
    assert result.returncode == 4
    assert (
        result.stderr
        == "error: could not write the output (Broken pipe); the change was saved: #1\n"
    )


@pytest.mark.parametrize(
    "args", [["--help"], ["add", "--help"], ["initiative", "add", "--help"], ["--version"]]
)
def test_a_help_page_into_a_full_disk_is_one_line(todo: Todo, args: list[str]) -> None:
    """Click writes ``--help`` while it parses, outside any command's output: the same line
    and exit code as a command's output, no traceback."""
    result = into_full_disk(*args)
    assert (result.returncode, result.stderr) == (
        4,
        "error: could not write the output (No space left on device)\n",
    )


@pytest.mark.parametrize("closed", ["<&-", ">&-", "2>&-"])
def test_a_closed_standard_stream_is_the_null_device(todo: Todo, closed: str) -> None:
    """A stream the caller closed (``todo add x >&-``: Python starts with ``sys.stdout`` None):
    the command runs and what it would write there is dropped, as Python's ``print`` drops
    it; no traceback."""
    todo("add", "First")
    line = f'exec "$0" -m coo_todo add Second {closed}'
    result = subprocess.run(
        ["sh", "-c", line, sys.executable], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("" if closed == ">&-" else "Added #2 Second")
    assert [task["title"] for task in todo.json("list")] == ["First", "Second"]
