"""What a piece of user text may hold, checked in one place wherever it comes from.

Text is stored as typed, control characters included (the display makes them visible), except:

* text that is not valid Unicode: bytes that were not UTF-8 reach Python as lone surrogates
  (from argv, or a file read with ``surrogateescape``), and no database can store them;
* NUL (U+0000): PostgreSQL's text types refuse it and SQLite's C functions stop at it;
* text longer than its field's limit (``MAX_LENGTH``): a list stays readable, and the limits
  fit the columns of ``store.models``.
"""

from __future__ import annotations

from coo_todo.domain.records import TASK_FIELDS
from coo_todo.errors import InvalidInput
from coo_todo.i18n import _, pgettext

MAX_LENGTH = {
    **{task_field.noun: task_field.limit for task_field in TASK_FIELDS if task_field.limit},
    "name": 200,
    "contact": 200,
    "team": 100,
    "tag": 100,
    "login": 63,
    "goal": 1000,
    "key": 40,
    "review_rule": 300,
    "state": 16,
}
"""The longest text, in characters, each field takes (its name as the messages say it)."""

MAX_TAGS = 100
"""The most tags one task holds: a list stays readable, and a runaway script stops early."""

MAX_ID = 2**63 - 1
"""The largest whole number a database integer column holds (ids, for one)."""


def field_word(field: str) -> str:
    """How messages name ``field`` (a key of ``MAX_LENGTH``, or ``impact``, ``urgency``), in
    the active language: "repeat rule" for ``every``; any other name as it is (the key of an
    import file, quoted)."""
    words = {
        "title": pgettext("field", "title"),
        "impact": pgettext("field", "impact"),
        "urgency": pgettext("field", "urgency"),
        "area": pgettext("field", "area"),
        "note": pgettext("field", "note"),
        "every": pgettext("field", "repeat rule"),
        "name": pgettext("field", "name"),
        "contact": pgettext("field", "contact"),
        "team": pgettext("field", "team"),
        "tag": pgettext("field", "tag"),
        "login": pgettext("field", "login"),
        "goal": pgettext("field", "goal"),
        "key": pgettext("field", "key"),
        "review_rule": pgettext("field", "review rule"),
        "state": pgettext("field", "state"),
    }
    return words.get(field, field)


def check_tag_count(count: int) -> None:
    """Refuse (InvalidInput) a task that would hold ``count`` tags, past ``MAX_TAGS``."""
    if count > MAX_TAGS:
        raise InvalidInput(
            _("a task holds at most {most} tags, not {count:,}").format(most=MAX_TAGS, count=count)
        )


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored whatever its field, or None if it can."""
    if "\x00" in text:
        return _("holds a NUL character (\\x00), which no database stores")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("not valid UTF-8 text")
    return None


def checked_text(field: str, text: str) -> str:
    """``text`` if it can be stored as ``field`` (a key of ``MAX_LENGTH``, or any other name
    for text without a limit of its own); InvalidInput saying why not."""
    problem = text_problem(text)
    if problem is not None:
        raise InvalidInput(
            _("the {field} cannot be stored: {problem}").format(
                field=field_word(field), problem=problem
            )
        )
    limit = MAX_LENGTH.get(field)
    if limit is not None and len(text) > limit:
        raise InvalidInput(
            _("the {field} is {text:,} characters long; the limit is {limit:,}").format(
                field=field_word(field), text=len(text), limit=limit
            )
        )
    return text
