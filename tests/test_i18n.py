"""Messages for people: Russian by default and with LANG=ru_RU, English with LANG=en.

The CLI is run on a corpus plan (one deadline the reader cannot fully settle, metadata
warnings) and a file that is not a PDF: with a Russian locale no English word reaches the
summary; with LANG=en it is English. Every `_()` message in the code has its Russian form."""
from __future__ import annotations

import os
import re
import shutil

import pytest

from helpers import ROOT, raw
from pipeline.cli import main

LANG_VARS = ("ROADMAPS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# Latin words a Russian summary may carry: names of formats and programs
ALLOWED_LATIN = {"PDF", "DOCX", "Excel", "CSV", "OCR", "LibreOffice", "Tesseract"}


def _set_lang(monkeypatch, lang: str) -> None:
    for var in LANG_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", lang)
    monkeypatch.setenv("ROADMAPS_OVERRIDES", "/nonexistent/overrides.yaml")
    monkeypatch.setenv("ROADMAPS_OCR", "off")


def _ingest(tmp_path, capsys) -> str:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(raw("sayansky_2020", "docx"), src)
    (src / "broken.pdf").write_bytes(b"this is not a PDF at all")
    out = tmp_path / "out"
    assert main(["ingest", str(src), "--out", str(out), "--db", f"sqlite:///{out}/s.db",
                 "--workers", "1", "--quiet"]) == 1      # broken.pdf failed
    captured = capsys.readouterr()
    return captured.out + captured.err, src, out


def _latin_words(text: str, *paths) -> set[str]:
    for p in paths:
        text = text.replace(str(p), " ")
    text = re.sub(r"\S*[/\\]\S*|\S+\.(?:csv|xlsx|pdf|docx|db)\b|\.(?:csv|xlsx|pdf|docx|db)\b|\bsayansky_2020\b|\bbroken\b", " ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", text)} - ALLOWED_LATIN


def test_russian_locale_summary_has_no_english(tmp_path, capsys, monkeypatch):
    _set_lang(monkeypatch, "ru_RU.UTF-8")
    text, src, out = _ingest(tmp_path, capsys)
    assert "загружен" in text and "не файл PDF" in text and "срок понят не полностью" in text
    assert "книга Excel" in text
    assert not _latin_words(text, src, out), _latin_words(text, src, out)
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    help_text = capsys.readouterr().out
    assert "использование:" in help_text and "папка результатов" in help_text
    assert not re.search(r"show this help|output folder|positional arguments", help_text)


def test_english_with_lang_en(tmp_path, capsys, monkeypatch):
    _set_lang(monkeypatch, "en_US.UTF-8")
    text, _src, _out = _ingest(tmp_path, capsys)
    assert "files: 2 read; imported: 1" in text
    assert "not a PDF file" in text and "1 deadline not fully understood" in text
    assert not re.search(r"[А-Яа-яЁё]{4,}", re.sub(r"«[^»]*»", "", text.split("\n\n")[-1]))


def test_every_message_has_a_russian_translation():
    """Each `_()` / `ngettext()` text of the code is in the Russian catalogue (the compiled
    .mo that the program reads)."""
    from babel.messages.extract import extract_from_dir

    from pipeline.i18n import DOMAIN, LOCALE_DIR
    import gettext
    catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=["ru"])
    missing = []
    for folder in ("pipeline", "extractors", "normalizers"):
        for _file, _line, msg, _comments, _ctx in extract_from_dir(
                os.path.join(ROOT, folder), keywords={"_": None, "ngettext": (1, 2)},
                comment_tags=(), strip_comment_tags=True):
            text = msg if isinstance(msg, str) else msg[0]
            if not text:
                continue
            got = (catalogue.gettext(text) if isinstance(msg, str)
                   else catalogue.ngettext(msg[0], msg[1], 5))
            if got == text:
                missing.append(text)
    assert not missing, missing
