"""The tools a user would otherwise use, run on the same files as our pipeline.

Executed by a baseline venv's python (bench/setup_baselines.sh), never by the project:

    bench/.venv-baselines/bin/python bench/baselines.py TOOL --gold DIR --json OUT FILE...

TOOL is one of `TOOLS`. It prints nothing on success and writes one JSON object: files,
pages, seconds (extraction only, one process, imports excluded), import_seconds, peak RSS,
and the row intact rate against the gold activities. When the tool cannot be imported or
run, the JSON holds `error` with the reason (first line) instead.

Row intact rate: the share of gold records whose activity text the tool returns intact inside
one cell (one element for tools that return no cells) that holds no other record's activity.
Texts are compared with white space, soft hyphens and dashes removed and case folded, so a
line wrap (with or without a hyphen) is not counted as damage, a cell cut in two or merged
with the next row is.

This module imports nothing outside the standard library at import time: bench/run.py uses
its `row_intact` for our own output.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
import traceback

_DROP = re.compile(r"[\s\u00ad\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]+")


def norm(text: str | None) -> str:
    return _DROP.sub("", (text or "").replace("ё", "е").replace("Ё", "Е")).casefold()


def gold_activities(gold_dir: str, doc_id: str) -> list[str]:
    path = os.path.join(gold_dir, f"{doc_id}.json")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as fh:
        return [r.get("activity") or "" for r in json.load(fh).get("records", [])]


def row_intact(gold: list[str], cells: list[str]) -> tuple[int, int]:
    """(gold records intact in one cell of their own, gold records)."""
    wanted = {norm(g) for g in gold if norm(g)}
    cells_n = [norm(c) for c in cells if c and c.strip()]
    ok_texts = set()
    for g in wanted:
        for c in cells_n:
            if g not in c:
                continue
            others = [h for h in wanted if h != g and h in c and h not in g and g not in h]
            if not others:
                ok_texts.add(g)
                break
    n = sum(1 for g in gold if norm(g))
    return sum(1 for g in gold if norm(g) in ok_texts), n


def doc_id_of(path: str) -> str:
    """bench/scale copies are named <doc_id>__copyNNN.ext."""
    return os.path.splitext(os.path.basename(path))[0].split("__copy")[0]


# ---------------------------------------------------------------------------- the tools
# each: setup() → state (imports, models), run(state, path) → (cells, pages)

def _pdfplumber_setup():
    import pdfplumber
    return pdfplumber


def _pdfplumber_run(pdfplumber, path):
    cells, pages = [], 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            pages += 1
            for table in page.extract_tables():
                for row in table:
                    cells.extend(c for c in row if c)
            page.flush_cache()
    return cells, pages


def _camelot_setup():
    import camelot
    return camelot


def _camelot_run(camelot, path):
    import pypdfium2
    pages = len(pypdfium2.PdfDocument(path))
    tables = camelot.read_pdf(path, pages="all", flavor="lattice")
    cells = []
    for t in tables:
        df = t.df
        for row in df.itertuples(index=False):
            cells.extend(str(c) for c in row if str(c).strip())
    return cells, pages


NOTES: list[str] = []      # what a tool needed to run here, shown in the table


def _unstructured_spacy() -> None:
    """unstructured classifies text with spaCy's en_core_web_sm, which it downloads from
    GitHub on first use: not on PyPI, and no network here. When it is missing, a blank
    multi-language spaCy pipeline with a sentencizer stands in (same text, same elements;
    no POS tags, which an English tagger would not give on Russian text anyway)."""
    import os
    os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
    import spacy
    from unstructured.nlp import tokenize
    try:
        spacy.load("en_core_web_sm")
        return
    except OSError:
        pass

    def blank():
        nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
        return nlp

    tokenize._get_nlp.cache_clear()
    tokenize._get_nlp = blank
    NOTES.append("en_core_web_sm (downloaded from GitHub at run time) cannot be had here: "
                 "a blank spaCy pipeline stands in, so no POS tagging time")


def _unstructured_pdf_setup():
    _unstructured_spacy()
    from unstructured.partition.pdf import partition_pdf
    return partition_pdf


def _unstructured_pdf_run(partition_pdf, path):
    elements = partition_pdf(filename=path, strategy="fast", languages=["rus"])
    pages = max((e.metadata.page_number or 0 for e in elements), default=0)
    return [e.text for e in elements], pages


def _unstructured_docx_setup():
    _unstructured_spacy()
    from unstructured.partition.docx import partition_docx
    return partition_docx


def _unstructured_docx_run(partition_docx, path):
    elements = partition_docx(filename=path)
    cells = []
    for e in elements:
        html = getattr(e.metadata, "text_as_html", None)
        if e.category == "Table" and html:
            cells.extend(_html_cells(html))
        else:
            cells.append(e.text)
    return cells, 0


def _html_cells(html: str) -> list[str]:
    from html import unescape
    out = []
    for m in re.finditer(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S):
        out.append(unescape(re.sub(r"<[^>]+>", " ", m.group(1))))
    return out


def _dedoc_docx_setup():
    # DedocManager() cannot be built here: it loads a layout model for image attachments
    # from the Hugging Face hub. The reader it would call for .docx needs no model.
    from dedoc.readers import DocxReader
    NOTES.append("DocxReader, the reader DedocManager uses for .docx (the manager itself "
                 "loads a layout model from the Hugging Face hub: no network here)")
    return DocxReader()


def _dedoc_pdf_setup():
    # PdfTxtlayerReader: the text layer, dedoc's table recognizer (page images + OpenCV) and
    # its joining of a table continued on the next page. Its paragraph classifier is a model
    # from the Hugging Face hub: when it cannot be had, a pass-through stands in (tables are
    # dedoc's own; only the grouping of text lines outside tables differs).
    import os
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from dedoc.readers import PdfTxtlayerReader
    reader = PdfTxtlayerReader()
    try:
        reader.paragraph_extractor._unpickle()
    except Exception:
        reader.paragraph_extractor.extract = lambda lines: lines
        NOTES.append("PdfTxtlayerReader; its paragraph classifier (Hugging Face hub, no network "
                     "here) replaced by a pass-through: tables unaffected")
    return reader


def _dedoc_cells(doc) -> list[str]:
    cells = []
    for table in doc.tables:
        for row in table.cells:
            for cell in row:
                cells.append(cell.get_text() if hasattr(cell, "get_text") else str(cell))
    return cells


def _dedoc_pdf_run(reader, path):
    from dedoc.utils.pdf_utils import get_pdf_page_count
    doc = reader.read(path, parameters={"pdf_with_text_layer": "true", "language": "rus",
                                        "need_pdf_table_analysis": "true"})
    return _dedoc_cells(doc), get_pdf_page_count(path) or 0


def _dedoc_docx_run(reader, path):
    return _dedoc_cells(reader.read(path)), 0


def _python_docx_setup():
    import docx
    return docx


def _python_docx_run(docx, path):
    cells = []
    for table in docx.Document(path).tables:
        for row in table.rows:
            cells.extend(c.text for c in row.cells)
    return cells, 0


def _docx2python_setup():
    from docx2python import docx2python
    return docx2python


def _docx2python_run(docx2python, path):
    cells = []
    with docx2python(path) as content:
        for table in content.body:
            for row in table:
                for cell in row:
                    cells.append("\n".join(p for p in cell if p))
    return cells, 0


TOOLS = {
    # name: (format, label, setup, run)
    "pdfplumber": ("pdf", "pdfplumber `extract_tables()`", _pdfplumber_setup, _pdfplumber_run),
    "camelot": ("pdf", "camelot lattice", _camelot_setup, _camelot_run),
    "unstructured-pdf": ("pdf", "unstructured `partition_pdf` (fast)", _unstructured_pdf_setup,
                         _unstructured_pdf_run),
    "dedoc-pdf": ("pdf", "dedoc (text layer, tables joined across pages)", _dedoc_pdf_setup,
                  _dedoc_pdf_run),
    "python-docx": ("docx", "python-docx table iteration", _python_docx_setup, _python_docx_run),
    "docx2python": ("docx", "docx2python", _docx2python_setup, _docx2python_run),
    "unstructured-docx": ("docx", "unstructured `partition_docx`", _unstructured_docx_setup,
                          _unstructured_docx_run),
    "dedoc-docx": ("docx", "dedoc", _dedoc_docx_setup, _dedoc_docx_run),
}


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=sorted(TOOLS))
    ap.add_argument("files", nargs="+")
    ap.add_argument("--gold", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    fmt, label, setup, run = TOOLS[args.tool]
    out = {"tool": args.tool, "label": label, "format": fmt, "python": sys.version.split()[0]}
    t0 = time.perf_counter()
    try:
        state = setup()
    except BaseException as exc:      # noqa: BLE001 - the reason goes into the table
        out["error"] = f"cannot import: {_reason(exc)}"
        _write(args.json, out)
        return 0
    out["import_seconds"] = time.perf_counter() - t0
    files = [f for f in args.files if f.lower().endswith("." + fmt)]
    intact = total = pages = 0
    errors = []
    seconds = 0.0
    per_file = []
    for path in files:
        t = time.perf_counter()
        try:
            cells, n_pages = run(state, path)
            if not any(c and c.strip() for c in cells):
                errors.append(f"{os.path.basename(path)}: returned no text at all")
        except BaseException as exc:  # noqa: BLE001
            if args.verbose:
                traceback.print_exc()
            errors.append(f"{os.path.basename(path)}: {_reason(exc)}")
            cells, n_pages = [], 0
        dt = time.perf_counter() - t
        seconds += dt
        pages += n_pages
        ok, n = row_intact(gold_activities(args.gold, doc_id_of(path)), cells)
        intact += ok
        total += n
        per_file.append({"file": os.path.basename(path), "seconds": dt, "pages": n_pages,
                         "intact": ok, "gold": n, "cells": len(cells)})
    out.update(files=len(files), pages=pages, seconds=seconds, intact=intact, gold=total,
               errors=errors, per_file=per_file, notes=NOTES,
               peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if errors and len(errors) == len(files):
        out["error"] = f"failed on every file: {errors[0]}"
    _write(args.json, out)
    return 0


def _write(path: str, obj: dict) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    sys.exit(main())
