"""The weekly review's history (issue 16): the edits that moved a deadline later are found by
kind and time, not by reading every entry of the period (a review of a year read 200,000).

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_kind_at", "event", ["kind", "at"])


def downgrade() -> None:
    op.drop_index("ix_event_kind_at", "event")
