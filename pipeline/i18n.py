"""Messages for people: Russian by default, English with `LANG=en…` (a gettext catalogue).

Write every message a person reads as `_("English text")` (placeholders with `{name}` and
`.format(...)` after the call), and put its Russian form into
`pipeline/locale/ru/LC_MESSAGES/roadmaps.po`; `make install` compiles the `.mo` next to it
(the compiled file is committed too, so a plain `pip install` has it).

The language: `ROADMAPS_LANG` if set, else the first of `LANGUAGE`, `LC_ALL`, `LC_MESSAGES`,
`LANG` that is set; English only when that names English (`en`, `en_US.UTF-8`, …), otherwise
Russian — the analysts' machines often run with `C` or no locale at all.
"""
from __future__ import annotations

import functools
import gettext
import os

DOMAIN = "roadmaps"
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")


def language() -> str:
    """'ru' or 'en', from the environment (see the module docstring)."""
    for var in ("ROADMAPS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip()
        if value:
            return "en" if value.lower().startswith("en") else "ru"
    return "ru"


@functools.lru_cache(maxsize=4)
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """The message in the user's language (the English text itself when no translation)."""
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware form (Russian has three plural forms; the catalogue knows them)."""
    return _translations(language()).ngettext(singular, plural, n)
