"""The docs stay true: every command documented with an example, a generated CLI reference that
matches the real help, links that resolve, a short README that keeps its set-up commands and
whose tour prints what it shows."""

from __future__ import annotations

import itertools
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from coo_todo.cli import app
from scripts import cli_reference
from tests.conftest import Todo

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = sorted(ROOT.glob("docs/*.md"))
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *DOCS]
REFERENCE = ROOT / "docs" / "cli-reference.md"
README_LIMIT = 8 * 1024
"""Bytes: the README says what coo-todo is and where to read on; the rest lives in docs/."""

DEMO_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/todo demo"


def _commands(group: typer.Typer, prefix: str = "") -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for command in group.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        found.append((f"{prefix}{name}", command.callback))
    for sub in group.registered_groups:
        assert sub.typer_instance is not None
        found += _commands(sub.typer_instance, f"{prefix}{sub.name} ")
    return found


COMMANDS = _commands(app)


@pytest.mark.parametrize(("name", "callback"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_has_help_with_example(name: str, callback: object) -> None:
    """The help shown: the docstring, or a ``help=N_(...)`` given to the command instead."""
    command: Any = typer.main.get_command(app)
    for part in name.split():
        command = command.commands[part]
    doc = command.help or ""
    assert doc.strip(), f"todo {name} has no help text"
    assert "todo " in doc and "Example" in doc, f"todo {name}'s help shows no example"


def test_cli_reference_is_generated_from_the_help_of_today() -> None:
    written = REFERENCE.read_text(encoding="utf-8")
    assert written == cli_reference.reference(), (
        "docs/cli-reference.md differs from the commands' --help: "
        "regenerate it with `python -m scripts.cli_reference` and commit it"
    )


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_command_has_a_section_in_the_cli_reference(name: str) -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    assert f"\n## todo {name}\n" in reference, f"docs/cli-reference.md has no 'todo {name}'"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command.startswith("python3 -m venv .venv") and "pytest" in command
    assert f"```sh\n{command}\n```" in README


def test_readme_keeps_the_demo_set_up_command() -> None:
    assert f"```sh\n{DEMO_COMMAND}\n```" in README


def test_readme_stays_short() -> None:
    size = len(README.encode("utf-8"))
    assert size <= README_LIMIT, (
        f"README.md is {size} bytes, over {README_LIMIT}: move the detail to a page in docs/"
    )


def _console_sessions(page: Path) -> list[list[tuple[str, list[str]]]]:
    """Each ``console`` block of the page: its commands, each with the lines it prints."""
    sessions = []
    for token in _tokens(page):
        if token.type != "fence" or token.info.strip() != "console":
            continue
        session: list[tuple[str, list[str]]] = []
        for line in token.content.splitlines():
            if line.startswith("$ "):
                session.append((line[2:], []))
            else:
                session[-1][1].append(line)
        sessions.append(session)
    return sessions


def _shown(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def test_readme_tour_prints_what_it_shows(todo: Todo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tour's commands, run in order on one database at 100 columns, print what the README
    shows, line for line: the first thing a reader sees never drifts."""
    monkeypatch.setenv("COLUMNS", "100")
    sessions = _console_sessions(ROOT / "README.md")
    assert sessions, "the README's tour shows no console session"
    for session in sessions:
        for command, expected in session:
            program, *args = shlex.split(command)
            assert program == "todo", command
            shown = _shown(todo(*args).output.splitlines())
            assert shown == _shown(expected), f"README: $ {command}"


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {target.split("#")[0] for target, _ in _links(ROOT / "README.md")}
    missing = [f"docs/{page.name}" for page in DOCS if f"docs/{page.name}" not in linked]
    assert not missing, f"README.md links to none of {missing}"


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _tokens(page: Path) -> list[Any]:
    return MarkdownIt("commonmark").enable("table").parse(page.read_text(encoding="utf-8"))


def anchors(page: Path) -> set[str]:
    """Every heading's anchor on the page, a repeated one numbered as GitHub does (-1, -2...)."""
    found: set[str] = set()
    tokens = _tokens(page)
    for opening, inline in itertools.pairwise(tokens):
        if opening.type != "heading_open":
            continue
        text = "".join(child.content for child in inline.children or [])
        slug, number = github_slug(text), 0
        candidate = slug
        while candidate in found:
            number += 1
            candidate = f"{slug}-{number}"
        found.add(candidate)
    return found


def _links(page: Path) -> list[tuple[str, int]]:
    """Every link target on the page with its line, images and code excluded."""
    links: list[tuple[str, int]] = []
    for token in _tokens(page):
        for child in token.children or []:
            if child.type == "link_open":
                links.append((str(child.attrGet("href")), (token.map or [0])[0] + 1))
    return links


def test_github_slug_matches_githubs_anchors() -> None:
    assert github_slug("Capture: todo add") == "capture-todo-add"
    assert github_slug("The day's list: todo export") == "the-days-list-todo-export"
    assert github_slug("Speed: bench_speed.py") == "speed-bench_speedpy"
    assert github_slug("Héllo, wörld!") == "héllo-wörld"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_internal_links_resolve(page: Path) -> None:
    broken = []
    for target, line in _links(page):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:: outside the repository
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"line {line}: {target} (no file {path})")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"line {line}: {target} (no heading #{anchor} in {linked.name})")
    assert not broken, f"{page.name}: broken links:\n" + "\n".join(broken)


TYPE_NAMES = re.compile(
    r"<(?:int|float|str|bool|path|datetime|list\[[^\]]*\]|[a-z]+ range)>"  # Typer's type names
    r"|\{[a-z_]+\}"  # a parameter's Python name
    r"|\[?-?[\d.]+<=?x|\bx[<>]=?-?[\d.]+\]?"  # Click's ranges: [x>=1], [1<=x<=5]
)


def _help_pages(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The command path of the root, of every group and of every command, from Click's tree."""
    pages = [path]
    for name, sub in getattr(command, "commands", {}).items():
        pages += _help_pages(sub, (*path, name))
    return pages


HELP_PAGES = _help_pages(typer.main.get_command(app))


def test_every_command_has_a_help_page() -> None:
    assert {" ".join(page) for page in HELP_PAGES} >= {name for name, _ in COMMANDS}


@pytest.mark.parametrize("path", HELP_PAGES, ids=[" ".join(p) or "todo" for p in HELP_PAGES])
def test_help_names_what_to_type_not_python_types(path: tuple[str, ...]) -> None:
    """``--due WHEN``, ``ID``, ``--limit N``: not Typer's ``<str>``, ``{task_id}``,
    ``<list[str]>`` nor Click's ``[x>=1]``, anywhere on the page."""
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Usage: todo" in result.output
    found = TYPE_NAMES.findall(result.output)
    assert not found, f"todo {' '.join(path)} --help shows type names {found}:\n{result.output}"
