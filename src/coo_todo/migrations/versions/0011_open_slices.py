"""A plan for today on a long list (issue 15): a partial index of the open tasks by impact,
urgency and deadline, with their effort and what makes a task depend on others. ``todo plan``
reads the plain open tasks a slice at a time from it, in the order of the most each slice
can score, and stops once the day is full (``store.open_tasks``): on 10,000 open tasks it reads
about 1,500 rows, not every one.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = ("impact", "urgency", "due", "effort_minutes", "delegate_id", "snoozed_until")


def upgrade() -> None:
    open_tasks = sa.text("status = 'open'")
    op.create_index(
        "ix_task_open_score",
        "task",
        list(COLUMNS),
        sqlite_where=open_tasks,
        postgresql_where=open_tasks,
    )


def downgrade() -> None:
    op.drop_index("ix_task_open_score", "task")
