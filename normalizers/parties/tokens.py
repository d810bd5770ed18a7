"""Tokens of a responsible cell: words, initials, quoted and parenthesised groups, glossary keys."""
from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers.parties.chars import _HYPHEN_CLS, _L, _UPPER
from normalizers.parties.glossary import _Glossary


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
