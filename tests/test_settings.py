"""The settings file: defaults load, unknown keys and wrong types are refused by name, and a
knob passed down in the settings changes what a real file gives."""
import dataclasses
import importlib
import os
import pickle

import pytest

from extractors import ExtractionError, extract
from extractors.settings import PdfSettings, Settings, SettingsError, TextGridSettings, defaults, load_settings
from helpers import ROOT, raw
from pipeline.cli import main
from pipeline.parse import ParseSettings, parse


@pytest.fixture(autouse=True)
def _russian(monkeypatch):
    monkeypatch.setenv("ROADMAPS_LANG", "ru")
    monkeypatch.delenv("ROADMAPS_SETTINGS", raising=False)


def _yaml(tmp_path, text: str) -> str:
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_load_every_stage():
    s = defaults()
    assert isinstance(s, Settings)
    for f in dataclasses.fields(Settings):
        stage = getattr(s, f.name)
        assert dataclasses.is_dataclass(stage), f.name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(stage, dataclasses.fields(stage)[0].name, None)
    assert s.pdf.max_pages == 2000 and s.pdf.text_tables is True
    assert "между" in s.pdf.phrase_glue_words and isinstance(s.pdf.phrase_glue_words, frozenset)
    assert s.scan.line_min_inch == (0.5, 0.3) and s.batch.gc_threshold == (20000, 20, 20)
    assert isinstance(s.pdf.edge_tolerance, float) and isinstance(s.metadata.ner_max_chars, int)
    # one knob, one place: the line tolerance is the PDF reader's, textgrid is given it
    names = [f.name for stage in dataclasses.fields(Settings)
             for f in dataclasses.fields(getattr(s, stage.name))]
    assert names.count("line_tolerance") == 1
    assert "line_tolerance" in {f.name for f in dataclasses.fields(PdfSettings)}
    assert "line_tolerance" not in {f.name for f in dataclasses.fields(TextGridSettings)}


def test_no_module_level_settings_dicts_are_left():
    for name in ("extractors.pdf", "extractors.textgrid", "extractors.docx", "extractors.xlsx",
                 "extractors.office", "extractors.ocr", "extractors.scan.image",
                 "extractors.scan.layer", "pipeline.structure", "pipeline.batch",
                 "normalizers.metadata"):
        assert not hasattr(importlib.import_module(name), "SETTINGS"), name


def test_a_file_changes_only_the_knobs_it_names(tmp_path):
    s = load_settings(_yaml(tmp_path, "pdf:\n  max_pages: 5\nbatch:\n  gc_threshold: null\n"))
    assert s.pdf.max_pages == 5 and s.batch.gc_threshold is None
    assert s.pdf.line_tolerance == defaults().pdf.line_tolerance
    assert s.textgrid == defaults().textgrid


def test_unknown_key_is_an_error_naming_it(tmp_path):
    with pytest.raises(SettingsError, match=r"неизвестная настройка pdf\.max_pagez"):
        load_settings(_yaml(tmp_path, "pdf:\n  max_pagez: 5\n"))
    with pytest.raises(SettingsError, match=r"неизвестная настройка pfd"):
        load_settings(_yaml(tmp_path, "pfd:\n  max_pages: 5\n"))


@pytest.mark.parametrize("text, key", [
    ("pdf:\n  max_pages: many\n", "pdf.max_pages"),
    ("pdf:\n  max_pages: 2.5\n", "pdf.max_pages"),
    ("batch:\n  gc_freeze: 1\n", "batch.gc_freeze"),
    ("scan:\n  line_min_inch: [0.5]\n", "scan.line_min_inch"),
    ("pdf:\n  phrase_glue_words: и\n", "pdf.phrase_glue_words"),
    ("ocr:\n  lang: 7\n", "ocr.lang"),
    ("structure: 3\n", "structure"),
])
def test_a_wrong_type_is_an_error_naming_the_key(tmp_path, text, key):
    with pytest.raises(SettingsError) as err:
        load_settings(_yaml(tmp_path, text))
    assert key in str(err.value) and "ожидается" in str(err.value)


def test_parse_settings_travel_to_worker_processes():
    s = ParseSettings(ocr="off", stages=load_settings())
    assert pickle.loads(pickle.dumps(s)) == s


def test_a_knob_passed_down_changes_what_a_real_file_gives():
    path = raw("kedrovy_2022", "pdf")
    assert parse(path, ParseSettings(ocr="off")).activities        # the defaults read it
    small = dataclasses.replace(defaults(), pdf=dataclasses.replace(defaults().pdf, max_pages=3))
    with pytest.raises(ExtractionError, match=r"^отклонён: 9 страниц \(предел 3\)$"):
        parse(path, ParseSettings(ocr="off", stages=small))
    tiny = dataclasses.replace(defaults(), docx=dataclasses.replace(
        defaults().docx, max_uncompressed_bytes=1000))
    with pytest.raises(ExtractionError):
        extract(raw("kedrovy_2022", "docx"), settings=tiny)
    assert extract(raw("kedrovy_2022", "docx")).tables
    borderless = os.path.join(ROOT, "tests", "fixtures", "borderless", "kedrovy_2022.pdf")
    ruled_only = dataclasses.replace(defaults(), pdf=dataclasses.replace(
        defaults().pdf, text_tables=False))
    assert extract(borderless, ocr="off").tables
    assert not extract(borderless, ocr="off", settings=ruled_only).tables


def test_cli_reads_a_settings_file_once_and_refuses_a_bad_one(tmp_path, capsys):
    out = tmp_path / "out"
    bad = _yaml(tmp_path, "pdf:\n  max_pagez: 5\n")
    code = main(["ingest", raw("kedrovy_2022", "pdf"), "--out", str(out), "--quiet",
                 "--workers", "1", "--settings", bad])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "pdf.max_pagez" in err
    assert "неизвестная настройка" in err


def test_parse_passes_its_settings_all_the_way_down(monkeypatch):
    """With settings given, no stage falls back to the packaged defaults on its own."""
    def no_fallback():
        raise AssertionError("a stage read the packaged defaults instead of its argument")
    settings = ParseSettings(ocr="off", stages=load_settings())
    for name in ("extractors", "extractors.pdf", "extractors.docx", "extractors.xlsx",
                 "extractors.office", "extractors.ocr", "extractors.scan.image",
                 "extractors.scan.layer", "pipeline.structure", "normalizers.metadata.resources",
                 "normalizers.metadata.title", "normalizers.metadata.period",
                 "normalizers.metadata.act", "normalizers.metadata.extract"):
        monkeypatch.setattr(importlib.import_module(name), "defaults", no_fallback)
    for ext in ("pdf", "docx"):
        assert parse(raw("kedrovy_2022", ext), settings).activities
