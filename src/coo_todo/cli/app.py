"""The Typer application: global options, the shared environment, and error reporting.

Only the CLI imports Typer. Heavy modules (the store, SQLModel) are imported inside the
commands that need them, so ``todo --help`` stays instant.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn, TextIO

import typer
from rich.console import Console
from rich.text import Text
from typer._click.exceptions import (  # Typer bundles Click; no public alias exists
    NoArgsIsHelpError,
    UsageError,
)
from typer.core import TyperGroup

from coo_todo import __version__, i18n
from coo_todo.cli.typer_compat import (
    describe_arguments_by_metavar,
    help_write_failures_reported,
    output_errors_reported,
    refuse_unstorable_text,
    skip_coercion_of_absent_values,
    translate_help,
    usage_error_in_the_language,
)
from coo_todo.console import UserTextConsole
from coo_todo.domain.text import json_escapes
from coo_todo.errors import ConfigError, CooTodoError, OutputError
from coo_todo.i18n import N_, _

if TYPE_CHECKING:
    from coo_todo.domain.dates import DateOrder
    from coo_todo.paths import Paths
    from coo_todo.settings import Settings
    from coo_todo.store import Store


skip_coercion_of_absent_values()
refuse_unstorable_text()
describe_arguments_by_metavar()
translate_help()
help_write_failures_reported()


class AppGroup(TyperGroup):
    """Turns project errors and usage errors into one stderr line and an exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """The root's own options (``todo --bogus``); ``todo`` alone opens the interactive
        screen on a terminal (``todo triage -i``), and prints the help in a pipe.

        The command's language is chosen here, before any option is read, so that the root's
        help (written as soon as ``--help`` is seen) speaks it too: ``--lang`` as given among
        the root's options, else the config's, else the environment's (``Env.language``)."""
        given = _language_given(args)
        i18n.choose(lambda: _env_or_default(ctx).language(given))
        ctx.call_on_close(i18n.forget)
        if not args and _env_or_default(ctx).on_terminal():
            args = ["triage", "--interactive"]
        try:
            return super().parse_args(ctx, args)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            _fail_usage(exc, ctx)
        except OutputError as exc:  # the root's --help or --version
            _output_lost(exc, _env_or_default(ctx))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OutputError as exc:
            _output_lost(exc, _env_or_default(ctx))
        except CooTodoError as exc:
            _fail(str(exc), exc.exit_code, _env_or_default(ctx))
        except NoArgsIsHelpError:  # todo config, todo db: their help, as Click prints it
            raise
        except UsageError as exc:
            _fail_usage(exc, ctx)


class VisibleConsole(UserTextConsole):
    """The CLI's console: user text shown as ``console.UserTextConsole`` shows it (see
    ``coo_todo.domain.text``), every command printing through one, so a new one cannot
    forget; a write that fails is OutputError."""

    def __init__(self, environ: Mapping[str, str] | None = None, **options: Any) -> None:
        super().__init__(
            _environ=usable_size(os.environ if environ is None else environ), **options
        )

    def print(self, *objects: Any, **options: Any) -> None:
        with writing_output():
            super().print(*objects, **options)

    def on_broken_pipe(self) -> None:
        """The reader left (``todo list | head -1``): OutputError, like any output lost, not
        Rich's silent exit 1, so a change saved first is still reported."""
        raise OutputError(os.strerror(errno.EPIPE), broken_pipe=True)


def _escaping(stream: TextIO) -> TextIO:
    """``stream``, writing a character its encoding lacks (a typographic apostrophe on a
    Latin-1 terminal: ``LANG=fr_FR.ISO-8859-1``) as its escape (``\\u2019``), as Python's own
    stderr does, rather than failing with a traceback after the command's change was made."""
    if not _unicode(stream) and getattr(stream, "errors", None) == "strict":
        with suppress(AttributeError, ValueError):  # a stream that cannot change, or closed
            stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
    return stream


def _unicode(stream: TextIO) -> bool:
    """Whether ``stream`` can write every character (UTF-8, UTF-16...); unknown: assumed."""
    import codecs

    encoding = getattr(stream, "encoding", None)
    try:
        return encoding is None or codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return True


def usable_size(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without a ``COLUMNS`` or ``LINES`` that is not a whole number above 0.

    Rich takes ``COLUMNS=0`` for a width of 0 and prints nothing at all, errors included; a
    size that is 0, negative or not a number means "unknown": the terminal's size, else 80.
    """
    return {
        name: value
        for name, value in environ.items()
        if name not in ("COLUMNS", "LINES") or (value.isdecimal() and int(value) > 0)
    }


@contextmanager
def writing_output() -> Iterator[None]:
    """Writing to stdout or stderr: a failure (a full disk, a closed pipe) is OutputError."""
    try:
        yield
    except OSError as exc:
        raise OutputError.of(exc) from None


def _output_lost(exc: OutputError, env: Env) -> NoReturn:
    """The output is lost: say so, and whether the change was saved first, so a retry does not
    make it twice. A reader that left the pipe (``todo list | head -1``) is told nothing."""
    saved = env.saved()
    if saved is None and exc.broken_pipe:
        raise typer.Exit(exc.exit_code)
    error = _("could not write the output ({reason})").format(reason=exc.reason)
    message = (
        _("{error}; the change was saved{tasks}").format(error=error, tasks=saved)
        if saved is not None
        else error
    )
    _fail(message, exc.exit_code, env)


ROOT_OPTIONS_WITH_VALUES = frozenset({"--db", "--lang", "--date-order"})
"""The root's options that take a value (the next argument, or after ``=``)."""


def _language_given(args: Sequence[str]) -> str | None:
    """The language ``--lang`` names among the root's options (before the command's name), if
    it is one we speak; an unknown one is refused later, when the option is read."""
    index = 0
    while index < len(args) and args[index].startswith("-"):
        name, equals, value = args[index].partition("=")
        if name in ROOT_OPTIONS_WITH_VALUES and not equals:
            value = args[index + 1] if index + 1 < len(args) else ""
            index += 1
        if name == "--lang":
            return i18n.language_named(value)
        index += 1
    return None


def _env_or_default(ctx: Any) -> Env:
    """The Env of the command (the one the caller passed, or the root callback made); before
    the root callback ran (a usage error in the root's own options), one of this process."""
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, Env) else Env()


def _fail(message: str, code: int, env: Env) -> NoReturn:
    one_line = message.replace("\n", "\\n")
    with suppress(OutputError):  # stderr is gone too: the exit code is all that is left
        env.err.print(
            _("error: {message}").format(message=one_line), style="red", markup=False, emoji=False
        )
    raise typer.Exit(code)


def _fail_usage(exc: UsageError, ctx: Any) -> NoReturn:
    path = exc.ctx.command_path if exc.ctx else "todo"
    error = usage_error_in_the_language(exc.format_message())
    message = _("{error} (try '{command} --help')").format(error=error, command=path)
    _fail(message, exc.exit_code, _env_or_default(ctx))


app = typer.Typer(
    cls=AppGroup,
    name="todo",
    help=N_("Morning triage for people who run operations: capture, rank, delegate, export."),
    epilog=N_(
        "Start with todo demo, then todo add and todo triage. "
        "Exit codes: 0 ok, 1 not found, 2 usage, 3 database, 4 output lost."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Click's plain help: Rich panels would import typer.rich_utils (rich.markdown,
    # markdown_it) and render them, about 1.6 x the import floor F for todo --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class Env:
    """What every command receives, and its only way out: its streams, its environment
    (terminal facts, paths, the clock's ``COO_TODO_NOW`` and ``TZ``, the config file), the
    settings and the store, both read lazily. A caller that runs many commands in one process
    passes each its own (``app(args, obj=Env(...))``); otherwise the root callback makes one
    from this process's streams and environment."""

    db_option: str | None = None
    lang_option: str | None = None
    date_order_option: DateOrder | None = None
    """``--date-order``: how numeric dates are read, over the config and the locale."""
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdin: BinaryIO | None = None
    """What ``todo import -`` reads; None: this process's, found only then (it may be closed)."""
    out: Console = field(init=False)
    """Results, on ``stdout``; user text is printed as typed: no markup ("[x]" stays), no emoji
    codes, no highlights."""
    err: Console = field(init=False)
    """Errors, warnings and notes, on ``stderr``."""
    _store: Store | None = None
    _settings: Settings | None = None
    _now: datetime | None = None
    _opened: list[Store] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stdout, self.stderr = _escaping(self.stdout), _escaping(self.stderr)
        self.out = VisibleConsole(
            self.environ, file=self.stdout, highlight=False, emoji=False, markup=False
        )
        self.err = VisibleConsole(self.environ, file=self.stderr, highlight=False, soft_wrap=True)

    @property
    def paths(self) -> Paths:
        from coo_todo.paths import Paths

        return Paths(self.environ)

    def store(self, *, create: bool = True, upgrade: bool = True) -> Store:
        """The store, opened on first use; an automatic schema upgrade is noted on stderr.

        Commands that only read pass ``create=False``: a database that is not there is
        NotFound, never created. Completion also passes ``upgrade=False``.
        """
        if self._store is None:
            self._store = self.open_store(self.database_url(), create=create, upgrade=upgrade)
        return self._store

    def database_url(self) -> str:
        """The URL of the database: ``--db``, else ``COO_TODO_DB``, else the config's
        ``[database] url``, else the default file."""
        configured = None
        if not (self.db_option or self.environ.get("COO_TODO_DB")):
            configured = self.settings().database
        return self.paths.database_url(self.db_option, configured)

    def open_store(self, url: str, *, create: bool = True, upgrade: bool = True) -> Store:
        """Open the database at ``url`` (creating or upgrading its schema, unless told not to)."""
        from coo_todo.store import Store

        store = Store(url, self.now(), create=create, upgrade=upgrade)
        self._opened.append(store)
        if store.upgraded is not None:
            change = store.upgraded
            note = _("note: upgraded the database schema {old} -> {new}").format(
                old=change.from_revision, new=change.to_revision
            )
            if change.backup:
                note += _("; backup: {path}").format(path=change.backup)
            self.err.print(Text(note))
        return store

    def close(self) -> None:
        """Close the databases this command opened (their connections, SQLite's WAL)."""
        while self._opened:
            self._opened.pop().close()
        self._store = None

    def saved(self) -> str | None:
        """None if this command saved no change; else ``""``, or the tasks it changed: ``": #5"``
        (at most five ids, then how many more)."""
        if not any(store.saved_changes for store in self._opened):
            return None
        ids = list(dict.fromkeys(i for store in self._opened for i in store.saved))
        if not ids:
            return ""
        more = _(" and {count} more").format(count=len(ids) - 5) if len(ids) > 5 else ""
        return ": " + ", ".join(f"#{i}" for i in ids[:5]) + more

    def now(self) -> datetime:
        """The time, read once per command (honouring ``COO_TODO_NOW``); a ``TZ`` this machine
        does not know is noted once on stderr."""
        if self._now is None:
            from coo_todo import clock

            self._now = clock.now(self.environ)
            note = clock.zone_note(self.environ)
            if note:
                self.err.print(Text(note), soft_wrap=True)
        return self._now

    def settings(self) -> Settings:
        """The config file's settings (defaults where it is silent), read on first use."""
        if self._settings is None:
            from coo_todo.settings import load_settings

            self._settings = load_settings(
                self.paths.config_file(), self.environ, self.date_order_option
            )
        return self._settings

    def language(self, given: str | None = None) -> str:
        """The language the user reads: ``--lang`` (or ``given``, as typed before the root's
        options were read), else the config's ``language``, else the environment's locale,
        else English (``coo_todo.language``). A config that cannot be read is passed over
        here: the command that reads its settings reports it."""
        from coo_todo.language import choose_language

        option = self.lang_option or given
        configured = None
        if option is None:
            with suppress(ConfigError):
                configured = self.settings().language
        return choose_language(option, configured, self.environ)

    def on_terminal(self) -> bool:
        """Whether stdin and stdout are both a terminal (where a screen can be drawn)."""
        streams = (self.stdin or sys.stdin, self.stdout)
        return all(hasattr(s, "isatty") and s.isatty() for s in streams)

    def input(self) -> BinaryIO:
        """The binary stream a command reads data from (``todo import -``)."""
        return self.stdin if self.stdin is not None else typer.get_binary_stream("stdin")

    def note(self, message: str) -> None:
        """A one-line note on stderr, beside what stdout says."""
        self.err.print(Text(_("note: {message}").format(message=message)), soft_wrap=True)

    def say(self, message: Any) -> None:
        """A one-line message: never wrapped, so each stays one line in a pipe or a log."""
        self.out.print(message, soft_wrap=True)

    def warn(self, message: str) -> None:
        """A warning on stderr, one line."""
        self.err.print(
            _("warning: {message}").format(message=message),
            markup=False,
            emoji=False,
            soft_wrap=True,
        )

    def print_json(self, data: Any) -> None:
        """Machine-readable output: plain JSON on stdout, never styled, and always valid (a
        NaN or an infinity, which JSON cannot hold, is an error rather than ``NaN``); control
        characters are JSON escapes (``text.json_escapes``): exact, and never raw; on a
        stream that cannot write every character (a Latin-1 terminal), so is all but ASCII."""
        import json

        try:
            text = json.dumps(
                data, ensure_ascii=not _unicode(self.stdout), indent=2, allow_nan=False
            )
        except ValueError as exc:
            raise CooTodoError(_("cannot print this as JSON: {exc}").format(exc=exc)) from None
        with writing_output():
            typer.echo(json_escapes(text), file=self.stdout)

    def write(self, text: str, output: Path | None) -> None:
        """A document to stdout, or where ``output`` points (see ``user_files.write_output``:
        never over the database, its sidecars or backups; then say so)."""
        if output is None:
            with writing_output():
                typer.echo(text, nl=False, file=self.stdout)
            return
        from coo_todo.user_files import write_output

        database = self.store(create=False).sqlite_file
        with writing_output():
            written = write_output(output, text, database, self.stdout)
        if written:
            self.say(_("Wrote {path}").format(path=output))

    def check_output(self, output: Path) -> None:
        """Refuse now what ``write`` would refuse to write at ``output``, so a command that
        writes several files writes all of them or none."""
        from coo_todo.user_files import check_output

        check_output(output, self.store(create=False).sqlite_file)


def env_of(ctx: typer.Context) -> Env:
    """The Env the root callback stored on the context, or, in shell completion (which runs
    no callback), one made from the root's parsed options."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Env(db_option=root.params.get("db"))
    assert isinstance(root.obj, Env)
    return root.obj


@output_errors_reported
def _print_version(ctx: typer.Context, value: bool) -> None:
    if value:
        typer.echo(f"coo-todo {__version__}", file=env_of(ctx).stdout)
        raise typer.Exit()


def _known_language(value: str | None) -> str | None:
    """``--lang``: a language we speak, named as ``language_named`` reads it (``FR``,
    ``fr_FR.UTF-8``)."""
    if value is None:
        return None
    named = i18n.language_named(value)
    if named is None:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(i18n.LANGUAGES)}")
    return named


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help=N_("Database: a SQLite file path or a SQLAlchemy URL. [env: COO_TODO_DB]"),
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="fr|en",
            callback=_known_language,
            help=N_("Language of what todo writes. [default: config's language, else LANG]"),
            show_default=False,
        ),
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order",
            metavar="dmy|mdy",
            help=N_(
                "Read numeric dates day first (04/12: 4 Dec) or month first (Apr 12). "
                "Default: config [dates] order, else the locale (en_US: mdy; others: dmy)."
            ),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help=N_("Print the version.")
        ),
    ] = False,
) -> None:
    """Morning triage for people who run operations: capture, rank, delegate, export."""
    env = ctx.obj if isinstance(ctx.obj, Env) else Env()
    if db is not None:
        env.db_option = db
    if lang is not None:
        env.lang_option = lang
    if date_order is not None:
        from coo_todo.domain.dates import date_order as order_named

        env.date_order_option = order_named(date_order)
        if env.date_order_option is None:
            raise typer.BadParameter(
                f"{date_order!r}: choose dmy (day first) or mdy (month first)",
                param_hint="--date-order",
            )
    ctx.obj = env
    ctx.call_on_close(env.close)


def main(command: Callable[[], Any] = app) -> None:
    """Run the command this process's argv names (``command``: the application, or the Click
    command a resident server built from it once, see ``coo_todo.server``).

    The cyclic garbage collector is off for this one short process: what a run allocates
    (modules, classes, records) lives to its end, and collecting only walked it, about 9% of
    ``todo triage``. At exit the same objects are frozen, so the interpreter's final
    collections skip them: they cost about 0.1 s, as much as a whole command's own work, to
    free memory the system reclaims anyway. The command has closed its database and files by
    then (``Env.close``). Callers of ``app`` (tests, a long-lived process) keep the
    collector running.
    """
    gc.disable()
    _open_closed_streams()
    try:
        command()
    finally:
        _quiet_unwritable_stdout()
        gc.freeze()


def _open_closed_streams() -> None:
    """Point a standard stream the caller closed (``todo add x >&-``; Python then starts with
    ``sys.stdout`` None) at the null device, as Python's own ``print`` takes one: what would be
    written there is dropped, and the command runs, rather than end in a traceback."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        if getattr(sys, name) is None:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115


def _quiet_unwritable_stdout() -> None:
    """Flush stdout; if it takes nothing more (a full disk, a closed pipe: the command said so),
    point it at the null device, so the interpreter's own flush at exit adds no traceback."""
    try:
        sys.stdout.flush()
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
