"""The real store: plans and versions, sections, deadline intervals, parties, ingest runs.

Adds `plans` (a document is a version of its plan), `sections`, `deadline_intervals`,
`parties` + `activity_parties`, `ingest_runs`; provenance and version columns; free text
columns become TEXT (no length limits to fail a file on PostgreSQL). Rows already held are
carried over: each document gets its plan and version, and sections, intervals and parties
are derived from the activities' stored lists.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
import datetime as dt
import hashlib

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("host", sa.Text),
        sa.Column("pid", sa.Integer),
        sa.Column("paths", sa.JSON),
        sa.Column("files", sa.Integer),
        sa.Column("imported", sa.Integer),
        sa.Column("already_imported", sa.Integer),
        sa.Column("failed", sa.Integer),
        sa.Column("skipped", sa.Integer),
        sa.Column("activities", sa.Integer),
        sa.Column("indicators", sa.Integer),
        sa.Column("failures", sa.JSON),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_key", sa.String(64), nullable=False, unique=True),
        sa.Column("level", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("municipality", sa.Text),
        sa.Column("period_start", sa.Integer),
        sa.Column("period_end", sa.Integer),
        sa.Column("doc_id", sa.Text),
        sa.Column("versions", sa.Integer, nullable=False),
        sa.Column("current_version", sa.Integer),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_plans_place", "plans", ["region", "municipality"])
    op.create_index("ix_plans_period", "plans", ["period_start", "period_end"])
    op.create_table(
        "parties",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("party_key", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
    )

    with op.batch_alter_table("documents") as b:
        for name in ("doc_id", "level", "region", "municipality", "approved_date", "approved_number"):
            b.alter_column(name, type_=sa.Text)
        b.alter_column("imported_at", type_=TZ)
        b.add_column(sa.Column("tables", sa.Integer))
        b.add_column(sa.Column("plan_id", sa.Integer))
        b.add_column(sa.Column("version", sa.Integer))
        b.add_column(sa.Column("is_current", sa.Boolean, nullable=False, server_default=sa.false()))
        b.add_column(sa.Column("ingest_run_id", sa.Integer))
        b.create_foreign_key("fk_documents_plan_id_plans", "plans", ["plan_id"], ["id"])
        b.create_foreign_key("fk_documents_ingest_run_id_ingest_runs", "ingest_runs",
                             ["ingest_run_id"], ["id"], ondelete="SET NULL")
        b.create_index("ix_documents_plan_version", ["plan_id", "version"])
        b.create_index("ix_documents_current", ["is_current", "status"])
        b.create_index("ix_documents_ingest_run_id", ["ingest_run_id"])

    op.create_table(
        "sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("table_id", sa.Text),
        sa.Column("section_no", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_index("ix_sections_document_id", "sections", ["document_id"])

    with op.batch_alter_table("activities") as b:
        for name in ("table_id", "section_no", "item_no", "year", "recurrence"):
            b.alter_column(name, type_=sa.Text)
        b.add_column(sa.Column("col_index", sa.Integer))
        b.add_column(sa.Column("section_id", sa.Integer))
        b.create_foreign_key("fk_activities_section_id_sections", "sections", ["section_id"], ["id"],
                             ondelete="SET NULL")
        b.create_index("ix_activities_section_id", ["section_id"])
        b.create_index("ix_activities_document_seq", ["document_id", "seq"])

    op.create_table(
        "deadline_intervals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("recurrence", sa.Text),
    )
    op.create_index("ix_deadline_intervals_activity_id", "deadline_intervals", ["activity_id"])
    op.create_index("ix_deadline_intervals_dates", "deadline_intervals", ["start_date", "end_date"])
    op.create_table(
        "activity_parties",
        sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("party_id", sa.Integer, sa.ForeignKey("parties.id"), nullable=False),
        sa.Column("expanded", sa.Text),
    )
    op.create_index("ix_activity_parties_party_id", "activity_parties", ["party_id"])

    with op.batch_alter_table("indicators") as b:
        for name in ("unit", "year", "value"):
            b.alter_column(name, type_=sa.Text)
        b.add_column(sa.Column("position", sa.Integer))

    carry_over(op.get_bind())


# ----------------------------------------------------------------------------- data

documents = sa.table(
    "documents", sa.column("id"), sa.column("doc_id"), sa.column("status"), sa.column("level"),
    sa.column("region"), sa.column("municipality"), sa.column("period_start"),
    sa.column("period_end"), sa.column("approved_date"), sa.column("approved_number"),
    sa.column("plan_id"), sa.column("version"), sa.column("is_current", sa.Boolean))
plans = sa.table(
    "plans", sa.column("id"), sa.column("plan_key"), sa.column("level"), sa.column("region"),
    sa.column("municipality"), sa.column("period_start"), sa.column("period_end"),
    sa.column("doc_id"), sa.column("versions"), sa.column("current_version"),
    sa.column("created_at", TZ), sa.column("updated_at", TZ))
activities = sa.table(
    "activities", sa.column("id"), sa.column("document_id"), sa.column("seq"), sa.column("table_id"),
    sa.column("section_no"), sa.column("section_title"), sa.column("deadlines", sa.JSON),
    sa.column("recurrence"), sa.column("responsible", sa.JSON),
    sa.column("responsible_kinds", sa.JSON), sa.column("responsible_expanded", sa.JSON),
    sa.column("section_id"))
sections = sa.table("sections", sa.column("id"), sa.column("document_id"), sa.column("table_id"),
                    sa.column("section_no"), sa.column("title"), sa.column("position"))
intervals = sa.table("deadline_intervals", sa.column("activity_id"), sa.column("position"),
                     sa.column("start_date", sa.Date), sa.column("end_date", sa.Date),
                     sa.column("recurrence"))
parties = sa.table("parties", sa.column("id"), sa.column("party_key"), sa.column("name"),
                   sa.column("kind"))
links = sa.table("activity_parties", sa.column("activity_id"), sa.column("position"),
                 sa.column("party_id"), sa.column("expanded"))
indicators = sa.table("indicators", sa.column("id"), sa.column("document_id"), sa.column("position"))


def _fold(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def _plan_key(d) -> tuple[str, str | None]:
    """(key, doc_id for a plan keyed by its file) — the rule of pipeline.store.plan_identity
    as of this revision."""
    if not (d.region or "").strip() and not (d.municipality or "").strip():
        parts, own = ["doc", d.doc_id], d.doc_id
    else:
        parts, own = ["place", _fold(d.level), _fold(d.region), _fold(d.municipality),
                      "" if d.period_start is None else str(d.period_start),
                      "" if d.period_end is None else str(d.period_end)], None
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest(), own


def _date(text):
    try:
        return dt.date.fromisoformat(text) if text and text != ".." else None
    except ValueError:
        return None


def carry_over(conn) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    conn.execute(documents.update().where(documents.c.status.is_(None)).values(status="imported"))
    plan_ids: dict[str, int] = {}
    state: dict[int, dict] = {}     # plan id -> {"versions": n, "acts": {(date, number): v}}
    for d in conn.execute(sa.select(documents).where(documents.c.status == "imported")
                          .order_by(documents.c.id)).all():
        key, own = _plan_key(d)
        if key not in plan_ids:
            plan_ids[key] = conn.execute(plans.insert().values(
                plan_key=key, level=d.level, region=d.region, municipality=d.municipality,
                period_start=d.period_start, period_end=d.period_end, doc_id=own, versions=0,
                created_at=now, updated_at=now).returning(plans.c.id)).scalar_one()
        pid = plan_ids[key]
        st = state.setdefault(pid, {"versions": 0, "acts": {}})
        act = ((d.approved_date or "").strip(), _fold(d.approved_number))
        if any(act) and act in st["acts"]:
            version = st["acts"][act]
        else:
            st["versions"] += 1
            version = st["acts"][act] = st["versions"]
        conn.execute(documents.update().where(documents.c.id == d.id)
                     .values(plan_id=pid, version=version))
    for pid, st in state.items():
        conn.execute(plans.update().where(plans.c.id == pid)
                     .values(versions=st["versions"], current_version=st["versions"]))
        conn.execute(documents.update().where(documents.c.plan_id == pid,
                                              documents.c.version == st["versions"])
                     .values(is_current=True))

    section_ids: dict[tuple, int] = {}
    per_doc: dict[int, int] = {}
    party_ids: dict[tuple, int] = {}
    for a in conn.execute(sa.select(activities).order_by(activities.c.document_id,
                                                         activities.c.seq)).all():
        if a.section_no or a.section_title:
            key = (a.document_id, a.table_id or "", a.section_no or "", a.section_title or "")
            if key not in section_ids:
                per_doc[a.document_id] = per_doc.get(a.document_id, 0) + 1
                section_ids[key] = conn.execute(sections.insert().values(
                    document_id=a.document_id, table_id=key[1], section_no=key[2], title=key[3],
                    position=per_doc[a.document_id]).returning(sections.c.id)).scalar_one()
            conn.execute(activities.update().where(activities.c.id == a.id)
                         .values(section_id=section_ids[key]))
        rows = []
        for iso in a.deadlines or []:
            start, _, end = str(iso).partition("/")
            if _date(start) or _date(end):
                rows.append({"activity_id": a.id, "position": len(rows) + 1,
                             "start_date": _date(start), "end_date": _date(end),
                             "recurrence": a.recurrence})
        if rows:
            conn.execute(intervals.insert(), rows)
        kinds, expanded = a.responsible_kinds or [], a.responsible_expanded or []
        rows = []
        for k, name in enumerate(a.responsible or []):
            kind = (kinds[k] if k < len(kinds) else "") or ""
            if (name, kind) not in party_ids:
                pkey = hashlib.sha256(f"{kind}\x1f{name}".encode("utf-8")).hexdigest()
                party_ids[(name, kind)] = conn.execute(parties.insert().values(
                    party_key=pkey, name=name, kind=kind).returning(parties.c.id)).scalar_one()
            rows.append({"activity_id": a.id, "position": k + 1, "party_id": party_ids[(name, kind)],
                         "expanded": expanded[k] if k < len(expanded) else None})
        if rows:
            conn.execute(links.insert(), rows)
    conn.execute(indicators.update().values(position=indicators.c.id))


def downgrade() -> None:
    op.drop_table("activity_parties")
    op.drop_table("deadline_intervals")
    with op.batch_alter_table("indicators") as b:
        b.drop_column("position")
        b.alter_column("unit", type_=sa.String(50))
        b.alter_column("year", type_=sa.String(10))
        b.alter_column("value", type_=sa.String(100))
    with op.batch_alter_table("activities") as b:
        b.drop_index("ix_activities_document_seq")
        b.drop_index("ix_activities_section_id")
        b.drop_constraint("fk_activities_section_id_sections", type_="foreignkey")
        b.drop_column("section_id")
        b.drop_column("col_index")
        for name, n in (("table_id", 50), ("section_no", 20), ("item_no", 30), ("year", 10),
                        ("recurrence", 20)):
            b.alter_column(name, type_=sa.String(n))
    op.drop_table("sections")
    with op.batch_alter_table("documents") as b:
        b.drop_index("ix_documents_ingest_run_id")
        b.drop_index("ix_documents_current")
        b.drop_index("ix_documents_plan_version")
        b.drop_constraint("fk_documents_ingest_run_id_ingest_runs", type_="foreignkey")
        b.drop_constraint("fk_documents_plan_id_plans", type_="foreignkey")
        for name in ("ingest_run_id", "is_current", "version", "plan_id", "tables"):
            b.drop_column(name)
        b.alter_column("imported_at", type_=sa.DateTime)
        for name, n in (("doc_id", 200), ("level", 20), ("region", 200), ("municipality", 300),
                        ("approved_date", 10), ("approved_number", 100)):
            b.alter_column(name, type_=sa.String(n))
    op.drop_table("parties")
    op.drop_table("plans")
    op.drop_table("ingest_runs")
