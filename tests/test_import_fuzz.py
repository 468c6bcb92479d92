"""Hypothesis drives ``todo import`` (in-process, CliRunner) with hostile files.

Structurally plausible Taskwarrior records and coo-todo backups whose fields hold hostile
values (huge and non-finite numbers, wrong types, dates out of range, lone surrogates, control
characters, huge strings, JSON nested too deeply spliced in), and raw bytes as todo.txt. Each
example imports into a fresh copy of a seeded database. Whatever comes in: no traceback, exit
code 0 (imported, each unreadable record one ``warning:`` line) or 2 (one ``error:`` line,
the database as it was), and the database holds exactly what the report says: the added tasks
are new, no stored task changed beyond those it says were updated. A successful import leaves
a database that ``triage`` and ``export`` still read.

The number of examples run is printed at the end of the module (``pytest -s``).
"""

from __future__ import annotations

import json
import re
import sqlite3
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from coo_todo.cli import app
from tests.fuzzing import fuzz_settings

FUZZ = fuzz_settings("COO_TODO_IMPORT_FUZZ_EXAMPLES", 100)
"""100 examples per property test; raise the variable for a deeper local run."""

RAN: Counter[str] = Counter()
"""Imports run, by format and outcome; printed at the end."""


@pytest.fixture(scope="module", autouse=True)
def report_examples() -> Iterator[None]:
    yield
    detail = ", ".join(f"{name} {count}" for name, count in sorted(RAN.items()))
    print(f"\nimport fuzz examples run: {sum(RAN.values())} ({detail})")


# -- strategies ---------------------------------------------------------------------------

UUIDS = [f"a360fc44-315c-4366-b70c-ea7e7520b74{n}" for n in range(4)]
"""The seed's tasks hold the first three: records with these update, or conflict."""

HOSTILE_TEXT = [
    "\ud800",
    "lone \udfff surrogate",
    "\x00",
    "nul\x00inside",
    "line\u2028separator",
    "next\x85line",
    "file\x1cseparator",
    "two\nlines",
    "crlf\r\nline",
    "\x1b[31mred",
    "x" * 100_000,
    "  ",
    "",
    "not-a-uuid",
]
HOSTILE_NUMBERS = [2**63, 2**70, -(2**63), 10**30, 0, -1, 1e308, 1e-308]
DATES = [
    "20261126T083000Z",
    "20261121T090000Z",
    "2026-11-27T10:00:00+00:00",
    "99991231T235959Z",
    "00010101T000000Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "99981231T230000Z",
    "18991231T235959Z",
    "2026-11-26T08:30:00",
    "2026-02-30T00:00:00+00:00",
    "tomorrow",
]
SPLICES = [
    "[" * 100_000,
    "{" * 5_000,
    "9" * 5_000,
    "-" + "1" * 4_400,
    "NaN",
    "-Infinity",
    '"\\ud800"',
    "\u2028",
    "\x1c",
    "\r",
]
"""Raw text spliced into an encoded document: deep nesting, numbers too long, non-finite
numbers, escapes, characters ``str.splitlines`` takes for line breaks."""

hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HOSTILE_NUMBERS),
    st.floats(),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=20),
    st.text(st.characters(codec=None, categories=["Cs", "Cc"]), max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def sometimes_hostile(plausible: st.SearchStrategy[Any], one_in: int = 5) -> st.SearchStrategy[Any]:
    """Values of ``plausible``, one time in ``one_in`` a hostile one instead (the last of the
    integers drawn: Hypothesis favours the first, the simplest)."""
    return st.integers(1, one_in).flatmap(lambda n: hostile if n == one_in else plausible)


titles = st.text(max_size=30) | st.sampled_from(HOSTILE_TEXT)
times = st.sampled_from(DATES)
uuids = st.sampled_from(UUIDS)


def record(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A JSON object with these members (each hostile at times), or a hostile value."""
    return sometimes_hostile(
        st.fixed_dictionaries(
            {key: sometimes_hostile(value) for key, value in required.items()},
            optional={key: sometimes_hostile(value) for key, value in optional.items()},
        )
    )


taskwarrior_records = st.lists(
    record(
        {"uuid": st.sampled_from(UUIDS), "description": titles},
        {
            "status": st.sampled_from(["pending", "waiting", "completed", "deleted", "recurring"]),
            "entry": times,
            "modified": times,
            "due": times,
            "end": times,
            "wait": times,
            "scheduled": times,
            "priority": st.sampled_from(["H", "M", "L"]),
            "project": titles,
            "tags": st.lists(titles, max_size=3),
            "annotations": st.lists(
                record({"entry": times, "description": titles}, {}), max_size=2
            ),
            "urgency": st.floats(),
        },
    ),
    max_size=4,
)
backup_documents = st.fixed_dictionaries(
    {
        "format": sometimes_hostile(st.just("coo-todo"), one_in=20),
        "version": sometimes_hostile(st.just(1), one_in=20),
    },
    optional={
        "people": sometimes_hostile(
            st.lists(
                record(
                    {"name": titles},
                    {
                        "team": titles,
                        "contact": titles,
                        "created_at": times,
                        "last_brief_at": times,
                    },
                ),
                max_size=2,
            )
        ),
        "tasks": sometimes_hostile(
            st.lists(
                record(
                    {"uuid": uuids, "title": titles},
                    {
                        "id": st.integers(1, 10),
                        "status": st.sampled_from(["open", "done", "dropped"]),
                        "impact": st.integers(1, 5),
                        "urgency": st.integers(1, 5),
                        "due": times,
                        "effort_minutes": st.integers(1, 600),
                        "area": titles,
                        "notes": titles,
                        "created_at": times,
                        "updated_at": times,
                        "completed_at": times,
                        "tags": st.lists(titles, max_size=3),
                        "blocked_by": st.lists(uuids, max_size=2),
                        "delegate": titles,
                        "delegated_at": times,
                        "follow_up": times,
                    },
                ),
                max_size=4,
            )
        ),
        "history": sometimes_hostile(
            st.lists(
                record(
                    {
                        "task_uuid": uuids,
                        "kind": st.sampled_from(["edited", "annotated"]),
                        "at": times,
                    },
                    {
                        "task_id": st.integers(1, 10),
                        "change": st.text(max_size=8),
                        "undone_at": times,
                        "changes": st.dictionaries(st.text(max_size=5), hostile, max_size=3),
                        "note": titles,
                    },
                ),
                max_size=3,
            )
        ),
    },
)
TODOTXT_PIECES = [
    b"(A) ",
    b"x ",
    b"2026-11-20 ",
    b"0001-01-01 ",
    b"9999-12-31 ",
    b"Call Mom ",
    b"+Family ",
    b"@phone ",
    b"due:2026-11-27 ",
    b"due:9999-12-31 ",
    b"due:" + b"9" * 40 + b" ",
    b"pri:Z ",
    b"t:2026-12-01 ",
    b"\n",
    b"\r\n",
    b"\r",
    "\u2028".encode(),
    "\x85".encode(),
    b"\x1c",
    b"\x00",
    b"\xff",
    b"\xed\xa0\x80",  # a surrogate, encoded: not UTF-8
    b"\xef\xbb\xbf",
    b"x" * 600,
]
todotxt_bytes = st.integers(0, 4).flatmap(
    lambda n: (
        st.binary(max_size=200)
        if n == 4
        else st.lists(st.sampled_from(TODOTXT_PIECES), max_size=30).map(b"".join)
    )
)


@st.composite
def encoded(draw: st.DrawFn, documents: st.SearchStrategy[Any], lines: bool) -> bytes:
    """A document as a file would hold it: JSON (one record a line if ``lines`` and it is a
    list), escaped to ASCII or not, perhaps with raw text spliced in."""
    document = draw(documents)
    ascii_only = draw(st.integers(1, 4)) < 4  # else lone surrogates make it invalid UTF-8
    if lines and isinstance(document, list):
        newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        text = newline.join(json.dumps(item, ensure_ascii=ascii_only) for item in document)
    else:
        text = json.dumps(
            document, ensure_ascii=ascii_only, indent=draw(st.sampled_from([None, 1]))
        )
    if draw(st.integers(0, 4)) == 4:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(SPLICES)) + text[at:]
    return text.encode("utf-8", "surrogatepass")


# -- running ------------------------------------------------------------------------------

REPORT = re.compile(
    r"Imported -: (?P<added>\d+) added, (?P<updated>\d+) updated, (?P<unchanged>\d+) "
    r"unchanged, (?P<conflicts>\d+) conflicts?(?:, \d+ problem\(s\))?"
)


def tasks_by_uuid(db: Path) -> dict[str, tuple[Any, ...]]:
    """Each task's row, tags and blockers (as uuids), by uuid."""
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute("SELECT * FROM task").fetchall()
        tags = connection.execute("SELECT task_id, tag FROM task_tag ORDER BY 1, 2").fetchall()
        edges = connection.execute(
            "SELECT d.task_id, b.uuid FROM dependency d JOIN task b ON b.id = d.blocker_id "
            "ORDER BY 1, 2"
        ).fetchall()
    return {
        row[1]: (
            row,
            tuple(tag for task_id, tag in tags if task_id == row[0]),
            tuple(uuid for task_id, uuid in edges if task_id == row[0]),
        )
        for row in rows
    }


def counts(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db)) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("task", "task_tag", "dependency", "event", "person")
        }


class Sandbox:
    """Fresh copies of a seeded database, one per example: three tasks imported from
    Taskwarrior (``UUIDS[:3]``), then #1 done here."""

    def __init__(self, root: Path) -> None:
        self.root, self.count, self.runner = root, 0, CliRunner()
        self.template = root / "seed.sqlite"
        seed = "\n".join(
            json.dumps({"uuid": uuid, "description": f"Task {n}", "modified": DATES[1]})
            for n, uuid in enumerate(UUIDS[:3], 1)
        )
        self.invoke(self.template, ["import", "-", "--from", "taskwarrior"], seed.encode())
        self.invoke(self.template, ["done", "1"])

    def invoke(self, db: Path, args: list[str], data: bytes | None = None) -> Result:
        result = self.runner.invoke(app, ["--db", str(db), *args], input=data)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            trace = "".join(traceback.format_exception(result.exception))
            raise AssertionError(f"todo {' '.join(args)} raised:\n{trace}")
        return result

    def import_checked(self, form: str, data: bytes, args: list[str]) -> None:
        """Import ``data`` from stdin into a fresh copy of the seed; check what must hold."""
        self.count += 1
        db = self.root / f"example-{self.count}.sqlite"
        with (
            closing(sqlite3.connect(self.template)) as source,
            closing(sqlite3.connect(db)) as copy,
        ):
            source.backup(copy)
        before, rows_before = tasks_by_uuid(db), counts(db)
        result = self.invoke(db, ["import", "-", *args], data)
        RAN[f"{form} exit {result.exit_code}"] += 1
        err = result.stderr
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 2), (result.exit_code, result.output)
        if result.exit_code == 2:
            assert err.count("\n") == 1 and err.startswith("error: "), err
            assert counts(db) == rows_before and tasks_by_uuid(db) == before
            return
        assert all(line.startswith("warning: line ") for line in err.splitlines()), err
        *kept, last = result.stdout.splitlines()
        report = REPORT.fullmatch(last)
        assert report is not None, result.stdout
        assert all(line.startswith("kept your change to #") for line in kept), kept
        assert len(kept) == int(report["conflicts"])
        after = tasks_by_uuid(db)
        assert len(after.keys() - before.keys()) == int(report["added"])
        assert before.keys() <= after.keys()
        changed = [uuid for uuid in before if after[uuid] != before[uuid]]
        assert len(changed) <= int(report["updated"])
        for check in (["triage"], ["list", "--status", "all", "--json"]):
            assert self.invoke(db, check).exit_code == 0, check
        assert self.invoke(db, ["export", "--format", "json"]).exit_code == 0


@pytest.fixture
def sandbox(isolated: Path) -> Sandbox:
    return Sandbox(isolated)


# -- properties ---------------------------------------------------------------------------


@FUZZ
@given(
    data=st.booleans().flatmap(lambda lines: encoded(taskwarrior_records, lines)),
    args=st.sampled_from([["--from", "taskwarrior"], []]),
    prefer=st.sampled_from(["newer", "incoming", "local"]),
)
def test_taskwarrior_files_import_or_fail_in_one_line(
    sandbox: Sandbox, data: bytes, args: list[str], prefer: str
) -> None:
    sandbox.import_checked("taskwarrior", data, [*args, "--prefer", prefer])


@FUZZ
@given(data=encoded(backup_documents, False), strict=st.integers(0, 3).map(lambda n: n == 3))
def test_backups_import_or_fail_in_one_line(sandbox: Sandbox, data: bytes, strict: bool) -> None:
    sandbox.import_checked("backup", data, ["--strict"] if strict else [])


@FUZZ
@given(data=todotxt_bytes, args=st.sampled_from([["--from", "todotxt"], ["--from", "todo.txt"]]))
def test_todotxt_bytes_import_or_fail_in_one_line(
    sandbox: Sandbox, data: bytes, args: list[str]
) -> None:
    sandbox.import_checked("todotxt", data, args)
