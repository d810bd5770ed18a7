"""The SQL store (SQLAlchemy 2.x): every plan ever received, queryable across plans.

SQLite file by default (`data/processed/roadmaps.db`), any server through `DATABASE_URL`
or `--db` (PostgreSQL for a shared server). The schema is created or upgraded on start by
the Alembic migrations in `pipeline/migrations/` (on PostgreSQL under an advisory lock, on
SQLite under the database's write lock, so two importers starting at once are safe).

    ingest_runs ─< documents >─ plans            one plan per (level, region, municipality,
                    │                            period, subject); each file a version of it
                    ├─< sections                 the direction headings of a document
                    ├─< activities >─ sections   one per activity record (SCHEMA.md)
                    │     ├─< deadline_intervals one row per normalized interval
                    │     └─< activity_parties >─ parties
                    └─< indicators

Re-import is safe: a file is known by its sha256 (unique), so the same bytes twice change
nothing and report «already imported», also when two processes race for it. A file whose
plan already has versions becomes the next version and the current one (the old versions
stay queryable; the CSVs show current versions only); doc_ids are unique in the whole store
(`NAME-2`, … for a taken one), and `load_file` tells what a load replaced. The same plan received again in
another format (the DOCX and the PDF of one act, or of the same records when no act was
found) is another rendition of the same version, not a new version (`group_renditions`).
Each file is loaded in one transaction: a failure rolls back that file only.

The package, a module per concern (every name is importable from `pipeline.store`):

    engine       database URLs, the engine's connection settings, lock conflicts told apart
    tables       the SQLAlchemy models (record columns from `pipeline.schema`)
    core         `Store`: opening, the schema's migrations; its parts below as mixins
    load         ingest runs and loading a file (`Loading`, `LoadResult`)
    plans        plan identity, versions and renditions (`Versions`, `plan_identity`)
    read         the rows of the CSVs read back, plan versions, counts (`Reading`)
    compare      what `roadmaps compare` reads, and its overrides
    corrections  the analysts' corrections and the users of the web application
"""
from __future__ import annotations

from .engine import (DEFAULT_URL_TEMPLATE, LEGACY_REVISION, LOCK_WAIT_LIMIT, MIGRATIONS_DIR,  # noqa: F401
                     PG_IDLE_IN_TRANSACTION_MS, PG_LOCK_TIMEOUT_MS, RETRIES, UPGRADE_LOCK_KEY,
                     default_url, make_engine, normalize_url)
from .tables import (ActivityParty, ActivityRow, Base, CompareOverride, Correction,  # noqa: F401
                     DeadlineInterval, DocumentRow, IndicatorRow, IngestRun, Party, Plan,
                     SectionRow, User, utcnow)
from .load import LoadResult  # noqa: F401
from .plans import RENDITION_MATCH, plan_identity, plan_subject  # noqa: F401
from .core import Store  # noqa: F401
from .compare import (compare_activities, compare_documents, compare_overrides,  # noqa: F401
                      save_compare_override)
from .corrections import (ADDED, EDITABLE_FIELDS, EXCLUDED, add_record, add_user,  # noqa: F401
                          carry_corrections, correct_record, count_users, get_user,
                          overlay_corrections, record_corrections, record_history,
                          unplaced_corrections)
