"""A realistic COO morning: about thirty tasks across departments, a few delegated, for
``todo demo``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from coo_todo.domain import dates
from coo_todo.domain.worktime import DEFAULT_CALENDAR
from coo_todo.service.checks import check_fields
from coo_todo.store import Handover, Store

DEMO_PEOPLE = (("Alice Martin", "Sales"), ("Hélène Dubois", "Finance"), ("Karim Benali", "Support"))

DEMO_DELEGATIONS = (
    # (position in DEMO_TASKS, person, days since delegated, follow-up in days, note)
    (8, "Karim Benali", 9, 0, "Draft macros shared in #support"),
    (15, "Alice Martin", 4, 3, "First draft by Monday"),
    (29, "Hélène Dubois", 12, -2, "Waiting for the travel agency's figures"),
    (9, "Karim Benali", 2, 5, None),
)


class DemoTask(NamedTuple):
    title: str
    area: str
    impact: int
    urgency: int
    due: str | int | None  # a date phrase, or days from today (negative: overdue)
    effort: str | None
    age_days: int
    tags: tuple[str, ...] = ()
    blocked_by: tuple[int, ...] = ()  # positions in DEMO_TASKS


DEMO_TASKS: tuple[DemoTask, ...] = (
    DemoTask(
        "Renew Acme contract before price increase", "Sales", 5, 4, "+2d", "1h", 10, ("renewal",)
    ),
    DemoTask("Approve Q4 sales commission plan", "Sales", 4, 3, -3, "45m", 14, ("payroll",)),
    DemoTask("Pipeline review with the Sales leads", "Sales", 4, 3, "sun", "1h", 3),
    DemoTask("Reply to Globex about the pilot extension", "Sales", 3, 4, "today", "15m", 1),
    DemoTask(
        "Fix handover checklist Sales -> Customer Success",
        "Customer Success",
        5,
        3,
        "+10d",
        "3h",
        21,
        ("process",),
    ),
    DemoTask(
        "Call Initech: churn risk after outage",
        "Customer Success",
        5,
        5,
        "today",
        "30m",
        0,
        ("churn",),
    ),
    DemoTask("QBR deck for the top 10 accounts", "Customer Success", 4, 2, "+3w", "4h", 6),
    DemoTask(
        "Escalated ticket #4821: API timeouts for a store chain",
        "Support",
        4,
        5,
        -1,
        "30m",
        2,
        ("escalation",),
    ),
    DemoTask("Intercom macros for the top 5 questions", "Support", 3, 2, None, "2h", 30),
    DemoTask("Staff the weekend support rota for December", "Support", 3, 4, "+2d", "20m", 5),
    DemoTask(
        "Close November books with the accountant", "Finance", 5, 3, "eom", "2h", 4, ("month-end",)
    ),
    DemoTask("Sign off supplier invoices over 5k", "Finance", 3, 4, "tomorrow", "15m", 2),
    DemoTask("Cash runway update for the board", "Finance", 5, 3, "+6d", "3h", 9, ("board",)),
    DemoTask("Renegotiate the cloud hosting commitment", "Finance", 4, 2, "+5w", "4h", 40),
    DemoTask(
        "Sign the new Support lead's offer letter", "HR", 5, 4, "tomorrow", "10m", 1, ("hiring",)
    ),
    DemoTask(
        "Write the job description for a Sales ops analyst",
        "HR",
        3,
        2,
        "+2w",
        "1h",
        12,
        ("hiring",),
    ),
    DemoTask(
        "New recruiting process: scorecards for every role",
        "HR",
        4,
        2,
        None,
        "1d",
        45,
        ("process",),
    ),
    DemoTask("Annual reviews calendar", "HR", 2, 2, "eoq", "30m", 20),
    DemoTask("CRM migration: choose the vendor", "Operations", 5, 3, "+12d", "1d", 35, ("crm",)),
    DemoTask(
        "CRM migration: data mapping workshop", "Operations", 4, 3, "+3w", "3h", 35, ("crm",), (18,)
    ),
    DemoTask(
        "Publish the refund process on the wiki",
        "Operations",
        3,
        2,
        "fri",
        "30m",
        8,
        ("wiki", "process"),
    ),
    DemoTask("Restructure Support into two pods", "Operations", 4, 2, None, "1d", 60),
    DemoTask("Partoo Academy: prepare Friday's session", "Operations", 2, 3, "fri", "1h", 2),
    DemoTask("Renew the office lease", "Operations", 4, 2, "+8w", "2h", 15),
    DemoTask(
        "Laptop for the new Support lead", "Operations", 2, 3, "+4d", "15m", 1, ("hiring",), (14,)
    ),
    DemoTask("Chrome extension licences: cancel unused seats", "Operations", 1, 1, None, "15m", 50),
    DemoTask(
        "Review Intercom KPIs: time to first response", "Support", 3, 3, "+5d", "45m", 7, ("kpi",)
    ),
    DemoTask(
        "Board meeting: operations slide", "Operations", 5, 3, "+9d", "2h", 5, ("board",), (12,)
    ),
    DemoTask(
        "Answer the partnership request from a retail network", "Sales", 2, 2, None, "30m", 18
    ),
    DemoTask("Expense policy: clarify travel rules", "Finance", 2, 2, "+2w", "1h", 25),
)


def load_demo(store: Store, now: datetime) -> list[int]:
    """Add the demo tasks to ``store`` (dates relative to ``now``); return their ids."""
    ids: list[int] = []
    for spec in DEMO_TASKS:
        values: dict[str, str | int | None] = {
            "title": spec.title,
            "area": spec.area,
            "impact": spec.impact,
            "urgency": spec.urgency,
            "effort": spec.effort,
        }
        fields = check_fields(values, now, DEFAULT_CALENDAR, dates.DAY_FIRST)  # no dates to read
        if isinstance(spec.due, int):
            fields["due"] = dates.to_utc(dates.parse_when("today", now) + timedelta(days=spec.due))
        elif spec.due is not None:
            fields["due"] = dates.to_utc(dates.parse_when(spec.due, now))
        created = dates.to_utc(now - timedelta(days=spec.age_days, hours=2))
        record = store.add(fields, spec.tags, [ids[i] for i in spec.blocked_by], created)
        ids.append(record.id)
    people = {
        name: store.add_person(name, team, None, dates.to_utc(now - timedelta(days=60)))
        for name, team in DEMO_PEOPLE
    }
    for position, name, ago, follow_in, note in DEMO_DELEGATIONS:
        follow_up = dates.start_of_day(now + timedelta(days=follow_in), now)
        delegation = Handover(people[name].id, dates.to_utc(follow_up), note)
        store.delegate(ids[position], delegation, dates.to_utc(now - timedelta(days=ago)))
    return ids
