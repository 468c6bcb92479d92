"""Two adjustments to Typer: what needs no database starts as fast as Typer itself, and no
value typed on the command line escapes the check of user text.

Typer 0.29 coerces each value a command receives through a pydantic ``TypeAdapter``, built the
first time the parameter is processed, even when the option is absent and the value is ``None``
(which the adapter then returns unchanged). The root's ``--db`` is processed before any
command, so ``todo add --help``, ``todo config path`` and shell completion imported pydantic
only to learn that ``None`` is ``None``: about 100 ms, as much as importing Typer and Rich.

``skip_coercion_of_absent_values`` gives an absent value what Typer's coercion would give it
(``None``, or ``()`` for a multi-value parameter), and leaves values as parsed while Click
parses resiliently (shell completion, where no command runs and defaults such as ``--limit 30``
would otherwise build adapters too); then it runs Typer's required check and the parameter's
callback as Typer does. Every value a command receives goes through Typer untouched. If Typer's
internals move, nothing is patched and ``tests/test_startup.py`` reports the imports again;
``test_typer_still_adapts_absent_values`` fails the day Typer skips absent values itself, and
this module can go (``refuse_unstorable_text`` stays).

``refuse_unstorable_text`` checks each value of every option and argument, of every command
present and future, with ``limits.text_problem`` before Typer converts it, so text no database
can store (bytes that were not UTF-8, a NUL) is a usage error naming the option, never a
traceback deep in a command. Lengths depend on the field, so ``service.checks`` checks them.

``translate_help``: Click reads the help texts when the CLI is imported, before a command's
language is known. A help text marked for the catalogs (``N_``) is translated when the help is
written: a command's description, its short help in its group's list, and each option's and
argument's help, through a copy that holds the translation (the command itself is shared by
the commands a server runs), and Typer's own words (``TYPER_WORDS``). English copies nothing
and reads no catalog. Click's ``Usage:`` is written without gettext and stays English.

``usage_error_in_the_language``: Typer's Click writes its usage errors in English with
f-strings (no gettext to bind a catalog to); the common ones are recognised by their shape and
written again from our catalog, with their parts (an option's name, a value) as they were.

``help_write_failures_reported``: Click writes a ``--help`` page from the option's callback,
while it parses, outside any command's output; a failure there (a full disk) was a traceback.
It is now an ``OutputError``, which the CLI reports in one line as it does a command's.

``describe_arguments_by_metavar``: Typer 0.29 writes an argument's Python type after its name
in the help (``ID <str>``, ``WORDS <list[str]>``) and has no setting to leave it out; an
argument given a metavar is described by the metavar alone, as options are.
"""

import copy
import functools
import re
from collections.abc import Callable
from typing import Any

import typer._click.core
import typer._click.decorators
import typer.core
from typer._click.exceptions import (  # Typer bundles Click; no public alias
    BadParameter,
    MissingParameter,
)

from coo_todo import i18n
from coo_todo.domain.limits import text_problem
from coo_todo.errors import OutputError
from coo_todo.i18n import N_

HELP_OPTION = N_("Show this message and exit.")
"""Click's own help for ``--help``, translated like ours."""
TYPER_WORDS = (N_("Arguments"), N_("Options"), N_("Commands"), N_("required"))
TYPER_DEFAULT = N_("default: {default}")
"""The words Typer writes in a help page (section titles, ``[default: open]``, ``[required]``)
through its module's ``gettext``: ``translate_help`` points it at our catalog."""
TYPER_OPTIONS_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
"""The help of the options Typer adds to the root, translated as ours are when shown."""

USAGE_ERRORS = [
    (re.compile(pattern), message)
    for pattern, message in (
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
            N_("No such option: {name} (possible options: {options})"),
        ),
        (r"Missing argument (?P<name>.+)\.", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
        (
            r"Got unexpected extra argument\(s\) \((?P<words>.*)\)",
            N_("Got unexpected extra argument(s) ({words})"),
        ),
        (
            r"Option (?P<name>'.+') requires an argument\.",
            N_("Option {name} requires an argument."),
        ),
        (
            r"Option (?P<name>'.+') does not take a value\.",
            N_("Option {name} does not take a value."),
        ),
        (
            r"Invalid value for (?P<name>.+?): (?P<reason>.+)",
            N_("Invalid value for {name}: {reason}"),
        ),
        (r"Invalid value: (?P<reason>.+)", N_("Invalid value: {reason}")),
        (
            r"(?P<value>'.*') is not a valid integer\.",
            N_("{value} is not a valid integer."),
        ),
    )
]
"""Click's usage errors that read in the user's language: their English shape (the whole
message), and the message that says it (its placeholders are the shape's groups)."""


def skip_coercion_of_absent_values() -> bool:
    """Patch Typer's parameters so absent values and completion build no adapter; True if so."""
    parameter = getattr(typer.core, "_TyperParameter", None)
    process_value = getattr(parameter, "process_value", None)
    if parameter is None or process_value is None:
        return False
    if hasattr(process_value, "__wrapped__"):
        return True

    @functools.wraps(process_value)
    def process_value_unless_absent(self: Any, ctx: Any, value: Any) -> Any:
        if value is not None and not ctx.resilient_parsing:
            return process_value(self, ctx, value)
        if value is None:
            value = () if self.multiple or self.nargs == -1 else None
        if self.required and self.value_is_missing(value):
            raise MissingParameter(ctx=ctx, param=self)
        if self.callback is not None:
            return self.callback(ctx, self, value)
        return value

    parameter.process_value = process_value_unless_absent
    return True


def refuse_unstorable_text() -> None:
    """Make Typer's options and arguments refuse text that cannot be stored (see above)."""
    for parameter in (typer.core.TyperOption, typer.core.TyperArgument):
        if "process_value" not in vars(parameter):
            parameter.process_value = _checking_text_first(parameter)  # type: ignore[method-assign]


def translate_help() -> None:
    """Make marked help texts read in the command's language when shown (see above)."""
    patched = [
        (typer._click.core.Command, "format_help_text"),
        (typer._click.core.Command, "format_epilog"),
        (typer._click.core.Command, "get_short_help_str"),
        *((kind, "get_help_record") for kind in (typer.core.TyperOption, typer.core.TyperArgument)),
    ]
    for kind, name in patched:
        method = vars(kind).get(name)
        if method is not None and not hasattr(method, "__wrapped__"):
            setattr(kind, name, _with_help_translated(method))
    typer.core._ = _typer_word  # type: ignore[attr-defined]


def _typer_word(message: str) -> str:
    """One of Typer's own words (``TYPER_WORDS``) in the language; English reads no catalog."""
    return message if i18n.language() == "en" else i18n._(message)


def _with_help_translated(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def in_the_language(self: Any, *args: Any, **kwargs: Any) -> Any:
        epilog = getattr(self, "epilog", None)
        if not (self.help or epilog) or i18n.language() == "en":
            return method(self, *args, **kwargs)
        translated = copy.copy(self)
        translated.help = self.help and i18n._(self.help)
        if epilog:
            translated.epilog = i18n._(epilog)
        return method(translated, *args, **kwargs)

    return in_the_language


def usage_error_in_the_language(message: str) -> str:
    """Click's usage error ``message`` in the command's language, if it is one of the common
    ones (``USAGE_ERRORS``); else as Click wrote it."""
    if i18n.language() == "en":
        return message
    for shape, translated in USAGE_ERRORS:
        found = shape.fullmatch(message)
        if found is not None:
            parts = {
                name: usage_error_in_the_language(part) for name, part in found.groupdict().items()
            }
            return i18n._(translated).format(**parts)
    return message


def describe_arguments_by_metavar() -> None:
    """Make the help name an argument that has a metavar by it alone (see above)."""
    argument = typer.core.TyperArgument
    if "display_type_rich" in vars(argument):
        return
    with_type = argument.display_type_rich

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        return None if self.metavar else with_type(self, ctx)

    argument.display_type_rich = display_type_rich  # type: ignore[method-assign]


def _checking_text_first(parameter: type[Any]) -> Any:
    def process_value(self: Any, ctx: Any, value: Any) -> Any:
        if not ctx.resilient_parsing:
            texts = value if isinstance(value, tuple | list) else (value,)
            for text in texts:
                problem = text_problem(text) if isinstance(text, str) else None
                if problem is not None:
                    raise BadParameter(problem, ctx=ctx, param=self)
        return super(parameter, self).process_value(ctx, value)

    return process_value


def help_write_failures_reported() -> None:
    """Make a failure to write a ``--help`` page an ``OutputError`` (see above)."""
    original = typer._click.decorators.help_option
    if hasattr(original, "__wrapped__"):
        return

    @functools.wraps(original)
    def help_option(param_decls: list[str]) -> Callable[[Any], Any]:
        add_option = original(param_decls)

        def decorator(command: Any) -> Any:
            command = add_option(command)
            option = command.params[-1]
            option.callback = output_errors_reported(option.callback)
            return command

        return decorator

    typer._click.decorators.help_option = help_option


def output_errors_reported(write: Callable[..., Any]) -> Callable[..., Any]:
    """``write``, its failure to write (an OSError: a full disk, a closed pipe) raised as an
    ``OutputError``."""

    @functools.wraps(write)
    def writing(*args: Any, **kwargs: Any) -> Any:
        try:
            return write(*args, **kwargs)
        except OSError as exc:
            raise OutputError.of(exc) from None

    return writing
