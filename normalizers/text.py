"""White space, line-wrap hyphens and other text clean-up shared by every stage."""
from __future__ import annotations

import functools
import re

_WS = re.compile(r"\s+")
_WRAP_HYPHEN = re.compile(r"(?<=\w)([-\u2010\u2011\u2013\u2014])[ \t]*\n\s*(?=\w)")


def fold(text: str | None) -> str:
    """Fold every white-space run (line breaks too) to one space and trim; a line break
    right after an in-word hyphen or dash joins without a space (`август-⏎сентябрь` → `август-сентябрь`,
    `21.03–⏎27.03.2022` → `21.03–27.03.2022`): a line wrap, not a word gap."""
    if not text:
        return ""
    text = join_broken_words(text).replace("\u00a0", " ")
    text = _WRAP_HYPHEN.sub(r"\1", text)
    return _WS.sub(" ", text).strip()


def lines(text: str | None) -> list[str]:
    """Non-empty lines of a cell, each folded."""
    return [fold(line) for line in (text or "").split("\n") if line.strip()]


@functools.lru_cache(maxsize=1)
def morph():
    """The one pymorphy3 analyzer of the process (its dictionaries take ~15 MB and ~0.2 s
    to load: every stage shares this one)."""
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


def load_yaml(path) -> object:
    """A data file (lexicons, settings) read with libyaml's C loader where it is built in."""
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)  # noqa: S506 (a safe loader)


@functools.lru_cache(maxsize=20000)
def _is_word(word: str) -> bool:
    return morph().word_is_known(word.lower().replace("ё", "е"))


def join_broken_words(text: str) -> str:
    """Resolve the possible in-word breaks an extractor marked with a soft hyphen at a line
    end («образовательн\u00ad⏎ых», «Отве\u00ad⏎тстве\u00ad⏎нны\u00ad⏎й»): the pieces are
    joined when together they make a dictionary word (pymorphy3), else the line break stays.
    The geometry says where a word may have been cut, the dictionary says whether it was."""
    if "\u00ad" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i
        # a chain of marked lines: the word may run over several of them
        while lines[j].endswith("\u00ad") and j + 1 < len(lines):
            j += 1
        if j == i:
            out.append(line.replace("\u00ad", ""))
            i += 1
            continue
        chain = [lines[k].rstrip("\u00ad") for k in range(i, j + 1)]
        out.extend(_join_chain(chain))
        i = j + 1
    return "\n".join(out)


def _join_chain(chain: list[str]) -> list[str]:
    """Lines of a marked chain → lines, with the pieces that form a word joined."""
    result = [chain[0]]
    k = 1
    while k < len(chain):
        head, _, last = result[-1].rpartition(" ")
        # the longest run of following pieces that makes a word with the current last word
        for end in range(len(chain), k, -1):
            pieces = chain[k:end]
            if any(" " in p for p in pieces[:-1]):
                continue
            first_of_last = pieces[-1].split(" ", 1)
            word = last + "".join(pieces[:-1]) + first_of_last[0]
            if re.fullmatch(r"\w+", word) and _is_word(word):
                tail = first_of_last[1] if len(first_of_last) > 1 else ""
                joined = (head + " " if head else "") + word + (" " + tail if tail else "")
                result[-1] = joined
                k = end
                break
        else:
            result.append(chain[k])
            k += 1
    return result
