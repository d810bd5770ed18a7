"""The store's tables (SQLAlchemy models); the record columns come from `pipeline.schema`."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, String,
                        Text)
from sqlalchemy.orm import DeclarativeBase, relationship

from .. import schema


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


# ----------------------------------------------------------------------------- tables

class IngestRun(Base):
    """One `roadmaps ingest` (or any loader): when, what, counts, failures."""

    __tablename__ = "ingest_runs"
    id = Column(Integer, primary_key=True)
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at = Column(DateTime(timezone=True))
    status = Column(String(20), nullable=False, default="running")  # running/finished/interrupted
    host = Column(Text)
    pid = Column(Integer)
    paths = Column(JSON)                 # what was asked for
    files = Column(Integer)
    imported = Column(Integer)
    already_imported = Column(Integer)
    failed = Column(Integer)
    skipped = Column(Integer)
    activities = Column(Integer)
    indicators = Column(Integer)
    failures = Column(JSON)              # [{"file", "doc_id", "status", "error"}]


class Plan(Base):
    """A plan of one body for one period; its documents are its versions."""

    __tablename__ = "plans"
    id = Column(Integer, primary_key=True)
    plan_key = Column(String(64), nullable=False, unique=True)
    level = Column(Text)
    region = Column(Text)
    municipality = Column(Text)
    period_start = Column(Integer)
    period_end = Column(Integer)
    doc_id = Column(Text)                # set only for a plan keyed by its file (no place known)
    versions = Column(Integer, nullable=False, default=0)
    current_version = Column(Integer)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    documents = relationship("DocumentRow", back_populates="plan")
    __table_args__ = (Index("ix_plans_place", "region", "municipality"),
                      Index("ix_plans_period", "period_start", "period_end"))


class DocumentRow(schema.columns_mixin("DocumentColumns", schema.DOCUMENT), Base):
    """A file: the fields of `schema.DOCUMENT` (doc_id … warnings, size), its load and plan."""

    __tablename__ = "documents"
    id = Column(Integer, primary_key=True)
    status = Column(String(20), default="imported")    # imported / failed
    error = Column(Text, default="")
    imported_at = Column(DateTime(timezone=True), default=utcnow)
    plan_id = Column(Integer, ForeignKey("plans.id", name="fk_documents_plan_id_plans"))
    version = Column(Integer)
    is_current = Column(Boolean, nullable=False, default=False)
    ingest_run_id = Column(Integer, ForeignKey("ingest_runs.id", ondelete="SET NULL",
                                                      name="fk_documents_ingest_run_id_ingest_runs"),
                           index=True)
    row_counts = Column(JSON)             # table rows per outcome (record, header, total, …)
    plan = relationship("Plan", back_populates="documents")
    sections = relationship("SectionRow", back_populates="document", cascade="all, delete-orphan",
                            passive_deletes=True)
    activities = relationship("ActivityRow", back_populates="document", cascade="all, delete-orphan",
                              passive_deletes=True)
    indicators = relationship("IndicatorRow", back_populates="document", cascade="all, delete-orphan",
                              passive_deletes=True)
    __table_args__ = (Index("ix_documents_plan_version", "plan_id", "version"),
                      Index("ix_documents_current", "is_current", "status"))


class SectionRow(Base):
    """A direction/section heading of a document's table."""

    __tablename__ = "sections"
    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True,
                         nullable=False)
    table = Column("table_id", Text)
    section_no = Column(Text)
    title = Column(Text)
    position = Column(Integer, nullable=False)
    document = relationship("DocumentRow", back_populates="sections")


class ActivityRow(schema.columns_mixin("ActivityColumns", schema.ACTIVITY), Base):
    """An activity record: the stored fields of `schema.ACTIVITY` (seq … boxes), its document
    and section; its deadline intervals and parties in their own tables."""

    __tablename__ = "activities"
    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False)
    section_id = Column(Integer, ForeignKey("sections.id", ondelete="SET NULL",
                                             name="fk_activities_section_id_sections"), index=True)
    document = relationship("DocumentRow", back_populates="activities")
    section = relationship("SectionRow")
    intervals = relationship("DeadlineInterval", cascade="all, delete-orphan", passive_deletes=True,
                             order_by="DeadlineInterval.position")
    party_links = relationship("ActivityParty", cascade="all, delete-orphan", passive_deletes=True,
                               order_by="ActivityParty.position")
    __table_args__ = (Index("ix_activities_document_seq", "document_id", "seq"),)


class DeadlineInterval(Base):
    """One normalized deadline interval of an activity (open ends are NULL)."""

    __tablename__ = "deadline_intervals"
    id = Column(Integer, primary_key=True)
    activity_id = Column(Integer, ForeignKey("activities.id", ondelete="CASCADE"), index=True,
                         nullable=False)
    position = Column(Integer, nullable=False)
    start_date = Column(Date)
    end_date = Column(Date)
    recurrence = Column(Text)
    __table_args__ = (Index("ix_deadline_intervals_dates", "start_date", "end_date"),)


class Party(Base):
    """A responsible party as printed (shared across documents), with its kind."""

    __tablename__ = "parties"
    id = Column(Integer, primary_key=True)
    party_key = Column(String(64), nullable=False, unique=True)   # sha256(kind, name)
    name = Column(Text, nullable=False)
    kind = Column(Text, nullable=False, default="")   # person / organization / role / group


class ActivityParty(Base):
    __tablename__ = "activity_parties"
    activity_id = Column(Integer, ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    position = Column(Integer, primary_key=True)
    party_id = Column(Integer, ForeignKey("parties.id"), nullable=False, index=True)
    expanded = Column(Text)            # the party with abbreviations expanded (document glossary)
    party = relationship("Party")


class IndicatorRow(schema.columns_mixin("IndicatorColumns", schema.INDICATOR), Base):
    """A target indicator's value for one year (`schema.INDICATOR`)."""

    __tablename__ = "indicators"
    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False)
    position = Column(Integer)
    document = relationship("DocumentRow", back_populates="indicators")


class CompareOverride(Base):
    """An analyst's status of one regional item for one municipal plan, kept across runs of
    `roadmaps compare` (plans by plan id: any rendition or later run finds it; the item by its
    key and its folded text, so that a renumbered item is still found)."""

    __tablename__ = "compare_overrides"
    id = Column(Integer, primary_key=True)
    regional_plan_id = Column(Integer, ForeignKey("plans.id", ondelete="CASCADE",
                                                  name="fk_compare_overrides_regional_plan_id_plans"),
                              nullable=False)
    municipal_plan_id = Column(Integer, ForeignKey("plans.id", ondelete="CASCADE",
                                                   name="fk_compare_overrides_municipal_plan_id_plans"),
                               nullable=False)
    regional_item = Column(Text, nullable=False)
    regional_activity = Column(Text, nullable=False, default="")
    status = Column(String(20), nullable=False)
    note = Column(Text, default="")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    __table_args__ = (Index("ix_compare_overrides_plans", "regional_plan_id", "municipal_plan_id"),)


class User(Base):
    """A person who may sign in to the web application (role analyst or viewer)."""

    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    password_hash = Column(Text, nullable=False)
    role = Column(String(20), nullable=False, default="viewer")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Correction(Base):
    """One change of one field of one record by a person; the latest active one wins."""

    __tablename__ = "corrections"
    id = Column(Integer, primary_key=True)
    activity_id = Column(Integer, ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    document_id = Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), index=True,
                         nullable=False)
    table_index = Column(Integer)          # where the record sat, to find it in a new version
    row_index = Column(Integer)
    anchor = Column(Text)                  # its extracted activity text and year, folded
    field = Column(Text, nullable=False)
    old_value = Column(Text)
    new_value = Column(Text)
    username = Column(Text)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    status = Column(String(20), nullable=False, default="active")   # active / carried / unplaced
    carried_from = Column(Integer)         # the correction of an older version it continues
    carried_to = Column(Integer)           # documents.id it was carried (or failed to carry) to
