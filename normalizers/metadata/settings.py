"""The tunable limits of metadata extraction (one place: `SETTINGS`)."""
from __future__ import annotations




SETTINGS = {
    "title_max_lines": 16,        # a title is printed over at most this many lines
    "title_max_chars": 700,
    "header_max_lines": 40,       # an act's header zone is looked for in the first lines
    "issuer_max_lines": 4,
    "period_max_span": 20,        # years; a longer «2020-2045» is not a plan period
    "ner_max_chars": 3000,        # natasha runs on short texts only
}
