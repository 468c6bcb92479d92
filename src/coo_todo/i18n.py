"""The words a user reads, in the language they chose.

Every message shown to the user is written in English in the code and passes through ``_``
(or ``ngettext`` for counted words), so that gettext catalogs can give it in another language.
English needs no catalog: until a language is chosen, the messages come back unchanged.
"""

from __future__ import annotations

import gettext

_active: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, in the active language."""
    return _active.ngettext(singular, plural, count)
