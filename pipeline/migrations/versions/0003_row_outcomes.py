"""Two-level headings and the outcome of every table row.

Adds `activities.section_parent` (the heading one level up: a month above sub-sections),
`activities.check_reasons` (why an analyst should check a record) and
`documents.row_counts` (a document's table rows per outcome: record, header, section, total,
empty, not a plan, not placed, …).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as b:
        b.add_column(sa.Column("section_parent", sa.Text))
        b.add_column(sa.Column("check_reasons", sa.JSON))
    with op.batch_alter_table("documents") as b:
        b.add_column(sa.Column("row_counts", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.drop_column("row_counts")
    with op.batch_alter_table("activities") as b:
        b.drop_column("check_reasons")
        b.drop_column("section_parent")
