"""Deadline cells as plans print them: the date phrases of a mixed cell, month heading rows.

* :func:`deadline_phrases`: a deadline cell that holds its date together with something else
  («Большой зал, 26.04.2016»; «Срок / форма отчета»: «до 01.07 / отчет в КДН») gives only its
  date phrases; a cell that is only a deadline («Сентябрь», «в течение года», «ежемесячно»,
  «по плану», «В соответствии с графиком СКИРО ПК и ПРО») stays whole, as printed.
* :func:`heading_month`: a month heading row («Сентябрь, 2016 год», «ЯНВАРЬ») → (month, year).

How a mixed cell is told from a deadline: the cell is cut at slashes and semicolons into
parts and each part at commas into pieces. A piece is *dated* when the deadline grammar finds a
date or a recurrence phrase in it, *other* when it finds none and the piece has words beyond
the time words of ``deadline_lexicon.yaml`` (``cell_time_words``). Only a cell with at least
one dated and at least one other piece is reduced: runs of dated pieces keep their own text
(«июнь, июль, август 2020 г.»), a dated piece with more words gives the phrases found in it
(«предоставление отчета в КДН до 01.09.2020 г.» → «до 01.09.2020 г.»), other pieces go.
"""
from __future__ import annotations

import functools
import re

from normalizers import deadlines as dl
from normalizers.text import fold as _fold

__all__ = ["deadline_phrases", "heading_month", "report_after_slash"]

_PART_SPLIT = re.compile(r"(?<!\d)/|/(?!\d)|;")
_SHORT_SLASH = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,3})/([^\W\d_]{1,3})(?![^\W\d_])")
_PIECE_SPLIT = re.compile(r",")
_TRIM = " \t,;/:-\u2013\u2014"


def _spans(piece: str) -> tuple[list[tuple[int, int]], bool]:
    """(character spans of the date phrases and recurrence phrases in `piece`, whether the
    piece has words beyond them and the time words)."""
    lex = dl._lexicon()
    toks = dl._tokenize(piece)
    items = dl._scan(toks, [])
    spans = []
    for it in items:
        if not it.periods:
            continue
        i0 = it.p0 if it.p0 is not None else it.i
        spans.append((toks[i0].start, toks[it.j - 1].end))
    norm = dl._normalize(piece)
    _, rec = dl._word_recurrences(norm, []) if len(norm) == len(piece) else (set(), [])
    spans = _merge(sorted(spans + list(rec)), piece)
    time_words = _time_words()
    covered = [False] * len(piece)
    for a, b in spans:
        covered[a:b] = [True] * (b - a)
    extra = False
    for m in re.finditer(r"[А-Яа-яЁё]+", piece):       # a Latin word is not judged
        w = dl._norm_word(m.group())
        if covered[m.start()] or len(w) < 2 or w in time_words or w in lex.words or m.group() in lex.roman:
            continue
        extra = True
        break
    return spans, extra


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Spans that touch or stand apart only by spaces, brackets or dashes become one."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and (a <= out[-1][1] or not text[out[-1][1]:a].strip(" ()\u2013\u2014-")):
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


@functools.lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    lex = dl._load_yaml("deadline_lexicon.yaml")
    return frozenset(dl._norm_word(w) for w in lex.get("cell_time_words") or [])


def _pieces(cell: str) -> list[tuple[str, str, list[str]]]:
    """(kind, text, phrases) of every piece: kind dated / mixed / other / empty."""
    out = []
    # «д/д», «п/п»: a slash inside a short abbreviation parts nothing
    guarded = _SHORT_SLASH.sub(lambda m: m.group(1) + "\x00" + m.group(2), cell)
    for part in (p.replace("\x00", "/") for p in _PART_SPLIT.split(guarded)):
        for piece in _PIECE_SPLIT.split(part):
            text = piece.strip()
            if not text:
                continue
            spans, extra = _spans(text)
            if spans and not extra:
                out.append(("dated", piece, []))
            elif spans:
                out.append(("mixed", piece, [text[a:b] for a, b in spans]))
            elif extra:
                out.append(("other", piece, []))
            else:
                out.append(("empty", piece, []))
        out.append(("break", "", []))
    return out


def deadline_phrases(cell_text: str) -> list[str]:
    """The date phrases of a deadline cell, as printed (white space folded): the whole cell
    when it is only a deadline, the date phrases alone when it holds something else too
    (joined by ``'; '`` they make ``deadline_raw``). ``[]`` for an empty cell."""
    if not isinstance(cell_text, str):
        return []
    cell = _fold(cell_text)
    if not cell:
        return []
    pieces = _pieces(cell)
    kinds = {k for k, _, _ in pieces}
    if "other" not in kinds or not kinds & {"dated", "mixed"}:
        return [cell]
    phrases: list[str] = []
    run: list[str] = []
    for kind, text, found in pieces:
        if kind == "dated":
            run.append(text)
            continue
        if run:
            phrases.append(",".join(run).strip(_TRIM))
            run = []
        if kind == "mixed":
            phrases.extend(p.strip(_TRIM) for p in found)
    if run:
        phrases.append(",".join(run).strip(_TRIM))
    return [p for p in phrases if p] or [cell]


def report_after_slash(cell_text: str) -> str:
    """«Срок / форма отчета» in one cell: «20 июля 2020 г/ согласованный план» → «согласованный
    план». Only when the text before the first slash is a deadline and nothing else, and the
    text after it is not one; else ''."""
    if not isinstance(cell_text, str):
        return ""
    cell = _fold(cell_text)
    guarded = _SHORT_SLASH.sub(lambda m: m.group(1) + "\x00" + m.group(2), cell)
    cut = re.search(r"(?<!\d)/|/(?!\d)", guarded)
    if not cut:
        return ""
    before, after = cell[:cut.start()].strip(), cell[cut.end():].strip(_TRIM + ".")
    if not before or not after:
        return ""
    kinds_before = {k for k, _, _ in _pieces(before)} - {"break"}
    kinds_after = {k for k, _, _ in _pieces(after)} - {"break"}
    if kinds_before != {"dated"} or "other" not in kinds_after and "mixed" not in kinds_after:
        return ""
    return cell[cut.end():].strip()


_HEADING_SHAPE = re.compile(r"(?:[NR]p?)?Mc?p?(?:Yp?G*p?)?[pk]?")


def heading_month(text: str) -> tuple[int, int | None] | None:
    """(month, year or None) when `text` is a month heading row: «Сентябрь, 2016 год» →
    (9, 2016), «ЯНВАРЬ» → (1, None), «Октябрь» → (10, None). A heading is short and holds
    only the month (and its year); a sentence that mentions a month is not one."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > 40:
        return None
    toks = [t for t in dl._tokenize(text) if t.shape != "n"]
    shape = "".join(t.shape for t in toks)
    if not _HEADING_SHAPE.fullmatch(shape):
        return None
    month = next(t.value for t in toks if t.shape == "M")
    year = next((t.value for t in toks if t.shape == "Y"), None)
    return month, year
