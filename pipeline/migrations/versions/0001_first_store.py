"""The first store: documents, activities, indicators (as `Base.metadata.create_all` made them
before migrations existed; such a database is stamped with this revision on start).

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("size", sa.Integer),
        sa.Column("format", sa.String(10)),
        sa.Column("pages", sa.Integer),
        sa.Column("title", sa.Text),
        sa.Column("level", sa.String(20)),
        sa.Column("region", sa.String(200)),
        sa.Column("municipality", sa.String(300)),
        sa.Column("issuer", sa.Text),
        sa.Column("approved_date", sa.String(10)),
        sa.Column("approved_number", sa.String(100)),
        sa.Column("period_start", sa.Integer),
        sa.Column("period_end", sa.Integer),
        sa.Column("status", sa.String(20)),
        sa.Column("error", sa.Text),
        sa.Column("warnings", sa.Text),
        sa.Column("imported_at", sa.DateTime),
    )
    op.create_index("ix_documents_doc_id", "documents", ["doc_id"])
    op.create_index("ix_documents_region", "documents", ["region"])
    op.create_index("ix_documents_municipality", "documents", ["municipality"])
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("table_id", sa.String(50)),
        sa.Column("section_no", sa.String(20)),
        sa.Column("section_title", sa.Text),
        sa.Column("item_no", sa.String(30)),
        sa.Column("activity", sa.Text),
        sa.Column("year", sa.String(10)),
        sa.Column("expected_result", sa.Text),
        sa.Column("deadline_raw", sa.Text),
        sa.Column("deadlines", sa.JSON),
        sa.Column("months", sa.JSON),
        sa.Column("recurrence", sa.String(20)),
        sa.Column("responsible_raw", sa.Text),
        sa.Column("responsible", sa.JSON),
        sa.Column("responsible_expanded", sa.JSON),
        sa.Column("responsible_kinds", sa.JSON),
        sa.Column("report_form", sa.Text),
        sa.Column("source_page", sa.Integer),
        sa.Column("deadline_warning", sa.Text),
        sa.Column("table_index", sa.Integer),
        sa.Column("row_index", sa.Integer),
    )
    op.create_index("ix_activities_document_id", "activities", ["document_id"])
    op.create_index("ix_activities_recurrence", "activities", ["recurrence"])
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("indicator", sa.Text),
        sa.Column("unit", sa.String(50)),
        sa.Column("year", sa.String(10)),
        sa.Column("value", sa.String(100)),
    )
    op.create_index("ix_indicators_document_id", "indicators", ["document_id"])


def downgrade() -> None:
    op.drop_table("indicators")
    op.drop_table("activities")
    op.drop_table("documents")
