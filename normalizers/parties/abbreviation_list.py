"""A document's own list of abbreviations («Принятые сокращения: …») read into a glossary."""
from __future__ import annotations

import re

from normalizers.lang.caps import is_abbreviation_caps
from normalizers.lang.fold import fold_unified, unify_breaks
from normalizers.parties.chars import _DASH_CLS, _L, _UPPER


_GLOSSARY_HEADING_RE = re.compile(
    r"^\s*(?:(?:список|перечень|таблица)\s+)?"
    r"(?:(?:принят\w*|использу\w*|условн\w*|основн\w*)\s+)?"
    r"(?:сокращени\w*|аббревиатур\w*|обозначени\w*)"
    r"(?:\s*(?:,\s*)?(?:и\s+(?:сокращени|обозначени|аббревиатур)\w*|использу\w*|принят\w*|в\s+тексте|в\s+документе|в\s+дорожной\s+карте|в\s+плане|в\s+программе|в\s+таблице)){0,3}"
    r"(?:\s*:\s*(?P<rest>\S.*)|\s*[:.]?\s*)$",
    re.I | re.S,
)


_ENTRY_SPACED_RE = re.compile(rf"^(?P<key>.{{1,40}}?)\s*(?:\s[{_DASH_CLS}]+\s*|[–—―−]\s*|\t+|\s*:\s+|\s*=\s*)(?P<val>\S.*)$", re.S)


_ENTRY_HYPHEN_RE = re.compile(rf"^(?P<key>[{_UPPER}][{_UPPER}0-9]+(?:\s+[{_UPPER}][{_UPPER}0-9]+)*)[{_DASH_CLS}]\s*(?P<val>[А-ЯЁа-яё][а-яё].*)$", re.S)


_ENTRY_BARE_RE = re.compile(rf"^(?P<key>[{_UPPER}][{_UPPER}0-9]+(?:\s+[{_UPPER}][{_UPPER}0-9]+)*)\s+(?P<val>[А-ЯЁа-яё][а-яё].*)$", re.S)


def _valid_key(key: str) -> bool:
    words = key.split()
    if not 1 <= len(words) <= 5 or len(key) > 40:
        return False
    if not key[0].isalpha() or not key[0].isupper():
        return False
    if not any(c.isupper() for c in key):
        return False
    # a key is an abbreviation, or a short name («Отдел», «Лесной МО»), not a sentence
    return len(words) <= 2 or any(is_abbreviation_caps(w) for w in words)


def _initials_match(key: str, value: str) -> bool:
    """The key's letters appear in order among the initial letters of the value's words."""
    letters = [c.lower() for c in key if c.isalpha()]
    initials = [w[0].lower() for w in re.findall(rf"[{_L}]+", value)]
    i = 0
    for c in initials:
        if i < len(letters) and c == letters[i]:
            i += 1
    return i >= max(2, len(letters) - 1)


def _parse_entry(line: str) -> tuple[str, str] | None:
    line = line.strip().lstrip("•·*▪").strip()
    if not line:
        return None
    m = _ENTRY_SPACED_RE.match(line)
    if m and _valid_key(m.group("key").strip()):
        key, val = m.group("key").strip(), m.group("val")
    else:
        m = _ENTRY_HYPHEN_RE.match(line)
        if m:
            key, val = m.group("key"), m.group("val")
        else:
            m = _ENTRY_BARE_RE.match(line)
            if not m or not _initials_match(m.group("key"), m.group("val")):
                return None
            key, val = m.group("key"), m.group("val")
    val = fold_unified(val).rstrip(" ;,.")
    key = fold_unified(key).strip(" «»\"")
    if not val or not any(c.isalpha() for c in val) or not _valid_key(key):
        return None
    if val.split()[0].lower() in ("это", "то"):
        val = " ".join(val.split()[1:])
    return (key, val) if val else None


def document_glossary(paragraphs: list[str]) -> dict[str, str]:
    """Entries of a document's own list of abbreviations.

    Finds a heading such as «Принятые сокращения:», «Сокращения в тексте:» or «Список
    используемых сокращений» among the paragraphs and reads the entries after it
    («РМК – Районный методический кабинет»; the separator may be –, -, —, a colon, a tab,
    or missing after a capitalized abbreviation) up to the first paragraph that is no entry.
    Entries may also follow the heading in the same paragraph, separated by ';' or line
    breaks. Returns {abbreviation: expansion}; {} when the document has no such list.
    """
    out: dict[str, str] = {}
    paragraphs = [p if isinstance(p, str) else "" for p in (paragraphs or [])]
    i = 0
    n = len(paragraphs)
    while i < n:
        para = unify_breaks(paragraphs[i]).strip()
        m = _GLOSSARY_HEADING_RE.match(para) if len(para) < 2000 else None
        if not m:
            i += 1
            continue
        found = 0
        rest = (m.group("rest") or "").strip()
        for piece in re.split(r"\n|;", rest):
            entry = _parse_entry(piece)
            if entry:
                out[entry[0]] = entry[1]
                found += 1
        j = i + 1
        blanks = 0
        while j < n:
            para = unify_breaks(paragraphs[j]).strip()
            if not para:
                blanks += 1
                if blanks > 2:
                    break
                j += 1
                continue
            blanks = 0
            pieces = [p for p in re.split(r"\n|;\s*(?=\S)", para) if p.strip()]
            entries = [_parse_entry(p) for p in pieces]
            if not entries or not all(entries):
                break
            for k, v in entries:  # type: ignore[misc]
                out[k] = v
                found += 1
            j += 1
        i = j if found else i + 1
    return out
