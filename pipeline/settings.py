"""The pipeline's settings facade: every stage's knobs (`extractors.settings`) and the edge
that reads `--settings FILE` / `$ROADMAPS_SETTINGS` and `--ocr` / `$ROADMAPS_OCR` once."""
from __future__ import annotations

import os

from extractors.settings import (SETTINGS_PATH, BatchSettings, DocxSettings, LayerSettings,
                                 MetadataSettings, OcrSettings, OfficeSettings, PdfSettings,
                                 ScanSettings, Settings, SettingsError, StructureSettings,
                                 TextGridSettings, XlsxSettings, defaults, load_settings)

__all__ = ["SETTINGS_PATH", "BatchSettings", "DocxSettings", "LayerSettings", "MetadataSettings",
           "OcrSettings", "OfficeSettings", "PdfSettings", "ScanSettings", "Settings",
           "SettingsError", "StructureSettings", "TextGridSettings", "XlsxSettings", "defaults",
           "load_settings", "settings_from_environment", "ocr_from_environment",
           "SETTINGS_ENV", "OCR_ENV"]

SETTINGS_ENV = "ROADMAPS_SETTINGS"   # a YAML file with the knobs to change
OCR_ENV = "ROADMAPS_OCR"             # auto, on, off


def settings_from_environment(path: str | None = None) -> Settings:
    """The settings of this run: the packaged file with `path` (else $ROADMAPS_SETTINGS, if
    set) on top; SettingsError naming the key that does not fit."""
    path = path or os.environ.get(SETTINGS_ENV) or None
    return load_settings(path) if path else defaults()


def ocr_from_environment(value: str | None = None) -> str | None:
    """The OCR mode of this run: `value` (--ocr), else $ROADMAPS_OCR, else None (auto)."""
    return value or os.environ.get(OCR_ENV) or None
