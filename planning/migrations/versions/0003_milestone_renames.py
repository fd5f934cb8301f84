"""Milestone renames are logged: a milestone's name is a label, its contents never change.

- milestone_renames: which milestone, the name before and after, when and by whom.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "milestone_renames",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("milestone_id", sa.Integer, sa.ForeignKey("milestones.id"), nullable=False),
        sa.Column("old_name", sa.String(200), nullable=False),
        sa.Column("new_name", sa.String(200), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
    )
    op.create_index("ix_milestone_renames_milestone", "milestone_renames", ["milestone_id", "id"])


def downgrade() -> None:
    """Back to 0002: the rename log is dropped (the milestones keep their current names)."""
    op.drop_index("ix_milestone_renames_milestone", table_name="milestone_renames")
    op.drop_table("milestone_renames")
