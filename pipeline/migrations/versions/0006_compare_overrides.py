"""Analysts' statuses of the comparison (`compare_overrides`), kept across runs.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "compare_overrides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("regional_plan_id", sa.Integer,
                  sa.ForeignKey("plans.id", ondelete="CASCADE",
                                name="fk_compare_overrides_regional_plan_id_plans"), nullable=False),
        sa.Column("municipal_plan_id", sa.Integer,
                  sa.ForeignKey("plans.id", ondelete="CASCADE",
                                name="fk_compare_overrides_municipal_plan_id_plans"), nullable=False),
        sa.Column("regional_item", sa.Text, nullable=False),
        sa.Column("regional_activity", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_compare_overrides_plans", "compare_overrides",
                    ["regional_plan_id", "municipal_plan_id"])


def downgrade() -> None:
    op.drop_index("ix_compare_overrides_plans", table_name="compare_overrides")
    op.drop_table("compare_overrides")
