"""Core: tasks, tags, dependencies and their history (coo-todo 0.1, issue 2).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("urgency", sa.Integer(), nullable=False),
        sa.Column("due", TIME, nullable=True),
        sa.Column("effort_minutes", sa.Integer(), nullable=True),
        sa.Column("area", sa.String(100), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("completed_at", TIME, nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_task_status", "task", ["status"])
    op.create_index("ix_task_area", "task", ["area"])
    op.create_table(
        "task_tag",
        sa.Column(
            "task_id", sa.Integer(), sa.ForeignKey("task.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("tag", sa.String(100), primary_key=True),
    )
    op.create_index("ix_task_tag_tag", "task_tag", ["tag"])
    op.create_table(
        "dependency",
        sa.Column(
            "task_id", sa.Integer(), sa.ForeignKey("task.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "blocker_id",
            sa.Integer(),
            sa.ForeignKey("task.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_dependency_blocker_id", "dependency", ["blocker_id"])
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("task_uuid", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
    )
    op.create_index("ix_event_task_id", "event", ["task_id"])
    op.create_index("ix_event_at", "event", ["at"])


def downgrade() -> None:
    for table in ("event", "dependency", "task_tag", "task"):
        op.drop_table(table)
