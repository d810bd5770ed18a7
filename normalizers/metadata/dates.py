"""Dates and act numbers as printed in act headers and stamps."""
from __future__ import annotations

import datetime as _dt
import re

from normalizers.lang.lexicon import month_prefixes


DATE_RE = re.compile(
    r"(?<![\d/])[«\"“]?(?P<d>\d{1,2})[»\"”]?\s?(?P<sep>[./])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4}|\d{2})(?![\d/])"
    r"|[«\"“]?(?<!\d)(?P<d2>\d{1,2})[»\"”]?[\s.]*(?P<mon>янв[а-я]*|фев[а-я]*|мар[а-я]*|апр[а-я]*|"
    r"ма[йя]|июн[а-я]*|июл[а-я]*|авг[а-я]*|сен[а-я]*|окт[а-я]*|ноя[а-я]*|дек[а-я]*)\.?[\s.]*"
    r"(?P<y2>\d{4})(?!\d)", re.I)


NUMBER_RE = re.compile(
    r"(?:№|N(?=\s*\d)|No\.?(?=\s*\d))\s*(?P<num>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/.]*"
    r"(?:\s*[-–—]\s*[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/.]*)*)")


def parse_date(text: str) -> str:
    """The first date in `text` as ISO («27.01.2022», «16 ИЮН 2022», «“7” мая 2018 г.», the
    day of a form's blank in quotes: «30».08.2019)."""
    for m in DATE_RE.finditer(text or ""):
        try:
            if m.group("d"):
                y = int(m.group("y"))
                y = y + 2000 if y < 100 else y
                return _dt.date(y, int(m.group("m")), int(m.group("d"))).isoformat()
            mon = month_prefixes()[m.group("mon")[:3].lower()]
            return _dt.date(int(m.group("y2")), mon, int(m.group("d2"))).isoformat()
        except (ValueError, KeyError):
            continue
    return ""


def clean_number(raw: str) -> str:
    """An act number as printed, spaces around its hyphens dropped: «13 -п» → «13-п»."""
    raw = re.sub(r"\s*([-–—])\s*", r"\1", raw.strip())
    return raw.rstrip(".,;:")
