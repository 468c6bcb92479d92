"""Team mode (issue 14): who owns a task and who wrote each entry, members' logins, areas
shared with the team, and, on PostgreSQL, row-level security that enforces who sees what.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VISIBLE_TASK = """(
    owner = current_user
    OR delegate_id IN (SELECT id FROM person WHERE login = current_user)
    OR lower(area) IN (SELECT area FROM shared_area)
)"""
"""The tasks a member's role may read and change: their own, those delegated to them, and
those of an area shared with the team (``shared_area`` holds areas in lower case)."""

POLICIES = {
    "task": [
        f"CREATE POLICY task_read ON task FOR SELECT USING {VISIBLE_TASK}",
        "CREATE POLICY task_insert ON task FOR INSERT WITH CHECK (owner = current_user)",
        # WITH CHECK true: handing a task back makes it invisible to the one who did it;
        # which columns a member may change at all is settled by column privileges.
        f"CREATE POLICY task_update ON task FOR UPDATE USING {VISIBLE_TASK} WITH CHECK (true)",
        "CREATE POLICY task_delete ON task FOR DELETE USING (owner = current_user)",
    ],
    "task_tag": [
        "CREATE POLICY task_tag_rows ON task_tag USING (task_id IN (SELECT id FROM task))"
    ],
    "dependency": [
        "CREATE POLICY dependency_rows ON dependency USING (task_id IN (SELECT id FROM task))"
    ],
    "event": [
        "CREATE POLICY event_read ON event FOR SELECT "
        "USING (author = current_user OR task_id IN (SELECT id FROM task))",
        "CREATE POLICY event_insert ON event FOR INSERT WITH CHECK (author = current_user)",
        "CREATE POLICY event_update ON event FOR UPDATE USING (author = current_user)",
    ],
}
"""Row-level security, per table. The role that owns the tables (the team's admin, who ran
``todo db upgrade``) is not subject to it; members are (``todo team add``)."""


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("login", sa.String(63), nullable=True))
        batch.create_index("ix_person_login", ["login"], unique=True)
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("owner", sa.String(63), nullable=True))
        batch.create_index("ix_task_owner", ["owner"])
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("author", sa.String(63), nullable=True))
    op.create_table("shared_area", sa.Column("area", sa.String(100), primary_key=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE task ALTER COLUMN owner SET DEFAULT current_user")
        op.execute("ALTER TABLE event ALTER COLUMN author SET DEFAULT current_user")
        for table, policies in POLICIES.items():
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            for policy in policies:
                op.execute(policy)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in POLICIES:
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            for policy in POLICIES[table]:
                op.execute(f"DROP POLICY {policy.split()[2]} ON {table}")
    op.drop_table("shared_area")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("author")
    with op.batch_alter_table("task") as batch:
        batch.drop_index("ix_task_owner")
        batch.drop_column("owner")
    with op.batch_alter_table("person") as batch:
        batch.drop_index("ix_person_login")
        batch.drop_column("login")
