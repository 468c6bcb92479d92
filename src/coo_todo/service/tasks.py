"""Tasks: add, edit, change status, delete, undo.

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from coo_todo.domain import dates
from coo_todo.domain.records import DONE, DROPPED, NO_TASK, OPEN, TaskRecord, history_kind_name
from coo_todo.errors import CannotUndo, InvalidInput
from coo_todo.i18n import _
from coo_todo.service.checks import (
    TaskInput,
    check_fields,
    task_ids,
    text_value,
)
from coo_todo.service.delegation import delegation_to, follow_up_day
from coo_todo.service.initiatives import initiative_id_for
from coo_todo.service.recurrence import read_rule, with_series
from coo_todo.settings import Settings
from coo_todo.store import Reverted, Store


def add_task(
    store: Store, given: TaskInput, now: datetime, settings: Settings, *, create: bool = False
) -> TaskRecord:
    """Create a task from raw input (impact and urgency default to 3), delegated if ``to`` is
    given; ``create`` adds an unknown delegate on the spot."""
    values = dict(given.values)
    read_rule(values, settings.work.days)
    to, follow = values.pop("to", None), values.pop("follow_up", None)
    initiative = values.pop("initiative", None)
    calendar = settings.calendar(now.tzinfo)
    fields = check_fields({"impact": 3, "urgency": 3, **values}, now, calendar, settings.date_order)
    if initiative is not None:
        fields["initiative_id"] = initiative_id_for(store, str(initiative))
    if "title" not in fields:
        raise InvalidInput(_("a task needs a title"))
    with_series(fields, now, calendar)
    if follow is not None and to is None:
        raise InvalidInput(_("a follow-up date needs a delegate: add --to NAME"))
    delegation = None
    if to is not None:
        follow_up = follow_up_day(follow, now, settings, fields.get("due"))
        delegation = delegation_to(store, str(to), follow_up, create=create)
    return store.add(
        fields, _tags(given.tags), task_ids(given.blocked_by), dates.to_utc(now), delegation
    )


def edit_task(
    store: Store,
    task_id: int,
    given: TaskInput,
    now: datetime,
    settings: Settings,
    *,
    remove_tags: Sequence[str] = (),
    unblock: Sequence[str | int] = (),
) -> TaskRecord:
    """Apply the given changes to a task (a rule given to a one-off starts its series)."""
    values = dict(given.values)
    read_rule(values, settings.work.days)
    initiative = values.pop("initiative", None)
    fields = check_fields(values, now, settings.calendar(now.tzinfo), settings.date_order)
    if initiative is not None:
        fields["initiative_id"] = initiative_id_for(store, str(initiative))
    if fields.get("recurrence"):
        with_series(fields, now, settings.calendar(now.tzinfo), store.task(task_id))
    return store.edit(
        task_id,
        fields,
        dates.to_utc(now),
        add_tags=_tags(given.tags),
        remove_tags=remove_tags,
        add_blockers=task_ids(given.blocked_by),
        remove_blockers=task_ids(unblock),
    )


def _tags(raw: Iterable[str]) -> list[str]:
    return [text_value("tag", tag) for tag in raw]


STATUS_CHANGES = {"done": DONE, "reopened": OPEN, "dropped": DROPPED}
"""Event kind -> the status it sets."""


def change_status(
    store: Store, ids: Sequence[str | int], kind: str, now: datetime, settings: Settings
) -> list[TaskRecord]:
    """Mark tasks done, reopened or dropped (``kind``); all or none. Then come the next
    occurrences that done recurring tasks bring (on the working calendar of ``settings``)."""
    status = STATUS_CHANGES[kind]
    calendar = settings.calendar(now.tzinfo)
    return store.set_status(task_ids(ids), status, dates.to_utc(now), kind, calendar=calendar)


def undo_last(store: Store, now: datetime) -> list[str]:
    """Revert the latest change (one command's events); describe each reverted event.

    CannotUndo if that change can no longer be reverted: it is passed over, and the message
    says why and that the next undo goes to the change before it."""
    undone = store.undo(dates.to_utc(now))
    lines = [_reverted_line(item) for item in undone.events]
    if undone.passed_over is not None:
        others = len(lines) - 1
        more = _(" (and {count} more)") if others else ""
        raise CannotUndo(
            _(
                "cannot undo {change}{more}: {reason}; passed over it, so the next todo undo "
                "reverts the change before it"
            ).format(change=lines[0], more=more.format(count=others), reason=undone.passed_over)
        )
    return lines


def _reverted_line(item: Reverted) -> str:
    """``edited #3 Call Acme``, ``person-added Bob Stone (removed)``."""
    event = item.event
    subject = item.title if event.task_id == NO_TASK else f"#{event.task_id} {item.title}"
    line = f"{history_kind_name(event.kind)} {subject}".rstrip()
    return line + (_(" (removed)") if item.removed else "")


def delete_task(store: Store, task_id: int, now: datetime) -> TaskRecord:
    """Delete a task for good; its history keeps a copy, so ``todo undo`` brings it back."""
    return store.delete(task_id, dates.to_utc(now))
