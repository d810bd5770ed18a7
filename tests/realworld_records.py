"""The real plans of tests/fixtures/realworld/ read once per test session, with their gold."""
from __future__ import annotations

import functools
import json
import os
import re
import shutil

import pytest

from helpers import ROOT

REALWORLD = os.path.join(ROOT, "tests", "fixtures", "realworld")
GOLD_DIR = os.path.join(REALWORLD, "gold")
GOLD_DOCS = sorted(f[:-5] for f in os.listdir(GOLD_DIR) if f.endswith(".json"))


def path_of(doc_id: str) -> str:
    for ext in ("docx", "doc", "pdf"):
        path = os.path.join(REALWORLD, f"{doc_id}.{ext}")
        if os.path.exists(path):
            return path
    raise FileNotFoundError(doc_id)


@functools.lru_cache(maxsize=None)
def record(doc_id: str):
    """The pipeline's DocumentRecord for a fixture (a .doc needs LibreOffice: skipped without)."""
    path = path_of(doc_id)
    if path.endswith(".doc") and not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed")
    from pipeline.batch import parse_file
    return parse_file(path, doc_id)


@functools.lru_cache(maxsize=None)
def gold(doc_id: str) -> dict:
    with open(os.path.join(GOLD_DIR, f"{doc_id}.json"), encoding="utf-8") as fh:
        return json.load(fh)


def norm(text) -> str:
    """score.py's text form: white space folded, no space after an in-word hyphen."""
    text = re.sub(r"\s+", " ", "" if text is None else str(text)).strip()
    return re.sub(r"(?<=\w)([-\u2010\u2011]) +(?=\w)", r"\1", text)


def party(text: str) -> str:
    text = norm(text)
    while text and not text[-1].isalnum() and text[-1] not in "»)\"":
        text = text[:-1].rstrip()
    return text.casefold()
