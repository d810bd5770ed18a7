"""White space, line-wrap hyphens and other text clean-up shared by every stage."""
from __future__ import annotations

import functools
import re
from typing import Iterable

from normalizers.lang.abbreviations import expansion
from normalizers.lang.lexicon import load_yaml  # noqa: F401 (re-exported)
from normalizers.lang.morph import morph, parses  # noqa: F401 (re-exported)

_WS = re.compile(r"\s+")
_WRAP_HYPHEN = re.compile(r"(?<=\w)([-\u2010\u2011\u2013\u2014])[ \t]*\n\s*(?=\w)")
_WRAP_BEFORE_CLOSING = re.compile(r"(?<=[\w.)»])[ \t]*\n\s*(?=[.,;:!?)»](?!\w))")


def fold(text: str | None) -> str:
    """Fold every white-space run (line breaks too) to one space and trim; a line break
    right after an in-word hyphen or dash joins without a space (`август-⏎сентябрь` → `август-сентябрь`,
    `21.03–⏎27.03.2022` → `21.03–27.03.2022`): a line wrap, not a word gap; so is a line
    break before closing punctuation that a narrow column pushed onto a line of its own
    (`директор СОШ⏎.` → `директор СОШ.`). Soft hyphens are dropped (`drop_soft_hyphens`)."""
    if not text:
        return ""
    text = drop_soft_hyphens(text).replace("\u00a0", " ")
    text = _WRAP_HYPHEN.sub(r"\1", text)
    text = _WRAP_BEFORE_CLOSING.sub("", text)
    return _WS.sub(" ", text).strip()


def drop_soft_hyphens(text: str) -> str:
    """A text without its soft hyphens (U+00AD): typed into a Word text, one only says where
    Word may hyphenate a word, and is invisible elsewhere."""
    return text.replace("\u00ad", "")


def lines(text: str | None) -> list[str]:
    """Non-empty lines of a cell, each folded."""
    return [fold(line) for line in (text or "").split("\n") if line.strip()]


_NOMINAL_POS = frozenset({"NOUN", "ADJF", "PRTF", "NPRO", "NUMR"})


@functools.lru_cache(maxsize=20000)
def _is_word(word: str) -> bool:
    """A dictionary word, or one made of a known prefix and a dictionary word
    («самодиагностики» = само + диагностики, «неперсонифицированных»)."""
    word = word.lower().replace("ё", "е")
    if morph().word_is_known(word):
        return True
    stack = parses(word)[0].methods_stack
    return len(stack) == 2 and type(stack[0][0]).__name__ == "DictionaryAnalyzer" and \
        type(stack[1][0]).__name__ == "KnownPrefixAnalyzer"


@functools.lru_cache(maxsize=20000)
def _is_conjunction(word: str) -> bool:
    """A coordinating conjunction standing as a word («и», «или», «а»; not «ли»)."""
    p = parses(word)
    return bool(p) and p[0].tag.POS == "CONJ" and p[0].score >= 0.5


@functools.lru_cache(maxsize=20000)
def _forms(word: str) -> frozenset:
    """(case, number) of every nominal reading of a word."""
    return frozenset((p.tag.case, p.tag.number) for p in parses(word)
                     if p.tag.POS in _NOMINAL_POS and p.tag.case)


def _coordinated(first: str, tail: str, following: str) -> bool:
    """«федеральным⏎и краевым»: the cut left a word and a conjunction, and the word after it
    agrees with the first word (same case and number) but not with the joined one
    («федеральными»): «X и Y», not a broken «Xи». «сообществам⏎и, имеющими» and
    «результатам⏎и и школы» are broken words."""
    nxt = re.match(r"\w+", (following or "").lstrip(" "))
    if not nxt or not _is_conjunction(tail) or not _is_word(first):
        return False
    after = _forms(nxt.group(0))
    return bool(after & _forms(first)) and not after & _forms(first + tail)


def _joins(first: str, pieces: list[str], alone: bool, following: str = "",
           known_only: bool = False) -> bool:
    """Whether a word cut at line ends (`first`, then `pieces`; `following`: the rest of the
    last piece's line) is one word.

    Yes when together they make a known word, unless they read as two words joined by a
    conjunction (`_coordinated`). A word the dictionary does not know («стажировочн⏎ых»)
    only when its first piece stood alone on its line and is no word itself (a renderer
    breaks a word so only when it is wider than the column), over one line break, and when no
    shorter run of the pieces makes a known word (`known_only` asks for known words alone):
    «профессио⏎нального⏎мастерства» is «профессионального мастерства»."""
    word = first + "".join(pieces)
    if not re.fullmatch(r"\w+", word):
        return False
    if word.isupper() and expansion(word) is not None:
        return True                  # an abbreviation of the glossary («ШНР⏎О»)
    if _is_word(word):
        return not (len(pieces) == 1 and _coordinated(first, pieces[0], following))
    return not known_only and len(pieces) == 1 and alone and not _is_word(first) and \
        not _word_of_its_own(pieces[-1], first) and word.isalpha() and not word.isupper()


@functools.lru_cache(maxsize=2000)
def _word_of_its_own(piece: str, first: str) -> bool:
    """The last piece reads as a word of its own, so the break need be no word's end: a short
    preposition, conjunction, particle or pronoun («в», «и», «с», «я», «или»), or a known word
    after a first piece that reads as a whole adjective or participle the dictionary lacks
    («тьюторского⏎сопровождения», «стажерских⏎площадок»; but «анонимизиро⏎ванных»).
    «стажировочны⏎х» and «стажировочн⏎ых» end a word."""
    if len(piece) >= 4:
        if not _is_word(piece):
            return False
        p = parses(first.lower())
        return bool(p) and p[0].tag.POS in ("ADJF", "PRTF") and "Fixd" not in p[0].tag
    p = parses(piece.lower())
    return bool(p) and p[0].tag.POS in ("PREP", "CONJ", "PRCL", "NPRO")


def join_broken_words(text: str, cuts: Iterable[int]) -> str:
    """Resolve the possible in-word breaks an extractor found: `cuts` are the offsets in
    `text` of the line ends where a word may have been cut (`extractors.model.Cell.cuts`:
    «образовательн|⏎ых», «Отве|⏎тстве|⏎нны|⏎й»). The pieces are joined when together they
    make a dictionary word (pymorphy3), else the line break stays. The geometry says where a
    word may have been cut, the dictionary says whether it was."""
    cuts = set(cuts)
    if not cuts:
        return text
    lines = text.split("\n")
    cut_after: list[bool] = []         # line k ends at a possible cut
    end = -1
    for line in lines:
        end += len(line) + 1
        cut_after.append(end in cuts)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i
        # a chain of cut lines: the word may run over several of them
        while cut_after[j] and j + 1 < len(lines):
            j += 1
        if j == i:
            out.append(line)
            i += 1
            continue
        chain = lines[i:j + 1]
        out.extend(_join_chain(chain))
        i = j + 1
    return "\n".join(out)


def _opens_known_word(chain: list[str], k: int) -> bool:
    """The piece on line k, alone on its line, makes a known word with the next line's first
    word."""
    if k + 1 >= len(chain) or " " in chain[k].strip():
        return False
    m = re.match(r"\w+", chain[k + 1])
    return bool(m) and _is_word(chain[k].strip() + m.group(0))


def _join_chain(chain: list[str]) -> list[str]:
    """Lines of a marked chain → lines, with the pieces that form a word joined."""
    result = [chain[0]]
    k = 1
    while k < len(chain):
        # the last word of the line: after its last space or in-word hyphen («физкультурно-⏎…»)
        m = re.search(r"\w+$", result[-1])
        last = m.group(0) if m else ""
        head = result[-1][:m.start()] if m else result[-1]
        # the longest run of following pieces that makes a known word with the current last
        # word; failing that, an unknown word over one break
        for known_only, end in [(True, e) for e in range(len(chain), k, -1)] + [(False, k + 1)]:
            pieces = chain[k:end]
            if any(" " in p for p in pieces[:-1]):
                continue
            if not known_only and _opens_known_word(chain, k):
                continue                    # «тьюторского⏎сопровожде⏎ния»: the break is later
            first_of_last = pieces[-1].split(" ", 1)
            # punctuation after the word's end stays after it («документац⏎ия,»)
            end_of_word = re.match(r"\w*", first_of_last[0]).end()
            parts = pieces[:-1] + [first_of_last[0][:end_of_word]]
            word = last + "".join(parts)
            punct = first_of_last[0][end_of_word:]
            if not re.search(r"\w", punct) and \
                    _joins(last, parts, alone=not re.search(r"\w", head),
                           following=(punct + " " + first_of_last[1]) if len(first_of_last) > 1
                           else punct, known_only=known_only):
                tail = first_of_last[1] if len(first_of_last) > 1 else ""
                joined = (head + word + punct
                          + (" " + tail if tail else ""))
                result[-1] = joined
                k = end
                break
        else:
            result.append(chain[k])
            k += 1
    return result
