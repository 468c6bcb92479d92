"""Initiatives: adding and changing them, recording reviews, and what ``show``, ``list`` and
``brief`` report (progress from the history, the review's agenda).

Receives the store, ``now`` and the settings; reads no clock and prints nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from coo_todo.domain import dates, recurrence
from coo_todo.domain.initiatives import (
    ACTIVE,
    CLOSED,
    PAUSED,
    Agenda,
    InitiativeRecord,
    Joined,
    Progress,
    agenda,
    burn_up,
    checked_key,
    key_from_name,
    median_days_to_done,
    state_name,
)
from coo_todo.domain.people import find_person, name_key
from coo_todo.domain.records import OPEN
from coo_todo.errors import InvalidInput, NotFound
from coo_todo.i18n import N_, _
from coo_todo.service.checks import CLEAR, check_fields, clean_name, optional_text, text_value
from coo_todo.service.recurrence import no_date_left
from coo_todo.settings import Settings
from coo_todo.store import Store, TaskFilter


@dataclass(frozen=True)
class Summary:
    """An initiative in ``todo initiative list``: how many of its tasks moved since its last
    review (or its start)."""

    initiative: InitiativeRecord
    moved: int
    last_review: datetime | None


def review_rule(text: str | None, settings: Settings) -> str | None:
    """``every:2w`` (or ``2w``, ``2 weeks on mon``) as an RRULE; ``none`` for no review."""
    if text is None:
        return None
    words = text_value("review", text).strip()
    words = words[len("every:") :] if words.lower().startswith("every:") else words
    if words.lower() == CLEAR:
        return None
    return recurrence.parse_every(words.replace("_", " "), settings.work.days)


def next_review_after(
    rule: str | None, day: datetime, now: datetime, settings: Settings
) -> datetime | None:
    """The review that follows one held on ``day`` (or a start), by the rule on the working
    calendar of ``settings``; in UTC."""
    if rule is None:
        return None
    following = recurrence.next_occurrence(rule, day, now, settings.calendar(now.tzinfo))
    return None if following is None else dates.to_utc(following.due)


def _members(store: Store, names: str | None) -> tuple[list[int], list[str]]:
    """The ids of the people ``names`` (comma-separated) designate, and the names of those to
    add: as ``todo delegate --create`` matches and adds them."""
    ids: list[int] = []
    new: list[str] = []
    people = store.people()
    for raw in (names or "").split(","):
        if not raw.strip():
            continue
        try:
            ids.append(find_person(raw, people).id)
        except NotFound:
            name = clean_name(raw)
            if all(name_key(name) != name_key(added) for added in new):
                new.append(name)  # the first spelling of a name typed twice (Zoé, zoe)
    return ids, new


def _fields(
    name: str | None,
    goal: str | None,
    area: str | None,
    target: str | None,
    now: datetime,
    settings: Settings,
) -> dict[str, Any]:
    """Checked columns from what was typed (``none`` clears the goal, area or target)."""
    fields: dict[str, Any] = {}
    if name is not None:
        fields["name"] = " ".join(text_value("name", name).split())
        if not fields["name"]:
            raise InvalidInput(_("an initiative needs a name"))
        if len(fields["name"]) > 200:
            raise InvalidInput(_("the name is longer than 200 characters"))
    if goal is not None:
        fields["goal"] = optional_text("goal", goal) if goal.strip().lower() != CLEAR else None
    typed = {"area": area, "due": target}
    checked = check_fields(typed, now, settings.calendar(now.tzinfo), settings.date_order)
    if area is not None:
        fields["area"] = checked.get("area")
    if target is not None:
        fields["target"] = checked.get("due")
    return fields


def _target_after_start(fields: dict[str, Any], start: datetime, now: datetime) -> None:
    """Refuse (InvalidInput) a target date before the initiative's ``start``."""
    target = fields.get("target")
    if target is not None and target < start:
        raise InvalidInput(
            _("the target date ({target}) is before the initiative's start ({start})").format(
                target=dates.format_date(dates.from_utc(target, now.tzinfo), now),
                start=dates.format_date(dates.from_utc(start, now.tzinfo), now),
            )
        )


def add_initiative(
    store: Store,
    name: str,
    now: datetime,
    settings: Settings,
    *,
    key: str | None = None,
    area: str | None = None,
    members: str | None = None,
    review: str | None = None,
    goal: str | None = None,
    target: str | None = None,
) -> InitiativeRecord:
    """Start an initiative today; its first review comes by the rule (``every:2w``)."""
    fields = _fields(name, goal, area, target, now, settings)
    _target_after_start(fields, dates.to_utc(now), now)
    fields["key"] = checked_key(key) if key is not None else key_from_name(fields["name"])
    rule = review_rule(review, settings)
    fields |= {
        "state": ACTIVE,
        "started_at": dates.to_utc(now),
        "review_rule": rule,
        "next_review": _first_review(rule, next_review_after(rule, now, now, settings)),
    }
    ids, new = _members(store, members)
    return store.add_initiative(fields, ids, new, dates.to_utc(now), now.tzinfo)


def edit_initiative(
    store: Store,
    key: str,
    now: datetime,
    settings: Settings,
    *,
    name: str | None = None,
    new_key: str | None = None,
    goal: str | None = None,
    area: str | None = None,
    target: str | None = None,
    review: str | None = None,
    members: str | None = None,
    remove: str | None = None,
) -> InitiativeRecord:
    """Change an initiative; a new rule sets the next review from the last one (or the start)."""
    current = store.initiative(key)
    fields = _fields(name, goal, area, target, now, settings)
    _target_after_start(fields, current.started_at, now)
    if new_key is not None:
        fields["key"] = checked_key(new_key)
    if review is not None:
        rule = review_rule(review, settings)
        following = _next_from_last(store, current, rule, now, settings)
        fields |= {"review_rule": rule, "next_review": _first_review(rule, following)}
    ids, new = _members(store, members)
    people = store.people()
    gone = [find_person(raw, people).id for raw in (remove or "").split(",") if raw.strip()]
    return store.edit_initiative(
        current.key,
        fields,
        dates.to_utc(now),
        now.tzinfo,
        member_ids=ids,
        new_members=new,
        remove_ids=gone,
    )


def _first_review(rule: str | None, following: datetime | None) -> datetime | None:
    """``following``, the first review by a rule just set; InvalidInput if it brings none."""
    if rule is not None and following is None:
        raise no_date_left(rule)
    return following


def _next_from_last(
    store: Store, initiative: InitiativeRecord, rule: str | None, now: datetime, settings: Settings
) -> datetime | None:
    reviews = store.reviews(initiative.id)
    last = reviews[-1].at if reviews else initiative.started_at
    following = next_review_after(rule, last, now, settings)
    if following is not None and following < dates.to_utc(now) and rule is not None:
        return next_review_after(
            rule, now - timedelta(days=1), now, settings
        )  # overdue: from today
    return following


STATE_CHANGES = {"pause": (ACTIVE, PAUSED), "resume": (PAUSED, ACTIVE), "close": (None, CLOSED)}
"""Command -> the state it needs (None: any other than the target) and the state it sets."""
REFUSALS = {
    "pause": N_("initiative {key} is {state}: cannot pause it"),
    "resume": N_("initiative {key} is {state}: cannot resume it"),
    "close": N_("initiative {key} is {state}: cannot close it"),
}
"""Command -> why it cannot change an initiative in the wrong state."""


def change_state(
    store: Store, key: str, command: str, now: datetime, settings: Settings
) -> InitiativeRecord:
    """Pause, resume or close an initiative; its review task goes, or comes back (a resumed
    initiative's next review counts from today)."""
    needed, state = STATE_CHANGES[command]
    current = store.initiative(key)
    if current.state == state or (needed is not None and current.state != needed):
        raise InvalidInput(
            _(REFUSALS[command]).format(key=current.key, state=state_name(current.state))
        )
    fields: dict[str, Any] = {"state": state}
    if state == ACTIVE:
        fields["next_review"] = next_review_after(current.review_rule, now, now, settings)
    return store.edit_initiative(current.key, fields, dates.to_utc(now), now.tzinfo)


def record_review(
    store: Store, key: str, note: str | None, now: datetime, settings: Settings
) -> InitiativeRecord:
    """Record the review held now (what was agreed: ``note``); the next one is set by the rule
    from today, and its task replaces this one's."""
    current = store.initiative(key)
    if current.state != ACTIVE:
        raise InvalidInput(
            _("initiative {key} is {state}: resume it first").format(
                key=current.key, state=state_name(current.state)
            )
        )
    following = next_review_after(current.review_rule, now, now, settings)
    text = optional_text("note", note) if note is not None else None
    return store.record_review(current.key, text, dates.to_utc(now), following, now.tzinfo)


def initiative_id_for(store: Store, key: str) -> int | None:
    """The id of the initiative ``in:KEY`` names; None for ``in:none``; NotFound otherwise."""
    if key.strip().lower() == CLEAR:
        return None
    return store.initiative(key).id


def summaries(store: Store) -> list[Summary]:
    """Every initiative with how many of its tasks moved since its last review."""
    found = []
    for initiative in store.initiatives():
        reviews = store.reviews(initiative.id)
        last = reviews[-1].at if reviews else None
        moved, _ = store.moves_since(initiative.id, last or initiative.started_at)
        found.append(Summary(initiative, moved, last))
    return found


def progress(store: Store, key: str, now: datetime) -> Progress:
    """Progress from the history: the weekly burn-up, days since the start, the median time to
    done, what waits on whom."""
    initiative = store.initiative(key)
    joined = store.joined(initiative.id)
    start = dates.from_utc(initiative.started_at, now.tzinfo)
    local = [
        Joined(
            task.task_id,
            dates.from_utc(task.joined, now.tzinfo),
            None if task.done is None else dates.from_utc(task.done, now.tzinfo),
        )
        for task in joined
    ]
    tasks = store.tasks(TaskFilter(status=OPEN, initiative_id=initiative.id, delegated=True))
    reviews = store.reviews(initiative.id)
    moved, _ = store.moves_since(
        initiative.id, reviews[-1].at if reviews else initiative.started_at
    )
    return Progress(
        initiative,
        burn_up(local, start.date(), now.date()),
        (now.date() - start.date()).days,
        median_days_to_done(local),
        sorted(tasks, key=lambda task: (task.delegate or "", task.id)),
        reviews,
        moved,
    )


def review_agenda(store: Store, key: str, now: datetime) -> Agenda:
    """The agenda of the next review: since the last one (or the start)."""
    initiative = store.initiative(key)
    reviews = store.reviews(initiative.id)
    since = reviews[-1].at if reviews else initiative.started_at
    tasks = store.tasks(TaskFilter(status=None, initiative_id=initiative.id))
    _, later = store.moves_since(initiative.id, since)
    agreed = reviews[-1].note if reviews else None
    return agenda(initiative, tasks, since, agreed, later, dates.to_utc(now))
