"""Cycles and reviews (issue 16): initiatives grouping tasks, their members and the reviews
held; on PostgreSQL each initiative is its owner's (row-level security, as tasks in 0004).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MEMBER_OF = """id IN (SELECT initiative_id FROM initiative_member
    WHERE person_id IN (SELECT id FROM person WHERE login = current_user))"""
OWN_INITIATIVE = "initiative_id IN (SELECT id FROM initiative WHERE owner = current_user)"
POLICIES = {
    "initiative": [
        f"CREATE POLICY initiative_read ON initiative FOR SELECT "
        f"USING (owner = current_user OR {MEMBER_OF})",
        "CREATE POLICY initiative_write ON initiative FOR ALL "
        "USING (owner = current_user) WITH CHECK (owner = current_user)",
    ],
    # Reading memberships is open (ids only): a policy reading initiative here would recurse.
    "initiative_member": [
        "CREATE POLICY initiative_member_read ON initiative_member FOR SELECT USING (true)",
        f"CREATE POLICY initiative_member_insert ON initiative_member FOR INSERT "
        f"WITH CHECK ({OWN_INITIATIVE})",
        f"CREATE POLICY initiative_member_delete ON initiative_member FOR DELETE "
        f"USING ({OWN_INITIATIVE})",
    ],
    "initiative_review": [
        "CREATE POLICY initiative_review_read ON initiative_review FOR SELECT "
        "USING (initiative_id IN (SELECT id FROM initiative))",
        f"CREATE POLICY initiative_review_insert ON initiative_review FOR INSERT "
        f"WITH CHECK ({OWN_INITIATIVE})",
        f"CREATE POLICY initiative_review_delete ON initiative_review FOR DELETE "
        f"USING ({OWN_INITIATIVE})",
    ],
}
"""Row-level security: a member reads the initiatives they own or take part in (and their
reviews), and changes only their own; the admin who owns the tables is not subject to it."""


def upgrade() -> None:
    time = sa.DateTime(timezone=True)
    op.create_table(
        "initiative",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("key", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("goal", sa.String(1000), nullable=True),
        sa.Column("area", sa.String(100), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("started_at", time, nullable=False),
        sa.Column("target", time, nullable=True),
        sa.Column("review_rule", sa.String(300), nullable=True),
        sa.Column("next_review", time, nullable=True),
        sa.Column("created_at", time, nullable=False),
        sa.Column("updated_at", time, nullable=False),
        sa.Column("owner", sa.String(63), nullable=True),
    )
    op.create_table(
        "initiative_member",
        sa.Column(
            "initiative_id",
            sa.Integer,
            sa.ForeignKey("initiative.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), primary_key=True),
    )
    op.create_index("ix_initiative_member_person_id", "initiative_member", ["person_id"])
    op.create_table(
        "initiative_review",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "initiative_id",
            sa.Integer,
            sa.ForeignKey("initiative.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", time, nullable=False),
        sa.Column("note", sa.String, nullable=True),
    )
    op.create_index("ix_initiative_review_initiative_id", "initiative_review", ["initiative_id"])
    # The foreign key makes SQLite rebuild the table: keep its AUTOINCREMENT (ids never reused).
    with op.batch_alter_table("task", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column("initiative_id", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_task_initiative_id", "initiative", ["initiative_id"], ["id"])
        batch.create_index("ix_task_initiative_id", ["initiative_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE initiative ALTER COLUMN owner SET DEFAULT current_user")
        for table, policies in POLICIES.items():
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            for policy in policies:
                op.execute(policy)
        members = op.get_bind().execute(sa.text("SELECT login FROM person WHERE login IS NOT NULL"))
        for (login,) in members:  # members added before: what dialect.grant_member now gives
            role = '"' + login.replace('"', '""') + '"'
            op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(POLICIES)} TO {role}")
            op.execute(f"GRANT UPDATE (initiative_id) ON task TO {role}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in POLICIES:
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            for policy in POLICIES[table]:
                op.execute(f"DROP POLICY {policy.split()[2]} ON {table}")
    with op.batch_alter_table("task", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_index("ix_task_initiative_id")
        batch.drop_constraint("fk_task_initiative_id", type_="foreignkey")
        batch.drop_column("initiative_id")
    op.drop_table("initiative_review")
    op.drop_table("initiative_member")
    op.drop_table("initiative")
