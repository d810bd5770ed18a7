"""Responsible parties of a roadmap's plan table: split, classify, normalize, expand.

A «Ответственный» / «Исполнители» cell lists one or more parties::

    Отдел образования, МКУ «АМЦСО», руководители МБОУ СОШ № 2
    МКОУ Межовская СОШ Муниципальный координатор        (two parties, no separator)
    Зубарева Л.Ф., директор СОШ.

`split_parties` cuts such a cell into parties (at commas, semicolons and line breaks,
and where a new party starts with no separator, but never inside «…», "…" or (…), nor at a
person's initials); `parse_parties` also classifies each party (person, organization,
role, group), gives a person's name in a normal form («Зубареву Л.Ф.» -> «Зубарева Л.Ф.»,
«Иванов Иван Иванович» -> «Иванов И.И.») and expands abbreviations through a glossary
(the document's own list of abbreviations, `document_glossary`, over the built-in one,
`builtin_glossary`).

The decisions come from a lexicon of roles, organization forms and heads
(``data/party_lexicon.yaml``) and pymorphy3's morphology; natasha's NER is loaded lazily,
once per process, and consulted only for capitalized words that the lexicon and the
morphology cannot place (a bare surname, an organization's proper name).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from normalizers.text import load_yaml, parses

__all__ = [
    "Party",
    "warm_up",
    "split_parties",
    "parse_parties",
    "document_glossary",
    "builtin_glossary",
    "expand_abbreviations",
]

_DATA = Path(__file__).resolve().parent / "data"
_LEXICON_FILE = _DATA / "party_lexicon.yaml"
_GLOSSARY_FILE = _DATA / "glossary.yaml"


@dataclass(frozen=True)
class Party:
    text: str  # as printed (white space folded)
    kind: str  # "person", "organization", "role", "group"
    normal: str  # a person's «Фамилия И.О.» in the nominative; else the text
    expanded: str  # the text with abbreviations expanded ("" if nothing to expand)


# --------------------------------------------------------------------------- text helpers

_L = "0-9A-Za-zА-Яа-яЁё"
_UPPER = "A-ZА-ЯЁ"
_DASHES = "-‐‑‒–—―−"
_DASH_CLS = r"\-‐‑‒–—―−"  # for use inside [...]
_HYPHEN_CLS = r"\-‐‑"
_WS_RE = re.compile(r"\s+")
_HYPHEN_BREAK_RE = re.compile(rf"(?<=[{_L}])-[ \t]*\r?\n\s*(?=[{_L}])")


def _prepare(text: str) -> str:
    """Unify line breaks and spaces; join a line break right after an in-word hyphen."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x0b", "\n")
    text = re.sub(r"[\u00a0\u2007\u202f\u2009\u200a\t\f]", " ", text)
    text = text.replace("\u200b", "").replace("\u00ad", "").replace("\ufeff", "")
    return _HYPHEN_BREAK_RE.sub("-", text)


def _fold(text: str) -> str:
    return _WS_RE.sub(" ", _prepare(text)).strip()


def _is_caps(word: str) -> bool:
    """An abbreviation printed in capitals: «ОО», «ЦНППМ», «ГИА-9» (two letters or more)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper() and not _is_caps(word)


def _match_case(new: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return new.upper()
    if model[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


# --------------------------------------------------------------------------- morphology


_parses = parses


_NOMINAL_POS = frozenset({"NOUN", "ADJF", "PRTF"})


def _lemmas(word: str) -> frozenset[str]:
    return _lemmas_cached(word.lower())


@functools.lru_cache(maxsize=200_000)
def _lemmas_cached(word: str) -> frozenset[str]:
    out = {word}
    for p in _parses(word):
        if p.tag.POS in _NOMINAL_POS:
            out.add(p.normal_form.replace("ё", "е"))
    return frozenset(out)


def _has_adj_reading(word: str) -> bool:
    for p in _parses(word):
        if p.tag.POS in ("ADJF", "PRTF") and "Poss" not in p.tag:
            return True
    return False


def _gender(p) -> str | None:
    """A parse's gender as a plain string ('masc', 'femn', 'neut', 'ms-f') or None."""
    if "ms-f" in p.tag:
        return "ms-f"
    g = p.tag.gender
    return str(g) if g else None


def _nominative_score(word: str) -> float:
    return sum(p.score for p in _parses(word) if p.tag.POS in _NOMINAL_POS and p.tag.case == "nomn")


# --------------------------------------------------------------------------- lexicon


class _Lexicon:
    def __init__(self, raw: dict):
        def words(key: str) -> list[str]:
            return [str(w) for w in (raw.get(key) or [])]

        self.org_forms = frozenset(words("org_forms"))
        self.org_form_suffixes = frozenset(words("org_form_suffixes"))
        self.school_types = frozenset(words("school_types"))
        self.qualifiers = frozenset(words("qualifier_abbreviations"))
        self.org_heads = self._lemma_set(words("org_heads"))
        self.group_heads = self._lemma_set(words("group_heads"))
        self.role_heads = self._lemma_set(words("role_heads"))
        self.territory_heads = self._lemma_set(words("territory_heads"))
        self.thing_heads = self._lemma_set(words("thing_heads"))
        self.name_markers = frozenset(w.lower() for w in words("name_markers"))
        self.post_abbreviations = frozenset(w.lower() for w in words("post_abbreviations"))
        self.locality_markers = frozenset(w.lower() for w in words("locality_markers"))
        self.prepositions = frozenset(w.lower() for w in words("prepositions"))
        self.conjunctions = frozenset(w.lower() for w in words("conjunctions") if " " not in w)
        self.multi_conjunctions = tuple(tuple(w.lower().split()) for w in words("conjunctions") if " " in w)
        self.preposition_cases = {str(k).lower(): str(v) for k, v in (raw.get("preposition_cases") or {}).items()}

    @staticmethod
    def _lemma_set(items: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for w in items:
            w = w.lower().replace("ё", "е")
            out.add(w)
            for p in _parses(w):
                if p.tag.POS in _NOMINAL_POS and p.word == w:
                    out.add(p.normal_form.replace("ё", "е"))
                    break
        return frozenset(out)

    def head_kind(self, word: str) -> str | None:
        """'role', 'group' or 'org' when the word (any form) is a head noun of the lexicon."""
        lem = _lemmas(word)
        if lem & self.role_heads:
            return "role"
        if lem & self.group_heads:
            return "group"
        if lem & self.org_heads:
            return "org"
        return None


@functools.lru_cache(maxsize=1)
def _lex() -> _Lexicon:
    return _Lexicon(load_yaml(_LEXICON_FILE) or {})


# --------------------------------------------------------------------------- glossary


def _is_acronym_key(key: str) -> bool:
    """«ОО», «КК ИПК», «СКИРО ПК и ПРО», «ВсОШ»: matched anywhere in a text, case-sensitively."""
    words = key.split()
    if not words or not _is_caps(words[0]) and not (len(words) == 1 and _looks_acronym(words[0])):
        return False
    for w in words:
        if not (_is_caps(w) or _looks_acronym(w) or w.lower() in ("и", "по", "при", "в", "на")):
            return False
    return True


def _looks_acronym(word: str) -> bool:
    """Mixed-case abbreviations like «ВсОШ», «КДНиЗП»: at least two capitals, not a title-cased word."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


class _Glossary:
    def __init__(self, items: tuple[tuple[str, str], ...]):
        self.map: dict[str, str] = {}
        for k, v in items:
            k = _fold(str(k))
            v = _fold(str(v))
            if k and v:
                self.map[k] = v
        self.acronyms = {k: v for k, v in self.map.items() if _is_acronym_key(k)}
        self.word_keys = {k.lower(): v for k, v in self.map.items() if k not in self.acronyms}
        self.multi: dict[tuple[str, ...], str] = {}
        self.max_words = 1
        for k in self.map:
            parts = tuple(k.split())
            if len(parts) > 1:
                self.multi[parts] = k
                self.max_words = max(self.max_words, len(parts))
        if self.acronyms:
            alts = sorted(self.acronyms, key=len, reverse=True)
            body = "|".join(r"\s+".join(re.escape(p) for p in k.split()) for k in alts)
            self.acr_re = re.compile(rf"(?<![{_L}])(?:{body})(?![{_L}])(?![{_DASH_CLS}][{_L}])")
        else:
            self.acr_re = None
        self._kinds: dict[str, str] = {}

    def kind(self, key: str) -> str | None:
        """What a key names, from its expansion's head noun: 'role', 'group', 'org',
        'territory', 'thing', or 'other'; None when it is no key."""
        value = self.map.get(key)
        if value is None:
            return None
        kind = self._kinds.get(key)
        if kind is None:
            kind = self._kinds[key] = _phrase_kind(value)
        return kind


def _phrase_kind(value: str) -> str:
    lex = _lex()
    for w in re.findall(rf"[{_L}]+(?:-[{_L}]+)*", value)[:6]:
        lem = _lemmas(w)
        if lem & lex.role_heads:
            return "role"
        if lem & lex.group_heads:
            return "group"
        if lem & lex.org_heads:
            plural = any(
                p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "plur" for p in _parses(w)
            ) and not any(p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing" for p in _parses(w))
            return "group" if plural else "org"
        if lem & lex.territory_heads:
            return "territory"
        if lem & lex.thing_heads:
            return "thing"
        if any(p.tag.POS == "NOUN" for p in _parses(w)) and not _has_adj_reading(w):
            return "other"
    return "other"


@functools.lru_cache(maxsize=64)
def _compile_glossary(items: tuple[tuple[str, str], ...]) -> _Glossary:
    return _Glossary(items)


@functools.lru_cache(maxsize=1)
def _builtin_items() -> tuple[tuple[str, str], ...]:
    raw = load_yaml(_GLOSSARY_FILE) or {}
    return tuple((str(k), str(v)) for k, v in raw.items())


def builtin_glossary() -> dict[str, str]:
    """The built-in glossary of the field (``data/glossary.yaml``): abbreviation -> expansion."""
    return dict(_builtin_items())


def _glossary_for(glossary: Mapping[str, str] | None, merge_builtin: bool = True) -> _Glossary:
    if glossary is None:
        return _compile_glossary(_builtin_items())
    items = dict(_builtin_items()) if merge_builtin else {}
    items.update(glossary)  # the document's own entries win
    return _compile_glossary(tuple(sorted(items.items())))


# --------------------------------------------------------------------------- document glossary

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
    return len(words) <= 2 or any(_is_caps(w) for w in words)


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
    val = _fold(val).rstrip(" ;,.")
    key = _fold(key).strip(" «»\"")
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
        para = _prepare(paragraphs[i]).strip()
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
            para = _prepare(paragraphs[j]).strip()
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


# --------------------------------------------------------------------------- tokens


@dataclass
class _Tok:
    kind: str  # 'word', 'init', 'quote', 'paren', 'punct'
    text: str
    start: int
    end: int
    nl: bool = False  # a line break stands right before it
    key: str | None = None  # the glossary key this word (or merged words) is

    @property
    def low(self) -> str:
        return self.text.lower()


_TOKEN_RE = re.compile(
    rf"""
      (?P<nl>\n)
    | (?P<init>(?<![{_L}])[{_UPPER}]\.(?:[ ]?[{_UPPER}]\.)*(?:[ ]?[{_UPPER}](?![{_L}.]))?)
    | (?P<word>[{_L}]+(?:[{_HYPHEN_CLS}][{_L}]+)*)
    | (?P<sp>[ ]+)
    | (?P<punct>.)
    """,
    re.X | re.S,
)

_OPENERS = {"«": "»", "(": ")", "„": "“", "“": "”", "[": "]", "‹": "›"}


def _match_close(text: str, i: int) -> int | None:
    c = text[i]
    if c == '"':
        j = text.find('"', i + 1)
        return j if j != -1 else None
    close = _OPENERS[c]
    depth = 0
    for j in range(i, len(text)):
        ch = text[j]
        if ch == close:
            depth -= 1
            if depth == 0:
                return j
        elif ch == c:
            depth += 1
    return None


def _tokenize(text: str, gloss: _Glossary) -> list[_Tok]:
    """Tokens of a prepared text; quoted and parenthesised groups are single tokens."""
    toks: list[_Tok] = []
    i = 0
    n = len(text)
    nl = False
    while i < n:
        c = text[i]
        if c in _OPENERS or c == '"':
            j = _match_close(text, i)
            if j is not None:
                toks.append(_Tok("paren" if c in "([" else "quote", text[i : j + 1], i, j + 1, nl))
                nl = False
                i = j + 1
                continue
        m = _TOKEN_RE.match(text, i)
        assert m is not None
        kind = m.lastgroup
        if kind == "nl":
            nl = True
        elif kind != "sp":
            toks.append(_Tok(kind, m.group(), m.start(), m.end(), nl))
            nl = False
        i = m.end()
    return _merge_keys(toks, gloss)


def _merge_keys(toks: list[_Tok], gloss: _Glossary) -> list[_Tok]:
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "word":
            for size in range(min(gloss.max_words, len(toks) - i), 1, -1):
                seq = toks[i : i + size]
                if all(s.kind == "word" for s in seq):
                    key = gloss.multi.get(tuple(s.text for s in seq))
                    if key:
                        out.append(_Tok("word", key, t.start, seq[-1].end, t.nl, key))
                        i += size
                        break
            else:
                if t.text in gloss.map:
                    t.key = t.text
                out.append(t)
                i += 1
            continue
        out.append(t)
        i += 1
    return out


# --------------------------------------------------------------------------- token predicates


def _is_abbr(t: _Tok) -> bool:
    return t.kind == "word" and (t.key is not None and _is_acronym_key(t.key) or _is_caps(t.text) or _looks_acronym(t.text))


def _is_prep(t: _Tok) -> bool:
    return t.kind == "word" and t.low in _lex().prepositions and not _is_caps(t.text)


def _is_conj(t: _Tok) -> bool:
    return t.kind == "word" and t.low in _lex().conjunctions and not _is_caps(t.text)


def _conj_len(toks: list[_Tok], i: int) -> int:
    """Number of tokens of a conjunction at toks[i] («и»: 1, «а также»: 2), 0 if none."""
    for words in _lex().multi_conjunctions:
        seq = toks[i : i + len(words)]
        if len(seq) == len(words) and all(t.kind == "word" and t.low == w for t, w in zip(seq, words)):
            return len(words)
    return 1 if i < len(toks) and _is_conj(toks[i]) else 0


def _is_marker(toks: list[_Tok], i: int) -> bool:
    """«им.», «имени», «с.», «г.»: a name follows."""
    t = toks[i]
    if t.kind != "word":
        return False
    lex = _lex()
    if t.low in lex.name_markers:
        return True
    if t.low in lex.locality_markers and t.text.islower():
        return i + 1 < len(toks) and toks[i + 1].text == "."
    return False


def _is_role_word(t: _Tok) -> bool:
    return t.kind == "word" and not _is_caps(t.text) and bool(_lemmas(t.text) & _lex().role_heads)


def _has_role(cur: list[_Tok]) -> bool:
    return any(_is_role_word(t) for t in cur)


def _last_content(cur: list[_Tok]) -> tuple[int, _Tok] | None:
    for j in range(len(cur) - 1, -1, -1):
        if cur[j].kind != "punct" or cur[j].text in "№#":
            return j, cur[j]
    return None


def _expects_more(cur: list[_Tok]) -> bool:
    """The party so far cannot end here: a legal form, «им.», «№», a preposition, an adjective…"""
    body = cur
    k = _conj_len(body, 0)
    while k and len(body) > k:
        body = body[k:]
        k = _conj_len(body, 0)
    if k or not any(any(c.isalnum() for c in t.text) for t in body):
        return True  # nothing but punctuation (or a leading conjunction) so far
    last = cur[-1]
    lex = _lex()
    if last.kind == "punct":
        if last.text in "№#-‐‑‒–—/+&([«„“\"'":
            return True
        if last.text == "." and len(cur) >= 2 and _is_marker(cur, len(cur) - 2):
            return True
        if last.text == "." and len(cur) >= 2 and cur[-2].kind == "word" and cur[-2].low in lex.post_abbreviations:
            return True                  # «Мед. работник», «соц. педагог»
        return False
    if last.kind != "word":
        return False
    if last.text in lex.org_forms or last.text in lex.org_form_suffixes:
        return True
    if last.low in lex.name_markers:
        return True
    if _is_prep(last) or _is_conj(last):
        return True
    if _is_caps(last.text) or last.key is not None:
        return False
    if last.text.isdigit():
        return False
    if _lex().head_kind(last.text):
        return False
    return _has_adj_reading(last.text) and not _is_surname_like(last.text)


def _is_surname_like(word: str) -> bool:
    return any("Surn" in p.tag for p in _parses(word)) and _is_capitalized(word) and not any(
        p.tag.POS == "ADJF" and "Poss" not in p.tag and p.score >= 0.15 for p in _parses(word)
    )


# --------------------------------------------------------------------------- phrases and persons


@dataclass
class _Phrase:
    kind: str  # 'role', 'group', 'org', 'school'
    head: int  # index of the head token
    nominative: bool  # a nominative reading agrees
    unambiguous: bool  # every agreeing reading is nominative (or accusative)
    has_adj: bool


def _readings(word: str, want: set[str], lemmas: frozenset[str] | None = None) -> set[tuple]:
    out = set()
    for p in _parses(word):
        if p.tag.POS not in want:
            continue
        if lemmas is not None and p.normal_form.replace("ё", "е") not in lemmas and word.lower() not in lemmas:
            continue
        if p.tag.case is None:
            continue
        num = str(p.tag.number or "sing")
        gender = _gender(p) if num == "sing" else None
        out.add((str(p.tag.case), str(num), gender))
    return out


def _agree(a: set[tuple], b: set[tuple]) -> set[tuple]:
    out = set()
    for ca, na, ga in a:
        for cb, nb, gb in b:
            if ca == cb and na == nb and (ga is None or gb is None or ga == gb or "ms-f" in (ga, gb)):
                out.add((ca, na, ga or gb))
    return out


def _phrase_at(toks: list[_Tok], i: int, gloss: _Glossary | None = None) -> _Phrase | None:
    """A nominal phrase starting at toks[i]: adjectives, then a head from the lexicon."""
    lex = _lex()
    combos: set[tuple] | None = None
    j = i
    has_adj = False
    while j < len(toks) and j < i + 5:
        t = toks[j]
        if t.kind != "word":
            return None
        if _is_abbr(t):
            if t.text in lex.school_types or (gloss is not None and t.key and gloss.kind(t.key) == "org" and j > i):
                if not has_adj:
                    return None
                nominative = any(c[0] in ("nomn", "accs") for c in combos or ())
                unamb = bool(combos) and all(c[0] in ("nomn", "accs") for c in combos)
                return _Phrase("school", j, nominative, unamb, has_adj)
            return None
        kind = lex.head_kind(t.text)
        if kind:
            lem = {"role": lex.role_heads, "group": lex.group_heads, "org": lex.org_heads}[kind]
            head = _readings(t.text, {"NOUN", "ADJF", "PRTF"}, lem)
            agreed = head if combos is None else _agree(combos, head)
            if not agreed:
                return None
            nominative = any(c[0] in ("nomn",) for c in agreed)
            unamb = all(c[0] in ("nomn", "accs") for c in agreed) and nominative
            return _Phrase(kind, j, nominative, unamb, has_adj)
        if _has_adj_reading(t.text) and not _is_prep(t) and not _is_conj(t):
            adj = _readings(t.text, {"ADJF", "PRTF"})
            combos = adj if combos is None else _agree(combos, adj)
            if not combos:
                return None
            has_adj = True
            j += 1
            continue
        return None
    return None


def _name_tags(word: str) -> set[str]:
    tags = set()
    for p in _parses(word):
        for g in ("Surn", "Name", "Patr"):
            if g in p.tag:
                tags.add(g)
    return tags


def _could_be_surname(t: _Tok) -> bool:
    if t.kind != "word" or not _is_capitalized(t.text) or t.key is not None:
        return False
    if _is_prep(t) or _is_conj(t) or _lex().head_kind(t.text) or t.low in _lex().name_markers:
        return False
    return not t.text.isdigit()


@dataclass
class _Person:
    start: int
    end: int  # exclusive
    surname: str
    initials: str
    gender: str | None
    case: str | None


def _initials_of(text: str) -> str:
    return "".join(c + "." for c in text if c.isalpha())


def _person_at(toks: list[_Tok], i: int) -> _Person | None:
    """Surname + initials, initials + surname, or a full name from pymorphy's name tags."""
    if i > 0 and _is_marker(toks, i - 1) or i > 1 and toks[i - 1].text == "." and _is_marker(toks, i - 2):
        return None
    t = toks[i]
    n = len(toks)
    if t.kind == "word" and _could_be_surname(t):
        if i + 1 < n and toks[i + 1].kind == "init":
            j = i + 1
            inits = ""
            while j < n and toks[j].kind == "init" and len(_initials_of(inits)) < 6:
                inits += toks[j].text
                j += 1
            return _Person(i, j, t.text, _initials_of(inits), None, None)
        tags = _name_tags(t.text)
        w = toks[i + 1] if i + 1 < n else None
        w2 = toks[i + 2] if i + 2 < n else None
        if w is not None and w.kind == "word" and _is_capitalized(w.text):
            t1 = _name_tags(w.text)
            t2 = _name_tags(w2.text) if w2 is not None and w2.kind == "word" and _is_capitalized(w2.text) else set()
            # Фамилия Имя Отчество
            if "Surn" in tags and "Name" in t1 and "Patr" in t2:
                return _full_person(i, i + 3, t.text, w.text, w2.text)
            # Имя Отчество Фамилия
            if "Name" in tags and "Patr" in t1 and w2 is not None and "Surn" in t2:
                return _full_person(i, i + 3, w2.text, t.text, w.text)
            # Имя Отчество
            if "Name" in tags and "Patr" in t1:
                return None
            # Фамилия Имя
            if "Surn" in tags and "Name" in t1 and _name_score(w.text) >= 0.5 and _could_be_surname(w):
                return _full_person(i, i + 2, t.text, w.text, None)
    if t.kind == "init" and i + 1 < n and _could_be_surname(toks[i + 1]):
        nxt = toks[i + 1]
        if _name_tags(nxt.text) & {"Surn"} or not _lex().head_kind(nxt.text):
            return _Person(i, i + 2, nxt.text, _initials_of(t.text), None, None)
    return None


def _name_score(word: str) -> float:
    return sum(p.score for p in _parses(word) if "Name" in p.tag)


def _full_person(start: int, end: int, surname: str, name: str, patr: str | None) -> _Person:
    gender = None
    case = None
    for w, g in ((patr, "Patr"), (name, "Name")):
        if not w:
            continue
        ps = [p for p in _parses(w) if g in p.tag]
        if ps:
            gender = gender or _gender(ps[0])
            case = case or ps[0].tag.case
    initials = name[0].upper() + "." + (patr[0].upper() + "." if patr else "")
    return _Person(start, end, surname, initials, gender, case)


_CASE_ORDER = ("nomn", "accs", "gent", "datv", "ablt", "loct")


def _surname_nominative(word: str, gender: str | None = None, case: str | None = None) -> str:
    parts = word.split("-")
    if len(parts) > 1:
        return "-".join(_surname_nominative(p, gender, case) for p in parts)
    parses = [p for p in _parses(word) if "Surn" in p.tag]
    if not parses:
        return word
    if gender:
        parses = [p for p in parses if _gender(p) in (gender, "ms-f")] or parses
    if case:
        parses = [p for p in parses if p.tag.case == case] or parses
    if any(p.tag.case == "nomn" for p in parses):
        return word
    best = None
    for c in _CASE_ORDER:
        cands = [p for p in parses if p.tag.case == c]
        if cands:
            cands.sort(key=lambda p: (_gender(p) != "femn",))  # «Зубареву» -> «Зубарева»
            best = cands[0]
            break
    if best is None:
        return word
    infl = best.inflect({"nomn", "sing"}) or best.inflect({"nomn"})
    if infl is None:
        return word
    return _match_case(infl.word, word)


def _person_normal(p: _Person) -> str:
    return f"{_surname_nominative(p.surname, p.gender, p.case)} {p.initials}".strip()


# --------------------------------------------------------------------------- natasha (lazy)

_NATASHA: tuple | None = None
_NER_STATS = {"loads": 0, "calls": 0}


def _natasha() -> tuple | None:
    global _NATASHA
    if _NATASHA is None:
        try:
            from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

            _NATASHA = (Doc, Segmenter(), NewsNERTagger(NewsEmbedding()))
        except Exception:  # pragma: no cover - natasha missing or broken
            _NATASHA = ()
        _NER_STATS["loads"] += 1
    return _NATASHA or None


@functools.lru_cache(maxsize=20_000)
def _ner_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    nat = _natasha()
    _NER_STATS["calls"] += 1
    if not nat:
        return ()
    Doc, segmenter, tagger = nat
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return tuple((s.start, s.stop, s.type) for s in doc.spans)


def _ner_type_at(text: str, offset: int, start: int) -> str | None:
    for s, _e, typ in _ner_spans(text):
        if s + offset == start:
            return typ
    return None


def _needs_ner(t: _Tok) -> bool:
    """A capitalized word the lexicon and morphology cannot place (could start a party)."""
    if t.kind != "word" or not _is_capitalized(t.text) or t.key is not None:
        return False
    if _is_prep(t) or _is_conj(t):
        return False
    ps = _parses(t.text)
    if _has_adj_reading(t.text):
        return False
    known_nom = any(p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.score >= 0.1 for p in ps)
    unknown = all(p.methods_stack[0][0].__class__.__name__ != "DictionaryAnalyzer" for p in ps)
    return known_nom or unknown


# --------------------------------------------------------------------------- splitting

_BULLET_RE = re.compile(rf"^[ ]*(?:[•·▪●◦*‣⁃]|[{_DASH_CLS}](?=[ ]*\S)|\d{{1,2}}[.)](?=[ ]+\S))[ ]*", re.M)


def _pieces(text: str) -> list[tuple[int, int, bool]]:
    """Top-level pieces of a prepared cell: cut at ',' and ';' (outside quotes and
    parentheses) and at list bullets; (start, end, after_comma)."""
    pieces: list[tuple[int, int, bool]] = []
    n = len(text)
    start = 0
    i = 0
    line_start = True
    after_comma = False
    while i < n:
        c = text[i]
        if line_start:
            m = _BULLET_RE.match(text, i)
            prev = text[:i].rstrip()
            if m and m.end() > i and not prev.endswith(("№", "#")):
                if text[start:i].strip():
                    pieces.append((start, i, after_comma))
                after_comma = False
                start = i = m.end()
                line_start = False
                continue
        line_start = False
        if c in _OPENERS or c == '"':
            j = _match_close(text, i)
            if j is not None:
                i = j + 1
                continue
        if c in ",;":
            pieces.append((start, i, after_comma))
            after_comma = c == ","
            start = i + 1
        elif c == "\n":
            line_start = True
        i += 1
    pieces.append((start, n, after_comma))
    return [p for p in pieces if text[p[0] : p[1]].strip()]


def _continues_previous(toks: list[_Tok]) -> bool:
    """A piece after a comma that cannot begin a party: it continues the previous one
    («Управление образования, молодежной политики и спорта», «…, по согласованию»,
    «МБОУ СОШ № 1, 2»)."""
    words = [t for t in toks if t.kind != "punct"]
    if words and all(t.kind == "word" and t.text.isdigit() for t in words):
        return True  # «МБОУ СОШ № 1, 2, 5»
    if not words or words[0].kind != "word":
        return False
    t = words[0]
    if not t.text[:1].islower():
        return False
    if _is_prep(t):
        return True
    if _conj_len(words, 0) or _lex().head_kind(t.text):
        return False
    if _nominative_score(t.text) < 0.05:
        return True
    # a participial phrase about the previous party («…, осуществляющие управление в сфере образования»)
    return any(p.tag.POS == "PRTF" for p in _parses(t.text)) and _phrase_at(toks, toks.index(t)) is None


def _key_only(cur: list[_Tok], gloss: _Glossary) -> bool:
    words = [t for t in cur if t.kind != "punct"]
    return bool(words) and all(t.kind == "word" and t.key is not None for t in words)


def _party_key(t: _Tok, gloss: _Glossary) -> bool:
    if t.key is None or t.text in _lex().qualifiers:
        return False
    return gloss.kind(t.key) in ("org", "group", "role")


def _person_only(cur: list[_Tok]) -> bool:
    p = _person_at(cur, 0)
    return p is not None and p.end == len(cur)  # nothing after the name


def _nl_abbr_split(cur: list[_Tok], t: _Tok, gloss: _Glossary) -> bool:
    """A line break, then an abbreviation naming a party: a new party (lesnoy «Отдел⏎РМК»),
    unless the line before cannot end a party («руководители⏎ОО», «образования⏎КК»)."""
    if t.text in _lex().qualifiers:
        return False
    kind = gloss.kind(t.key) if t.key else None
    if kind in ("territory", "thing", "other"):
        return False
    lc = _last_content(cur)
    if lc is None:
        return False
    _, last = lc
    if last.kind in ("quote", "paren") or last.kind == "word" and last.text.isdigit():
        return True
    if last.kind == "init":
        return True
    if _has_role(cur):
        return False
    if last.kind != "word":
        return False
    if _is_abbr(last) and last.text not in _lex().org_forms:
        return True
    if _is_capitalized(last.text) and _lex().head_kind(last.text) in ("org", "group"):
        return any(p.tag.POS == "NOUN" and p.tag.case == "nomn" for p in _parses(last.text))
    return False


def _starts_new(cur: list[_Tok], toks: list[_Tok], i: int, gloss: _Glossary, text: str, offset: int,
                after_conj: bool = False) -> bool:
    """Does a new party begin at toks[i], given the party `cur` gathered so far?"""
    if not cur or _expects_more(cur):
        return False
    t = toks[i]
    if t.kind != "word":
        return False
    lex = _lex()
    if t.text in lex.org_forms:
        if after_conj:
            return not _has_role(cur)
        lc = _last_content(cur)
        return not (lc and _is_role_word(lc[1]))
    person = _person_at(toks, i)
    if person is not None:
        return not _has_role(cur)
    if _is_abbr(t) or t.key is not None and not _is_capitalized(t.text):
        if _party_key(t, gloss) and cur[-1].kind == "word" and _party_key(cur[-1], gloss) and (
                _key_only(cur, gloss) or not _has_role(cur)):
            return True  # «РМК ОО», «ЦНППМ ЦОКО»
        if _person_only(cur):
            return True
        lc = _last_content(cur)
        if lc and lc[1].kind == "word" and lc[1].text.isdigit() and (
                t.text in lex.school_types or _party_key(t, gloss)):
            return True  # «СОШ № 1 СОШ № 2»
        if after_conj:
            return False
        return t.nl and _nl_abbr_split(cur, t, gloss)
    if t.key is not None and _key_only(cur, gloss) and _party_key(t, gloss):
        return True
    ph = _phrase_at(toks, i, gloss)
    if ph is not None:
        if not ph.nominative:
            return False
        lc = _last_content(cur)
        last = lc[1] if lc else None
        if _is_capitalized(t.text):
            if ph.unambiguous:
                return True
            # «Отдел образования Администрации …» is a genitive; after a finished name
            # («МКУ «АМЦСО» Администрация») a nominative.
            return last is not None and (last.kind in ("quote", "paren", "init") or _is_abbr(last)
                                         or last.text.isdigit())
        if not ph.unambiguous:
            return False
        if ph.kind == "role" and last is not None and _is_role_word(last) and not after_conj \
                and not (t.nl and ph.has_adj):
            return False  # «педагог психолог»; but «Воспитатели⏎социальный педагог …» are two
        if ph.kind in ("org", "group", "school") and not (ph.has_adj or after_conj) and last is not None \
                and last.kind == "word" and not _is_abbr(last):
            return False
        return True
    if after_conj:
        return False
    if _is_capitalized(t.text) and _needs_ner(t):
        typ = _ner_type_at(text, offset, t.start)
        if typ == "PER":
            return not _has_role(cur)
        return typ == "ORG"
    return False


def _split_piece(toks: list[_Tok], gloss: _Glossary, text: str, offset: int) -> list[list[_Tok]]:
    parties: list[list[_Tok]] = []
    cur: list[_Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        # a conjunction between two parties is a separator
        skip = _conj_len(toks, i)
        if skip and not cur:  # a leading conjunction («…, а также ОО»): dropped with the party's edges
            cur.extend(toks[i : i + skip])
            i += skip
            continue
        if skip:
            if i + skip < n and _starts_new(cur, toks, i + skip, gloss, text, offset, after_conj=True):
                parties.append(cur)
                cur = []
                i += skip
                continue
        if not skip and cur and _starts_new(cur, toks, i, gloss, text, offset):
            parties.append(cur)
            cur = []
        cur.append(t)
        i += 1
    if cur:
        parties.append(cur)
    return parties


_EDGE_PUNCT = ".,;:•·*▪●◦‣⁃" + _DASHES  # dropped at the ends of a party
_TRAIL_RE = re.compile(rf"[\s,;:{_DASH_CLS}•·*]+$")
_LEAD_RE = re.compile(rf"^[\s,;:.{_DASH_CLS}•·*]+")


def _party_text(text: str, toks: list[_Tok]) -> str:
    # drop leading conjunctions and trailing punctuation tokens
    while toks:
        if toks[0].kind == "punct" and toks[0].text in _EDGE_PUNCT:
            toks = toks[1:]
            continue
        k = _conj_len(toks, 0)
        if k and len(toks) > k:
            toks = toks[k:]
            continue
        break
    while toks and toks[-1].kind == "punct" and toks[-1].text in _EDGE_PUNCT:
        if toks[-1].text == "." and len(toks) >= 2 and toks[-2].kind == "word" and (
            _is_marker(toks, len(toks) - 2) or toks[-2].low in ("др", "пр", "т", "п", "д")
        ):
            break
        toks = toks[:-1]
    if not toks:
        return ""
    s = _fold(text[toks[0].start : toks[-1].end])
    s = _LEAD_RE.sub("", s)
    s = _TRAIL_RE.sub("", s)
    return s


@functools.lru_cache(maxsize=50_000)
def _split_cached(text: str, gloss: _Glossary) -> tuple[tuple[str, tuple[_Tok, ...]], ...]:
    prepared = _prepare(text)
    groups: list[tuple[list[_Tok], int, int]] = []
    for start, end, after_comma in _pieces(prepared):
        toks = _tokenize(prepared[start:end], gloss)
        for t in toks:
            t.start += start
            t.end += start
        if not toks:
            continue
        if groups and after_comma and _continues_previous(toks):
            prev_toks, pstart, _ = groups[-1]
            groups[-1] = (prev_toks + [_Tok("punct", ",", toks[0].start - 1, toks[0].start - 1)] + toks, pstart, end)
            continue
        groups.append((toks, start, end))
    out: list[tuple[str, tuple[_Tok, ...]]] = []
    seen: set[str] = set()
    for toks, start, end in groups:
        for party in _split_piece(toks, gloss, prepared[start:end], start):
            s = _party_text(prepared, party)
            if not s or not any(c.isalnum() for c in s):
                continue
            k = _party_key_text(s)
            if k in seen:
                continue
            seen.add(k)
            out.append((s, tuple(party)))
    return tuple(out)


def _party_key_text(s: str) -> str:
    return _WS_RE.sub(" ", s).strip().rstrip(".,;:").lower()


def split_parties(text: str) -> list[str]:
    """The parties of a responsible cell, as printed (white space folded), in order.

    Splits at commas, semicolons, list bullets and line breaks that start a new party,
    and where a new party begins with no separator; never inside «…», "…" or (…), nor
    at a person's initials. Uses the built-in glossary.
    """
    if not text or not text.strip():
        return []
    return [s for s, _ in _split_cached(text, _glossary_for(None))]


# --------------------------------------------------------------------------- classification


def _classify(toks: tuple[_Tok, ...], text: str, gloss: _Glossary) -> tuple[str, str]:
    """(kind, normal) of one party."""
    toks_l = list(toks)
    # a named person, possibly with a role («супервизор (Пылова Л.Ю.)»); an organization
    # with a contact person («Отдел образования (Петрова А.С.)») stays an organization
    person = None
    pos = 0
    for i in range(len(toks_l)):
        person = _person_at(toks_l, i)
        if person is not None:
            pos = i
            break
    if person is None:
        for k, t in enumerate(toks_l):
            if t.kind == "paren":
                inner = _tokenize(_prepare(t.text[1:-1]), gloss)
                for i in range(len(inner)):
                    person = _person_at(inner, i)
                    if person is not None:
                        pos = k
                        break
            if person is not None:
                break
    if person is not None:
        first = _head_kind_of(toks_l[:pos], gloss) if pos else None
        if first in ("organization", "group"):
            return first, text
        return "person", _person_normal(person)
    kind = _head_kind_of(toks_l, gloss)
    if kind is not None:
        return kind, text
    # nothing in the lexicon: ask natasha about capitalized words
    if any(_is_capitalized(t.text) for t in toks_l if t.kind == "word"):
        for s, e, typ in _ner_spans(text):
            if typ == "PER":
                sub = _tokenize(_prepare(text[s:e]), gloss)
                p = _person_at(sub, 0) if sub else None
                if p is not None:
                    return "person", _person_normal(p)
                words = [w.text for w in sub if w.kind == "word"]
                if len(words) == 1:
                    return "person", _surname_nominative(words[0])
                return "person", _fold(text[s:e])
            if typ == "ORG":
                return "organization", text
    return "organization", text


def _head_kind_of(toks: list[_Tok], gloss: _Glossary) -> str | None:
    """Kind named by the first head of a run of tokens (adjectives skipped), from the
    lexicon and the glossary alone; None when they do not know it."""
    lex = _lex()
    for t in toks:
        if t.kind == "quote":
            return "organization"
        if t.kind != "word":
            continue
        if _is_prep(t) or _is_conj(t):
            return None
        if t.text in lex.org_forms or t.text in lex.school_types:
            return "organization"
        if t.key is not None:
            k = gloss.kind(t.key)
            if k in ("role", "group"):
                return k
            if k == "org":
                return "organization"
        hk = lex.head_kind(t.text)
        if hk in ("role", "group"):
            return hk
        if hk == "org":
            nom = [p for p in _parses(t.text) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
            return "group" if nom and all(p.tag.number == "plur" for p in nom) else "organization"
        if _is_abbr(t):
            return "organization"
        if _has_adj_reading(t.text) and not _is_surname_like(t.text):
            continue
        return None
    return None


def parse_parties(text: str, glossary: dict[str, str] | None = None) -> list[Party]:
    """Split a responsible cell into parties, classify them and expand abbreviations.

    `glossary` is the document's own glossary (see `document_glossary`); its entries
    override the built-in ones. None: the built-in glossary alone.
    """
    if not text or not text.strip():
        return []
    gloss = _glossary_for(glossary)
    out = []
    for s, toks in _split_cached(text, gloss):
        kind, normal = _classify(toks, s, gloss)
        expanded = _expand(s, gloss)
        out.append(Party(s, kind, normal, expanded if expanded != s else ""))
    return out


def warm_up(ner: bool = False) -> None:
    """Load the lexicon, the built-in glossary and pymorphy3 once (before forking
    workers); with `ner`, natasha's NER too (otherwise it loads on first need)."""
    _lex()
    _glossary_for(None).kind("ОО")
    _split_cached("Отдел образования, руководители ОО", _glossary_for(None))
    if ner:
        _natasha()


# --------------------------------------------------------------------------- expansion


def _inflect_phrase(value: str, case: str) -> str:
    """Put a nominative phrase («Районный методический кабинет») into `case`: the
    adjectives before the head noun, the head, and a participle right after it."""
    if case == "nomn":
        return value
    parts = re.split(r"(\s+)", value)
    idx = [k for k in range(0, len(parts), 2) if parts[k]]
    adjs: list[tuple[int, object]] = []
    head = None
    pos = 0
    for pos, k in enumerate(idx):
        w = parts[k]
        core = w.strip(",.;:«»\"()")
        if not core or not core[0].isalpha() or w != core and not w.endswith(","):
            return value
        ps = _parses(core)
        adj = [p for p in ps if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn"]
        noun = [p for p in ps if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        is_last = pos == len(idx) - 1
        if adj and (not noun or not is_last and not w.endswith(",") and not _lex().head_kind(core)):
            adjs.append((k, adj))
            continue
        if noun:
            head = (k, noun)
        break
    if head is None:
        return value
    k, nouns = head
    hp = max(nouns, key=lambda p: p.score)  # type: ignore[attr-defined]
    number = str(hp.tag.number or "sing")
    gender = _gender(hp)
    out = list(parts)

    def put(k: int, p) -> None:
        w = parts[k]
        core = w.strip(",")
        grams = {case, number}
        if number == "sing" and p.tag.POS != "NOUN" and gender in ("masc", "femn", "neut"):
            grams.add(gender)
        infl = p.inflect(grams)
        if infl is not None:
            new = infl.word if "ё" in core.lower() else infl.word.replace("ё", "е")
            out[k] = _match_case(new, core) + w[len(core):]

    put(k, hp)
    for ak, aps in adjs:
        cands = [p for p in aps if (p.tag.number or "sing") == number and (number == "plur" or _gender(p) in (gender, None))]
        if cands:
            put(ak, cands[0])
    # «школы, функционирующие …»: a participle agreeing with the head
    rest = [kk for kk in idx if kk > k]
    if rest and parts[k].endswith(","):
        w = parts[rest[0]]
        prt = [p for p in _parses(w) if p.tag.POS in ("PRTF", "ADJF") and p.tag.case == "nomn"
               and (p.tag.number or "sing") == number]
        if prt:
            put(rest[0], prt[0])
    return "".join(out)


_PREV_WORD_RE = re.compile(rf"([{_L}]+(?:[{_HYPHEN_CLS}][{_L}]+)*)(\.?)\s*$")


def _expansion_case(prefix: str, value: str, last_case: str | None, gloss: _Glossary) -> str | None:
    """The case an abbreviation stands in, from the text before it; None: leave it
    unexpanded (it follows its own expansion: «общеобразовательные организации ОО»)."""
    lex = _lex()
    stripped = prefix.rstrip()
    if not stripped:
        return "nomn"
    if stripped.count("«") > stripped.count("»") or stripped.count('"') % 2 == 1:
        return "nomn"
    if value.lower() in _fold(prefix).lower():
        return None
    last_char = stripped[-1]
    if last_char in "(«\"„“":
        return "nomn"
    if last_char in ",;/":
        return last_case or "nomn"
    m = _PREV_WORD_RE.search(stripped)
    if not m:
        return "nomn"
    word, dot = m.group(1), m.group(2)
    low = word.lower()
    if low in lex.conjunctions:
        return last_case or "nomn"
    if not dot and low in lex.preposition_cases and not _is_caps(word):
        return lex.preposition_cases[low]
    if low in lex.prepositions and not _is_caps(word):
        return "nomn"
    if word in lex.org_forms or word in lex.org_form_suffixes or low in lex.name_markers:
        return "nomn"
    if dot or word.isdigit() or len(word) == 1:
        return "nomn"
    if not _is_caps(word):
        head = _phrase_head_lemma(value)
        if head and head in _lemmas(word):
            return None  # «организации ОО»
        if _adjective_agrees(word, value):
            return "nomn"  # «Межовская СОШ»: the abbreviation is the head of the name
    return "gent"


def _adjective_agrees(word: str, value: str) -> bool:
    """`word` is an adjective in the nominative agreeing with the head of `value`."""
    if _lex().head_kind(word) or not _has_adj_reading(word):
        return False
    grams = _value_head_grams(value)
    if grams is None:
        return False
    number, gender = grams
    for p in _parses(word):
        if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn" and (p.tag.number or "sing") == number:
            if number == "plur" or _gender(p) == gender:
                return True
    return False


def _value_head_grams(value: str) -> tuple[str, str | None] | None:
    words = re.findall(rf"[{_L}]+(?:[{_HYPHEN_CLS}][{_L}]+)*", value)[:6]
    for k, w in enumerate(words):
        ps = _parses(w)
        noun = [p for p in ps if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        adj = [p for p in ps if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn"]
        if adj and (not noun or k < len(words) - 1 and not _lex().head_kind(w)):
            continue
        if noun:
            p = max(noun, key=lambda p: p.score)
            return (str(p.tag.number or "sing"), _gender(p))
        return None
    return None


def _phrase_head_lemma(value: str) -> str | None:
    for w in re.findall(rf"[{_L}]+(?:-[{_L}]+)*", value)[:5]:
        nouns = [p for p in _parses(w) if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        if nouns and not (_has_adj_reading(w) and not _lex().head_kind(w)):
            return nouns[0].normal_form.replace("ё", "е")
    return None


def _expand(text: str, gloss: _Glossary) -> str:
    folded = _fold(text)
    core = folded.rstrip(" .,;:")
    whole = gloss.word_keys.get(core.lower())
    if whole:
        return _match_case(whole, core) if core[:1].isupper() else whole
    if gloss.acr_re is None:
        return folded
    out: list[str] = []
    pos = 0
    last_case: str | None = None
    for m in gloss.acr_re.finditer(folded):
        key = " ".join(m.group().split())
        value = gloss.acronyms.get(key)
        if value is None:
            continue
        case = _expansion_case(folded[: m.start()], value, last_case, gloss)
        if case is None:
            continue
        rep = _inflect_phrase(value, case)
        before = folded[: m.start()].rstrip()
        if not before.strip(" «\"(„") or before.endswith(("«", "„", "“")) or before.endswith('"') and before.count('"') % 2:
            rep = rep[:1].upper() + rep[1:]
        out.append(folded[pos : m.start()])
        out.append(rep)
        pos = m.end()
        last_case = case
    out.append(folded[pos:])
    return "".join(out)


def expand_abbreviations(text: str, glossary: dict[str, str]) -> str:
    """The text (white space folded) with the glossary's abbreviations replaced by their
    expansions, inflected to the case the abbreviation stands in («руководители ОО» ->
    «руководители образовательных организаций»). Capitalized abbreviations are matched
    as whole words, case-sensitively; a key that is an ordinary word («Отдел») only when
    it is the whole text. Returns the folded text unchanged when nothing matches."""
    if not text:
        return ""
    return _expand(text, _glossary_for(glossary or {}, merge_builtin=False))
