"""Plans and their versions: what makes two files one plan, the next version, renditions."""
from __future__ import annotations

import functools
import hashlib
import os
import re
from collections import Counter

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from normalizers.lang.fold import fold_key as _fold

from .. import schema
from .tables import utcnow, Plan, DocumentRow, ActivityRow, IndicatorRow
from .load import LoadResult, _int_or_none


@functools.lru_cache(maxsize=1)
def _subject_ignored() -> frozenset[str]:
    import yaml
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data",
                        "plan_identity.yaml")
    with open(path, encoding="utf-8") as fh:
        words = (yaml.safe_load(fh) or {}).get("ignore_words") or []
    if not all(isinstance(w, str) for w in words):
        raise ValueError(f"{path}: ignore_words must be a list of words")
    return frozenset(w.casefold().replace("ё", "е") for w in words)


def plan_subject(title: str | None) -> str:
    """What a plan is about, from its title: its words folded (case, ё), without digits,
    punctuation, short words and the words of plan_identity.yaml (years, «редакции», …)."""
    words = re.findall(r"[^\W\d_]+", (title or "").casefold().replace("ё", "е"))
    ignored = _subject_ignored()
    return " ".join(w for w in words if len(w) > 2 and w not in ignored)


def plan_identity(meta, doc_id: str) -> tuple[str, dict]:
    """(plan_key, plan columns): same level, region, municipality, period and subject (the
    folded title, `plan_subject`) = same plan; two plans of one body and period about
    different things are never versions of each other.

    A document naming neither region nor municipality, or whose title was not found (no
    subject: two plans of one body on different things would be taken for versions of each
    other, and the workbook would show one of them only), cannot be matched safely to
    another file: it is its own plan, keyed by its doc_id.
    """
    level, region, municipality = (getattr(meta, f, "") or "" for f in ("level", "region", "municipality"))
    start, end = getattr(meta, "period_start", None), getattr(meta, "period_end", None)
    cols = {"level": level, "region": region, "municipality": municipality,
            "period_start": _int_or_none(start), "period_end": _int_or_none(end), "doc_id": None}
    subject = plan_subject(getattr(meta, "title", ""))
    if (not region.strip() and not municipality.strip()) or not subject:
        parts = ["doc", doc_id]
        cols["doc_id"] = doc_id
    else:
        parts = ["place", _fold(level), _fold(region), _fold(municipality),
                 "" if start is None else str(start), "" if end is None else str(end),
                 subject]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest(), cols


RENDITION_MATCH = 0.95     # share of equal rows that makes two files renditions of one version
_FINGERPRINT_FIELDS = tuple(schema.names(schema.ACTIVITY, fingerprint=True))


def _fingerprint(activity_values, indicator_values) -> list[str]:
    """A document's rows as folded strings (a multiset, order ignored)."""
    rows = ["a\x1f" + "\x1f".join(_fold(v) for v in values) for values in activity_values]
    rows += ["i\x1f" + "\x1f".join(_fold(v) for v in values) for values in indicator_values]
    return rows


def _record_fingerprint(rec) -> list[str]:
    return _fingerprint(([getattr(a, f) for f in _FINGERPRINT_FIELDS] for a in rec.activities),
                        ([i.indicator, i.unit, i.year, i.value] for i in rec.indicators))


def _similarity(a: list[str], b: list[str]) -> float:
    """Equal rows / rows of the larger document (0 when either has none)."""
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return common / max(len(a), len(b))


class Versions:
    """The store's part that files a document under its plan and version."""

    def _plan_for_update(self, s: Session, meta, doc_id: str) -> Plan:
        """The plan of this document, created if new, locked for this transaction (versions
        of one plan are numbered one importer at a time)."""
        key, cols = plan_identity(meta, doc_id)
        now = utcnow()
        self._insert_ignore(s, Plan.__table__, [dict(cols, plan_key=key, versions=0,
                                                     created_at=now, updated_at=now)])
        return s.scalars(select(Plan).where(Plan.plan_key == key).with_for_update()).one()

    def _next_version(self, s: Session, plan: Plan, rec) -> LoadResult:
        """The version of a new file of `plan` (in a LoadResult), updating the plan and the
        old versions' current flag.

        With `group_renditions`, a file is another rendition of a version already held
        (the PDF of a DOCX) when it is in another format and both name an approving act and
        it is the same act; when either names none, when their records are the same (at
        least RENDITION_MATCH of the rows equal). A file in the same format as that version's
        is a new version even when nearly identical (a byte or a letter changed). Otherwise
        it is the next version, and the current one unless its act is dated before the
        current version's.
        """
        meta = rec.meta
        date = (getattr(meta, "approved_date", "") or "").strip()
        number = _fold(getattr(meta, "approved_number", ""))
        if self.group_renditions and plan.versions:
            held = s.execute(select(DocumentRow.id, DocumentRow.version, DocumentRow.approved_date,
                                    DocumentRow.approved_number, DocumentRow.format,
                                    DocumentRow.doc_id)
                             .where(DocumentRow.plan_id == plan.id, DocumentRow.status == "imported")
                             .order_by(DocumentRow.version.desc(), DocumentRow.id)).all()
            formats: dict[int, set] = {}
            for _pk, v, _d, _n, fmt, _doc in held:
                formats.setdefault(v, set()).add((fmt or "").lower())
            mine = None
            for doc_pk, v, d, n, fmt, their_doc in held:
                if (getattr(rec, "format", "") or "").lower() in formats[v]:
                    continue          # that version has a file of this format: not a rendition
                theirs = ((d or "").strip(), _fold(n))
                if (date or number) and any(theirs):
                    same = theirs == (date, number)
                else:
                    mine = mine if mine is not None else _record_fingerprint(rec)
                    same = _similarity(mine, self._stored_fingerprint(s, doc_pk)) >= RENDITION_MATCH
                if same:
                    return LoadResult("imported", rec.doc_id, plan.id, v, v == plan.current_version,
                                      rendition_of=their_doc)
        version = (plan.versions or 0) + 1
        plan.versions = version
        plan.updated_at = utcnow()
        current_date = s.scalar(select(DocumentRow.approved_date).where(
            DocumentRow.plan_id == plan.id, DocumentRow.version == plan.current_version,
            DocumentRow.status == "imported").limit(1))
        if date and current_date and date < current_date.strip():
            return LoadResult("imported", rec.doc_id, plan.id, version, False)  # an older act received late
        replaced = [tuple(r) for r in s.execute(
            select(DocumentRow.doc_id, DocumentRow.version).where(
                DocumentRow.plan_id == plan.id, DocumentRow.is_current.is_(True))
            .order_by(DocumentRow.id))]
        s.execute(update(DocumentRow).where(DocumentRow.plan_id == plan.id,
                                            DocumentRow.is_current.is_(True))
                  .values(is_current=False))
        plan.current_version = version
        return LoadResult("imported", rec.doc_id, plan.id, version, True, replaced=replaced)

    @staticmethod
    def _stored_fingerprint(s: Session, document_pk: int) -> list[str]:
        acts = s.execute(select(*(getattr(ActivityRow, f) for f in _FINGERPRINT_FIELDS))
                         .where(ActivityRow.document_id == document_pk)).all()
        inds = s.execute(select(IndicatorRow.indicator, IndicatorRow.unit, IndicatorRow.year,
                                IndicatorRow.value).where(IndicatorRow.document_id == document_pk)).all()
        return _fingerprint(acts, inds)
