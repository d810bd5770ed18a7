"""Which records need an analyst's look, and why (Russian reasons from the stored fields)."""
from __future__ import annotations

import json
import os

from pipeline.i18n import _

CONFIDENCE_THRESHOLD = float(os.environ.get("ROADMAPS_CHECK_CONFIDENCE", "0.6"))


def _as_list(value) -> list:
    """A stored list: a list, a JSON text, or a '; '-joined CSV cell."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    text = str(value)
    if text.startswith("["):
        try:
            return list(json.loads(text))
        except ValueError:
            pass
    return [p for p in text.split("; ") if p.strip()]


def check_reasons(activity_row: dict) -> list[str]:
    """Why this record needs checking (empty when nothing is doubtful).

    Reasons: a deadline not understood (`deadline_warning`), a low `confidence` (OCR or
    extraction, when the key exists), a responsible cell that could not be split into
    parties, and any reasons the pipeline put into `check_reasons` (roles from content, several activities in one cell, …).
    """
    reasons: list[str] = []
    warning = str(activity_row.get("deadline_warning") or "").strip()
    if warning:
        reasons.append(_("Deadline not understood: {warning}").format(warning=warning))
    confidence = activity_row.get("confidence")
    if confidence not in (None, ""):
        try:
            value = float(confidence)
        except (TypeError, ValueError):
            value = None
        if value is not None and value < CONFIDENCE_THRESHOLD:
            reasons.append(_("Low recognition confidence: {value:.0%}").format(value=value))
    raw = str(activity_row.get("responsible_raw") or "").strip()
    parties = _as_list(activity_row.get("responsible"))
    if raw and not parties:
        reasons.append(_("Responsible parties could not be read"))
    for reason in _as_list(activity_row.get("check_reasons")):
        reason = str(reason).strip()
        if reason and reason not in reasons:
            reasons.append(reason)
    return reasons
