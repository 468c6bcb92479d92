"""Finding tasks by words: case, accents and the shape of apostrophes ignored, every word must
match. Pure.

``regence`` finds "Hôtel Régence" and ``Régence`` finds "regence": both sides are folded the
way names are compared (``people.name_key``: accents stripped, case folded), and a typographic
apostrophe (a right single quotation mark, as a phone types it) is read as ``'``.
"""

from __future__ import annotations

from collections.abc import Sequence

from coo_todo.domain.people import name_key
from coo_todo.domain.text import APOSTROPHES
from coo_todo.errors import InvalidInput

_AS_TYPED = str.maketrans(APOSTROPHES)


def _folded(text: str) -> str:
    return name_key(text).translate(_AS_TYPED)


def search_terms(words: Sequence[str]) -> list[str]:
    """The folded words to look for; InvalidInput when there is none."""
    terms = [_folded(word) for text in words for word in text.split()]
    terms = [term for term in terms if term]
    if not terms:
        raise InvalidInput('say what to look for: todo search "hotel regence"')
    return terms


def matches(terms: Sequence[str], title: str, notes: str | None) -> bool:
    """Whether every term is in the title or the notes (folded)."""
    text = _folded(f"{title}\n{notes or ''}")
    return all(term in text for term in terms)
