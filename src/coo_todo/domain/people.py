"""Finding a colleague by what the user types: case, accents and the kind of apostrophe
ignored (``O\u2019Brien`` is ``O'Brien``), unique prefix.

Pure: takes the list of people, returns one of them or raises.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from coo_todo.domain.records import PersonRecord
from coo_todo.errors import InvalidInput, NotFound
from coo_todo.i18n import _

APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u2032\u00b4\uff07"
"""Characters typed for an apostrophe besides ``'``: the typographic ones (U+2019, U+2018,
which word processors and phones put in), the modifier letters (U+02BC, U+02BB), the prime
(U+2032), the acute accent (U+00B4) and the full-width apostrophe (U+FF07)."""
_TO_APOSTROPHE = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))


def name_key(name: str) -> str:
    """The form names are compared in: accents stripped, case folded, spaces collapsed, any
    apostrophe (``APOSTROPHES``) read as ``'``."""
    bare = name
    if not name.isascii():  # ASCII has nothing to decompose: a search folds 10,000 titles
        decomposed = unicodedata.normalize("NFKD", name.translate(_TO_APOSTROPHE))
        bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def find_person(query: str, people: Sequence[PersonRecord]) -> PersonRecord:
    """The one person ``query`` names: an exact name, else a unique prefix (``ali``, ``Alice M``).
    Two people whose names fold alike (``O\u2019Brien`` and ``O'Brien``, both added by a version
    that told apostrophes apart) are told apart by the name typed exactly as stored.

    Raises NotFound (with how to add them) or InvalidInput (listing the candidates).
    """
    wanted = name_key(query)
    if not wanted:
        raise InvalidInput(_("a person's name cannot be empty"))
    exact = [person for person in people if name_key(person.name) == wanted]
    if len(exact) > 1:
        as_typed = [person for person in exact if person.name == " ".join(query.split())]
        if len(as_typed) == 1:
            return as_typed[0]
        raise InvalidInput(
            _(
                "{query} names several people: {names}; type the name exactly as shown, "
                "then rename one (todo people edit NAME --name NEW)"
            ).format(query=repr(query), names=", ".join(person.name for person in exact))
        )
    if exact:
        return exact[0]
    candidates = [person for person in people if name_key(person.name).startswith(wanted)]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        names = ", ".join(sorted((person.name for person in candidates), key=name_key))
        raise InvalidInput(
            _("{query} matches several people: {names}; type more of the name").format(
                query=repr(query), names=names
            )
        )
    raise NotFound(
        _(
            'no person {query}: add them with todo people add "{name}" (or delegate with --create)'
        ).format(query=repr(query), name=query)
    )
