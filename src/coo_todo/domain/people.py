"""Finding a colleague by what the user types: case and accents ignored, unique prefix.

Pure: takes the list of people, returns one of them or raises.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from coo_todo.domain.records import PersonRecord
from coo_todo.errors import InvalidInput, NotFound
from coo_todo.i18n import _


def name_key(name: str) -> str:
    """The form names are compared in: accents stripped, case folded, spaces collapsed."""
    bare = name
    if not name.isascii():  # ASCII has nothing to decompose: a search folds 10,000 titles
        decomposed = unicodedata.normalize("NFKD", name)
        bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def find_person(query: str, people: Sequence[PersonRecord]) -> PersonRecord:
    """The one person ``query`` names: an exact name, else a unique prefix (``ali``, ``Alice M``).

    Raises NotFound (with how to add them) or InvalidInput (listing the candidates).
    """
    wanted = name_key(query)
    if not wanted:
        raise InvalidInput(_("a person's name cannot be empty"))
    exact = [person for person in people if name_key(person.name) == wanted]
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
