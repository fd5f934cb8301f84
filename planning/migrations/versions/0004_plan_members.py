"""Who has access to a plan, in which role, and the log of every change to that.

- plan_members: (plan, email) -> role (lead, editor or viewer), who added them and when.
- member_events: every change of access (added, role changed, removed), who did it and when: part of the audit
  trail a lead can read and export.
Plans made before sign-in have no members: an organisation admin sees them and adds their lead.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_members",
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("plans.id"), primary_key=True),
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.CheckConstraint("role IN ('lead', 'editor', 'viewer')", name="ck_plan_members_role"),
    )
    op.create_index("ix_plan_members_email", "plan_members", ["email"])
    op.create_table(
        "member_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role_before", sa.String(10), nullable=False),
        sa.Column("role_after", sa.String(10), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
    )
    op.create_index("ix_member_events_plan", "member_events", ["plan_id", "id"])


def downgrade() -> None:
    """Back to 0003: access and its log are dropped (without sign-in every plan is open to everyone anyway)."""
    op.drop_index("ix_member_events_plan", table_name="member_events")
    op.drop_table("member_events")
    op.drop_index("ix_plan_members_email", table_name="plan_members")
    op.drop_table("plan_members")
