"""Imports point one way: cli -> tui -> service -> store, render, formats -> shared -> domain
-> errors.

Each module's imports (lazy and type-only ones included) are read with ``ast``; a module may
import its own package and any lower layer, never a higher one or a sibling of its own rank.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import coo_todo

PACKAGE = Path(coo_todo.__file__).parent

LAYERS = {
    "__main__": 7,
    "client": 7,
    "server": 7,
    "cli": 6,
    "tui": 5,
    "service": 4,
    "store": 3,
    "migrations": 3,
    "formats": 3,
    "render": 3,
    "settings": 2,
    "clock": 2,
    "paths": 2,
    "language": 2,
    "user_files": 2,
    "channel": 2,
    "console": 2,
    "domain": 1,
    "errors": 0,
    "i18n": 0,
    "": 0,
}
"""The layer of each top-level package or module of ``coo_todo`` ("" is ``coo_todo`` itself)."""

ROOMS = {"migrations": "store"}
"""Packages that belong to another's room: the store and its migrations import each other."""


def _top(module: str) -> str:
    """``coo_todo.store.models`` -> ``store``; ``coo_todo`` -> ``""``."""
    return module.removeprefix("coo_todo").lstrip(".").split(".")[0]


def _imported(path: Path) -> set[str]:
    """The ``coo_todo`` modules ``path`` imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] == "coo_todo"}


def _module(path: Path, package: Path = PACKAGE) -> str:
    """``.../coo_todo/store/__init__.py`` -> ``coo_todo.store``."""
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _upward(path: Path, package: Path = PACKAGE) -> list[str]:
    """The imports of ``path`` that point up or sideways."""
    own = _top(_module(path, package))
    wrong = []
    for module in sorted(_imported(path)):
        target = _top(module)
        same_room = ROOMS.get(target, target) == ROOMS.get(own, own)
        if not same_room and LAYERS[target] >= LAYERS[own]:
            wrong.append(module)
    return wrong


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_package_has_a_layer() -> None:
    tops = {_top(_module(path)) for path in SOURCES}
    assert tops <= LAYERS.keys(), f"give these a layer in LAYERS: {tops - LAYERS.keys()}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    assert not _upward(path), f"{path.relative_to(PACKAGE)} imports upward: {_upward(path)}"


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    """The check itself: a lazy import of the CLI in a domain module is refused."""
    domain = tmp_path / "coo_todo" / "domain"
    domain.mkdir(parents=True)
    bad = domain / "bad.py"
    bad.write_text("def f():\n    from coo_todo.cli import render\n")
    assert _upward(bad, tmp_path / "coo_todo") == ["coo_todo.cli"]
