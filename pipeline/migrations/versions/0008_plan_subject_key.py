"""Plans keyed by their subject too: existing plans re-keyed from their current title.

A plan's identity now includes what it is about (`store.plan_subject` of its title), so
two plans of one body and period about different things are never versions of each other.
No table changes: each plan keyed by place and period gets its key again from the title of
its current (else latest) document, so that the next version of a plan already held still
finds it. Plans keyed by their file (no place named) keep their key. Downgrade restores
the keys without the subject.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _fold(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def _key(plan, subject: str | None) -> str:
    parts = ["place", _fold(plan.level), _fold(plan.region), _fold(plan.municipality),
             "" if plan.period_start is None else str(plan.period_start),
             "" if plan.period_end is None else str(plan.period_end)]
    if subject is not None:
        parts.append(subject)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _rekey(with_subject: bool) -> None:
    from pipeline.store import plan_subject
    conn = op.get_bind()
    plans = sa.table("plans", sa.column("id"), sa.column("plan_key"), sa.column("level"),
                     sa.column("region"), sa.column("municipality"), sa.column("period_start"),
                     sa.column("period_end"), sa.column("doc_id"))
    docs = sa.table("documents", sa.column("plan_id"), sa.column("title"), sa.column("version"),
                    sa.column("is_current"), sa.column("status"), sa.column("id"))
    taken = set(conn.execute(sa.select(plans.c.plan_key)).scalars())
    for plan in conn.execute(sa.select(plans).where(plans.c.doc_id.is_(None))).all():
        title = conn.execute(sa.select(docs.c.title).where(
            docs.c.plan_id == plan.id, docs.c.status == "imported")
            .order_by(docs.c.is_current.desc(), docs.c.version.desc(), docs.c.id.desc())
            .limit(1)).scalar()
        key = _key(plan, plan_subject(title) if with_subject else None)
        if key != plan.plan_key and key not in taken:     # (downgrade: two plans, one old key)
            taken.add(key)
            conn.execute(sa.update(plans).where(plans.c.id == plan.id).values(plan_key=key))


def upgrade() -> None:
    _rekey(with_subject=True)


def downgrade() -> None:
    _rekey(with_subject=False)
