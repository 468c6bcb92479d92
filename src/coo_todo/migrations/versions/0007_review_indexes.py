"""The weekly review (issue 16): what it filters on, indexed. The tasks done (or dropped) in
a period are found by status and completion time, the tasks that came in by capture time: a
week's review over a year of 100,000 done tasks then reads the week, not the year.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_task_status_completed_at", "task", ["status", "completed_at"])
    op.create_index("ix_task_created_at", "task", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_task_created_at", "task")
    op.drop_index("ix_task_status_completed_at", "task")
