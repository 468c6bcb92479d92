"""Reading a task typed in one line, Taskwarrior-style: ``Renew Acme due:fri impact:5 +renewal``.

Words are split on white space whether they came as separate arguments or one quoted string,
except an argument that starts with a known ``key:``: it is one attribute, spaces included
(``due:"fri 9am"``). A ``key:value`` word is an attribute only when ``key`` is known (``Call re:
pricing`` keeps its colon); ``+word`` is a tag when a letter follows the ``+`` (``+33 6 12``,
``+20%`` stay in the title). In a date or a name, ``_`` stands for a space (``due:next_mon``,
``to:Alice_M``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coo_todo.domain.records import TASK_FIELDS

ATTRIBUTE_KEYS: dict[str, str] = {
    **{key: task_field.given for task_field in TASK_FIELDS for key in task_field.inline},
    "blocked-by": "blocked_by",
    "blocked_by": "blocked_by",
    "dep": "blocked_by",
    "to": "to",
    "follow": "follow_up",
    "follow-up": "follow_up",
    "in": "initiative",
}
"""Inline keys and the attribute each sets (a task field's ``given`` key, or one of the
others); aliases follow Taskwarrior's habits."""


SPACED_ATTRIBUTES = frozenset(
    {
        "to",
        "follow_up",
        *(task_field.given for task_field in TASK_FIELDS if task_field.kind == "date"),
    }
)
"""Attributes whose inline values may hold spaces, written as ``_``: dates and names."""


@dataclass
class Capture:
    """What a line of words says: a title, raw attribute values, tags and blockers."""

    title: str
    attributes: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    blocked_by: list[str] = field(default_factory=list)


def parse_words(words: Sequence[str], *, literal: bool = False) -> Capture:
    """Split ``words`` into a title and inline attributes (none when ``literal``)."""
    if literal:
        return Capture(title=" ".join(words).strip())
    capture = Capture(title="")
    title_words: list[str] = []
    for argument in words:
        whole = argument.strip()
        pieces = [whole] if _attribute(whole) is not None else argument.split()
        for word in pieces:
            attribute = _attribute(word)
            value = word.partition(":")[2].strip()
            if attribute == "blocked_by":
                capture.blocked_by.extend(part for part in value.split(",") if part)
            elif attribute is not None:
                spaced = attribute in SPACED_ATTRIBUTES
                capture.attributes[attribute] = value.replace("_", " ") if spaced else value
            elif is_tag(word):
                capture.tags.append(word[1:])
            else:
                title_words.append(word)
    capture.title = " ".join(title_words)
    return capture


def _attribute(word: str) -> str | None:
    """The attribute a ``key:value`` word sets, or None (unknown key, or no value)."""
    key, colon, value = word.partition(":")
    return ATTRIBUTE_KEYS.get(key.lower()) if colon and value.strip() else None


def is_tag(word: str) -> bool:
    """Whether a word is a ``+tag``: a letter right after the ``+`` (``+équipe``, not ``+33``)."""
    return len(word) > 1 and word[0] == "+" and word[1].isalpha()
