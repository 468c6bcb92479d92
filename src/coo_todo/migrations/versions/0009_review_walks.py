"""The weekly review over a long period (issue 16): partial indexes of the done tasks. One
holds what the counts read (completion time first, then area, delegate, due date and capture
time), so a period's counts read no table row; three hold the time to done in order, overall,
by area (case aside) and by delegate, so each percentile walks to its rank instead of sorting
the period; each ends with the columns that time is computed from, so PostgreSQL reads no
table row either. Partial (``status = 'done'``): capturing a task writes none of them.

The time to done is written as ``store.dialect.seconds_between`` compiles it on each database:
a query uses an index on an expression only if it computes the same expression.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SECONDS = {
    "sqlite": "round((julianday(completed_at) - julianday(created_at)) * 86400)",
    "postgresql": "round(extract(epoch from completed_at - created_at))",
}
INDEXES = {
    "ix_task_done_period": ["completed_at", "area", "delegate_id", "due", "created_at"],
    "ix_task_done_seconds": ["{seconds}", "completed_at", "created_at", "delegate_id", "area"],
    "ix_task_done_area_seconds": ["lower(area)", "{seconds}", "completed_at", "created_at", "area"],
    "ix_task_done_delegate_seconds": ["delegate_id", "{seconds}", "completed_at", "created_at"],
}


def upgrade() -> None:
    seconds = SECONDS[op.get_bind().dialect.name]
    done = sa.text("status = 'done'")
    for name, columns in INDEXES.items():
        expressions = [sa.text(column.format(seconds=seconds)) for column in columns]
        op.create_index(
            name,
            "task",
            [sa.text("status"), *expressions],
            sqlite_where=done,
            postgresql_where=done,
        )
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL keeps no statistics on the expressions of a partial index: without these,
        # it guesses an area holds 0.5% of the tasks, and sorts a year rather than walk it.
        op.execute("CREATE STATISTICS st_task_area_key ON (lower(area)) FROM task")
        op.execute("ANALYZE task")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP STATISTICS st_task_area_key")
    for name in reversed(INDEXES):
        op.drop_index(name, "task")
