"""Corrections and users (the web workbench), and the cell boxes of each record.

Adds `corrections` (an analyst's change of one field of one record, with who and when;
kept apart from the extracted values), `users` (sign-in for the web application) and
`activities.boxes` (the record's cells on the PDF page, for the source view).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("activities") as b:
        b.add_column(sa.Column("boxes", sa.JSON))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id", ondelete="SET NULL")),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("table_index", sa.Integer),
        sa.Column("row_index", sa.Integer),
        sa.Column("anchor", sa.Text),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
        sa.Column("username", sa.Text),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("carried_from", sa.Integer),
        sa.Column("carried_to", sa.Integer),
    )
    op.create_index("ix_corrections_activity_id", "corrections", ["activity_id"])
    op.create_index("ix_corrections_document_id", "corrections", ["document_id"])


def downgrade() -> None:
    op.drop_table("corrections")
    op.drop_table("users")
    with op.batch_alter_table("activities") as b:
        b.drop_column("boxes")
