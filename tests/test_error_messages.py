"""Errors speak the user's language (#17): every error coo-todo reports is raised with a
translated message (``_("...").format(...)``), never an English literal or f-string, and a
French user's everyday mistakes come back in French, on either database. So does every line a
command prints itself (``env.say``, a console's ``print``, ``echo``), but data."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import coo_todo
from tests.conftest import Todo

PACKAGE = Path(coo_todo.__file__).parent

LEFT_IN_ENGLISH = (
    # The `todo` client: it reports a bad COO_TODO_SERVER, or a server lost mid-command, before
    # (or without) loading any language; importing the catalog would cost every served command.
    "client.py",
    # The channel between client and server: it imports only what Python has loaded at start
    # (see its docstring), so its reasons (a socket refused, a frame too long) stay English.
    "channel.py",
    # The resident server's wire protocol: a malformed request, a stale server; the client
    # then runs the command itself, and the user reads no ``error:`` line from them.
    "server/",
)
"""Modules (or folders, relative to the package) whose errors stay English by design."""


READ_BEFORE_THE_LANGUAGE = {
    # The root's own options, read before the command's language is chosen (docs/config.md):
    # a bad --lang, a bad --date-order.
    ("cli/app.py", "f\"{value!r} is not one of {', '.join(i18n.LANGUAGES)}\""),
    ("cli/app.py", "f'{date_order!r}: choose dmy (day first) or mdy (month first)'"),
}
"""Errors left English where they are raised: (module, the message's source)."""


def _error_classes(modules: dict[Path, ast.Module]) -> set[str]:
    """``CooTodoError`` and every class of the package derived from it, by name, and Click's
    ``BadParameter`` (an option's value refused: Click writes ``Invalid value for``)."""
    names = {"CooTodoError", "BadParameter"}
    classes = [node for tree in modules.values() for node in ast.walk(tree)]
    classes = [node for node in classes if isinstance(node, ast.ClassDef)]
    grew = True
    while grew:
        found = {c.name for c in classes if any(getattr(b, "id", None) in names for b in c.bases)}
        grew = not found <= names
        names |= found
    return names


def _is_english(message: ast.expr) -> bool:
    """Whether ``message`` is text written in the code and shown untranslated: a literal, an
    f-string, one glued to something, or a literal's ``.format``."""
    if isinstance(message, ast.JoinedStr):
        return True
    if isinstance(message, ast.Constant):
        return isinstance(message.value, str)
    if isinstance(message, ast.BinOp):
        return _is_english(message.left) or _is_english(message.right)
    if isinstance(message, ast.Call) and isinstance(message.func, ast.Attribute):
        return message.func.attr == "format" and _is_english(message.func.value)
    return False


def _made_error(node: ast.AST) -> tuple[str, list[ast.expr]] | None:
    """The class called and its arguments, if ``node`` is a call (an error is raised where it
    is made, or made by a helper that returns it for the caller to raise)."""
    if not isinstance(node, ast.Call):
        return None
    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
    return (name, node.args) if isinstance(name, str) else None


def _english_messages() -> Iterator[tuple[str, int, ast.expr]]:
    """Each error the package raises with an English message (outside ``LEFT_IN_ENGLISH``):
    module, line number, the message."""
    modules = {
        path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))
    }
    errors = _error_classes(modules)
    for path, tree in modules.items():
        where = path.relative_to(PACKAGE).as_posix()
        if where.startswith(LEFT_IN_ENGLISH):
            continue
        for node in ast.walk(tree):
            made = _made_error(node)
            if made and made[0] in errors and made[1] and _is_english(made[1][0]):
                yield where, node.lineno, made[1][0]


def english_raises() -> list[str]:
    """Where the package raises one of its errors with an English message."""
    return [
        f"{where}:{line}"
        for where, line, message in _english_messages()
        if (where, ast.unparse(message)) not in READ_BEFORE_THE_LANGUAGE
    ]


SAID_AS_DATA = {
    # `todo team`: one member a line, their name and login, as typed.
    ("cli/team.py", "f'{member.name} ({member.login})'"),
    # `todo --version`: the program's name and version.
    ("cli/app.py", "f'coo-todo {__version__}'"),
    # `todo demo`: a blank line before the demo's notes.
    ("cli/demo.py", "''"),
}
"""Text the commands print that holds no words to translate: (module, the argument's source)."""
SAYING = frozenset({"say", "print", "note", "warn", "echo", "confirm", "_confirmed", "add_task"})
"""What a command prints a line with: ``Env.say``/``note``/``warn``, a Rich console's
``print``, ``typer.echo``; or asks with (``typer.confirm``, ``tasks._confirmed``), or labels
a progress bar with (``add_task``)."""


def _shown(argument: ast.expr) -> ast.expr:
    """What a printed argument shows: the text inside a Rich ``Text(...)``."""
    if isinstance(argument, ast.Call) and getattr(argument.func, "id", None) == "Text":
        return _shown(argument.args[0]) if argument.args else argument
    return argument


def _said(folder: str) -> Iterator[tuple[str, int, ast.expr]]:
    """Each line the modules of ``folder`` print: module, line number, what it shows."""
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = getattr(node, "func", None)
            name = getattr(called, "attr", None) or getattr(called, "id", None)
            if name in SAYING and node.args:
                yield where, node.lineno, _shown(node.args[0])


def english_said(folder: str = "cli") -> list[str]:
    """Where the commands of ``folder`` print a literal or an f-string not in ``SAID_AS_DATA``."""
    return [
        f"{where}:{line}"
        for where, line, shown in _said(folder)
        if _is_english(shown) and (where, ast.unparse(shown)) not in SAID_AS_DATA
    ]


def test_the_modules_left_in_english_exist() -> None:
    assert all((PACKAGE / where).exists() for where in LEFT_IN_ENGLISH)


def test_every_error_is_raised_with_a_translated_message() -> None:
    found = english_raises()
    assert not found, f"wrap these messages in _() (named placeholders, .format): {found}"


def test_every_line_a_command_prints_is_translated() -> None:
    found = english_said()
    assert not found, f"wrap these lines in _() (or list them in SAID_AS_DATA): {found}"


def test_the_lines_left_english_are_still_there() -> None:
    """An entry of ``SAID_AS_DATA`` or ``READ_BEFORE_THE_LANGUAGE`` whose line is gone would
    let other English in unseen, once a line like it comes back."""
    said = {(where, ast.unparse(shown)) for where, _line, shown in _said("cli")}
    assert said >= SAID_AS_DATA
    raised = {(where, ast.unparse(message)) for where, _line, message in _english_messages()}
    assert raised >= READ_BEFORE_THE_LANGUAGE


@pytest.fixture
def two_tasks(todo: Todo) -> Todo:
    """#1 done, #2 open; neither repeats."""
    todo("add", "Call Initech impact:5")
    todo("add", "Renew Acme impact:4")
    todo("done", "1")
    return todo


@pytest.mark.parametrize(
    ("args", "code", "french"),
    [
        (["done", "1"], 2, "erreur : la tâche #1 est déjà faite\n"),
        (
            ["skip", "2"],
            2,
            "erreur : la tâche #2 ne se répète pas (todo edit 2 --every RÈGLE)\n",
        ),
        (
            ["delegate", "1", "--to", "Alice", "--create"],
            2,
            "erreur : la tâche #1 est faite : seules les tâches ouvertes peuvent être déléguées\n",
        ),
        (["done", "99"], 1, "erreur : pas de tâche #99\n"),
        (
            ["done", "abc"],
            2,
            "erreur : pas un numéro de tâche : 'abc' (les numéros sont des entiers, comme 12)\n",
        ),
        (
            ["edit", "2", "--impact", "9"],
            2,
            "erreur : le champ impact doit être un nombre entier de 1 à 5, pas 9\n",
        ),
        (["add", "Pay rent", "--due", "blorp"], 2, "erreur : impossible de lire la date 'blorp'"),
    ],
    ids=[
        "done-twice",
        "skip-once-only",
        "delegate-done",
        "no-such-id",
        "bad-id",
        "bad-impact",
        "unreadable-date",
    ],
)
def test_everyday_mistakes_in_french(
    two_tasks: Todo, args: list[str], code: int, french: str
) -> None:
    result = two_tasks("--lang", "fr", *args, code=code)
    assert result.stderr.startswith(french), result.stderr
    assert result.stderr.count("\n") == 1
