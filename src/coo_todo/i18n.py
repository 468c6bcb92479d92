"""The words a user reads, in the language they chose.

Every message shown to the user is written in English in the code and passes through ``_``
(or ``ngettext`` for counted words), so that gettext catalogs can give it in another language
(``locale/<language>/LC_MESSAGES/coo_todo.po``, compiled to ``.mo`` beside it; see
docs/language.md). English needs no catalog: until a language is chosen, the messages come
back unchanged, and neither a catalog nor Babel is loaded.

A command chooses its language with ``choose``, lazily: the chooser (``--lang``, the config,
the environment: ``cli.app.Env.language``) runs at the first message translated, so a command
that shows none reads none of them. ``forget`` ends the command's choice: a process that runs
many commands (tests, the TUI, a primed server worker) never carries one command's language
into the next.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "fr")
"""The languages a user can choose; English is the code's own."""


def language_named(name: str) -> str | None:
    """The language ``name`` names, as a code, a locale or a language tag, in any case: "fr"
    for ``fr``, ``FR``, ``fr_FR.UTF-8``, ``fr_CA@euro`` or ``fr-CA``; "en" for the C locale
    (``C``, ``C.UTF-8``, ``POSIX``); None for a language coo-todo does not speak."""
    code = re.split(r"[._@-]", name.strip(), maxsplit=1)[0].lower()
    if code in ("c", "posix"):
        return "en"
    return code if code in LANGUAGES else None


DOMAIN = "coo_todo"
LOCALE_DIR = Path(__file__).parent / "locale"
BABEL_LOCALES = {"fr": "fr_FR"}
"""The Babel locale that writes the dates and numbers of each language but English."""

_ENGLISH = gettext.NullTranslations()
_catalogs: dict[str, gettext.NullTranslations] = {"en": _ENGLISH}
_active: gettext.NullTranslations | None = _ENGLISH
_language = "en"
_chooser: Callable[[], str] | None = None


def _(message: str) -> str:
    """``message`` in the active language."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, in the active language."""
    return _translations().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the active language, as it reads in ``context``: one English word that
    other languages write two ways ("Friday" after "every" is "vendredis" in French)."""
    return _translations().pgettext(context, message)


def choose(chooser: Callable[[], str]) -> None:
    """The language of the messages to come is ``chooser()``, asked at the first of them."""
    global _active, _chooser
    _active, _chooser = None, chooser


def use(language: str) -> None:
    """Messages from now on in ``language`` (one of ``LANGUAGES``), until ``forget``."""
    global _active, _language, _chooser
    _chooser = None
    _active, _language = _catalog(language), language


def forget() -> None:
    """Back to English, the language of a process that has chosen none."""
    use("en")


def language() -> str:
    """The active language's code ("en", "fr")."""
    _translations()
    return _language


def _translations() -> gettext.NullTranslations:
    global _active
    if _active is None:
        chooser = _chooser
        _active = _ENGLISH  # a message the chooser shows (a broken config) is English
        use(chooser() if chooser is not None else "en")
        assert _active is not None
    return _active


def _catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language``, read once per process."""
    if language not in _catalogs:
        with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
            _catalogs[language] = gettext.GNUTranslations(file)
    return _catalogs[language]


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs without translating it (a table of labels made at
    import time): whoever shows it passes it through ``_``."""
    return message


def format_number(value: float, digits: int = 1) -> str:
    """``value`` rounded to ``digits`` decimals, trailing zeros dropped, as the active
    language writes it: "12.5" in English, "12,5" in French."""
    return _localised(f"{round(value, digits):g}")


def format_fixed(value: float, digits: int = 1) -> str:
    """``value`` with exactly ``digits`` decimals, as the active language writes it: "7.0",
    "7,0"."""
    return _localised(f"{value:.{digits}f}")


def format_general(value: float) -> str:
    """``value`` as Python's ``g`` format writes it ("10", "0.5"), in the active language
    ("0,5")."""
    return _localised(f"{value:g}")


def format_signed(value: float, digits: int = 1) -> str:
    """``value`` with its sign and exactly ``digits`` decimals: "+7.50", "+7,50"."""
    return _localised(f"{value:+.{digits}f}")


def _localised(english: str) -> str:
    """A number written by Python (``12.5``) as the active language writes it: its
    decimal symbol from Babel's CLDR data, read once per language."""
    if language() == "en":
        return english
    return english.replace(".", _decimal_symbol(_language))


@cache
def _decimal_symbol(language: str) -> str:
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(BABEL_LOCALES[language])


def format_weekday_day_month(day: date, *, year: bool) -> str | None:
    """``day`` as the active language writes a short date ("ven. 4 déc.", "ven. 4 déc. 2027");
    None in English, which the caller writes itself (the code's own "Fri 4 Dec")."""
    if language() == "en":
        return None
    return _short_date(day, year, _language)


@cache
def _short_date(day: date, year: bool, language: str) -> str:
    """Babel's short date, once per day: a list of 10,000 tasks holds a few hundred days."""
    from babel.dates import format_date

    pattern = "EEE d MMM y" if year else "EEE d MMM"
    return format_date(day, pattern, locale=BABEL_LOCALES[language])


def format_date_pattern(day: date, pattern: str) -> str | None:
    """``day`` written with a CLDR ``pattern`` ("EEE dd MMM y") in the active language; None
    in English, whose callers keep their own format."""
    if language() == "en":
        return None
    return _patterned_date(day, pattern, _language)


@cache
def _patterned_date(day: date, pattern: str, language: str) -> str:
    from babel.dates import format_date

    return format_date(day, pattern, locale=BABEL_LOCALES[language])
