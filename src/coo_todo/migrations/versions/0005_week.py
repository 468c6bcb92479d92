"""The COO's week (issue 15): recurring tasks (an RFC 5545 rule, and the series its
occurrences share) and snoozing (hidden from triage until a moment).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("recurrence", sa.String(300), nullable=True))
        batch.add_column(sa.Column("series", sa.String(36), nullable=True))
        batch.add_column(sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_task_series", ["series"])
        batch.create_index("ix_task_snoozed_until", ["snoozed_until"])


def downgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.drop_index("ix_task_snoozed_until")
        batch.drop_index("ix_task_series")
        batch.drop_column("snoozed_until")
        batch.drop_column("series")
        batch.drop_column("recurrence")
