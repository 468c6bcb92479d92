"""Reading import files: our own JSON backup, Taskwarrior's ``task export``, todo.txt.

Pure: text in, records out (an ``incoming.Batch``). A record that cannot be read becomes a
``Problem`` with its line number and is left out; a file that cannot be read at all (not JSON,
not a coo-todo backup) raises InvalidInput. Records are split on line breaks only (``\n``,
``\r\n``, ``\r``), never on the other characters ``str.splitlines`` takes for one. Times
outside ``dates.YEARS`` are refused. The mappings are documented in docs/export-import.md.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, time
from typing import Any

from coo_todo.domain import dates, recurrence
from coo_todo.domain.incoming import Batch, EventIn, PersonIn, Problem, TaskIn
from coo_todo.domain.initiatives import (
    ACTIVE,
    STATES,
    InitiativeCopy,
    InitiativeRecord,
    ReviewRecord,
    checked_key,
)
from coo_todo.domain.limits import MAX_ID, MAX_LENGTH, checked_text, text_problem
from coo_todo.domain.records import (
    DONE,
    DROPPED,
    NO_TASK,
    OPEN,
    STATUSES,
    TASK_FIELDS,
    TaskField,
)
from coo_todo.errors import InvalidInput
from coo_todo.formats.backup import BACKUP_FORMAT, BACKUP_VERSION
from coo_todo.i18n import N_, _

FORMATS = ("json", "taskwarrior", "todotxt")
ALIASES = {"todo.txt": "todotxt"}
"""Other names ``--from`` accepts for a format."""
LARGEST_ID = 2**63 - 1
"""The largest id a database integer column holds."""

TASKWARRIOR_STATUS = {"pending": OPEN, "waiting": OPEN, "completed": DONE, "deleted": DROPPED}
TASKWARRIOR_IMPACT = {"H": 5, "M": 4, "L": 2}
"""Taskwarrior's priority (H, M, L) as impact; a task without one gets the default, 3."""

TODOTXT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/todotxt/todo.txt")


def todotxt_urgency(priority: str) -> int:
    """todo.txt's priority as urgency: (A) 5, (B) 4, (C) 3, (D) to (Z) 2."""
    return max(2, 5 - (ord(priority) - ord("A")))


def parse(text: str, source: str | None, now: datetime, name: str = "-") -> Batch:
    """Read ``text`` in the ``source`` format (one of FORMATS or ALIASES; None: guessed from
    the file's ``name`` and its text, see ``guess_format``), dates relative to ``now``."""
    readers: dict[str, Callable[[str, datetime], Batch]] = {
        "json": read_backup,
        "taskwarrior": read_taskwarrior,
        "todotxt": read_todotxt,
    }
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    form = guess_format(text, name) if source is None else ALIASES.get(source, source)
    if form not in readers:
        raise InvalidInput(
            _("unknown import format {source!r}: use {formats}").format(
                source=source, formats=", ".join(FORMATS)
            )
        )
    return readers[form](text, now)


def guess_format(text: str, name: str) -> str:
    """The format of a file given without ``--from``: todo.txt if its name ends in ``.txt``;
    else Taskwarrior if it starts with ``[`` or its first line is a JSON object with a
    ``uuid``; else our backup if it starts with ``{``; else todo.txt."""
    if name.lower().endswith(".txt"):
        return "todotxt"
    start = text.lstrip(" \t\n")
    if start.startswith("["):
        return "taskwarrior"
    if not start.startswith("{"):
        return "todotxt"
    try:
        first = json.loads(start.split("\n", 1)[0])
    except (ValueError, RecursionError):
        return "json"
    return "taskwarrior" if isinstance(first, dict) and "uuid" in first else "json"


# -- our own backup ---------------------------------------------------------------------------


def read_backup(text: str, now: datetime) -> Batch:
    """A document written by ``todo export --format json``."""
    document = _located_json(text)
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise InvalidInput(
            _(
                "not a coo-todo backup (todo export --format json); "
                "for another tool's file use --from taskwarrior or --from todotxt"
            )
        )
    version = document.get("version")
    if not isinstance(version, int) or not 1 <= version <= BACKUP_VERSION:
        raise InvalidInput(
            _("backup version {value} is not one this coo-todo reads (1 to {latest})").format(
                value=_shown(version), latest=BACKUP_VERSION
            )
        )
    batch = Batch("json", restore=True)
    sections: tuple[tuple[str, Callable[[Any, int], Any], list[Any]], ...] = (
        ("people", _backup_person, batch.people),
        ("tasks", _backup_task, batch.tasks),
        ("history", _backup_entry, batch.history),
    )
    for key, read, into in sections:
        items = document.get(key, [])
        if not isinstance(items, list):
            raise InvalidInput(_("'{key}' must be a list").format(key=key))
        into.extend(_records(items, read, batch.problems))
    areas = document.get("shared_areas", [])  # (line, value) pairs, as every list
    if not isinstance(areas, list) or not all(isinstance(area, str) for _, area in areas):
        raise InvalidInput(_("'shared_areas' must be a list of areas"))
    batch.shared_areas.extend(checked_text("area", area) for _, area in areas)
    initiatives = document.get("initiatives", [])
    if not isinstance(initiatives, list):
        raise InvalidInput(_("'initiatives' must be a list"))
    batch.initiatives.extend(_records(initiatives, _backup_initiative, batch.problems))
    return batch


def _backup_initiative(data: Any, line: int) -> InitiativeCopy:
    fields = _Fields(data)
    reviews = []
    for item in fields.get("reviews", list) or []:
        review = _Fields(item)
        reviews.append(
            ReviewRecord(review.uuid("uuid"), review.required_time("at"), review.text("note", None))
        )
    state = fields.text("state", MAX_LENGTH["state"]) or ACTIVE
    if state not in STATES:
        raise InvalidInput(
            _("'state' must be one of {states}, not {value}").format(
                states=", ".join(STATES), value=_shown(state)
            )
        )
    rule = fields.text("review_rule", MAX_LENGTH["review_rule"])
    initiative = InitiativeRecord(
        id=fields.integer("id", 1, MAX_ID) or 0,
        uuid=fields.uuid("uuid"),
        key=checked_key(fields.text("key", MAX_LENGTH["key"], required=True)),
        name=fields.text("name", MAX_LENGTH["name"], required=True),
        state=state,
        started_at=fields.required_time("started_at"),
        created_at=fields.required_time("created_at"),
        updated_at=fields.required_time("updated_at"),
        goal=fields.text("goal", MAX_LENGTH["goal"]),
        area=fields.text("area", MAX_LENGTH["area"]),
        target=fields.time("target"),
        review_rule=None if rule is None else recurrence.checked_rule(rule),
        next_review=fields.time("next_review"),
        owner=fields.text("owner", MAX_LENGTH["login"]),
        members=fields.strings("members"),
    )
    if not all(name.strip() for name in initiative.members):
        raise InvalidInput(_("'members' must be a list of names"))
    tasks = tuple(_uuid(uuid) for uuid in fields.strings("tasks"))
    return InitiativeCopy(initiative, tuple(reviews), tasks, line)


def _backup_person(data: Any, line: int) -> PersonIn:
    fields = _Fields(data)
    return PersonIn(
        line,
        name=fields.text("name", 200, required=True),
        team=fields.text("team", 100),
        contact=fields.text("contact", 200),
        created_at=fields.time("created_at"),
        last_brief_at=fields.time("last_brief_at"),
        login=fields.text("login", MAX_LENGTH["login"]),
    )


def _backup_task(data: Any, line: int) -> TaskIn:
    fields = _Fields(data)
    status = fields.text("status", 16) or OPEN
    if status not in STATUSES:
        raise InvalidInput(
            _("status must be one of {statuses}, not {value}").format(
                statuses=", ".join(STATUSES), value=_shown(status)
            )
        )
    return TaskIn(
        line,
        uuid=fields.uuid("uuid"),
        id=fields.integer("id", 1, LARGEST_ID),
        status=status,
        **{task_field.name: fields.task_field(task_field) for task_field in TASK_FIELDS},
        created_at=fields.time("created_at"),
        updated_at=fields.time("updated_at"),
        completed_at=fields.time("completed_at"),
        tags=fields.strings("tags"),
        blocked_by=tuple(_uuid(value) for value in fields.strings("blocked_by")),
        delegate=fields.text("delegate", 200),
        delegated_at=fields.time("delegated_at"),
        follow_up=fields.time("follow_up"),
        owner=fields.text("owner", MAX_LENGTH["login"]),
        series=fields.optional_uuid("series"),
    )


def _backup_entry(data: Any, line: int) -> EventIn:
    fields = _Fields(data)
    return EventIn(
        line,
        task_uuid=fields.uuid("task_uuid"),
        task_id=fields.integer("task_id", NO_TASK, LARGEST_ID),
        kind=fields.text("kind", 32, required=True),
        at=fields.required_time("at"),
        change=fields.text("change", 32) or "",
        undone_at=fields.time("undone_at"),
        changes=fields.json_object("changes"),
        note=fields.text("note", None),
        author=fields.text("author", MAX_LENGTH["login"]),
    )


# -- Taskwarrior ------------------------------------------------------------------------------


def read_taskwarrior(text: str, now: datetime) -> Batch:
    """The output of ``task export``: a JSON array, or one JSON object per line."""
    batch = Batch("taskwarrior")
    if text.lstrip().startswith("["):
        items = _located_json(text)
        assert isinstance(items, list)
    else:
        items = list(_json_lines(text, batch.problems))
    for task, entries in _records(
        items, lambda data, line: _taskwarrior_task(data, line, now), batch.problems
    ):
        batch.tasks.append(task)
        batch.history += entries
    batch.tasks = _first_open_occurrences(batch.tasks)
    return batch


def _first_open_occurrences(tasks: list[TaskIn]) -> list[TaskIn]:
    """``tasks`` but the later open occurrences of a series (Taskwarrior creates pending
    instances of a recurring task ahead of time): one series, one open occurrence, the one
    due first; done ones stay, as its history."""
    first: dict[str, TaskIn] = {}
    for task in tasks:
        if task.series is not None and task.status == OPEN:
            kept = first.get(task.series)
            if kept is None or _due_order(task) < _due_order(kept):
                first[task.series] = task
    kept_ones = {id(task) for task in first.values()}
    return [
        task
        for task in tasks
        if task.series is None or task.status != OPEN or id(task) in kept_ones
    ]


def _due_order(task: TaskIn) -> tuple[bool, datetime]:
    return task.due is None, task.due or dates.UNREADABLE


def _json_lines(text: str, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip(_JSON_SPACE).rstrip(",")
        if not stripped:
            continue
        try:
            yield number, json.loads(stripped)
        except (ValueError, RecursionError) as exc:
            message = _json_error(exc, where=False)  # the line number is the record's
            problems.append(Problem(number, _("not valid JSON: {reason}").format(reason=message)))


def _taskwarrior_task(data: Any, line: int, now: datetime) -> tuple[TaskIn, list[EventIn]]:
    fields = _Fields(data)
    task_uuid = fields.uuid("uuid")
    status = fields.text("status", None) or "pending"
    if status == "recurring":
        raise InvalidInput(_("a recurring template: its pending instances are imported instead"))
    if status not in TASKWARRIOR_STATUS:
        raise InvalidInput(_("unknown Taskwarrior status {value}").format(value=_shown(status)))
    priority = fields.text("priority", None)
    if priority is not None and priority not in TASKWARRIOR_IMPACT:
        raise InvalidInput(_("unknown priority {value} (H, M or L)").format(value=_shown(priority)))
    due = fields.time("due")
    scheduled = fields.time("scheduled")
    notes = f"scheduled:{_local_text(scheduled, now)}" if scheduled else None
    entries = [
        EventIn(
            line,
            task_uuid,
            "annotated",
            note.required_time("entry"),
            {},
            note.text("description", None),
        )
        for note in map(_Fields, fields.get("annotations", list) or [])
    ]
    end = fields.time("end")
    rule = _taskwarrior_rule(fields)
    task = TaskIn(
        line,
        uuid=task_uuid,
        title=(fields.text("description", None) or "").strip(),
        status=TASKWARRIOR_STATUS[status],
        impact=TASKWARRIOR_IMPACT.get(priority or "", 3),
        due=None if due is None else _day_end_if_midnight(due, now),
        area=fields.text("project", None),
        notes=f"Taskwarrior {notes}" if notes else None,
        created_at=fields.time("entry"),
        updated_at=fields.time("modified"),
        completed_at=end if status in ("completed", "deleted") else None,
        tags=fields.strings("tags"),
        recurrence=rule,
        series=(fields.optional_uuid("parent") or task_uuid) if rule else None,
        snoozed_until=fields.time("wait"),
    )
    return task, entries


def _taskwarrior_rule(fields: _Fields) -> str | None:
    """An instance's ``recur`` (``weekly``, ``2w``, ``biweekly``...) as a rule, its ``until``
    as the rule's end; the instances of one template (``parent``) make one series."""
    recur = fields.text("recur", 100)
    if recur is None:
        return None
    try:
        rule = recurrence.parse_every(recur)
    except InvalidInput:
        raise InvalidInput(
            _("unknown Taskwarrior recurrence {value}").format(value=_shown(recur))
        ) from None
    until = fields.time("until")
    return rule if until is None else f"{rule};UNTIL={until:%Y%m%dT%H%M%SZ}"


def _day_end_if_midnight(when: datetime, now: datetime) -> datetime:
    """Taskwarrior's ``due:2026-12-01`` is local midnight; ours is the end of that day (in
    ``dates.YEARS``, as a due date typed in)."""
    local = dates.from_utc(when, now.tzinfo)
    if local.time() != time(0):
        return when
    if not dates.in_years(local):
        raise InvalidInput(
            _("'due' is out of range: {local:%Y-%m-%d} {years}").format(local=local, years=_years())
        )
    return dates.to_utc(datetime.combine(local.date(), dates.END_OF_DAY, tzinfo=now.tzinfo))


def _local_text(when: datetime, now: datetime) -> str:
    local = dates.from_utc(when, now.tzinfo)
    return f"{local:%Y-%m-%d}" if local.time() == time(0) else f"{local:%Y-%m-%dT%H:%M}"


# -- todo.txt ---------------------------------------------------------------------------------

_TODOTXT_LINE = re.compile(
    r"""^(?:(?P<done>x)\ +(?:(?P<completed>\d{4}-\d{2}-\d{2})\ +)?)?
    (?:\((?P<priority>[A-Z])\)\ +)?
    (?:(?P<created>\d{4}-\d{2}-\d{2})\ +)?
    (?P<text>.*)$""",
    re.VERBOSE,
)
_TODOTXT_SPACE = re.compile(r"[ \t]+")
"""What separates words on a todo.txt line (other white space stays part of a word)."""
_EXTRA = re.compile(r"^(?P<key>[A-Za-z][^\s:]*):(?P<value>[^\s:/][^\s:]*)$")
"""A ``key:value`` extra: neither part holds a space or a colon; a key starts with a letter (so
``10:30`` is not one) and a value not with ``/`` (so ``https://...`` is not one)."""


def read_todotxt(text: str, now: datetime) -> Batch:
    """A todo.txt file, one task a line (https://github.com/todotxt/todo.txt)."""
    batch = Batch("todotxt")
    lines = [
        (n, line.strip(" \t")) for n, line in enumerate(text.split("\n"), 1) if line.strip(" \t")
    ]
    tasks = _records(lines, lambda line, n: _todotxt_task(line, n, now), batch.problems)
    batch.tasks.extend(tasks)
    return batch


def _todotxt_task(line: str, number: int, now: datetime) -> TaskIn:
    match = _TODOTXT_LINE.match(line)
    assert match is not None  # every line matches: all the groups are optional
    words: list[str] = []  # all but the extras: with the creation date, the task's identity
    title: list[str] = []
    projects: list[str] = []
    contexts: list[str] = []
    extras: dict[str, str] = {}
    for word in _TODOTXT_SPACE.split(match["text"]):
        if not word:
            continue
        extra = _EXTRA.match(word)
        if extra:
            extras[extra["key"]] = extra["value"]
            continue
        words.append(word)
        if word[0] in "+@" and len(word) > 1:
            (projects if word[0] == "+" else contexts).append(word[1:])
        else:
            title.append(word)
    priority = match["priority"] or extras.pop("pri", None)
    if priority is not None and not re.fullmatch("[A-Z]", priority):
        raise InvalidInput(
            _("priority must be a letter A to Z, not {value}").format(value=_shown(priority))
        )
    due = extras.pop("due", None)
    rec = extras.pop("rec", None)
    rule = None if rec is None else recurrence.parse_every(rec.removeprefix("+"))
    created = _todotxt_day(match["created"], now)
    identity = " ".join([match["created"] or "", *words])
    task_uuid = str(uuid.uuid5(TODOTXT_NAMESPACE, identity))
    return TaskIn(
        number,
        uuid=task_uuid,
        recurrence=rule,
        series=task_uuid if rule else None,
        title=" ".join(title),
        status=DONE if match["done"] else OPEN,
        urgency=3 if priority is None else todotxt_urgency(priority),
        due=None if due is None else dates.to_utc(dates.parse_when(due, now)),
        area=projects[0] if projects else None,
        tags=tuple([*projects[1:], *contexts]),
        notes=" ".join(f"{key}:{value}" for key, value in extras.items()) or None,
        created_at=created,
        completed_at=_todotxt_day(match["completed"], now),
    )


def _todotxt_day(text: str | None, now: datetime) -> datetime | None:
    """A todo.txt date as the start of that day, local time."""
    if text is None:
        return None
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise InvalidInput(_("not a date: {text!r}").format(text=text)) from None
    if not dates.in_years(day):
        raise InvalidInput(
            _("date out of range: {text!r} {years}").format(text=text, years=_years())
        )
    return dates.to_utc(day.replace(tzinfo=now.tzinfo))


# -- shared -----------------------------------------------------------------------------------


def _records(
    items: Iterable[tuple[int, Any]],
    read: Callable[[Any, int], Any],
    problems: list[Problem],
) -> Iterator[Any]:
    """``read(item, line)`` for each item; an item that raises InvalidInput is a Problem."""
    for line, item in items:
        try:
            yield read(item, line)
        except InvalidInput as exc:
            problems.append(Problem(line, str(exc)))


class _Fields:
    """Typed access to one JSON object's members; a bad value raises InvalidInput."""

    def __init__(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise InvalidInput(_("not a JSON object"))
        self.data = data

    def get(self, key: str, kind: type) -> Any:
        value = self.data.get(key)
        if value is not None and not isinstance(value, kind):
            raise InvalidInput(
                _("'{key}' must be a {kind}, not {value}").format(
                    key=key, kind=_(_KIND_NAMES[kind]), value=_shown(value)
                )
            )
        return value

    def text(self, key: str, max_length: int | None, *, required: bool = False) -> Any:
        value = self.get(key, str)
        if required and (value is None or not value.strip()):
            raise InvalidInput(_("no '{key}'").format(key=key))
        if value is not None:
            _check_text(key, value)
        if value is not None and max_length is not None and len(value) > max_length:
            raise InvalidInput(
                _("'{key}' is longer than {max_length} characters").format(
                    key=key, max_length=max_length
                )
            )
        return value

    def integer(self, key: str, low: int, high: int) -> int | None:
        value = self.get(key, int)
        if value is not None and (isinstance(value, bool) or not low <= value <= high):
            raise InvalidInput(
                _("'{key}' must be a whole number from {low} to {high}, not {value}").format(
                    key=key, low=low, high=high, value=_shown(value)
                )
            )
        return value

    def time(self, key: str) -> datetime | None:
        """An ISO 8601 time with a UTC offset, extended or basic (Taskwarrior's
        ``20261126T083000Z``), its year in ``dates.YEARS``; in UTC."""
        value = self.get(key, str)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInput(
                _("'{key}' is not a time: {value}").format(key=key, value=_shown(value))
            ) from None
        if parsed.utcoffset() is None:
            raise InvalidInput(
                _("'{key}' is not a time with a UTC offset: {value}").format(
                    key=key, value=_shown(value)
                )
            )
        if not dates.in_years(parsed):
            raise InvalidInput(
                _("'{key}' is out of range: {value} {years}").format(
                    key=key, value=_shown(value), years=_years()
                )
            )
        return parsed.astimezone(UTC)

    def task_field(self, task_field: TaskField) -> Any:
        """A task field's value (``records.TASK_FIELDS``), by its kind; its default if absent."""
        key = task_field.name
        if task_field.kind == "level":
            return self.integer(key, 1, 5) or task_field.default
        if task_field.kind == "duration":
            return self.integer(key, 1, dates.MAX_STORED_EFFORT_MINUTES)
        if task_field.kind == "date":
            return self.time(key)
        if task_field.kind == "rule":
            rule = self.text(key, task_field.limit)
            return None if rule is None else recurrence.checked_rule(rule)
        return self.text(key, None)

    def required_time(self, key: str) -> datetime:
        value = self.time(key)
        if value is None:
            raise InvalidInput(_("no '{key}' time").format(key=key))
        return value

    def optional_uuid(self, key: str) -> str | None:
        value = self.get(key, str)
        return None if value is None else _uuid(value)

    def uuid(self, key: str) -> str:
        value = self.get(key, str)
        if value is None:
            raise InvalidInput(_("no '{key}'").format(key=key))
        return _uuid(value)

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list) or []
        if not all(isinstance(value, str) for value in values):
            raise InvalidInput(_("'{key}' must be a list of strings").format(key=key))
        for value in values:
            _check_text(key, value)
        return tuple(values)

    def json_object(self, key: str) -> dict[str, Any]:
        """A JSON object the database can store and an export can write back: no NaN or
        infinity, no text that is not valid Unicode or holds a NUL."""
        value = self.get(key, dict) or {}
        try:
            encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (ValueError, RecursionError):
            raise InvalidInput(
                _("'{key}' holds a number JSON cannot (NaN, infinity)").format(key=key)
            ) from None
        _check_text(key, encoded)
        return value


_KIND_NAMES = {
    str: N_("string"),
    int: N_("whole number"),
    list: N_("list"),
    dict: N_("JSON object"),
}


def _years() -> str:
    return _("(years {first} to {last})").format(first=dates.YEARS[0], last=dates.YEARS[1])


def _check_text(key: str, value: str) -> None:
    problem = text_problem(value)
    if problem is not None:
        raise InvalidInput(
            _("'{key}' cannot be stored: {problem}").format(key=key, problem=problem)
        )


def _shown(value: Any, width: int = 40) -> str:
    """``repr(value)`` for a message, cut to ``width`` characters: a field can be megabytes
    long, and an integer too long for ``repr``."""
    if isinstance(value, list | dict):
        return f"a {_KIND_NAMES[type(value)]}"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a number of more than 19 digits"
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise InvalidInput(_("not a UUID: {value}").format(value=_shown(value))) from None


def _json_error(exc: ValueError | RecursionError, *, where: bool = True) -> str:
    """Why the JSON decoder stopped, in one line (and where, if ``where``)."""
    if isinstance(exc, json.JSONDecodeError):
        return str(exc) if where else exc.msg
    if isinstance(exc, RecursionError):
        return _("arrays or objects nested too deeply")
    return _("a number with too many digits")


_JSON_SPACE = " \t\n\r"
_SPACE = re.compile(f"[{_JSON_SPACE}]*")
_DECODER = json.JSONDecoder()


def _located_json(text: str) -> Any:
    """Decode a JSON document whose top level is an array or an object; the top-level array,
    or each array member of the top-level object, becomes a list of ``(line, element)``."""
    scanner = _Scanner(text)
    try:
        return scanner.document()
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(_("not valid JSON: {reason}").format(reason=_json_error(exc))) from None


class _Scanner:
    """Walks a JSON text with the C decoder, counting lines only where elements start."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line, self.counted = text, 0, 1, 0

    def document(self) -> Any:
        self._skip()
        if self._next_is("["):
            result: Any = self._array()
        elif self._next_is("{"):
            result = self._object()
        else:
            raise InvalidInput(_("not valid JSON: expected an array or an object"))
        self._skip()
        if self.pos != len(self.text):
            raise json.JSONDecodeError("Extra data", self.text, self.pos)
        return result

    def _object(self) -> dict[str, Any]:
        members: dict[str, Any] = {}
        for _member in self._items("}"):
            key = self._value()
            if not isinstance(key, str):
                raise json.JSONDecodeError("Expecting property name", self.text, self.pos)
            self._skip()
            if not self._next_is(":"):
                raise json.JSONDecodeError("Expecting ':' delimiter", self.text, self.pos)
            self._skip()
            members[key] = self._array() if self._next_is("[") else self._value()
        return members

    def _array(self) -> list[tuple[int, Any]]:
        return [(self._line(), self._value()) for _ in self._items("]")]

    def _items(self, closing: str) -> Iterator[None]:
        """Yield once per element, positioned on it; consume separators and ``closing``."""
        self._skip()
        if self._next_is(closing):
            return
        while True:
            yield
            self._skip()
            if self._next_is(closing):
                return
            if not self._next_is(","):
                raise json.JSONDecodeError("Expecting ',' delimiter", self.text, self.pos)
            self._skip()

    def _value(self) -> Any:
        value, self.pos = _DECODER.raw_decode(self.text, self.pos)
        return value

    def _line(self) -> int:
        self.line += self.text.count("\n", self.counted, self.pos)
        self.counted = self.pos
        return self.line

    def _skip(self) -> None:
        match = _SPACE.match(self.text, self.pos)
        assert match is not None
        self.pos = match.end()

    def _next_is(self, char: str) -> bool:
        if self.text.startswith(char, self.pos):
            self.pos += 1
            return True
        return False
