"""Character classes of responsible cells (for regular expressions)."""
from __future__ import annotations

import re


_L = "0-9A-Za-zА-Яа-яЁё"


_UPPER = "A-ZА-ЯЁ"


_DASHES = "-‐‑‒–—―−"


_DASH_CLS = r"\-‐‑‒–—―−"  # for use inside [...]


_HYPHEN_CLS = r"\-‐‑"


_WS_RE = re.compile(r"\s+")
