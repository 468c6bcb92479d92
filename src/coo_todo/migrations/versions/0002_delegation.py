"""Delegation: people, and who has each task until when (issue 3).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("team", sa.String(100), nullable=True),
        sa.Column("contact", sa.String(200), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_brief_at", TIME, nullable=True),
    )
    # Rebuilding the table (SQLite's way to add a foreign key) must keep AUTOINCREMENT, so a
    # deleted task's id is never reused.
    with op.batch_alter_table("task", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column("delegate_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("delegated_at", TIME, nullable=True))
        batch.add_column(sa.Column("follow_up", TIME, nullable=True))
        batch.create_foreign_key("fk_task_delegate_id_person", "person", ["delegate_id"], ["id"])
        batch.create_index("ix_task_delegate_id", ["delegate_id"])


def downgrade() -> None:
    with op.batch_alter_table("task", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_index("ix_task_delegate_id")
        batch.drop_constraint("fk_task_delegate_id_person", type_="foreignkey")
        batch.drop_column("follow_up")
        batch.drop_column("delegated_at")
        batch.drop_column("delegate_id")
    op.drop_table("person")
