"""The cells of an activity's row under headers of no role («Категория участников», «Отметка
о выполнении»), «header: text» joined by « | », so that they are kept and shown, not dropped.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("notes", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("notes")
