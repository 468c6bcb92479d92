"""Bring the translations' catalogs up to date with the code, with Babel.

Run from the repository root after adding or changing a message (a ``_()`` or ``ngettext()``
string, see ``coo_todo.i18n``):

    python -m scripts.catalog

It extracts every message of ``src/coo_todo``, adds the new ones to each language's
``locale/<language>/LC_MESSAGES/coo_todo.po`` (empty, or fuzzy when close to an old one) and
drops the ones gone, then compiles each ``.po`` to the ``.mo`` the package reads. Translate
what is empty or fuzzy, run it again, commit both files. ``tests/test_i18n.py`` fails while a
catalog misses a message, leaves one untranslated, or its ``.mo`` is not the ``.po`` compiled.
The same steps with Babel's own command are in docs/config.md.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from coo_todo.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

SOURCES = LOCALE_DIR.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
"""The functions whose literal arguments are messages (``coo_todo.i18n``): ``N_`` marks one
that is translated later, ``pgettext`` one read in a context (its first argument)."""


def template() -> Catalog:
    """Every message the code passes to ``_`` or ``ngettext``, with where it is used."""
    catalog = Catalog(domain=DOMAIN, project="coo-todo")
    found = extract_from_dir(
        str(SOURCES), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("NOTE",)
    )
    for filename, line, message, comments, context in found:
        catalog.add(
            message, None, [(f"coo_todo/{filename}", line)], auto_comments=comments, context=context
        )
    return catalog


def po_path(language: str) -> Path:
    """Where the catalog of ``language`` lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(language: str) -> Catalog:
    """The catalog of ``language`` as committed."""
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    """``catalog`` as the ``.mo`` gettext reads (fuzzy translations left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update(language: str, messages: Catalog) -> None:
    """Bring the ``.po`` of ``language`` up to ``messages`` and compile its ``.mo``."""
    path = po_path(language)
    if path.exists():
        catalog = read(language)
        created = catalog.creation_date
        catalog.update(messages)
        catalog.creation_date = created
    else:
        catalog = Catalog(locale=language, domain=DOMAIN, project="coo-todo")
        catalog.update(messages)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, omit_header=False, ignore_obsolete=True)
    path.with_suffix(".mo").write_bytes(compiled(read(language)))


def main() -> None:
    messages = template()
    for language in LANGUAGES:
        if language != "en":
            update(language, messages)
            print(f"{po_path(language)}: {len(messages)} messages")


if __name__ == "__main__":
    main()
