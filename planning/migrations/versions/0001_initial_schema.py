"""The schema as the workbook created it before migrations existed: plans, documents, revisions.

Databases made by that version have these tables and no alembic_version table; they are stamped at this
revision on start (planning/migrations/__init__.py) and upgraded from here.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("last_saved_at", sa.String(32), nullable=False),
        sa.Column("last_saved_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("plans.id"), primary_key=True),
        sa.Column("kind", sa.String(80), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("kind", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
        sa.Column("comment", sa.String(400), nullable=False),
    )
    op.create_index("ix_revisions_doc", "revisions", ["plan_id", "kind", "version"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_revisions_doc", table_name="revisions")
    op.drop_table("revisions")
    op.drop_table("documents")
    op.drop_table("plans")
