"""Which language the user reads: ``--lang``, else the config's ``language``, else the
environment's locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, in gettext's
order), else English. The messages themselves are ``coo_todo.i18n``'s."""

from __future__ import annotations

from collections.abc import Mapping

from coo_todo.i18n import language_named

ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""The variables that name the locale, the first set one deciding (as gettext reads them)."""


def from_environment(environ: Mapping[str, str]) -> str | None:
    """The language the environment names: the first of its locales (``fr_FR.UTF-8``, a
    ``LANGUAGE`` list ``fr:en``) that coo-todo speaks, "en" for the C locale; None if the
    deciding variable names none it speaks, or none is set."""
    for variable in ENVIRONMENT:
        value = environ.get(variable, "")
        if not value:
            continue
        return next(filter(None, map(language_named, value.split(":"))), None)
    return None


def choose_language(option: str | None, configured: str | None, environ: Mapping[str, str]) -> str:
    """The language of a command: ``--lang`` (``option``), else the config's, else the
    environment's, else English."""
    return option or configured or from_environment(environ) or "en"
