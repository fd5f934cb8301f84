"""Documents keyed by (plan, worksheet, key); milestones; finding events.

- documents and revisions get a ``key`` column: "" for a worksheet's single document, a person id where a
  worksheet holds one document per team member. The documents primary key becomes (plan_id, kind, key) and the
  revisions' unique index (plan_id, kind, key, version). Existing rows get key "".
- milestones + milestone_documents: a named, dated snapshot pointing at every document's version.
- finding_events: when a finding opened or closed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _key() -> sa.Column:
    return sa.Column("key", sa.String(200), nullable=False, server_default="")


def _documents_table(name: str, with_key: bool) -> None:
    op.create_table(
        name,
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("plans.id"), primary_key=True),
        sa.Column("kind", sa.String(80), primary_key=True),
        *([sa.Column("key", sa.String(200), primary_key=True, server_default="")] if with_key else []),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot change a primary key in place: copy the table (inside the migration's transaction).
        _documents_table("_documents_v2", with_key=True)
        op.execute("INSERT INTO _documents_v2 (plan_id, kind, key, version, data, saved_at, saved_by) "
                   "SELECT plan_id, kind, '', version, data, saved_at, saved_by FROM documents")
        op.drop_table("documents")
        op.rename_table("_documents_v2", "documents")
    else:
        op.add_column("documents", _key())
        op.drop_constraint("documents_pkey", "documents", type_="primary")
        op.create_primary_key("documents_pkey", "documents", ["plan_id", "kind", "key"])

    op.add_column("revisions", _key())
    op.drop_index("ix_revisions_doc", table_name="revisions")
    op.create_index("ix_revisions_doc", "revisions", ["plan_id", "kind", "key", "version"], unique=True)

    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_milestones_plan", "milestones", ["plan_id"])
    op.create_table(
        "milestone_documents",
        sa.Column("milestone_id", sa.Integer, sa.ForeignKey("milestones.id"), primary_key=True),
        sa.Column("kind", sa.String(80), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "finding_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("finding_id", sa.String(200), nullable=False),
        sa.Column("event", sa.String(10), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.CheckConstraint("event IN ('opened', 'closed')", name="ck_finding_events_event"),
    )
    op.create_index("ix_finding_events_plan", "finding_events", ["plan_id", "finding_id", "id"])


def downgrade() -> None:
    """Back to 0001. Documents with a non-empty key (one per team member) and their history are dropped."""
    op.drop_index("ix_finding_events_plan", table_name="finding_events")
    op.drop_table("finding_events")
    op.drop_table("milestone_documents")
    op.drop_index("ix_milestones_plan", table_name="milestones")
    op.drop_table("milestones")

    op.execute("DELETE FROM revisions WHERE key <> ''")
    op.execute("DELETE FROM documents WHERE key <> ''")
    op.drop_index("ix_revisions_doc", table_name="revisions")
    op.create_index("ix_revisions_doc", "revisions", ["plan_id", "kind", "version"], unique=True)
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("key")
    if op.get_bind().dialect.name == "sqlite":
        _documents_table("_documents_v1", with_key=False)
        op.execute("INSERT INTO _documents_v1 (plan_id, kind, version, data, saved_at, saved_by) "
                   "SELECT plan_id, kind, version, data, saved_at, saved_by FROM documents")
        op.drop_table("documents")
        op.rename_table("_documents_v1", "documents")
    else:
        op.drop_constraint("documents_pkey", "documents", type_="primary")
        op.create_primary_key("documents_pkey", "documents", ["plan_id", "kind"])
        op.drop_column("documents", "key")
