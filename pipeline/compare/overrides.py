"""The analyst's statuses: read from the command line or a CSV, kept in the store."""
from __future__ import annotations

import csv

from pipeline.i18n import _

from .evidence import COVERED, NOT_COVERED, PARTLY, REGIONAL_ONLY
from .items import fold
from .matching import CompareError, _find

AUTO = "auto"
STATUS_WORDS = {
    COVERED: COVERED, "покрыт": COVERED, "покрыто": COVERED,
    PARTLY: PARTLY, "частично": PARTLY,
    NOT_COVERED: NOT_COVERED, "not_covered": NOT_COVERED, "не покрыт": NOT_COVERED,
    "не покрыто": NOT_COVERED,
    REGIONAL_ONLY: REGIONAL_ONLY, "regional_only": REGIONAL_ONLY, "только регион": REGIONAL_ONLY,
    AUTO: AUTO, "авто": AUTO,
}


def status_word(text: str) -> str:
    """A status as the analyst wrote it (English or Russian) → its machine form."""
    status = STATUS_WORDS.get(" ".join((text or "").lower().replace("ё", "е").split()))
    if status is None:
        raise CompareError(_("unknown status {status!r}: use covered, partly, not covered, regional "
                             "only (покрыт, частично, не покрыт, только регион) or auto").format(status=text))
    return status


def read_override_args(triples: list[list[str]], path: str | None) -> list[dict]:
    """--override ITEM MUNICIPAL_DOC STATUS triples and the rows of an overrides CSV
    (regional_item, municipal_doc, status[, note]; a coverage.csv gives only the rows whose
    status differs from its auto_status)."""
    out = [{"regional_item": i, "municipal_doc": m, "status": status_word(s), "note": ""}
           for i, m, s in triples]
    if path:
        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                sample = fh.read(4096)
                fh.seek(0)
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
                rows = list(csv.DictReader(fh, dialect=dialect))
        except (OSError, csv.Error, UnicodeDecodeError) as e:
            raise CompareError(_("cannot read the overrides file {path}: {error}").format(
                path=path, error=e)) from None
        for k, r in enumerate(rows, start=2):
            if not all(r.get(c) for c in ("regional_item", "municipal_doc", "status")):
                raise CompareError(_("{path}, line {line}: regional_item, municipal_doc and status "
                                     "are needed").format(path=path, line=k))
            if r.get("auto_status") is not None and r["status"] == r["auto_status"]:
                continue
            out.append({"regional_item": r["regional_item"].strip(),
                        "municipal_doc": r["municipal_doc"].strip(),
                        "status": status_word(r["status"]), "note": (r.get("override_note") or
                                                                     r.get("note") or "").strip()})
    return out


def save_overrides(store, regional: str, overrides: list[dict]) -> None:
    """Keep the overrides in the store (plans by id, the item by key and text)."""
    from pipeline.store import compare_activities, compare_documents, save_compare_override

    docs = compare_documents(store)
    reg = _find(docs, regional)
    if reg is None:
        raise CompareError(_("regional plan {id} is not in the store").format(id=regional))
    from .items import items_of
    items = {it.key: it for it in items_of(reg["doc_id"], compare_activities(
        store, [reg["document_pk"]])[reg["document_pk"]])}
    for o in overrides:
        mun = _find(docs, o["municipal_doc"]) or next(
            (d for d in docs if fold(d.get("municipality")).lower() == fold(o["municipal_doc"]).lower()), None)
        if mun is None:
            raise CompareError(_("municipal plan {id} is not in the store").format(id=o["municipal_doc"]))
        it = items.get(o["regional_item"])
        if it is None:
            raise CompareError(_("the regional plan has no item {item}").format(item=o["regional_item"]))
        save_compare_override(store, reg["plan_id"], mun["plan_id"], it.key, it.activity,
                              None if o["status"] == AUTO else o["status"], o.get("note", ""))
